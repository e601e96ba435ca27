/**
 * Maps nodemailer/SMTP failures to `IntegrationError`s of service `email` (DESIGN §6 retry table):
 * no connection → network, no answer in time → timeout, SMTP 4xx (try again later) → server,
 * SMTP 5xx (permanent) → validation, authentication refused → auth. Messages never carry the
 * SMTP password.
 */
import { IntegrationError, type IntegrationErrorType } from "../../domain/errors.js";
import { transportErrorType } from "../ci/http-errors.js";

export const SERVICE = "email";

/** nodemailer codes of a connection that could not be made or was lost. */
const NETWORK_CODES = new Set(["ECONNECTION", "ESOCKET", "EDNS", "ETLS", "EPROXY"]);
/** SMTP replies that mean the credentials were refused (RFC 4954). */
const AUTH_REPLIES = new Set([530, 534, 535, 538]);

/** The fields nodemailer sets on its errors (all optional: anything may be thrown). */
interface SmtpErrorFields {
  code?: unknown;
  responseCode?: unknown;
  response?: unknown;
  permanent?: unknown;
  command?: unknown;
  name?: unknown;
  message?: unknown;
}

/** The error type of one nodemailer failure. */
export function smtpErrorType(error: unknown): IntegrationErrorType {
  const e = (error instanceof Object ? error : {}) as SmtpErrorFields;
  const code = typeof e.code === "string" ? e.code : "";
  const reply = typeof e.responseCode === "number" ? e.responseCode : null;
  if (code === "EAUTH" || code === "ENOAUTH" || code === "EOAUTH2") return "auth";
  if (reply !== null && AUTH_REPLIES.has(reply)) return "auth";
  if (reply !== null && reply >= 400 && reply < 500) return "server";
  if (e.permanent === true || (reply !== null && reply >= 500)) return "validation";
  if (code === "ETIMEDOUT" || code === "EABORT") return "timeout";
  if (NETWORK_CODES.has(code)) return "network";
  if (code === "EENVELOPE" || code === "EMESSAGE" || code === "ECONFIG") return "validation";
  if (code === "EPROTOCOL") return "server";
  return transportErrorType(error) ?? "network";
}

/** Builds the `IntegrationError` of a failed SMTP operation; `secrets` are scrubbed from it. */
export function toEmailError(
  error: unknown,
  operation: string,
  secrets: string[],
): IntegrationError {
  if (error instanceof IntegrationError) return error;
  const e = (error instanceof Object ? error : {}) as SmtpErrorFields;
  const errorType = smtpErrorType(error);
  const reply = typeof e.responseCode === "number" ? e.responseCode : null;
  const detail = typeof e.message === "string" && e.message !== "" ? e.message : String(error);
  const code = typeof e.code === "string" ? ` [${e.code}]` : "";
  return new IntegrationError({
    service: SERVICE,
    operation,
    errorType,
    status: reply,
    message: scrub(`email ${operation} failed (${errorType})${code}: ${detail}`, secrets),
    cause: error,
  });
}

/** The `mapError` of the `email` destination on the resilience layer. */
export function emailErrorMapper(
  smtpUrl: string,
): (error: unknown, operation: string) => IntegrationError {
  const secrets = smtpSecrets(smtpUrl);
  return (error, operation) => toEmailError(error, operation, secrets);
}

/**
 * What must never be printed of an SMTP URL: the password as written and decoded, the AUTH PLAIN
 * token built from it, and the whole URL.
 */
export function smtpSecrets(smtpUrl: string): string[] {
  const secrets = [smtpUrl];
  try {
    const url = new URL(smtpUrl);
    const user = decodeURIComponent(url.username);
    const pass = decodeURIComponent(url.password);
    if (pass) {
      secrets.push(url.password, pass);
      secrets.push(Buffer.from(`\u0000${user}\u0000${pass}`).toString("base64"));
      secrets.push(Buffer.from(pass).toString("base64"));
    }
  } catch {
    // Not a URL: only the whole string is secret.
  }
  return secrets;
}

/** Replaces every secret (longest first, so a URL goes before the password inside it). */
export function scrub(message: string, secrets: string[]): string {
  let out = message;
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    if (secret.length >= 4) out = out.replaceAll(secret, "[REDACTED]");
  }
  return out.replace(/(smtps?:\/\/[^:/@\s]*:)[^@\s]*@/gi, "$1[REDACTED]@");
}

/** An SMTP URL safe to log: the password replaced. */
export function redactSmtpUrl(smtpUrl: string): string {
  return scrub(smtpUrl, []);
}
