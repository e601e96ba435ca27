/** Slack behind the `ChatNotifier` port: post a digest's message, then edit it in place. */

import type { Outbound } from "../../outbound/outbound.js";
import { outboxRecorder } from "../../outbound/outbox-recorder.js";
import type { ChatMessage, ChatNotifier, Clock, Logger, Store } from "../../ports.js";
import { createSlackClient } from "./client.js";
import type { SlackConfig } from "./config.js";
import { SERVICE, slackErrorMapper } from "./errors.js";

/** Options and dependencies of the Slack notifier. */
export interface SlackNotifierOptions {
  /** `SLACK_BOT_TOKEN` (xoxb-…); null: outbox mode. */
  token: string | null;
  config: SlackConfig;
  clock: Clock;
  logger: Logger;
  outbox: Pick<Store, "addOutbox">;
  /** The resilience layer: Slack registers as its `slack` destination. Absent: direct calls. */
  outbound?: Outbound;
}

/** Outbox operation names of the two writes. */
export const OUTBOX_POST = "post-message";
export const OUTBOX_UPDATE = "update-message";

/**
 * Creates the Slack `ChatNotifier`: live with a bot token (scope `chat:write`), otherwise outbox
 * mode. Failures are `IntegrationError`s of service `slack`. Pacing (1 message/s per channel,
 * bursts of 3) is the caller's: see `src/lib/token-bucket.ts`.
 */
export function createSlackNotifier(options: SlackNotifierOptions): ChatNotifier {
  const { token } = options;
  if (!token) return outboxNotifier(options);
  const destination = options.outbound?.register(SERVICE, {
    mapError: slackErrorMapper(token, options.clock),
    timeoutMs: options.config.timeout,
  });
  const client = createSlackClient({
    token,
    apiUrl: options.config.apiUrl,
    timeoutMs: options.config.timeout,
    clock: options.clock,
    logger: options.logger,
    ...(destination ? { destination } : {}),
  });
  return {
    async post(channel, message, idempotencyKey) {
      const ref = await client.postMessage({ channel, ...message });
      options.logger.info({ channel: ref.channel, ts: ref.ts, idempotencyKey }, "posted to Slack");
      return { mode: "live", channel: ref.channel, ts: ref.ts };
    },
    async update(channel, ts, message) {
      await client.updateMessage({ channel, ts, ...message });
      options.logger.debug({ channel, ts }, "updated Slack message");
      return { mode: "live" };
    },
  };
}

/** Without a token: record what would have been sent, so an operator can see or replay it. */
function outboxNotifier(options: SlackNotifierOptions): ChatNotifier {
  const record = outboxRecorder(options, SERVICE, "no SLACK_BOT_TOKEN");
  return {
    async post(channel, message, idempotencyKey) {
      await record(OUTBOX_POST, { channel, ...copy(message) }, idempotencyKey);
      return { mode: "outbox", channel, ts: null };
    },
    async update(channel, ts, message) {
      // The port gives no key: one edit of one message at one time is one entry.
      const key = `${SERVICE}:${OUTBOX_UPDATE}:${channel}:${ts}:${options.clock.now().toISOString()}`;
      await record(OUTBOX_UPDATE, { channel, ts, ...copy(message) }, key);
      return { mode: "outbox" };
    },
  };
}

function copy(message: ChatMessage): { text: string; blocks: Record<string, unknown>[] } {
  return { text: message.text, blocks: structuredClone(message.blocks) };
}
