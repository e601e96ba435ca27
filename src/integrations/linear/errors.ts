/**
 * Maps what a Linear call throws to an `IntegrationError` the act stage can branch on. The SDK
 * already picks an error class from `errors[0].extensions.type` (a rate limit arrives as HTTP 400
 * with type `ratelimited`); we translate that class, and fall back to the HTTP status only when
 * the server sent no GraphQL error type.
 */
import { LinearError, LinearErrorType, type RatelimitedLinearError } from "@linear/sdk";
import { IntegrationError, type IntegrationErrorType } from "../../domain/errors.js";
import { transportErrorType, transportIntegrationError } from "../ci/http-errors.js";

export const SERVICE = "linear";
/** Linear sends no Retry-After on some limits; its bucket refills within a minute. */
const DEFAULT_RATE_LIMIT_WAIT_MS = 60_000;
/** Epoch values above this are milliseconds (Linear's resets are observed in ms, documented in s). */
const EPOCH_MS_THRESHOLD = 1e12;

/** Context of one failed call. */
export interface LinearErrorContext {
  now: Date;
  /** Exact strings to scrub from messages (the API key). */
  secrets: readonly string[];
}

const BY_TYPE: Partial<Record<LinearErrorType, IntegrationErrorType>> = {
  [LinearErrorType.Ratelimited]: "rate_limit",
  [LinearErrorType.AuthenticationError]: "auth",
  [LinearErrorType.Forbidden]: "auth",
  [LinearErrorType.FeatureNotAccessible]: "auth",
  [LinearErrorType.InvalidInput]: "validation",
  [LinearErrorType.UserError]: "validation",
  [LinearErrorType.GraphqlError]: "validation",
  [LinearErrorType.UsageLimitExceeded]: "validation",
  [LinearErrorType.InternalError]: "server",
  [LinearErrorType.LockTimeout]: "server",
  [LinearErrorType.NetworkError]: "server",
  [LinearErrorType.BootstrapError]: "server",
};

/** Converts anything thrown while calling Linear; never lets the API key into a message. */
export function toLinearError(
  error: unknown,
  operation: string,
  context: LinearErrorContext,
): IntegrationError {
  if (error instanceof IntegrationError) return error;
  if (error instanceof LinearError) return fromLinearError(error, operation, context);
  if (transportErrorType(error) !== null || isFetchFailure(error)) {
    const mapped = transportIntegrationError({ service: SERVICE, operation, error });
    return build(mapped.errorType, operation, mapped.message, context, { cause: error });
  }
  const text = error instanceof Error ? error.message : String(error);
  return build("validation", operation, `${SERVICE} ${operation} failed: ${text}`, context, {
    cause: error,
  });
}

function fromLinearError(
  error: LinearError,
  operation: string,
  context: LinearErrorContext,
): IntegrationError {
  // The SDK wraps a socket failure or an abort (no HTTP answer at all) as an unknown error.
  if (error.status === undefined && transportErrorType(error.raw) !== null) {
    return toLinearError(error.raw, operation, context);
  }
  const errorType = errorTypeOf(error);
  const status = error.status ?? null;
  const message = `${SERVICE} ${operation} failed: ${status ? `HTTP ${status} ` : ""}${error.message}`;
  const retryAt =
    errorType === "rate_limit"
      ? rateLimitRetryAt(error as RatelimitedLinearError, context.now)
      : null;
  return build(errorType, operation, message, context, { status, retryAt, cause: error });
}

/** The SDK's class first; an unknown one (no GraphQL type) by HTTP status. */
function errorTypeOf(error: LinearError): IntegrationErrorType {
  if (isNotFound(error)) return "not_found";
  const byType = error.type ? BY_TYPE[error.type] : undefined;
  if (byType) return byType;
  const status = error.status ?? 0;
  if (status >= 500) return "server";
  if (status === 429) return "rate_limit";
  if (status === 0) return "network";
  return "validation";
}

/**
 * Linear reports a missing entity as an input error whose message says "not found"; an HTTP 404
 * (wrong endpoint) would otherwise be classed as authentication by the SDK.
 */
function isNotFound(error: LinearError): boolean {
  if (error.status === 404 && !error.errors?.length) return true;
  const userError =
    error.type === LinearErrorType.InvalidInput || error.type === LinearErrorType.UserError;
  return userError && /\bnot found\b/i.test(error.message);
}

/** `retry-after` seconds first, else the earliest reset header (epoch ms or s), else a minute. */
export function rateLimitRetryAt(
  error: Pick<RatelimitedLinearError, "retryAfter" | "requestsResetAt" | "complexityResetAt">,
  now: Date,
): Date {
  if (typeof error.retryAfter === "number" && error.retryAfter >= 0) {
    return new Date(now.getTime() + error.retryAfter * 1000);
  }
  const resets = [error.requestsResetAt, error.complexityResetAt]
    .filter((value): value is number => typeof value === "number" && value > 0)
    .map((value) => (value > EPOCH_MS_THRESHOLD ? value : value * 1000))
    .filter((ms) => ms > now.getTime());
  if (resets.length > 0) return new Date(Math.max(...resets));
  return new Date(now.getTime() + DEFAULT_RATE_LIMIT_WAIT_MS);
}

/** Node's fetch reports a refused connection as `TypeError: fetch failed` with the cause inside. */
function isFetchFailure(error: unknown): boolean {
  return error instanceof TypeError && /fetch failed/i.test(error.message);
}

function build(
  errorType: IntegrationErrorType,
  operation: string,
  message: string,
  context: LinearErrorContext,
  extra: { status?: number | null; retryAt?: Date | null; cause?: unknown },
): IntegrationError {
  return new IntegrationError({
    service: SERVICE,
    operation,
    errorType,
    message: scrub(message, context.secrets),
    ...extra,
  });
}

/** Removes the configured secrets and anything shaped like a Linear API key from a message. */
export function scrub(message: string, secrets: readonly string[]): string {
  let out = message;
  for (const secret of secrets) {
    if (secret.length >= 4) out = out.replaceAll(secret, "[REDACTED]");
  }
  return out.replace(/\blin_(?:api|oauth)_[A-Za-z0-9]+/g, "[REDACTED]");
}

/** The `mapError` to register the `linear` destination with. */
export function linearErrorMapper(
  apiKey: string,
  clock: { now(): Date },
): (error: unknown, operation: string) => IntegrationError {
  return (error, operation) =>
    toLinearError(error, operation, { now: clock.now(), secrets: [apiKey] });
}
