/**
 * A pure token bucket (the GCRA form: one "theoretical arrival time" per key instead of a token
 * count), used to pace Slack posts at ≤ 1 message per second per channel with bursts of 3
 * (DESIGN §6). Each take reserves its slot, so takes are served in order (FIFO) and over any
 * window of length w at most `burst + perSecond·w` takes are scheduled. The state is plain JSON,
 * so it can live in the store and survive a restart.
 */

/** Bucket state of one key: when the bucket is next empty of debt (epoch ms). */
export interface BucketState {
  tat: number;
}

export interface BucketRate {
  /** Sustained rate (takes per second), > 0. */
  perSecond: number;
  /** Takes allowed at once after a quiet spell, ≥ 1. */
  burst: number;
}

/**
 * Reserves the next slot of a key: `at` is the earliest time the message may go (never before
 * `now`); the returned state already counts it. `state` null: a key never used (or long idle).
 */
export function takeAt(
  state: BucketState | null,
  now: Date,
  rate: BucketRate,
): { state: BucketState; at: Date } {
  const interval = intervalMs(rate);
  const tolerance = (Math.floor(rate.burst) - 1) * interval;
  const nowMs = now.getTime();
  const tat = Math.max(state?.tat ?? nowMs, nowMs);
  const at = Math.max(nowMs, tat - tolerance);
  return { state: { tat: tat + interval }, at: new Date(at) };
}

/** `takeAt` for one key of a map of buckets (e.g. one per Slack channel); returns a new map. */
export function takeAtKey(
  states: Readonly<Record<string, BucketState>>,
  key: string,
  now: Date,
  rate: BucketRate,
): { states: Record<string, BucketState>; at: Date } {
  const { state, at } = takeAt(states[key] ?? null, now, rate);
  return { states: { ...states, [key]: state }, at };
}

/** Drops buckets that are full again (their state is the same as none), so maps stay small. */
export function pruneBuckets(
  states: Readonly<Record<string, BucketState>>,
  now: Date,
): Record<string, BucketState> {
  return Object.fromEntries(Object.entries(states).filter(([, s]) => s.tat > now.getTime()));
}

function intervalMs(rate: BucketRate): number {
  if (!(rate.perSecond > 0) || !Number.isFinite(rate.perSecond)) {
    throw new RangeError(`token bucket perSecond must be a positive number, got ${rate.perSecond}`);
  }
  if (!(rate.burst >= 1)) {
    throw new RangeError(`token bucket burst must be at least 1, got ${rate.burst}`);
  }
  return 1000 / rate.perSecond;
}
