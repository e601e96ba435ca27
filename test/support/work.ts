import type { OutboxEntry } from "../../src/domain/types.js";
import type { JobQueue, Store } from "../../src/ports.js";

/** Lanes of the notify stage: digests wait there on their own timers (group_wait, debounce). */
const noticeLanes = new Set(["notify", "slack", "email", "webhook"]);

/** Pending jobs other than notices: what a test about re-runs and escalation waits for. */
export async function pendingWork(queue: JobQueue): Promise<number> {
  const pending = await queue.list({ status: "pending" });
  return pending.filter((job) => !noticeLanes.has(job.lane)).length;
}

/** The outbox without digests (Slack and email notices have their own tests). */
export async function outboxWithoutNotices(store: Store): Promise<OutboxEntry[]> {
  const entries = await store.listOutbox();
  return entries.filter(
    (e) => !["slack", "email"].includes(e.destination) || e.operation === "page",
  );
}
