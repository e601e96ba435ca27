import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FakeGithub, startFakeGithub } from "../../../test/fakes/github-api.js";
import { IntegrationError } from "../../domain/errors.js";
import type { OutboxEntry } from "../../domain/types.js";
import { outboundConfigSchema } from "../../outbound/config.js";
import { Outbound } from "../../outbound/outbound.js";
import type { Logger } from "../../ports.js";
import { createGithubCiProvider, type GithubAuth } from "./index.js";

const NOW = new Date("2026-11-23T12:00:00Z");
const BIG_ID = "9007199254740993"; // 2^53 + 1: a JS number cannot hold it
const MAIN = "refs/heads/main";
const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };

let fake: FakeGithub;
beforeEach(async () => {
  fake = await startFakeGithub();
});
afterEach(async () => {
  await fake.close();
});

function setup(auth: GithubAuth = { token: "ghp_test" }, outbound?: Outbound) {
  const outbox: OutboxEntry[] = [];
  const provider = createGithubCiProvider({
    apiUrl: fake.url,
    timeoutMs: 5_000,
    auth,
    logger: silent,
    clock: { now: () => NOW },
    outbox: { addOutbox: async (e) => ({ id: String(outbox.push({ id: "", ...e })), ...e }) },
    outbound,
  });
  return { provider, outbox };
}

/** An Outbound without in-process retries, so a 500 surfaces at once. */
function singleAttemptOutbound(): Outbound {
  return new Outbound({
    config: outboundConfigSchema.parse({ inProcess: { attempts: 1 } }),
    clock: { now: () => NOW },
    random: () => 0,
    logger: silent,
  });
}

const keysOf = (repo: string) => fake.caches(repo).map((c) => `${c.ref} ${c.key}`);

describe("purgeCaches", () => {
  it("deletes exactly the caches of the ref whose key starts with a prefix", async () => {
    fake.addCache("acme/api", { id: 1, key: "npm-linux-abc", ref: MAIN, size: 10 });
    fake.addCache("acme/api", { id: 2, key: "pip-linux-abc", ref: MAIN });
    fake.addCache("acme/api", { id: 3, key: "gradle-x", ref: MAIN });
    fake.addCache("acme/api", { id: 4, key: "npm-linux-abc", ref: "refs/heads/dev" });
    fake.addCache("acme/api", { id: 5, key: "xnpm-", ref: MAIN });
    fake.addCache("acme/web", { id: 6, key: "npm-linux-abc", ref: MAIN });

    const result = await setup().provider.purgeCaches("acme/api", {
      ref: "main",
      keyPrefixes: ["npm-", "pip-"],
    });

    expect(result.mode).toBe("live");
    expect(result.kept).toBe(2);
    expect(result.deleted).toEqual([
      {
        id: "1",
        key: "npm-linux-abc",
        ref: MAIN,
        sizeInBytes: 10,
        lastAccessedAt: "2026-11-20T10:00:00Z",
      },
      expect.objectContaining({ id: "2", key: "pip-linux-abc" }),
    ]);
    expect(keysOf("acme/api")).toEqual([
      `${MAIN} gradle-x`,
      "refs/heads/dev npm-linux-abc",
      `${MAIN} xnpm-`,
    ]);
    expect(keysOf("acme/web")).toEqual([`${MAIN} npm-linux-abc`]);
    const list = fake.requests[0];
    expect(list?.path).toBe("/repos/acme/api/actions/caches?ref=refs%2Fheads%2Fmain&per_page=100");
    expect(fake.requests.slice(1).map((r) => `${r.method} ${r.path}`)).toEqual([
      "DELETE /repos/acme/api/actions/caches/1",
      "DELETE /repos/acme/api/actions/caches/2",
    ]);
  });

  it("lists every page when the ref has more than 100 caches", async () => {
    for (let i = 0; i < 230; i++) {
      const key = i % 10 === 0 ? `go-${i}` : `keep-${i}`;
      fake.addCache("acme/api", { id: 1000 + i, key, ref: MAIN });
    }
    const result = await setup().provider.purgeCaches("acme/api", {
      ref: MAIN,
      keyPrefixes: ["go-"],
    });
    expect(result.deleted).toHaveLength(23);
    expect(result.kept).toBe(207);
    expect(fake.requests.filter((r) => r.method === "GET")).toHaveLength(3);
    expect(fake.caches("acme/api").some((c) => c.key.startsWith("go-"))).toBe(false);
  });

  it('"all" deletes every cache of the ref and no other', async () => {
    fake.addCache("acme/api", { id: 1, key: "a", ref: MAIN });
    fake.addCache("acme/api", { id: 2, key: "b", ref: MAIN });
    fake.addCache("acme/api", { id: 3, key: "a", ref: "refs/pull/7/merge" });
    const result = await setup().provider.purgeCaches("acme/api", {
      ref: MAIN,
      keyPrefixes: "all",
    });
    expect(result.deleted.map((c) => c.id)).toEqual(["1", "2"]);
    expect(result.kept).toBe(0);
    expect(keysOf("acme/api")).toEqual(["refs/pull/7/merge a"]);
  });

  it("keeps cache ids beyond 2^53 as digit strings, in the result and the URL", async () => {
    fake.addCache("acme/api", { id: BIG_ID, key: "npm-big", ref: MAIN });
    const result = await setup().provider.purgeCaches("acme/api", {
      ref: MAIN,
      keyPrefixes: ["npm-"],
    });
    expect(result.deleted[0]?.id).toBe(BIG_ID);
    expect(fake.requests[1]?.path).toBe(`/repos/acme/api/actions/caches/${BIG_ID}`);
    expect(fake.caches("acme/api")).toEqual([]);
  });

  it("counts a cache that is already gone (404 on delete) as deleted", async () => {
    fake.addCache("acme/api", { id: 1, key: "npm-1", ref: MAIN });
    fake.addCache("acme/api", { id: 2, key: "npm-2", ref: MAIN });
    fake.failNext("/repos/acme/api/actions/caches/1", {
      status: 404,
      body: { message: "Not Found", documentation_url: "https://docs.github.com/rest" },
    });
    const result = await setup(undefined, singleAttemptOutbound()).provider.purgeCaches(
      "acme/api",
      { ref: MAIN, keyPrefixes: ["npm-"] },
    );
    expect(result.deleted.map((c) => c.id)).toEqual(["1", "2"]);
    expect(fake.caches("acme/api").map((c) => c.id)).toEqual(["1"]);
  });

  it("surfaces a 500 on delete as a mapped server error", async () => {
    fake.addCache("acme/api", { id: 1, key: "npm-1", ref: MAIN });
    fake.failNext("/repos/acme/api/actions/caches/1", { status: 500 });
    const purge = setup(undefined, singleAttemptOutbound()).provider.purgeCaches("acme/api", {
      ref: MAIN,
      keyPrefixes: ["npm-"],
    });
    const error = await purge.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IntegrationError);
    expect(error).toMatchObject({
      service: "github",
      operation: "delete-cache",
      errorType: "server",
      status: 500,
      retryable: true,
    });
    expect(fake.caches("acme/api")).toHaveLength(1);
  });

  it("rejects an empty prefix instead of deleting everything", async () => {
    fake.addCache("acme/api", { id: 1, key: "npm-1", ref: MAIN });
    const purge = setup().provider.purgeCaches("acme/api", { ref: MAIN, keyPrefixes: [""] });
    await expect(purge).rejects.toMatchObject({ errorType: "validation" });
    expect(fake.requests).toHaveLength(0);
  });

  it("records one outbox entry without credentials and never calls GitHub", async () => {
    fake.addCache("acme/api", { id: 1, key: "npm-1", ref: MAIN });
    const { provider, outbox } = setup(null);
    const result = await provider.purgeCaches("acme/api", { ref: "main", keyPrefixes: ["npm-"] });
    expect(result).toEqual({ mode: "outbox", deleted: [], kept: 0 });
    expect(outbox).toEqual([
      expect.objectContaining({
        at: NOW.toISOString(),
        destination: "github",
        operation: "purge-caches",
        payload: { repo: "acme/api", ref: MAIN, keyPrefixes: ["npm-"] },
        idempotencyKey: expect.stringMatching(/^github:purge-caches:acme\/api:[0-9a-f]{16}$/),
      }),
    ]);
    expect(fake.requests).toHaveLength(0);
  });
});

