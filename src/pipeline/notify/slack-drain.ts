import { IntegrationError } from "../../domain/errors.js";
import type { NotificationGroup } from "../../domain/notify.js";
import { takeAtKey } from "../../lib/token-bucket.js";
import type { PipelineDeps } from "../deps.js";
import { scheduleSlackDrain } from "./deliver.js";
import { oneAtATime } from "./jobs.js";

/**
 * Sends a channel's waiting group messages, oldest first, at most `perSecond` with bursts of
 * `burst` (a token bucket per channel). A 429 blocks the channel until its Retry-After and the
 * job is retried: the same head goes first, so order is kept. One drain per channel at a time.
 */
export async function runSlackDrain(deps: PipelineDeps, channel: string): Promise<void> {
  await oneAtATime(deps.notifyRuntime, `slack:${channel}`, () => drain(deps, channel));
}

async function drain(deps: PipelineDeps, channel: string): Promise<void> {
  const runtime = deps.notifyRuntime;
  for (;;) {
    const now = deps.clock.now();
    const blocked = runtime.blockedUntil.get(channel) ?? 0;
    if (blocked > now.getTime()) {
      await scheduleSlackDrain(deps, channel, new Date(blocked).toISOString());
      return;
    }
    const head = await nextMessage(deps, channel);
    if (!head) return;
    const slot = takeAtKey(runtime.buckets, channel, now, deps.notify.slack);
    if (slot.at.getTime() > now.getTime()) {
      // The slot is not taken: the drain at that time reserves it when it sends.
      await scheduleSlackDrain(deps, channel, slot.at.toISOString());
      return;
    }
    runtime.buckets = slot.states;
    try {
      await send(deps, head);
    } catch (error) {
      if (error instanceof IntegrationError && error.retryAt) {
        runtime.blockedUntil.set(channel, error.retryAt.getTime());
      }
      throw error;
    }
  }
}

async function nextMessage(deps: PipelineDeps, channel: string): Promise<NotificationGroup | null> {
  const waiting = (await deps.store.listGroups()).filter(
    (g) => g.slackPending?.channel === channel,
  );
  waiting.sort((a, b) =>
    (a.slackPending?.queuedAt ?? "").localeCompare(b.slackPending?.queuedAt ?? ""),
  );
  return waiting[0] ?? null;
}

/**
 * Edits the group's message in place once it has one (a reminder is posted anew); a message
 * deleted in Slack is posted anew.
 */
async function send(deps: PipelineDeps, group: NotificationGroup): Promise<void> {
  const pending = group.slackPending;
  if (!pending) return;
  const message = { text: pending.text, blocks: pending.blocks };
  let slack = pending.repost ? null : group.slack;
  let updated = false;
  if (slack) {
    try {
      await deps.chat.update(slack.channel, slack.ts, message);
      updated = true;
    } catch (error) {
      if (!(error instanceof IntegrationError && error.errorType === "not_found")) throw error;
    }
  }
  if (!updated) {
    const posted = await deps.chat.post(
      pending.channel,
      message,
      `slack:${group.id}:${pending.queuedAt}`,
    );
    slack = posted.ts ? { channel: posted.channel, ts: posted.ts } : null;
  }
  await deps.store.updateGroup(group.id, (fresh) => {
    if (!fresh) return null;
    // A newer digest queued while this one was on the wire stays waiting: it goes next.
    const sentLatest = fresh.slackPending?.queuedAt === pending.queuedAt;
    // The resolution of an emptied group was its last message: the group is done.
    if (sentLatest && fresh.incidentIds.length === 0) return null;
    return { ...fresh, slack, slackPending: sentLatest ? null : fresh.slackPending };
  });
}
