import { createPublicKey, generateKeyPairSync, verify } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FakeGithub, startFakeGithub } from "../../../test/fakes/github-api.js";
import type { OutboxEntry } from "../../domain/types.js";
import type { Logger } from "../../ports.js";
import { createGithubCiProvider, type GithubAuth } from "./index.js";

const NOW = new Date("2026-11-23T12:00:00Z");
const BIG_ID = "9007199254740993"; // 2^53 + 1: a JS number cannot hold it
const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };

function setup(auth: GithubAuth, maxLogBytes?: number) {
  const outbox: OutboxEntry[] = [];
  const provider = createGithubCiProvider({
    apiUrl: fake.url,
    timeoutMs: 5_000,
    auth,
    maxLogBytes,
    logger: silent,
    clock: { now: () => NOW },
    outbox: { addOutbox: async (e) => ({ id: String(outbox.push({ id: "", ...e })), ...e }) },
  });
  return { provider, outbox };
}

let fake: FakeGithub;
beforeEach(async () => {
  fake = await startFakeGithub();
});
afterEach(async () => {
  await fake.close();
});

describe("listFailedJobs", () => {
  it("keeps failure, timed_out and startup_failure jobs, with string ids beyond 2^53", async () => {
    fake.addRun({
      repo: "acme/api",
      runId: "8812",
      jobs: [
        { id: BIG_ID, name: "test", conclusion: "failure", failedStep: "Run npm test" },
        { id: 1001, name: "lint", conclusion: "success" },
        { id: 1002, name: "e2e", conclusion: "timed_out" },
        { id: 1003, name: "deploy", conclusion: "cancelled" },
        { id: 1004, name: "gpu", conclusion: "startup_failure" },
      ],
    });
    const jobs = await setup({ token: "ghp_test" }).provider.listFailedJobs("acme/api", "8812");
    expect(jobs.map((j) => [j.jobId, j.conclusion])).toEqual([
      [BIG_ID, "failure"],
      ["1002", "timed_out"],
      ["1004", "startup_failure"],
    ]);
    expect(jobs[0]).toMatchObject({
      name: "test",
      failedStep: "Run npm test",
      url: `https://github.com/acme/api/actions/runs/8812/job/${BIG_ID}`,
      startedAt: "2026-11-20T10:00:00Z",
    });
    const request = fake.requests[0];
    expect(request?.path).toBe("/repos/acme/api/actions/runs/8812/jobs?filter=latest&per_page=100");
    expect(request?.headers["x-github-api-version"]).toBe("2022-11-28");
    expect(request?.headers["user-agent"]).toMatch(/^pitcrew /);
  });

  it("follows pagination and reads only the latest attempt", async () => {
    const many = Array.from({ length: 150 }, (_, i) => ({
      id: 5000 + i,
      name: `shard-${i}`,
      conclusion: i % 2 === 0 ? "failure" : "success",
    }));
    fake.addRun({
      repo: "acme/api",
      runId: 9,
      jobs: [{ id: 1, name: "old", conclusion: "failure" }],
    });
    fake.addRun({ repo: "acme/api", runId: 9, jobs: many });
    const jobs = await setup(null).provider.listFailedJobs("acme/api", "9");
    expect(jobs).toHaveLength(75);
    expect(jobs.some((j) => j.name === "old")).toBe(false);
    expect(fake.requests.map((r) => r.path)).toHaveLength(2);
    expect(fake.requests[0]?.headers.authorization).toBeUndefined();
  });
});

