/** When to look at an agent run again: runs take minutes, and Codegen limits polling. */

/** Codegen's documented polling floor. */
export const MIN_POLL_MS = 10_000;

/**
 * Delay before poll number `attempt` (0-based): the base doubles up to `maxMs`, then full jitter
 * between the floor and that ceiling, so many runs polled at once spread out but none polls
 * sooner than Codegen allows.
 */
export function pollDelayMs(
  attempt: number,
  options: { baseMs?: number; maxMs?: number; random?: () => number } = {},
): number {
  const floor = Math.max(MIN_POLL_MS, options.baseMs ?? MIN_POLL_MS);
  const cap = Math.max(floor, options.maxMs ?? 300_000);
  const exponent = Math.min(Math.max(0, Math.floor(attempt)), 30);
  const ceiling = Math.min(cap, floor * 2 ** exponent);
  const random = options.random ?? Math.random;
  return Math.round(floor + (ceiling - floor) * random());
}
