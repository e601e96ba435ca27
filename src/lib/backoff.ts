/**
 * Full-jitter exponential backoff (AWS architecture blog; DESIGN §6):
 * delay = random(0, min(cap, base · 2^attempt)). `random` is passed in so callers stay pure.
 */
export function fullJitterDelay(
  attempt: number,
  baseMs: number,
  capMs: number,
  random: number,
): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt));
  return Math.floor(random * ceiling);
}
