import type { Digest, EmailBatch, NotificationGroup, SlackPending } from "../../domain/notify.js";
import type { PipelineDeps } from "../deps.js";
import { enqueueEmail, recipientKey } from "./email-debounce.js";
import { notifyJobs } from "./jobs.js";
import { digestToSlackMessage } from "./slack-blocks.js";

/**
 * Hands one digest to its receiver's queue: email digests join their recipient list's debounced
 * batch, webhook digests become one signed POST each, and a Slack digest becomes the group's
 * pending message, returned for the caller to store with the group (the channel's drain sends it,
 * paced and in order). Nothing is sent here: every send is a durable job.
 */
export async function deliverDigest(
  deps: PipelineDeps,
  group: NotificationGroup,
  digest: Digest,
): Promise<SlackPending | null> {
  const route = deps.notify.routes[group.route];
  const now = deps.clock.now().toISOString();
  if (group.receiver === "slack") {
    const channel = route?.slack_channel ?? deps.notifyTargets.slackChannel;
    if (!channel) {
      await recordUnroutable(deps, digest, "slack", "no Slack channel: set SLACK_CHANNEL");
      return null;
    }
    const { maxBlocks, maxChars } = deps.notify.slack;
    const message = digestToSlackMessage(digest, {
      maxBlocks,
      maxChars,
      dashboardUrl: deps.publicUrl,
      renderer: deps.renderer,
    });
    // Slack does not notify anyone of an edit: a reminder is a new message, later changes edit it.
    const repost = digest.reason.startsWith("reminder");
    return { channel, ...message, queuedAt: now, ...(repost ? { repost } : {}) };
  }
  if (group.receiver === "email") {
    const to = route?.email_to ?? deps.notifyTargets.emailTo;
    if (to.length === 0) {
      await recordUnroutable(deps, digest, "email", "no recipients: set EMAIL_TO");
      return null;
    }
    await queueEmail(deps, digest, to, false);
    return null;
  }
  const name = group.receiver.slice("webhook:".length);
  await deps.queue.enqueue({
    kind: notifyJobs.webhook.kind,
    lane: notifyJobs.webhook.lane,
    payload: { name, digest },
    runAt: now,
    key: `webhook:${name}:${digest.id}`,
  });
  return null;
}

/** Adds a digest to the recipient list's batch; urgent ones go at once (the reset rung's page). */
export async function queueEmail(
  deps: PipelineDeps,
  digest: Digest,
  to: readonly string[],
  urgent: boolean,
): Promise<void> {
  const now = deps.clock.now();
  const batch = await deps.store.updateEmailBatch(recipientKey(to), (stored) =>
    enqueueEmail(stored, digest, now, deps.notify.email, { to, urgent }),
  );
  await scheduleEmailSend(deps, batch);
}

/** One send job per batch and time (the key dedupes a time already scheduled). */
export async function scheduleEmailSend(deps: PipelineDeps, batch: EmailBatch): Promise<void> {
  if (!batch.sendAt) return;
  await deps.queue.enqueue({
    kind: notifyJobs.emailSend.kind,
    lane: notifyJobs.emailSend.lane,
    payload: { to: batch.to },
    runAt: batch.sendAt,
    key: `email-send:${batch.to}:${batch.sendAt}`,
  });
}

export async function scheduleSlackDrain(deps: PipelineDeps, channel: string, at: string) {
  await deps.queue.enqueue({
    kind: notifyJobs.slackDrain.kind,
    lane: notifyJobs.slackDrain.lane,
    payload: { channel },
    runAt: at,
    key: `slack-drain:${channel}:${at}`,
  });
}

/** A receiver with nowhere to send: recorded (nothing is lost), and said once in the log. */
async function recordUnroutable(
  deps: PipelineDeps,
  digest: Digest,
  destination: string,
  why: string,
): Promise<void> {
  deps.logger.warn({ destination, group: digest.groupId }, `digest not sent: ${why}`);
  await deps.store.addOutbox({
    at: digest.at,
    destination,
    operation: "digest-unroutable",
    payload: { why, digest: digest as unknown as Record<string, unknown> },
    idempotencyKey: `unroutable:${digest.id}`,
  });
}
