import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  type FakeFailure,
  type FakeGithub,
  startFakeGithub,
} from "../../../test/fakes/github-api.js";
import { IntegrationError } from "../../domain/errors.js";
import type { Logger } from "../../ports.js";
import { createGithubCiProvider, type GithubAuth } from "./index.js";

const NOW = new Date("2026-11-23T12:00:00Z");
const TOKEN = "ghp_TopSecretToken123";
const RERUN_PATH = "/repos/acme/api/actions/runs/8812/rerun-failed-jobs";
const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };

function provider(apiUrl: string, auth: GithubAuth = { token: TOKEN }, timeoutMs = 5_000) {
  return createGithubCiProvider({
    apiUrl,
    timeoutMs,
    auth,
    logger: silent,
    clock: { now: () => NOW },
    outbox: { addOutbox: async (e) => ({ id: "1", ...e }) },
  });
}

async function rerunError(apiUrl: string, timeoutMs?: number): Promise<IntegrationError> {
  const error = await provider(apiUrl, { token: TOKEN }, timeoutMs)
    .rerunFailedJobs("acme/api", "8812")
    .then(
      () => null,
      (e: unknown) => e,
    );
  expect(error).toBeInstanceOf(IntegrationError);
  return error as IntegrationError;
}

let fake: FakeGithub;
beforeEach(async () => {
  fake = await startFakeGithub();
  fake.addRun({
    repo: "acme/api",
    runId: 8812,
    jobs: [{ id: 1, name: "t", conclusion: "failure" }],
  });
});
afterEach(async () => {
  await fake.close();
});

describe("error mapping", () => {
  const reset = String(NOW.getTime() / 1000 + 900);
  const cases: [string, FakeFailure, Partial<IntegrationError>][] = [
    ["500", { status: 500 }, { errorType: "server", retryable: true, status: 500, retryAt: null }],
    [
      "429 + retry-after",
      { status: 429, headers: { "retry-after": "30" } },
      { errorType: "rate_limit", retryable: true, retryAt: new Date(NOW.getTime() + 30_000) },
    ],
    [
      "403 + x-ratelimit-remaining 0",
      { status: 403, headers: { "x-ratelimit-remaining": "0", "x-ratelimit-reset": reset } },
      { errorType: "rate_limit", retryAt: new Date(Number(reset) * 1000) },
    ],
    [
      "403 secondary rate limit without headers",
      { status: 403, body: { message: "You have exceeded a secondary rate limit." } },
      { errorType: "rate_limit", retryAt: new Date(NOW.getTime() + 60_000) },
    ],
    ["401", { status: 401 }, { errorType: "auth", retryable: false, status: 401 }],
    ["403 without rate limit", { status: 403 }, { errorType: "auth", retryable: false }],
    ["404", { status: 404 }, { errorType: "not_found", retryable: false }],
    ["422", { status: 422 }, { errorType: "validation", retryable: false }],
    ["connection reset", "reset", { errorType: "network", retryable: true, status: null }],
  ];

  it.each(cases)("%s", async (_name, failure, expected) => {
    fake.failNext(RERUN_PATH, failure);
    const error = await rerunError(fake.url);
    expect(error).toMatchObject({ service: "github", operation: "rerun-failed-jobs", ...expected });
  });

  it("times out a request that never answers", async () => {
    fake.failNext(RERUN_PATH, "hang");
    const started = Date.now();
    const error = await rerunError(fake.url, 300);
    expect(error).toMatchObject({ errorType: "timeout", retryable: true });
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it("maps a refused connection to network", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const error = await rerunError(`http://127.0.0.1:${port}`);
    expect(error).toMatchObject({ errorType: "network" });
    expect(error.message).toMatch(/ECONNREFUSED/);
  });

  it("maps errors of reads too, and an unknown job is not_found", async () => {
    const error = await provider(fake.url)
      .fetchJobLog("acme/api", "424242")
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ errorType: "not_found", operation: "fetch-job-log" });
  });

  it("never puts the token in the message", async () => {
    fake.failNext(RERUN_PATH, { status: 401, body: { message: `Bad credentials: ${TOKEN}` } });
    const error = await rerunError(fake.url);
    expect(error.errorType).toBe("auth");
    expect(error.message).not.toContain(TOKEN);
    expect(error.message).toContain("[REDACTED]");
  });

  it("rejects malformed input without calling GitHub", async () => {
    const error = await provider(fake.url)
      .listFailedJobs("not-a-repo", "1")
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ errorType: "validation" });
    expect(fake.requests).toEqual([]);
  });
});