describe("dispatchWorkflow", () => {
  it("POSTs ref and inputs to the workflow's dispatches endpoint", async () => {
    const result = await setup().provider.dispatchWorkflow("acme/api", {
      workflow: "reset-env.yml",
      ref: "main",
      inputs: { incident: "inc-42", env: "staging" },
    });
    expect(result).toEqual({ mode: "live" });
    const request = fake.requests[0];
    expect(`${request?.method} ${request?.path}`).toBe(
      "POST /repos/acme/api/actions/workflows/reset-env.yml/dispatches",
    );
    expect(request?.json).toEqual({ ref: "main", inputs: { incident: "inc-42", env: "staging" } });
    expect(fake.dispatches).toEqual([
      {
        repo: "acme/api",
        workflow: "reset-env.yml",
        ref: "main",
        inputs: { incident: "inc-42", env: "staging" },
      },
    ]);
  });

  it("maps a 422 (workflow has no workflow_dispatch trigger) to validation", async () => {
    fake.failNext(/\/dispatches$/, {
      status: 422,
      body: { message: "Workflow does not have 'workflow_dispatch' trigger" },
    });
    const dispatch = setup().provider.dispatchWorkflow("acme/api", {
      workflow: "ci.yml",
      ref: "main",
      inputs: {},
    });
    await expect(dispatch).rejects.toMatchObject({ errorType: "validation", status: 422 });
    expect(fake.dispatches).toEqual([]);
  });

  it("records the dispatch in the outbox without credentials", async () => {
    const { provider, outbox } = setup(null);
    const input = { workflow: "reset-env.yml", ref: "main", inputs: { incident: "inc-42" } };
    expect(await provider.dispatchWorkflow("acme/api", input)).toEqual({ mode: "outbox" });
    expect(outbox).toEqual([
      expect.objectContaining({
        destination: "github",
        operation: "dispatch-workflow",
        payload: { repo: "acme/api", ...input },
      }),
    ]);
    expect(fake.requests).toHaveLength(0);
  });
});

describe("one destination", () => {
  it("registers github once and routes recovery calls through it", async () => {
    const outbound = singleAttemptOutbound();
    const { provider } = setup(undefined, outbound);
    await provider.dispatchWorkflow("acme/api", { workflow: "1234", ref: "main", inputs: {} });
    const names = outbound.snapshot().map((s) => s.destination);
    expect(names).toEqual(["github"]);
    expect(outbound.get("github")?.stats.attempts).toBe(1);
  });
});
