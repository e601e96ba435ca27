import { parseLinearError } from "@linear/sdk";
import { describe, expect, it } from "vitest";
import { IntegrationError } from "../../domain/errors.js";
import { rateLimitRetryAt, toLinearError } from "./errors.js";

const NOW = new Date("2026-11-23T12:00:00Z");
const KEY = "lin_api_secretsecretsecret";
const context = { now: NOW, secrets: [KEY] };
const later = (ms: number) => new Date(NOW.getTime() + ms);

/** What the SDK throws for an HTTP answer: built by its own parser, as `rawRequest` does. */
function sdkError(
  status: number,
  error?: { message: string; type?: string; code?: string },
  headers: Record<string, string> = {},
) {
  const errors = error
    ? [{ message: error.message, extensions: { type: error.type, code: error.code } }]
    : undefined;
  return parseLinearError({
    message: error?.message ?? `GraphQL Error (Code: ${status})`,
    response: { status, headers: new Headers(headers), ...(errors ? { errors } : {}) } as never,
    request: { query: "query x { y }" },
  });
}

const transport = (code: string) =>
  Object.assign(new TypeError("fetch failed"), { cause: Object.assign(new Error(code), { code }) });

describe("toLinearError", () => {
  it.each([
    [
      "Linear's rate limit (HTTP 400, type ratelimited) with retry-after",
      sdkError(
        400,
        { message: "Rate limit exceeded", type: "ratelimited", code: "RATELIMITED" },
        {
          "retry-after": "30",
        },
      ),
      "rate_limit",
      later(30_000),
    ],
    [
      "authentication error",
      sdkError(400, { message: "Authentication required", type: "authentication error" }),
      "auth",
      null,
    ],
    ["forbidden", sdkError(403, { message: "Forbidden", type: "forbidden" }), "auth", null],
    [
      "invalid input",
      sdkError(400, { message: "title must be a string", type: "invalid input" }),
      "validation",
      null,
    ],
    [
      "a missing entity",
      sdkError(400, { message: "Entity not found: Issue", type: "invalid input" }),
      "not_found",
      null,
    ],
    [
      "usage limit (retrying cannot help)",
      sdkError(400, { message: "Usage limit", type: "usage limit exceeded" }),
      "validation",
      null,
    ],
    ["internal error", sdkError(500, { message: "boom", type: "internal error" }), "server", null],
    ["lock timeout", sdkError(400, { message: "lock", type: "lock timeout" }), "server", null],
    ["HTTP 503 without a GraphQL type", sdkError(503), "server", null],
    ["HTTP 429 without a GraphQL type", sdkError(429), "rate_limit", later(60_000)],
    ["HTTP 404 (wrong endpoint)", sdkError(404), "not_found", null],
    ["connection reset", transport("ECONNRESET"), "network", null],
    [
      "connection refused, wrapped by the SDK",
      parseLinearError(transport("ECONNREFUSED")),
      "network",
      null,
    ],
    ["fetch timeout", new DOMException("The operation timed out", "TimeoutError"), "timeout", null],
    ["abort", new DOMException("This operation was aborted", "AbortError"), "timeout", null],
    ["a local bug", new Error("oops"), "validation", null],
  ])("maps %s", (_name, error, errorType, retryAt) => {
    const mapped = toLinearError(error, "create-issue", context);
    expect(mapped).toBeInstanceOf(IntegrationError);
    expect(mapped).toMatchObject({ service: "linear", operation: "create-issue", errorType });
    expect(mapped.retryAt).toEqual(retryAt);
  });

  it("keeps the HTTP status and the server's message, never the API key", () => {
    const error = sdkError(400, { message: `bad key ${KEY}`, type: "authentication error" });
    const mapped = toLinearError(error, "create-comment", context);
    expect(mapped).toMatchObject({ status: 400, code: "linear-auth", retryable: false });
    expect(mapped.message).toContain("bad key [REDACTED]");
    expect(mapped.message).not.toContain(KEY);
    expect(
      toLinearError(new Error("lin_api_otherkey123 leaked"), "x", context).message,
    ).not.toMatch(/lin_api_/);
  });

  it("passes an IntegrationError through", () => {
    const error = new IntegrationError({
      service: "linear",
      operation: "x",
      errorType: "server",
      message: "m",
    });
    expect(toLinearError(error, "y", context)).toBe(error);
  });
});

describe("rateLimitRetryAt", () => {
  const none = { retryAfter: undefined, requestsResetAt: undefined, complexityResetAt: undefined };
  it.each([
    ["retry-after seconds", { ...none, retryAfter: 12 }, later(12_000)],
    ["a reset in epoch ms", { ...none, requestsResetAt: NOW.getTime() + 5_000 }, later(5_000)],
    ["a reset in epoch s", { ...none, complexityResetAt: NOW.getTime() / 1000 + 7 }, later(7_000)],
    [
      "the later of two resets",
      { ...none, requestsResetAt: NOW.getTime() + 5_000, complexityResetAt: NOW.getTime() + 9_000 },
      later(9_000),
    ],
    [
      "a reset in the past: a minute",
      { ...none, requestsResetAt: NOW.getTime() - 1 },
      later(60_000),
    ],
    ["nothing: a minute", none, later(60_000)],
  ])("uses %s", (_name, error, expected) => {
    expect(rateLimitRetryAt(error, NOW)).toEqual(expected);
  });
});
