import { describe, expect, it } from "vitest";
import {
  errorTypeForStatus,
  retryAtFromHeaders,
  transportErrorType,
  transportIntegrationError,
} from "./http-errors.js";

/** Outbound error classification (issue 4 point 2): one table for every destination. */
describe("errorTypeForStatus", () => {
  // biome-ignore format: a table reads best as a table.
  it.each([
    [429, {}, "", "rate_limit"],
    [403, { "x-ratelimit-remaining": "0" }, "", "rate_limit"],
    [403, {}, "You have exceeded a secondary rate limit", "rate_limit"],
    [400, {}, 'Linear GraphQL error RATELIMITED: "Rate limit exceeded"', "rate_limit"],
    [400, {}, "Argument Validation Error", "validation"],
    [422, {}, "Unprocessable Entity", "validation"],
    [401, {}, "Bad credentials", "auth"],
    [403, {}, "Resource not accessible by integration", "auth"],
    [404, {}, "Not Found", "not_found"],
    [408, {}, "Request Timeout", "timeout"],
    [500, {}, "", "server"],
    [502, {}, "", "server"],
    [503, {}, "", "server"],
  ] as const)("%i %j %j → %s", (status, headers, message, expected) => {
    expect(errorTypeForStatus(status, headers, message)).toBe(expected);
  });
});

describe("retryAtFromHeaders", () => {
  const now = new Date("2026-11-23T10:00:00Z");
  it("reads Retry-After in seconds and as an HTTP date, and GitHub's x-ratelimit-reset", () => {
    expect(retryAtFromHeaders({ "retry-after": "2" }, now)).toEqual(
      new Date("2026-11-23T10:00:02Z"),
    );
    expect(retryAtFromHeaders({ "retry-after": "Mon, 23 Nov 2026 10:01:00 GMT" }, now)).toEqual(
      new Date("2026-11-23T10:01:00Z"),
    );
    const reset = Date.parse("2026-11-23T10:05:00Z") / 1000;
    expect(
      retryAtFromHeaders({ "x-ratelimit-remaining": "0", "x-ratelimit-reset": reset }, now),
    ).toEqual(new Date("2026-11-23T10:05:00Z"));
    expect(
      retryAtFromHeaders({ "x-ratelimit-remaining": "12", "x-ratelimit-reset": reset }, now),
    ).toBe(null);
  });
});

describe("transport errors", () => {
  const wrapped = (code: string) =>
    new TypeError("fetch failed", { cause: Object.assign(new Error(code), { code }) });
  // biome-ignore format: a table reads best as a table.
  it.each([
    ["ECONNRESET", "network"],
    ["ECONNREFUSED", "network"],
    ["ENOTFOUND", "network"],
    ["EAI_AGAIN", "network"],
    ["UND_ERR_SOCKET", "network"],
    ["ETIMEDOUT", "timeout"],
    ["UND_ERR_CONNECT_TIMEOUT", "timeout"],
  ])("%s inside fetch's TypeError → %s", (code, expected) => {
    expect(transportErrorType(wrapped(code))).toBe(expected);
  });

  it("an abort is a timeout; an unknown failure counts as network and is retryable", () => {
    expect(transportErrorType(new DOMException("aborted", "TimeoutError"))).toBe("timeout");
    const unknown = transportIntegrationError({
      service: "x",
      operation: "y",
      error: new Error("?"),
    });
    expect(unknown).toMatchObject({ errorType: "network", retryable: true });
  });
});
