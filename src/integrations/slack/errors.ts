/**
 * Maps what `@slack/web-api`'s WebClient throws to `IntegrationError`s of service `slack`
 * (DESIGN §6 retry table). The WebClient runs with `rejectRateLimitedCalls: true` and no retries
 * of its own, so every failure arrives here at once and the resilience layer decides.
 */
import { IntegrationError, type IntegrationErrorType } from "../../domain/errors.js";
import { errorTypeForStatus, retryAtFromHeaders, transportErrorType } from "../ci/http-errors.js";

export const SERVICE = "slack";

/** Platform errors (`{ok:false, error}`) a human must fix: the token or the app's installation. */
const AUTH_ERRORS = new Set([
  "invalid_auth",
  "not_authed",
  "account_inactive",
  "token_revoked",
  "token_expired",
  "missing_scope",
  "no_permission",
  "not_allowed_token_type",
  "team_access_not_granted",
  "ekm_access_denied",
]);
const NOT_FOUND_ERRORS = new Set(["channel_not_found", "message_not_found"]);
const RATE_LIMIT_ERRORS = new Set(["ratelimited", "rate_limited"]);
/** Slack's documented "try again later" platform errors. */
const SERVER_ERRORS = new Set(["internal_error", "fatal_error", "service_unavailable"]);

/** The WebClient's error codes (`ErrorCode` of `@slack/web-api`). */
const RATE_LIMITED = "slack_webapi_rate_limited_error";
const HTTP_ERROR = "slack_webapi_http_error";
const PLATFORM_ERROR = "slack_webapi_platform_error";
const REQUEST_ERROR = "slack_webapi_request_error";

interface SlackErrorShape {
  code?: unknown;
  message?: unknown;
  retryAfter?: unknown;
  statusCode?: unknown;
  headers?: unknown;
  body?: unknown;
  data?: { error?: unknown; response_metadata?: { messages?: unknown } };
}

/** Maps any failure of a Slack call; `secrets` (the bot token) are scrubbed from the message. */
export function toSlackError(
  error: unknown,
  operation: string,
  context: { now: Date; secrets: readonly string[] },
): IntegrationError {
  if (error instanceof IntegrationError) return error;
  const e = (error instanceof Object ? error : {}) as SlackErrorShape;
  const make = (
    errorType: IntegrationErrorType,
    detail: string,
    extra: { status?: number | null; retryAt?: Date | null } = {},
  ) =>
    new IntegrationError({
      service: SERVICE,
      operation,
      errorType,
      message: scrub(`${SERVICE} ${operation} failed: ${detail}`, context.secrets),
      status: extra.status ?? null,
      retryAt: extra.retryAt ?? null,
      cause: error,
    });

  if (e.code === RATE_LIMITED) {
    const seconds = Number(e.retryAfter);
    const retryAt = Number.isFinite(seconds)
      ? new Date(context.now.getTime() + Math.max(0, seconds) * 1000)
      : null;
    return make("rate_limit", `rate limited (Retry-After ${String(e.retryAfter)} s)`, {
      status: 429,
      retryAt,
    });
  }
  if (e.code === HTTP_ERROR && typeof e.statusCode === "number") {
    const headers = (e.headers instanceof Object ? e.headers : {}) as Record<string, string>;
    const body = typeof e.body === "string" ? e.body.slice(0, 200) : "";
    return make(errorTypeForStatus(e.statusCode, headers, body), `HTTP ${e.statusCode} ${body}`, {
      status: e.statusCode,
      retryAt: retryAtFromHeaders(headers, context.now),
    });
  }
  if (e.code === PLATFORM_ERROR) {
    const code = typeof e.data?.error === "string" ? e.data.error : "unknown_error";
    return make(platformErrorType(code), `${code}${platformDetail(e)}`, { status: 200 });
  }
  const message = typeof e.message === "string" ? e.message : String(error);
  // A 429 without a usable Retry-After: the WebClient throws a plain Error saying so.
  if (/Retry header did not contain a valid timeout/.test(message)) {
    return make("rate_limit", "rate limited (no usable Retry-After)", { status: 429 });
  }
  if (e.code === REQUEST_ERROR || transportErrorType(error) !== null) {
    const type = transportErrorType(error) ?? "network";
    return make(type, type === "timeout" ? `timed out: ${message}` : message);
  }
  // Anything else (a bug of ours or of the SDK) is not worth retrying.
  return make("validation", message);
}

/** The error type of a platform error code (`{ok:false, error}` with HTTP 200). */
export function platformErrorType(code: string): IntegrationErrorType {
  if (RATE_LIMIT_ERRORS.has(code)) return "rate_limit";
  if (AUTH_ERRORS.has(code)) return "auth";
  if (NOT_FOUND_ERRORS.has(code)) return "not_found";
  if (SERVER_ERRORS.has(code)) return "server";
  return "validation";
}

/** Slack explains `invalid_blocks` and friends in `response_metadata.messages`. */
function platformDetail(e: SlackErrorShape): string {
  const messages = e.data?.response_metadata?.messages;
  if (!Array.isArray(messages) || messages.length === 0) return "";
  return ` (${messages.slice(0, 3).map(String).join("; ")})`;
}

/** Removes the configured secrets (the bot token) from a message. */
export function scrub(message: string, secrets: readonly string[]): string {
  let out = message;
  for (const secret of secrets) {
    if (secret.length >= 4) out = out.replaceAll(secret, "[REDACTED]");
  }
  // Any other Slack token shape that slipped into a message (xoxb-, xoxp-, xapp-…).
  return out.replace(/\bx(?:ox[abposr]|app)-[\w-]+/g, "[REDACTED]");
}

/** The `mapError` to register the `slack` destination with. */
export function slackErrorMapper(
  token: string,
  clock: { now(): Date },
): (error: unknown, operation: string) => IntegrationError {
  return (error, operation) =>
    toSlackError(error, operation, { now: clock.now(), secrets: [token] });
}
