import type { BucketState } from "../../lib/token-bucket.js";

/** Job kinds of the notify stage, each in the lane of the destination it calls. */
export const notifyJobs = {
  flush: { kind: "notify-flush", lane: "notify" },
  slackDrain: { kind: "slack-drain", lane: "slack" },
  emailSend: { kind: "email-send", lane: "email" },
  webhook: { kind: "digest-webhook", lane: "webhook" },
} as const;

/**
 * Per-process pacing of Slack channels: the token buckets, a channel's Retry-After, and a lock so
 * one drain at a time sends to a channel (the store is single-process, DESIGN §5). Losing it in
 * a restart costs at most one burst.
 */
export interface NotifyRuntime {
  buckets: Record<string, BucketState>;
  blockedUntil: Map<string, number>;
  draining: Map<string, Promise<void>>;
}

export function newNotifyRuntime(): NotifyRuntime {
  return { buckets: {}, blockedUntil: new Map(), draining: new Map() };
}
