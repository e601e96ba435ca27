import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FakeSlack, startFakeSlack } from "../../../test/fakes/slack-api.js";
import { failure } from "../../../test/support/rejection.js";
import type { NoticeItem } from "../../domain/notify.js";
import type { OutboxEntry } from "../../domain/types.js";
import { outboundConfigSchema } from "../../outbound/config.js";
import { Outbound } from "../../outbound/outbound.js";
import { digestToSlackMessage } from "../../pipeline/notify/slack-blocks.js";
import type { ChatMessage, ChatNotifier, Logger } from "../../ports.js";
import { createSlackNotifier, slackConfigSchema } from "./index.js";

const NOW = new Date("2026-11-23T12:00:00Z");
const clock = { now: () => NOW };
const lines: string[] = [];
const logger: Logger = {
  debug: (obj, msg) => lines.push(JSON.stringify(obj) + (msg ?? "")),
  info: (obj, msg) => lines.push(JSON.stringify(obj) + (msg ?? "")),
  warn: (obj, msg) => lines.push(JSON.stringify(obj) + (msg ?? "")),
  error: (obj, msg) => lines.push(JSON.stringify(obj) + (msg ?? "")),
};

let fake: FakeSlack;
let outbox: Omit<OutboxEntry, "id">[];
let outbound: Outbound;
beforeEach(async () => {
  fake = await startFakeSlack();
  outbox = [];
  lines.length = 0;
  outbound = new Outbound({
    // One attempt per call: these tests look at what one Slack answer maps to.
    config: outboundConfigSchema.parse({ inProcess: { attempts: 1 } }),
    clock,
    random: () => 0.5,
    logger,
  });
});
afterEach(async () => {
  await fake.close();
});

const store = {
  addOutbox: async (entry: Omit<OutboxEntry, "id">) => {
    outbox.push(entry);
    return { ...entry, id: `ob_${outbox.length}` };
  },
};

function notifier(token: string | null): ChatNotifier {
  return createSlackNotifier({
    token,
    config: slackConfigSchema.parse({ apiUrl: fake.apiUrl, timeout: "2s" }),
    clock,
    logger,
    outbox: store,
    outbound,
  });
}

const message = (text: string): ChatMessage => ({
  text,
  blocks: [{ type: "section", text: { type: "mrkdwn", text: `*${text}*` } }],
});

