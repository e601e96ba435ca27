import { webApi } from "@slack/bolt";
import { describe, expect, it } from "vitest";
import { IntegrationError } from "../../domain/errors.js";
import { platformErrorType, scrub, toSlackError } from "./errors.js";

const now = new Date("2026-11-23T12:00:00Z");
const token = "xoxb-1234-secret-token";
const map = (error: unknown) => toSlackError(error, "chat.postMessage", { now, secrets: [token] });
const platform = (error: string) =>
  new webApi.WebAPIPlatformError({ ok: false, error, response_metadata: {} });

describe("toSlackError", () => {
  it("maps the WebClient's rate-limit error to rate_limit at now + Retry-After", () => {
    const error = map(new webApi.WebAPIRateLimitedError(7));
    expect(error).toMatchObject({ service: "slack", errorType: "rate_limit", status: 429 });
    expect(error.retryAt).toEqual(new Date(now.getTime() + 7000));
  });

  it("maps HTTP errors by status", () => {
    expect(map(new webApi.WebAPIHTTPError(503, "Service Unavailable", {}, ""))).toMatchObject({
      errorType: "server",
      status: 503,
    });
    expect(map(new webApi.WebAPIHTTPError(500, "x", {}, "")).errorType).toBe("server");
    expect(map(new webApi.WebAPIHTTPError(404, "x", {}, "")).errorType).toBe("not_found");
  });

  it.each([
    ["ratelimited", "rate_limit"],
    ["invalid_auth", "auth"],
    ["not_authed", "auth"],
    ["account_inactive", "auth"],
    ["token_revoked", "auth"],
    ["missing_scope", "auth"],
    ["channel_not_found", "not_found"],
    ["message_not_found", "not_found"],
    ["internal_error", "server"],
    ["invalid_blocks", "validation"],
    ["msg_blocks_too_long", "validation"],
    ["cant_update_message", "validation"],
  ])("maps platform error %s to %s", (code, type) => {
    expect(platformErrorType(code)).toBe(type);
    expect(map(platform(code))).toMatchObject({ errorType: type, status: 200 });
  });

  it("says what Slack said about invalid blocks", () => {
    const error = map(
      new webApi.WebAPIPlatformError({
        ok: false,
        error: "invalid_blocks",
        response_metadata: { messages: ["[ERROR] must provide at most 50 items"] },
      }),
    );
    expect(error.message).toContain("invalid_blocks ([ERROR] must provide at most 50 items)");
  });

  it("maps request errors to network or timeout from the cause chain", () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), {
      code: "ECONNREFUSED",
    });
    const fetchFailed = new TypeError("fetch failed", { cause: refused });
    expect(map(new webApi.WebAPIRequestError(fetchFailed)).errorType).toBe("network");
    const timedOut = new DOMException("The operation was aborted due to timeout", "TimeoutError");
    expect(map(new webApi.WebAPIRequestError(timedOut)).errorType).toBe("timeout");
    expect(map(new webApi.WebAPIRequestError(new Error("socket hang up"))).errorType).toBe(
      "network",
    );
  });

  it("maps a 429 without a usable Retry-After to rate_limit without retryAt", () => {
    const error = map(new Error("Retry header did not contain a valid timeout (url: x)"));
    expect(error).toMatchObject({ errorType: "rate_limit", retryAt: null });
  });

  it("passes IntegrationErrors through and never leaks the token", () => {
    const own = new IntegrationError({
      service: "slack",
      operation: "x",
      errorType: "server",
      message: "m",
    });
    expect(map(own)).toBe(own);
    const error = map(new Error(`bad header Authorization: Bearer ${token}`));
    expect(error.message).not.toContain(token);
    expect(error.errorType).toBe("validation");
  });
});

describe("scrub", () => {
  it("removes given secrets and any Slack token shape", () => {
    expect(scrub("a xoxb-1-2-abc b xapp-1-A1-xyz c", [])).toBe("a [REDACTED] b [REDACTED] c");
    expect(scrub("t=s3cr3t!", ["s3cr3t!"])).toBe("t=[REDACTED]");
  });
});
