/**
 * Generic HTTP failure → `IntegrationError` mapping, shared by every adapter that speaks HTTP
 * (the GitHub adapter adds Octokit unwrapping on top). Types follow the DESIGN §6 retry table.
 */
import { IntegrationError, type IntegrationErrorType } from "../../domain/errors.js";

/** Response headers with lower-case names. */
export type HeaderMap = Record<string, string | number | undefined>;

const NETWORK_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EPIPE",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ECONNABORTED",
  "UND_ERR_SOCKET",
  "UND_ERR_CLOSED",
]);
const TIMEOUT_CODES = new Set([
  "ETIMEDOUT",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
]);

/** Error type of a non-2xx answer: rate limits first, because GitHub signals them with 403. */
export function errorTypeForStatus(
  status: number,
  headers: HeaderMap,
  message: string,
): IntegrationErrorType {
  if (isRateLimited(status, headers, message)) return "rate_limit";
  if (status >= 500) return "server";
  if (status === 401 || status === 403) return "auth";
  if (status === 404 || status === 410) return "not_found";
  if (status === 408) return "timeout";
  return "validation";
}

/**
 * 429; GitHub's 403 with an exhausted quota or a secondary limit; Linear's HTTP 400 whose GraphQL
 * error code is `RATELIMITED` (Linear answers rate limits with 400, not 429).
 */
function isRateLimited(status: number, headers: HeaderMap, message: string): boolean {
  if (status === 429) return true;
  if (status === 400) return /\bRATELIMITED\b/.test(message);
  if (status !== 403) return false;
  return (
    String(headers["x-ratelimit-remaining"]) === "0" ||
    headers["retry-after"] !== undefined ||
    /secondary rate limit|abuse detection/i.test(message)
  );
}

/** When the server says a retry may succeed: `retry-after` (seconds or HTTP date) wins over `x-ratelimit-reset`. */
export function retryAtFromHeaders(headers: HeaderMap, now: Date): Date | null {
  const retryAfter = headers["retry-after"];
  if (retryAfter !== undefined && String(retryAfter).trim() !== "") {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds)) return new Date(now.getTime() + Math.max(0, seconds) * 1000);
    const date = Date.parse(String(retryAfter));
    if (Number.isFinite(date)) return new Date(date);
  }
  const reset = Number(headers["x-ratelimit-reset"]);
  if (String(headers["x-ratelimit-remaining"]) === "0" && Number.isFinite(reset) && reset > 0) {
    return new Date(reset * 1000);
  }
  return null;
}

/** Builds the error for a non-2xx answer. */
export function httpIntegrationError(init: {
  service: string;
  operation: string;
  status: number;
  headers: HeaderMap;
  message: string;
  now: Date;
  cause?: unknown;
}): IntegrationError {
  const errorType = errorTypeForStatus(init.status, init.headers, init.message);
  return new IntegrationError({
    service: init.service,
    operation: init.operation,
    errorType,
    status: init.status,
    message: `${init.service} ${init.operation} failed: HTTP ${init.status} ${init.message}`.trim(),
    retryAt: retryAtFromHeaders(init.headers, init.now),
    cause: init.cause,
  });
}

/**
 * Error type of a failure below HTTP (socket, DNS, abort), found anywhere in the `cause` chain
 * because fetch wraps the system error in a `TypeError: fetch failed`; null when not recognised.
 */
export function transportErrorType(error: unknown): "network" | "timeout" | null {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current instanceof Object; depth++) {
    const { name, code } = current as { name?: unknown; code?: unknown };
    if (name === "AbortError" || name === "TimeoutError") return "timeout";
    if (typeof code === "string" && TIMEOUT_CODES.has(code)) return "timeout";
    if (typeof code === "string" && NETWORK_CODES.has(code)) return "network";
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}

/** Builds the error for a failure that produced no HTTP answer (an unknown fetch failure counts as network). */
export function transportIntegrationError(init: {
  service: string;
  operation: string;
  error: unknown;
}): IntegrationError {
  const errorType = transportErrorType(init.error) ?? "network";
  const what = errorType === "timeout" ? "timed out" : "could not reach the server";
  return new IntegrationError({
    service: init.service,
    operation: init.operation,
    errorType,
    message: `${init.service} ${init.operation} ${what}: ${innermostMessage(init.error)}`,
    cause: init.error,
  });
}

/** The most specific description in the cause chain ("connect ECONNREFUSED 127.0.0.1:9" beats "fetch failed"). */
function innermostMessage(error: unknown): string {
  let message = "unknown error";
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current instanceof Object; depth++) {
    const { message: text, code } = current as { message?: unknown; code?: unknown };
    if (typeof text === "string" && text !== "") message = text;
    else if (typeof code === "string") message = code;
    current = (current as { cause?: unknown }).cause;
  }
  return message;
}

/** Converts fetch `Headers` to a plain lower-case map. */
export function headerMap(headers: Headers): HeaderMap {
  return Object.fromEntries(headers.entries());
}
