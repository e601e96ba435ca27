/** Maps Codegen API failures to `IntegrationError`s the act stage can branch on. */
import { IntegrationError } from "../../domain/errors.js";
import {
  type HeaderMap,
  httpIntegrationError,
  transportIntegrationError,
} from "../ci/http-errors.js";

export const SERVICE = "codegen";
/** Codegen documents no Retry-After; its get/list limit is 60 req / 30 s, so a 30 s wait clears it. */
const DEFAULT_RATE_LIMIT_WAIT_MS = 30_000;

/**
 * The billing plan's agent runs are used up (HTTP 402). Retrying cannot help before the plan
 * renews, so it is a non-retryable validation error with its own code: callers escalate to a human.
 */
export class CodegenPlanLimitError extends IntegrationError {
  override readonly code: string = "codegen-plan-limit";
}

/** Builds the error for a non-2xx answer; `body` is the raw response text. */
export function codegenHttpError(init: {
  operation: string;
  status: number;
  headers: HeaderMap;
  body: string;
  now: Date;
  secrets: string[];
}): IntegrationError {
  const message = scrub(describeBody(init.body), init.secrets);
  const mapped = httpIntegrationError({ service: SERVICE, ...init, message });
  if (init.status === 402) {
    return new CodegenPlanLimitError({
      service: SERVICE,
      operation: init.operation,
      errorType: "validation",
      status: 402,
      message: mapped.message,
    });
  }
  if (mapped.errorType !== "rate_limit" || mapped.retryAt) return mapped;
  return new IntegrationError({
    service: SERVICE,
    operation: init.operation,
    errorType: "rate_limit",
    status: mapped.status,
    message: mapped.message,
    retryAt: new Date(init.now.getTime() + DEFAULT_RATE_LIMIT_WAIT_MS),
  });
}

/** Maps anything else thrown while calling (socket, abort, bad JSON already mapped). */
export function toCodegenError(
  error: unknown,
  operation: string,
  secrets: string[],
): IntegrationError {
  if (error instanceof IntegrationError) return error;
  const mapped = transportIntegrationError({ service: SERVICE, operation, error });
  const message = scrub(mapped.message, secrets);
  return new IntegrationError({
    service: SERVICE,
    operation,
    errorType: mapped.errorType,
    message,
    cause: error,
  });
}

/** Codegen answers `{message}` or FastAPI's `{detail: [{msg}]}`; anything else is shown trimmed. */
function describeBody(body: string): string {
  try {
    const parsed = JSON.parse(body) as { message?: unknown; detail?: unknown };
    if (typeof parsed.message === "string") return parsed.message;
    if (Array.isArray(parsed.detail)) {
      return parsed.detail.map((d) => (d as { msg?: unknown }).msg ?? "").join("; ");
    }
    if (typeof parsed.detail === "string") return parsed.detail;
  } catch {
    // Not JSON (a proxy's HTML page): fall through to the raw text.
  }
  return body.slice(0, 200);
}

/** Removes the configured secrets (the API token) from a message. */
export function scrub(message: string, secrets: string[]): string {
  let out = message;
  for (const secret of secrets) {
    if (secret.length >= 4) out = out.replaceAll(secret, "[REDACTED]");
  }
  return out;
}

/**
 * The `mapError` to register the `codegen` destination with: the client already throws mapped
 * errors, so this only catches what the resilience layer adds (its own timeout aborts).
 */
export function codegenErrorMapper(
  token: string,
): (error: unknown, operation: string) => IntegrationError {
  return (error, operation) => toCodegenError(error, operation, [token]);
}