describe("live mode", () => {
  it("posts a message and edits the same ts in place", async () => {
    const slack = notifier(fake.token);
    const posted = await slack.post("#ci", message("acme/api: 1 failing"), "digest:1");
    const channel = fake.channelId("#ci");
    expect(posted).toEqual({ mode: "live", channel, ts: "1700000000.000100" });

    const updated = await slack.update(
      channel,
      "1700000000.000100",
      message("acme/api: 1 resolved"),
    );
    expect(updated).toEqual({ mode: "live" });

    const [stored] = fake.messages.get(channel) ?? [];
    expect(stored?.text).toBe("acme/api: 1 resolved");
    expect(stored?.blocks).toEqual(message("acme/api: 1 resolved").blocks);
    expect(stored?.history).toEqual([
      { text: "acme/api: 1 failing", blocks: message("acme/api: 1 failing").blocks },
    ]);

    // The wire format: form-encoded, blocks JSON in a field, Bearer token.
    const post = fake.requests[0];
    expect(post?.path).toBe("/api/chat.postMessage");
    expect(post?.headers["content-type"]).toContain("application/x-www-form-urlencoded");
    expect(post?.headers.authorization).toBe(`Bearer ${fake.token}`);
    expect(post?.form.channel).toBe("#ci");
    expect(post?.form.text).toBe("acme/api: 1 failing");
    expect(JSON.parse(post?.form.blocks ?? "null")).toEqual(message("acme/api: 1 failing").blocks);
    expect(fake.requests[1]?.apiMethod).toBe("chat.update");
    expect(outbound.get("slack")?.stats.attempts).toBe(2);
    expect(outbox).toEqual([]);
  });

  it("gets a 60-incident digest past Slack's block limits", async () => {
    const items: NoticeItem[] = Array.from({ length: 60 }, (_, i) => ({
      incidentId: `PC-${i}`,
      state: "firing",
      repo: "acme/api",
      workflow: "CI",
      job: `job-${i}`,
      branch: "main",
      type: "test_failure",
      severity: "high",
      count: 2,
      evidence: `Error: ${"x".repeat(400)} <boom> & more`,
      done: ["re-ran 1×"],
      next: "re-run at 12:05 UTC",
      links: {
        incident: `https://pitcrew.example/incidents/PC-${i}`,
        run: null,
        linear: null,
        pr: null,
      },
      silenced: false,
    }));
    const digest = {
      id: "dg_1",
      groupId: "0:slack:repo=acme/api",
      receiver: "slack" as const,
      labels: { repo: "acme/api" },
      at: NOW.toISOString(),
      reason: "new incidents",
      items,
      totals: { firing: 60, resolved: 0, silenced: 0 },
    };
    const rendered = digestToSlackMessage(digest, { reportUrl: "https://pitcrew.example/r/dg_1" });
    const posted = await notifier(fake.token).post("#ci", rendered, "digest:dg_1");
    expect(posted.ts).not.toBeNull();
    expect(fake.messages.get(posted.channel)?.[0]?.blocks).toEqual(rendered.blocks);
  });

  it("gives each post its own increasing ts", async () => {
    const slack = notifier(fake.token);
    const a = await slack.post("#ci", message("a"), "k1");
    const b = await slack.post("#ci", message("b"), "k2");
    expect([a.ts, b.ts]).toEqual(["1700000000.000100", "1700000000.000200"]);
  });

  it("maps 429 + Retry-After to rate_limit with retryAt, without retrying in the SDK", async () => {
    fake.rateLimitNext(30);
    const error = await failure(notifier(fake.token).post("#ci", message("a"), "k"));
    expect(error).toMatchObject({ service: "slack", errorType: "rate_limit", status: 429 });
    expect(error.retryAt).toEqual(new Date(NOW.getTime() + 30_000));
    expect(error.retryable).toBe(true);
    expect(fake.requests).toHaveLength(1);
    expect(fake.messages.size).toBe(0);
  });

  it("maps 503 to server", async () => {
    fake.down();
    const error = await failure(notifier(fake.token).post("#ci", message("a"), "k"));
    expect(error).toMatchObject({ service: "slack", errorType: "server", status: 503 });
    fake.up();
    await expect(notifier2().post("#ci", message("a"), "k")).resolves.toMatchObject({
      mode: "live",
    });
  });

  it("maps invalid_auth to auth and never shows the token", async () => {
    const token = "xoxb-wrong-token-1234567890";
    const error = await failure(notifier(token).post("#ci", message("a"), "k"));
    expect(error).toMatchObject({ service: "slack", errorType: "auth", retryable: false });
    expect(error.message).toContain("invalid_auth");
    expect(JSON.stringify({ m: error.message, lines })).not.toContain(token);
  });

  it("maps message_not_found and ratelimited platform errors", async () => {
    const slack = notifier(fake.token);
    const missing = await failure(slack.update("C0123456", "1.000100", message("a")));
    expect(missing).toMatchObject({ errorType: "not_found", operation: "chat.update" });
    fake.platformErrorNext("ratelimited");
    expect(await failure(slack.post("#ci", message("a"), "k"))).toMatchObject({
      errorType: "rate_limit",
    });
  });

  it("maps a closed port to network", async () => {
    const slack = notifier(fake.token);
    await fake.close();
    expect(await failure(slack.post("#ci", message("a"), "k"))).toMatchObject({
      errorType: "network",
    });
  });

  it("maps a hanging server to timeout", async () => {
    fake.faults.next({ kind: "hang" });
    const slack = createSlackNotifier({
      token: fake.token,
      config: slackConfigSchema.parse({ apiUrl: fake.apiUrl, timeout: "300ms" }),
      clock,
      logger,
      outbox: store,
    });
    expect(await failure(slack.post("#ci", message("a"), "k"))).toMatchObject({
      service: "slack",
      errorType: "timeout",
    });
  });
});

/** A second notifier on a fresh resilience layer (the first one's breaker counted the 503). */
function notifier2(): ChatNotifier {
  return createSlackNotifier({
    token: fake.token,
    config: slackConfigSchema.parse({ apiUrl: fake.apiUrl }),
    clock,
    logger,
    outbox: store,
  });
}

describe("outbox mode", () => {
  it("records post and update and never calls Slack", async () => {
    const slack = notifier(null);
    const posted = await slack.post("#ci", message("a"), "digest:1");
    expect(posted).toEqual({ mode: "outbox", channel: "#ci", ts: null });
    expect(await slack.update("#ci", "1.2", message("b"))).toEqual({ mode: "outbox" });
    expect(outbox).toEqual([
      {
        at: NOW.toISOString(),
        destination: "slack",
        operation: "post-message",
        payload: { channel: "#ci", ...message("a") },
        idempotencyKey: "digest:1",
      },
      {
        at: NOW.toISOString(),
        destination: "slack",
        operation: "update-message",
        payload: { channel: "#ci", ts: "1.2", ...message("b") },
        idempotencyKey: `slack:update-message:#ci:1.2:${NOW.toISOString()}`,
      },
    ]);
    expect(fake.requests).toEqual([]);
    expect(outbound.get("slack")).toBeUndefined();
  });
});

describe("config", () => {
  it("defaults to Slack's API prefix with its trailing slash and a 10 s timeout", () => {
    expect(slackConfigSchema.parse(undefined)).toEqual({
      apiUrl: "https://slack.com/api/",
      timeout: 10_000,
    });
    expect(() => slackConfigSchema.parse({ apiUrl: "ftp://x" })).toThrow();
    expect(() => slackConfigSchema.parse({ extra: 1 })).toThrow();
  });
});
