import type { BucketState } from "../../lib/token-bucket.js";

/** Job kinds of the notify stage, each in the lane of the destination it calls. */
export const notifyJobs = {
  flush: { kind: "notify-flush", lane: "notify" },
  slackDrain: { kind: "slack-drain", lane: "slack" },
  emailSend: { kind: "email-send", lane: "email" },
  webhook: { kind: "digest-webhook", lane: "webhook" },
} as const;

/**
 * Per-process state of the notify stage: Slack channels' token buckets and Retry-After, and the
 * work running per key, so jobs claimed together never race on one group, channel or recipient
 * list (the store is single-process, DESIGN §5). Losing it in a restart costs at most one burst.
 */
export interface NotifyRuntime {
  buckets: Record<string, BucketState>;
  blockedUntil: Map<string, number>;
  running: Map<string, Promise<void>>;
}

export function newNotifyRuntime(): NotifyRuntime {
  return { buckets: {}, blockedUntil: new Map(), running: new Map() };
}

/**
 * Runs `work` once the work already running under `key` is over (whatever its outcome): two
 * flushes of one group, two drains of one channel or two sends to one recipient list due at once
 * run one after the other, and the second sees what the first did.
 */
export async function oneAtATime(
  runtime: NotifyRuntime,
  key: string,
  work: () => Promise<void>,
): Promise<void> {
  const run = (runtime.running.get(key) ?? Promise.resolve()).then(work);
  const settled = run.then(
    () => undefined,
    () => undefined,
  );
  runtime.running.set(key, settled);
  void settled.then(() => {
    if (runtime.running.get(key) === settled) runtime.running.delete(key);
  });
  await run;
}