describe("fetchJobLog", () => {
  it("downloads the log through GitHub's 302", async () => {
    const log =
      "##[group]Run npm test\nError: expected 1 to be 2\n##[error]Process completed with exit code 1.\n";
    fake.addRun({
      repo: "acme/api",
      runId: 1,
      jobs: [{ id: BIG_ID, name: "t", conclusion: "failure", log }],
    });
    const text = await setup({ token: "ghp_test" }).provider.fetchJobLog("acme/api", BIG_ID);
    expect(text).toBe(log);
    expect(fake.requests.map((r) => r.path)).toEqual([
      `/repos/acme/api/actions/jobs/${BIG_ID}/logs`,
      `/_logs/${BIG_ID}`,
    ]);
  });

  it("keeps only the tail of a log larger than maxLogBytes", async () => {
    const log = `${"noise line\n".repeat(50_000)}FATAL: the real error\n`;
    fake.addRun({
      repo: "acme/api",
      runId: 1,
      jobs: [{ id: 7, name: "t", conclusion: "failure", log }],
    });
    const text = await setup(null, 1_000).provider.fetchJobLog("acme/api", "7");
    expect(Buffer.byteLength(text)).toBe(1_000);
    expect(text.endsWith("FATAL: the real error\n")).toBe(true);
  });
});

describe("rerunFailedJobs", () => {
  it("POSTs rerun-failed-jobs with the token and the API version", async () => {
    fake.addRun({
      repo: "acme/api",
      runId: "8812",
      jobs: [{ id: 1, name: "t", conclusion: "failure" }],
    });
    const result = await setup({ token: "ghp_secret" }).provider.rerunFailedJobs(
      "acme/api",
      "8812",
    );
    expect(result).toEqual({ mode: "live" });
    expect(fake.reruns).toEqual([{ repo: "acme/api", runId: "8812" }]);
    const post = fake.requests.find((r) => r.method === "POST");
    expect(post?.path).toBe("/repos/acme/api/actions/runs/8812/rerun-failed-jobs");
    expect(post?.headers.authorization).toBe("token ghp_secret");
    expect(post?.headers["x-github-api-version"]).toBe("2022-11-28");
  });

  it("without credentials records the re-run in the outbox and sends nothing", async () => {
    const { provider, outbox } = setup(null);
    expect(await provider.rerunFailedJobs("acme/api", "8812")).toEqual({ mode: "outbox" });
    expect(fake.requests).toEqual([]);
    expect(outbox).toEqual([
      {
        id: "",
        at: NOW.toISOString(),
        destination: "github",
        operation: "rerun-failed-jobs",
        payload: {
          repo: "acme/api",
          runId: "8812",
          method: "POST",
          path: "/repos/acme/api/actions/runs/8812/rerun-failed-jobs",
        },
        idempotencyKey: "github:rerun-failed-jobs:acme/api:8812",
      },
    ]);
  });

  it("as a GitHub App exchanges a signed JWT for an installation token once", async () => {
    const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const pem = privateKey.export({ type: "pkcs1", format: "pem" }).toString();
    fake.addRun({
      repo: "acme/api",
      runId: 3,
      jobs: [{ id: 1, name: "t", conclusion: "failure" }],
    });
    const { provider } = setup({ appId: 1234, privateKey: pem, installationId: 42 });
    await provider.rerunFailedJobs("acme/api", "3");
    await provider.listFailedJobs("acme/api", "3");

    const exchanges = fake.requests.filter((r) => r.path === "/app/installations/42/access_tokens");
    expect(exchanges).toHaveLength(1);
    const jwt = String(exchanges[0]?.headers.authorization).replace(/^bearer /i, "");
    const [header, payload, signature] = jwt.split(".") as [string, string, string];
    const signed = verify(
      "RSA-SHA256",
      Buffer.from(`${header}.${payload}`),
      createPublicKey(publicKey.export({ type: "spki", format: "pem" })),
      Buffer.from(signature, "base64url"),
    );
    expect(signed).toBe(true);
    expect(JSON.parse(Buffer.from(payload, "base64url").toString()).iss).toBe(1234);
    const calls = fake.requests.filter((r) => r.path.startsWith("/repos/"));
    expect(calls.map((r) => r.headers.authorization)).toEqual([
      expect.stringMatching(/^token ghs_/),
      expect.stringMatching(/^token ghs_/),
    ]);
    expect(fake.reruns).toEqual([{ repo: "acme/api", runId: "3" }]);
  });
});
