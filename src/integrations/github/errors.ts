/** Maps what Octokit throws to an `IntegrationError` the act stage can branch on. */
import { IntegrationError } from "../../domain/errors.js";
import {
  type HeaderMap,
  httpIntegrationError,
  transportIntegrationError,
} from "../ci/http-errors.js";

const SERVICE = "github";
/** GitHub's secondary-limit guidance when no header says how long: wait at least a minute. */
const SECONDARY_LIMIT_WAIT_MS = 60_000;
/** Token shapes GitHub issues (classic/fine-grained PATs, App installation, OAuth) and JWTs. */
const TOKEN_PATTERN =
  /\b(?:gh[pousr]_[A-Za-z0-9_]+|github_pat_[A-Za-z0-9_]+|eyJ[\w-]+\.[\w-]+\.[\w-]+)/g;

/** Context of one failed call. */
export interface GithubErrorContext {
  operation: string;
  now: Date;
  /** Exact strings to scrub from messages (the configured token), on top of the token patterns. */
  secrets: string[];
}

/**
 * Converts anything thrown by an Octokit call. An HTTP answer maps by status and rate-limit
 * headers; no answer (Octokit reports those as status 500 without a response) maps to network
 * or timeout; anything else is a local problem retrying cannot fix.
 */
export function toGithubError(error: unknown, context: GithubErrorContext): IntegrationError {
  if (error instanceof IntegrationError) return error;
  if (isHttpError(error) && error.response) {
    return fromResponse(error, error.response.headers, context);
  }
  if (isHttpError(error) || isAbort(error) || error instanceof TypeError) {
    const mapped = transportIntegrationError({
      service: SERVICE,
      operation: context.operation,
      error,
    });
    return withMessage(mapped, scrub(mapped.message, context.secrets));
  }
  return new IntegrationError({
    service: SERVICE,
    operation: context.operation,
    errorType: "validation",
    message: scrub(`${SERVICE} ${context.operation} failed: ${String(error)}`, context.secrets),
    cause: error,
  });
}

/** The shape of Octokit's `RequestError` (checked structurally: `@octokit/request-error` is not our direct dependency). */
interface HttpError extends Error {
  status: number;
  response?: { headers: HeaderMap };
}

function isHttpError(error: unknown): error is HttpError {
  return (
    error instanceof Error &&
    error.name === "HttpError" &&
    typeof (error as { status?: unknown }).status === "number"
  );
}

function fromResponse(
  error: HttpError,
  headers: HeaderMap,
  context: GithubErrorContext,
): IntegrationError {
  const mapped = httpIntegrationError({
    service: SERVICE,
    operation: context.operation,
    status: error.status,
    headers,
    message: scrub(error.message, context.secrets),
    now: context.now,
    cause: error,
  });
  if (mapped.errorType !== "rate_limit" || mapped.retryAt) return mapped;
  return new IntegrationError({
    service: SERVICE,
    operation: context.operation,
    errorType: "rate_limit",
    status: mapped.status,
    message: mapped.message,
    retryAt: new Date(context.now.getTime() + SECONDARY_LIMIT_WAIT_MS),
    cause: error,
  });
}

/** Octokit rethrows a caller abort as-is (only tagged with status 500). */
function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === "AbortError" || error.name === "TimeoutError");
}

/** Removes the configured secrets and anything shaped like a GitHub token from a message. */
export function scrub(message: string, secrets: string[]): string {
  let out = message;
  for (const secret of secrets) {
    if (secret.length >= 4) out = out.replaceAll(secret, "[REDACTED]");
  }
  return out.replace(TOKEN_PATTERN, "[REDACTED]");
}

function withMessage(error: IntegrationError, message: string): IntegrationError {
  if (message === error.message) return error;
  return new IntegrationError({
    service: error.service,
    operation: error.operation,
    errorType: error.errorType,
    status: error.status,
    retryAt: error.retryAt,
    message,
    cause: error.cause,
  });
}

/** Our caller passed something GitHub could never accept: a bug here, not a GitHub failure. */
export function invalidGithubInput(message: string): IntegrationError {
  return new IntegrationError({
    service: "github",
    operation: "validate-input",
    errorType: "validation",
    message: `github: ${message}`,
  });
}
