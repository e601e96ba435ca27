import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FakeSmtp, startFakeSmtp } from "../../../test/fakes/smtp-server.js";
import { failure } from "../../../test/support/rejection.js";
import type { OutboxEntry } from "../../domain/types.js";
import { outboundConfigSchema } from "../../outbound/config.js";
import { Outbound } from "../../outbound/outbound.js";
import type { EmailMessage, EmailSender, Logger } from "../../ports.js";
import {
  createEmailSender,
  DIGEST_HEADER,
  emailConfigSchema,
  emailTransportOptions,
  messageIdFor,
} from "./index.js";

const NOW = new Date("2026-11-23T12:00:00Z");
const clock = { now: () => NOW };
const PASSWORD = "hunter2-very-secret";
const logs: unknown[] = [];
const logger: Logger = {
  debug: (obj, msg) => logs.push([obj, msg]),
  info: (obj, msg) => logs.push([obj, msg]),
  warn: (obj, msg) => logs.push([obj, msg]),
  error: (obj, msg) => logs.push([obj, msg]),
};

let fake: FakeSmtp;
let outbox: Omit<OutboxEntry, "id">[];
let senders: EmailSender[];
beforeEach(async () => {
  fake = await startFakeSmtp();
  outbox = [];
  senders = [];
  logs.length = 0;
});
afterEach(async () => {
  await Promise.all(senders.map((s) => s.close()));
  await fake.close();
});

const store = {
  addOutbox: async (entry: Omit<OutboxEntry, "id">) => {
    outbox.push(entry);
    return { ...entry, id: `ob_${outbox.length}` };
  },
};

function sender(
  overrides: {
    smtpUrl?: string | null;
    from?: string | null;
    config?: Record<string, unknown>;
    outbound?: boolean;
  } = {},
): EmailSender {
  const outbound = new Outbound({
    config: outboundConfigSchema.parse({}),
    clock,
    random: () => 0.5,
    logger,
  });
  const created = createEmailSender({
    smtpUrl:
      overrides.smtpUrl === undefined ? fake.urlWithAuth("bot", PASSWORD) : overrides.smtpUrl,
    from: overrides.from === undefined ? "pitcrew <pitcrew@example.com>" : overrides.from,
    config: emailConfigSchema.parse({ timeout: "2s", ...overrides.config }),
    clock,
    logger,
    outbox: store,
    ...(overrides.outbound === false ? {} : { outbound }),
  });
  senders.push(created);
  return created;
}

const message: EmailMessage = {
  to: ["oncall@example.com", "lead@example.com"],
  subject: "[pitcrew] 1 failing in acme/api",
  html: "<p>1 failing</p>",
  text: "1 failing",
};

describe("live sending over pooled SMTP", () => {
  it("delivers subject, html, text and the digest header, logged in as the URL's user", async () => {
    const result = await sender().send(message, "digest:acme/api:42");
    expect(result).toEqual({
      mode: "live",
      messageId: messageIdFor("digest:acme/api:42", "x@example.com"),
    });
    const [got] = fake.messages;
    expect(got).toMatchObject({
      from: "pitcrew@example.com",
      to: ["oncall@example.com", "lead@example.com"],
      subject: "[pitcrew] 1 failing in acme/api",
      html: "<p>1 failing</p>",
      text: "1 failing",
      user: "bot",
    });
    expect(got?.headers[DIGEST_HEADER.toLowerCase()]).toBe("digest:acme/api:42");
    expect(got?.headers["message-id"]).toBe(result.messageId);
    expect(outbox).toEqual([]);
  });

  it("builds a pooled, rate-limited transport with the connect timeout", () => {
    const config = emailConfigSchema.parse({ maxConnections: 3, rateLimit: 3, rateDelta: "2s" });
    expect(emailTransportOptions("smtp://h:25", config)).toMatchObject({
      pool: true,
      url: "smtp://h:25",
      maxConnections: 3,
      rateLimit: 3,
      rateDelta: 2_000,
      connectionTimeout: 10_000,
    });
    expect(emailConfigSchema.parse(undefined)).toEqual({
      maxConnections: 2,
      rateLimit: 5,
      rateDelta: 1_000,
      timeout: 10_000,
    });
  });

  it("keeps to maxConnections and spreads sends over rate windows", async () => {
    const s = sender({ config: { maxConnections: 2, rateLimit: 3, rateDelta: "300ms" } });
    const sends = Array.from({ length: 7 }, (_, i) => s.send(message, `k${i}`));
    await Promise.all(sends);
    const times = fake.messages.map((m) => m.receivedAt.getTime()).sort((a, b) => a - b);
    expect(times).toHaveLength(7);
    expect(fake.connections).toBeLessThanOrEqual(2);
    // 3 per 300 ms window: the 7th message goes out in the third window at the earliest.
    expect((times[6] ?? 0) - (times[0] ?? 0)).toBeGreaterThanOrEqual(450);
  });

  it("retries a 451 in-process on the resilience layer and delivers once", async () => {
    fake.failNext(451, "4.3.0 mailbox busy");
    const result = await sender().send(message, "k1");
    expect(result.mode).toBe("live");
    expect(fake.messages).toHaveLength(1);
  });
});

describe("errors", () => {
  it("maps a 550 to a non-retryable validation error", async () => {
    fake.failNext(550, "5.1.1 no such user", "rcpt");
    const error = await failure(sender().send(message, "k1"));
    expect(error).toMatchObject({
      service: "email",
      operation: "send-digest",
      errorType: "validation",
      status: 550,
      retryable: false,
    });
    expect(fake.messages).toHaveLength(0);
  });

  it("maps a 451 to a retryable server error", async () => {
    fake.failNext(451, "4.3.0 try again later");
    const error = await failure(sender({ outbound: false }).send(message, "k1"));
    expect(error).toMatchObject({ errorType: "server", status: 451, retryable: true });
  });

  it("maps a refused connection to a network error", async () => {
    await fake.down();
    const error = await failure(sender({ outbound: false }).send(message, "k1"));
    expect(error).toMatchObject({ service: "email", errorType: "network", retryable: true });
  });

  it("maps a refused login to auth and never prints the password", async () => {
    fake.rejectAuth();
    const error = await failure(sender().send(message, "k1"));
    expect(error).toMatchObject({ errorType: "auth", status: 535, retryable: false });
    const printed = JSON.stringify(logs) + error.message + String(error.stack);
    expect(printed).not.toContain(PASSWORD);
    expect(printed).not.toContain(Buffer.from(`\u0000bot\u0000${PASSWORD}`).toString("base64"));
  });
});

describe("outbox mode", () => {
  it.each([
    ["no SMTP_URL", { smtpUrl: null }],
    ["no EMAIL_FROM", { from: null }],
  ])("records the digest instead of sending it (%s)", async (_why, overrides) => {
    const result = await sender(overrides).send(message, "digest:1");
    expect(result).toEqual({ mode: "outbox", messageId: null });
    expect(outbox).toEqual([
      {
        at: NOW.toISOString(),
        destination: "email",
        operation: "send-digest",
        payload: { to: message.to, subject: message.subject, text: message.text },
        idempotencyKey: "digest:1",
      },
    ]);
    expect(fake.messages).toHaveLength(0);
  });

  it("records a digest without recipients even when SMTP is configured", async () => {
    const result = await sender().send({ ...message, to: [] }, "digest:2");
    expect(result.mode).toBe("outbox");
    expect(outbox[0]).toMatchObject({ destination: "email", payload: { to: [] } });
  });
});
