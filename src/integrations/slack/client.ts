/**
 * The Slack Web API calls pitcrew makes, through `@slack/web-api`'s WebClient (bundled with
 * `@slack/bolt`). One retry policy owns retrying — the resilience layer's — so the WebClient is
 * built with `retryConfig: {retries: 0}` and `rejectRateLimitedCalls: true` (integrations.md §3.5).
 */
import { webApi } from "@slack/bolt";
import { IntegrationError } from "../../domain/errors.js";
import type { Destination } from "../../outbound/destination.js";
import type { Clock, Logger } from "../../ports.js";
import { SERVICE, scrub, toSlackError } from "./errors.js";

export interface SlackClientOptions {
  token: string;
  /** Web API prefix, e.g. `https://slack.com/api/` (a missing trailing slash is added). */
  apiUrl: string;
  timeoutMs: number;
  clock: Clock;
  logger: Logger;
  /** The resilience layer's destination; without one, calls go straight out. */
  destination?: Destination;
}

/** A message as Slack identifies it: channel id (Slack answers with the id, not the name) and ts. */
export interface SlackMessageRef {
  channel: string;
  ts: string;
}

export interface SlackMessageInput {
  channel: string;
  text: string;
  blocks: Record<string, unknown>[];
}

export interface SlackClient {
  postMessage(input: SlackMessageInput): Promise<SlackMessageRef>;
  updateMessage(input: SlackMessageInput & { ts: string }): Promise<SlackMessageRef>;
  /** Who the token is (for `pitcrew doctor`). */
  authTest(): Promise<{ teamId: string | null; userId: string | null; botId: string | null }>;
}

/** Our blocks are plain JSON built by `slack-blocks.ts`; Slack validates them (`invalid_blocks`). */
const asBlocks = (blocks: Record<string, unknown>[]) => blocks as unknown as webApi.KnownBlock[];

export function createSlackClient(options: SlackClientOptions): SlackClient {
  const secrets = [options.token];
  const web = new webApi.WebClient(options.token, {
    slackApiUrl: options.apiUrl.endsWith("/") ? options.apiUrl : `${options.apiUrl}/`,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: options.timeoutMs,
    logger: slackLogger(options.logger, secrets),
  });

  const call = <T>(operation: string, fn: () => Promise<T>): Promise<T> => {
    const mapped = () =>
      fn().catch((error: unknown) => {
        throw toSlackError(error, operation, { now: options.clock.now(), secrets });
      });
    // The WebClient has its own timer (`timeout`); the destination's aborts the wait on top.
    return options.destination ? options.destination.call(operation, mapped) : mapped();
  };

  return {
    postMessage: ({ channel, text, blocks }) =>
      call("chat.postMessage", async () => {
        const result = await web.chat.postMessage({ channel, text, blocks: asBlocks(blocks) });
        return messageRef("chat.postMessage", result.channel ?? channel, result.ts);
      }),
    updateMessage: ({ channel, ts, text, blocks }) =>
      call("chat.update", async () => {
        const result = await web.chat.update({ channel, ts, text, blocks: asBlocks(blocks) });
        return messageRef("chat.update", result.channel ?? channel, result.ts ?? ts);
      }),
    authTest: () =>
      call("auth.test", async () => {
        const result = await web.auth.test();
        return {
          teamId: result.team_id ?? null,
          userId: result.user_id ?? null,
          botId: result.bot_id ?? null,
        };
      }),
  };
}

/** An `ok: true` answer without a ts means the API changed under us: not retryable. */
function messageRef(operation: string, channel: string, ts: string | undefined): SlackMessageRef {
  if (typeof ts === "string" && ts !== "") return { channel, ts };
  throw new IntegrationError({
    service: SERVICE,
    operation,
    errorType: "validation",
    status: 200,
    message: `${SERVICE} ${operation} answered ok without a message ts`,
  });
}

/**
 * The WebClient's own log lines go to our logger at debug (warnings at warn), scrubbed of the
 * token; the errors themselves are reported by whoever catches them.
 */
function slackLogger(logger: Logger, secrets: readonly string[]): webApi.Logger {
  const line = (parts: unknown[]) =>
    scrub(parts.map((p) => (typeof p === "string" ? p : JSON.stringify(p))).join(" "), secrets);
  let level = webApi.LogLevel.DEBUG;
  return {
    debug: (...msg: unknown[]) => logger.debug({ component: "slack-web-api" }, line(msg)),
    info: (...msg: unknown[]) => logger.debug({ component: "slack-web-api" }, line(msg)),
    warn: (...msg: unknown[]) => logger.warn({ component: "slack-web-api" }, line(msg)),
    error: (...msg: unknown[]) => logger.warn({ component: "slack-web-api" }, line(msg)),
    setLevel: (next) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => {},
  };
}
