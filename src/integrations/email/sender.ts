/** Email behind the `EmailSender` port: pooled SMTP with credentials, the outbox without them. */
import { createHash } from "node:crypto";
import nodemailer from "nodemailer";
import type { Outbound } from "../../outbound/outbound.js";
import { outboxRecorder } from "../../outbound/outbox-recorder.js";
import type { Clock, EmailMessage, EmailSender, Logger, SendMode, Store } from "../../ports.js";
import type { EmailConfig } from "./config.js";
import { emailErrorMapper, redactSmtpUrl, SERVICE, scrub, smtpSecrets } from "./errors.js";

/** Options and dependencies of the email sender. */
export interface EmailSenderOptions {
  /** `SMTP_URL` (`smtp[s]://user:pass@host:port`); null: outbox mode. */
  smtpUrl: string | null;
  /** `EMAIL_FROM`; null: outbox mode. */
  from: string | null;
  config: EmailConfig;
  clock: Clock;
  logger: Logger;
  outbox: Pick<Store, "addOutbox">;
  /** The resilience layer: email registers as its `email` destination. Absent: direct calls. */
  outbound?: Outbound;
}

/** The outbox operation of a digest that was not sent. */
export const OUTBOX_OPERATION = "send-digest";
/** The header that ties a delivered email to its digest (the idempotency key). */
export const DIGEST_HEADER = "X-Pitcrew-Digest";

/** nodemailer pool options from SMTP_URL and the settings (exported so tests can check them). */
export function emailTransportOptions(smtpUrl: string, config: EmailConfig) {
  return {
    pool: true as const,
    url: smtpUrl,
    maxConnections: config.maxConnections,
    maxMessages: 100,
    rateLimit: config.rateLimit,
    rateDelta: config.rateDelta,
    connectionTimeout: config.timeout,
    greetingTimeout: config.timeout,
    socketTimeout: Math.max(60_000, config.timeout * 3),
    // Close idle connections before the socket timeout would.
    idleTimeout: 30_000,
    // A dropped connection requeues a message at most once: a resend is a duplicate email.
    maxRequeues: 1,
    logger: false,
    debug: false,
  };
}

/**
 * Creates the email sender: live when SMTP_URL and EMAIL_FROM are set, else outbox mode. A send
 * without recipients is recorded in the outbox too. Failures reject with an `IntegrationError` of
 * service `email` (see errors.ts).
 */
export function createEmailSender(options: EmailSenderOptions): EmailSender {
  const { smtpUrl, from, logger } = options;
  if (!smtpUrl || !from) {
    if (smtpUrl || from) {
      logger.warn(
        { smtpUrlSet: Boolean(smtpUrl), fromSet: Boolean(from) },
        "email needs both SMTP_URL and EMAIL_FROM: digests go to the outbox",
      );
    }
    return { send: (message, key) => record(options, message, key), close: async () => {} };
  }
  const secrets = smtpSecrets(smtpUrl);
  const mapError = emailErrorMapper(smtpUrl);
  const transporter = nodemailer.createTransport(emailTransportOptions(smtpUrl, options.config));
  transporter.on("error", (error: Error) => {
    logger.warn({ error: scrub(error.message, secrets) }, "SMTP pool error");
  });
  // The whole send may wait for a pool slot and a connection, then transfer: twice the connect timeout.
  const timeoutMs = options.config.timeout * 2;
  const destination = options.outbound?.register(SERVICE, { mapError, timeoutMs });
  const run = async <T>(operation: string, fn: (signal: AbortSignal) => Promise<T>) => {
    if (destination) return destination.call(operation, fn);
    try {
      return await fn(AbortSignal.timeout(timeoutMs));
    } catch (error) {
      throw mapError(error, operation);
    }
  };
  logger.info({ smtp: redactSmtpUrl(smtpUrl) }, "email digests go out over pooled SMTP");
  return {
    async send(message, idempotencyKey) {
      if (message.to.length === 0) return record(options, message, idempotencyKey);
      const info = await run(OUTBOX_OPERATION, (signal) =>
        transporter.sendMail({
          from,
          to: message.to,
          subject: message.subject,
          html: message.html,
          text: message.text,
          messageId: messageIdFor(idempotencyKey, from),
          headers: { [DIGEST_HEADER]: idempotencyKey },
          signal,
        }),
      );
      logger.info({ idempotencyKey, messageId: info.messageId }, "email digest sent");
      return { mode: "live" as SendMode, messageId: info.messageId ?? null };
    },
    async close() {
      transporter.close();
    },
  };
}

/** Without credentials or recipients: record what would have been sent. */
async function record(
  options: EmailSenderOptions,
  message: EmailMessage,
  idempotencyKey: string,
): Promise<{ mode: SendMode; messageId: null }> {
  const why = message.to.length === 0 ? "no recipients" : "no SMTP_URL/EMAIL_FROM";
  const payload = { to: [...message.to], subject: message.subject, text: message.text };
  await outboxRecorder(options, SERVICE, why)(OUTBOX_OPERATION, payload, idempotencyKey);
  return { mode: "outbox", messageId: null };
}

/**
 * A Message-ID derived from the idempotency key: a retried send carries the same id, so mail
 * clients that dedupe by Message-ID show a duplicate once.
 */
export function messageIdFor(idempotencyKey: string, from: string): string {
  const hash = createHash("sha256").update(idempotencyKey).digest("hex").slice(0, 32);
  const domain = /@([\w.-]+)>?\s*$/.exec(from)?.[1] ?? "pitcrew.local";
  return `<${hash}.digest@${domain}>`;
}
