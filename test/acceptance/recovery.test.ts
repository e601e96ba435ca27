import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { verifyPitcrewSignature } from "../../src/http/signatures.js";
import { closeServer, listenLocal, readBody } from "../fakes/faults.js";
import { type FakeGithub, startFakeGithub } from "../fakes/github-api.js";
import { eintegrityLog, helmRolloutLog } from "../fixtures/logs/index.js";
import { exampleRun, workflowRunPayload } from "../fixtures/webhooks/workflow-run.js";
import { githubSecret, postGithub } from "../support/deliveries.js";
import { startTestRuntime, type TestRuntime } from "../support/test-runtime.js";

let fake: FakeGithub;
let runtime: TestRuntime;
const servers: Server[] = [];
afterEach(async () => {
  await runtime?.stop();
  await fake?.close();
  for (const server of servers.splice(0)) await closeServer(server);
});

const { repo, runId } = exampleRun;
const master = "refs/heads/master";
const other = "refs/heads/feature/login";

/** Starts the fake GitHub and the app; `config` is written as the PITCREW_CONFIG yaml. */
async function start(options: { config?: string; env?: Record<string, string> } = {}) {
  fake = await startFakeGithub();
  const env: Record<string, string> = {
    GITHUB_WEBHOOK_SECRET: githubSecret,
    GITHUB_API_URL: fake.url,
    GITHUB_TOKEN: "ghp_testtoken",
    ...options.env,
  };
  if (options.config) {
    const file = join(mkdtempSync(join(tmpdir(), "pitcrew-cfg-")), "pitcrew.yaml");
    writeFileSync(file, options.config);
    env.PITCREW_CONFIG = file;
  }
  runtime = await startTestRuntime(env);
}

/** node/npm caches on master, a pip cache on master, node caches of another branch. */
function seedCaches() {
  fake.addCache(repo, { id: 101, key: "node-cache-Linux-x64-npm-5d3c1b0a", ref: master });
  fake.addCache(repo, { id: 102, key: "npm-deps-Linux-9f8e7d6c", ref: master });
  fake.addCache(repo, { id: 103, key: "node-modules-Linux-1a2b3c4d", ref: master });
  fake.addCache(repo, { id: 104, key: "pip-Linux-3.12-0c9b8a7f", ref: master });
  fake.addCache(repo, { id: 201, key: "node-cache-Linux-x64-npm-5d3c1b0a", ref: other });
  fake.addCache(repo, { id: 202, key: "npm-deps-Linux-e5d4c3b2", ref: other });
}

/** Attempt `attempt` of the example run: its `build` job (and `jobs` - 1 more) failed with `log`. */
async function fail(attempt: number, log = eintegrityLog, jobs = 1) {
  fake.addRun({
    repo,
    runId,
    headBranch: "master",
    jobs: ["build", "test", "lint"].slice(0, jobs).map((name, i) => ({
      id: 8000 + attempt * 10 + i,
      name,
      conclusion: "failure",
      log,
      failedStep: "Run npm ci",
    })),
  });
  const posted = await postGithub(
    runtime.url,
    workflowRunPayload({ conclusion: "failure", attempt }),
    { delivery: `d-fail-${attempt}` },
  );
  expect(posted.status).toBe(202);
  await runtime.app.worker.runDue();
}

async function pass(attempt: number) {
  const posted = await postGithub(
    runtime.url,
    workflowRunPayload({ conclusion: "success", attempt }),
    { delivery: `d-pass-${attempt}` },
  );
  expect(posted.status).toBe(202);
  await runtime.app.worker.runDue();
}

const rerunPosts = () =>
  fake.requests.filter((r) => r.method === "POST" && r.path.endsWith("/rerun-failed-jobs"));
const cacheDeletes = () =>
  fake.requests.filter((r) => r.method === "DELETE" && r.path.includes("/actions/caches"));
const remaining = () => fake.caches(repo).map((c) => `${c.ref} ${c.key}`);
const auditKinds = async (id: string) =>
  (await runtime.backend.store.listAudit(id)).map((e) => `${e.kind}:${e.rule}`);

describe("acceptance: recover rung — clear the failing ecosystem's caches, then re-run", () => {
  it("purges only master's node/npm caches, re-runs once, and resolves as auto-recovered", async () => {
    await start();
    seedCaches();

    await fail(1);

    expect(remaining()).toEqual([
      `${master} pip-Linux-3.12-0c9b8a7f`,
      `${other} node-cache-Linux-x64-npm-5d3c1b0a`,
      `${other} npm-deps-Linux-e5d4c3b2`,
    ]);
    expect(cacheDeletes()).toHaveLength(3);
    // The repair re-runs the run itself; no plain retry besides it, now or later.
    expect(rerunPosts().map((r) => r.path)).toEqual([
      `/repos/${repo}/actions/runs/${runId}/rerun-failed-jobs`,
    ]);
    runtime.clock.advance(60 * 60_000);
    await runtime.app.worker.runDue();
    expect(rerunPosts()).toHaveLength(1);
    expect(await runtime.backend.store.listActions({ kind: "retry" })).toEqual([]);

    const incident = await runtime.backend.store.getIncident("PC-1");
    expect(incident).toMatchObject({
      status: "recovering",
      branch: "master",
      classification: {
        type: "dependency_install",
        ruleId: "dependency-cache-corrupt",
        suggestedAction: "clear_cache",
      },
    });
    expect(incident?.recoveries).toHaveLength(1);
    const [recovery] = incident?.recoveries ?? [];
    expect(recovery).toMatchObject({
      strategy: "clear_cache",
      runId,
      outcome: "pending",
      outcomeEventId: null,
      details: { deleted: 3, kept: 1, branch: "master", rerunRunId: runId },
    });
    expect(recovery?.ranAt).toEqual(expect.any(String));
    expect(incident?.decisions.map((d) => `${d.rung}:${d.kind}:${d.rule}`)).toEqual([
      "retry:ignore:retry.types",
      "recover:clear_cache:recover.clear_cache",
    ]);
    expect(await runtime.backend.store.listActions({ kind: "clear_cache" })).toMatchObject([
      { status: "succeeded", mode: "live", runId, params: { ecosystem: "node" } },
    ]);

    runtime.clock.advance(5 * 60_000);
    await pass(2);

    const resolved = await runtime.backend.store.getIncident("PC-1");
    expect(resolved).toMatchObject({ status: "resolved", resolution: "auto-recovered" });
    expect(resolved?.recoveries).toMatchObject([
      { strategy: "clear_cache", outcome: "succeeded", outcomeEventId: expect.any(String) },
    ]);
    expect(resolved?.decisions.at(-1)?.reason).toMatch(/passed after pitcrew's clear_cache/);
    expect(await auditKinds("PC-1")).toEqual(
      expect.arrayContaining([
        "action.succeeded:act.recover",
        "incident.resolved:resolve.auto-recovered",
        "recovery.succeeded:recover.clear_cache.outcome",
      ]),
    );

    const response = await fetch(`${runtime.url}/api/recoveries`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      items: [
        {
          strategy: "clear_cache",
          tried: 1,
          succeeded: 1,
          failed: 0,
          pending: 0,
          successRate: 1,
        },
      ],
    });
  });

  it("records a repair that did not help as failed and never tries that strategy again", async () => {
    await start();
    seedCaches();

    await fail(1);
    expect(cacheDeletes()).toHaveLength(3);
    // The re-run saves fresh caches; a second purge would delete them again.
    fake.addCache(repo, { id: 105, key: "node-cache-Linux-x64-npm-5d3c1b0a", ref: master });
    fake.addCache(repo, { id: 106, key: "npm-deps-Linux-9f8e7d6c", ref: master });

    runtime.clock.advance(5 * 60_000);
    await fail(2);
    runtime.clock.advance(60 * 60_000);
    await runtime.app.worker.runDue();

    const incident = await runtime.backend.store.getIncident("PC-1");
    expect(incident?.count).toBe(2);
    expect(incident?.recoveries).toMatchObject([
      { strategy: "clear_cache", outcome: "failed", outcomeEventId: expect.any(String) },
    ]);
    expect(incident?.status).not.toBe("recovering");
    expect(await auditKinds("PC-1")).toContain("recovery.failed:recover.clear_cache.outcome");
    expect(cacheDeletes()).toHaveLength(3);
    expect(remaining()).toContain(`${master} node-cache-Linux-x64-npm-5d3c1b0a`);
    expect(rerunPosts()).toHaveLength(1);
    expect(await runtime.backend.store.listActions({ kind: "clear_cache" })).toHaveLength(1);
    expect(incident?.decisions.filter((d) => d.rung === "recover")).toHaveLength(1);

    // A third failure does not bring it back either.
    runtime.clock.advance(5 * 60_000);
    await fail(3);
    expect(cacheDeletes()).toHaveLength(3);
    expect(await runtime.backend.store.listActions({ kind: "clear_cache" })).toHaveLength(1);

    const stats = (await (await fetch(`${runtime.url}/api/recoveries`)).json()) as {
      items: unknown[];
    };
    expect(stats.items).toEqual([
      { strategy: "clear_cache", tried: 1, succeeded: 0, failed: 1, pending: 0, successRate: 0 },
    ]);
  });
});

describe("acceptance: recover rung — repairs that cannot tell or cannot run", () => {
  it("leaves the incident open, not recovering, once its repair did not help", async () => {
    await start({ config: "escalation:\n  codegen:\n    enabled: false\n" });
    seedCaches();
    await fail(1);
    expect(await runtime.backend.store.getIncident("PC-1")).toMatchObject({ status: "recovering" });

    runtime.clock.advance(5 * 60_000);
    await fail(2);

    const incident = await runtime.backend.store.getIncident("PC-1");
    expect(incident?.recoveries).toMatchObject([{ strategy: "clear_cache", outcome: "failed" }]);
    expect(incident?.status).toBe("open");
  });

  it("shares one purge and one re-run among the failed jobs of a run", async () => {
    await start();
    seedCaches();

    await fail(1, eintegrityLog, 3);

    expect(rerunPosts()).toHaveLength(1);
    expect(cacheDeletes()).toHaveLength(3);
    const actions = await runtime.backend.store.listActions({ kind: "clear_cache" });
    expect(actions).toMatchObject([{ status: "succeeded", mode: "live" }]);
    expect([...(actions[0]?.incidentIds ?? [])].sort()).toEqual(["PC-1", "PC-2", "PC-3"]);
    for (const id of ["PC-1", "PC-2", "PC-3"]) {
      const incident = await runtime.backend.store.getIncident(id);
      expect(incident?.recoveries).toMatchObject([
        { strategy: "clear_cache", actionId: actions[0]?.id, outcome: "pending" },
      ]);
      expect(incident?.recoveries[0]?.ranAt).toEqual(expect.any(String));
    }

    runtime.clock.advance(5 * 60_000);
    await pass(2);
    for (const id of ["PC-1", "PC-2", "PC-3"]) {
      expect(await runtime.backend.store.getIncident(id)).toMatchObject({
        status: "resolved",
        resolution: "auto-recovered",
        recoveries: [{ outcome: "succeeded" }],
      });
    }
    const stats = (await (await fetch(`${runtime.url}/api/recoveries`)).json()) as {
      items: unknown[];
    };
    expect(stats.items).toEqual([
      { strategy: "clear_cache", tried: 3, succeeded: 3, failed: 0, pending: 0, successRate: 1 },
    ]);
  });

  it("settles a repair whose action died as failed, so it blocks nothing", async () => {
    await start({ config: "escalation:\n  codegen:\n    enabled: false\n" });
    seedCaches();
    const rerunPath = `/repos/${repo}/actions/runs/${runId}/rerun-failed-jobs`;
    fake.failNext(rerunPath, { status: 422, body: { message: "Validation Failed" } });

    await fail(1);

    expect(await runtime.backend.store.listActions({ kind: "clear_cache" })).toMatchObject([
      { status: "dead" },
    ]);
    const incident = await runtime.backend.store.getIncident("PC-1");
    expect(incident?.status).toBe("open");
    expect(incident?.recoveries).toMatchObject([
      {
        strategy: "clear_cache",
        ranAt: null,
        outcome: "failed",
        details: { error: expect.stringMatching(/422/) },
      },
    ]);

    // A pass afterwards is not the dead repair's success.
    runtime.clock.advance(5 * 60_000);
    await pass(2);
    expect(await runtime.backend.store.getIncident("PC-1")).toMatchObject({
      status: "resolved",
      resolution: "passed",
    });
  });

  it("forgets a repair skipped because a newer pass resolved its incident first", async () => {
    await start();
    seedCaches();
    const listPath = `/repos/${repo}/actions/caches`;
    for (let i = 0; i < 10; i += 1) fake.failNext(listPath, { status: 502 });

    await fail(1);
    expect(await runtime.backend.store.listActions({ kind: "clear_cache" })).toMatchObject([
      { status: "failed" },
    ]);
    await pass(2);
    runtime.clock.advance(60 * 60_000);
    await runtime.app.worker.runDue();

    expect(await runtime.backend.store.listActions({ kind: "clear_cache" })).toMatchObject([
      { status: "skipped" },
    ]);
    expect(await runtime.backend.store.getIncident("PC-1")).toMatchObject({
      status: "resolved",
      resolution: "passed",
      recoveries: [],
    });
    expect(rerunPosts()).toHaveLength(0);
    expect(fake.caches(repo)).toHaveLength(6);
    const stats = (await (await fetch(`${runtime.url}/api/recoveries`)).json()) as {
      items: unknown[];
    };
    expect(stats.items).toEqual([]);
  });

  it("does not claim a repair that only went to the outbox (no GITHUB_TOKEN)", async () => {
    await start({ env: { GITHUB_TOKEN: "" } });
    seedCaches();

    await fail(1);

    expect(rerunPosts()).toHaveLength(0);
    expect(fake.caches(repo)).toHaveLength(6);
    expect(
      (await runtime.backend.store.listOutbox()).map((e) => `${e.destination}:${e.operation}`),
    ).toEqual(["github:purge-caches", "github:rerun-failed-jobs"]);
    const incident = await runtime.backend.store.getIncident("PC-1");
    expect(incident?.status).toBe("open");
    expect(incident?.recoveries).toEqual([]);

    runtime.clock.advance(5 * 60_000);
    await pass(2);
    expect(await runtime.backend.store.getIncident("PC-1")).toMatchObject({
      status: "resolved",
      resolution: "passed",
    });
    const stats = (await (await fetch(`${runtime.url}/api/recoveries`)).json()) as {
      items: unknown[];
    };
    expect(stats.items).toEqual([]);
  });
});

describe("acceptance: reset rung — purge every cache of the branch and page, once", () => {
  it("purges all of master's caches and pages at the third failure, and not again at the fourth", async () => {
    await start({ config: "escalation:\n  reset:\n    atFailures: 3\n" });
    seedCaches();

    await fail(1);
    runtime.clock.advance(5 * 60_000);
    await fail(2);
    fake.addCache(repo, { id: 107, key: "gradle-Linux-77aa", ref: master });
    fake.addCache(repo, { id: 108, key: "node-cache-Linux-x64-npm-5d3c1b0a", ref: master });
    expect(await runtime.backend.store.listOutbox()).not.toContainEqual(
      expect.objectContaining({ destination: "email", operation: "page" }),
    );

    runtime.clock.advance(5 * 60_000);
    await fail(3);

    expect(remaining()).toEqual([
      `${other} node-cache-Linux-x64-npm-5d3c1b0a`,
      `${other} npm-deps-Linux-e5d4c3b2`,
    ]);
    const pages = async () =>
      (await runtime.backend.store.listOutbox()).filter(
        (e) => e.destination === "email" && e.operation === "page",
      );
    expect(await pages()).toMatchObject([
      { payload: { urgent: true, incident: "PC-1", reason: expect.stringMatching(/failed 3/) } },
    ]);
    const incident = await runtime.backend.store.getIncident("PC-1");
    expect(incident?.decisions.filter((d) => d.rung === "reset").map((d) => d.rule)).toEqual([
      "reset.purge-caches",
      "reset.page",
    ]);
    expect(incident?.escalationLevel).toBe(4);
    expect(incident?.recoveries.map((r) => r.strategy)).toEqual(["clear_cache", "reset"]);
    // The top rung repairs and pages; it starts no run of its own.
    expect(rerunPosts()).toHaveLength(1);
    const deletesAfterReset = cacheDeletes().length;

    fake.addCache(repo, { id: 109, key: "node-cache-Linux-x64-npm-5d3c1b0a", ref: master });
    runtime.clock.advance(5 * 60_000);
    await fail(4);
    runtime.clock.advance(60 * 60_000);
    await runtime.app.worker.runDue();

    expect(await pages()).toHaveLength(1);
    expect(cacheDeletes()).toHaveLength(deletesAfterReset);
    expect(remaining()).toContain(`${master} node-cache-Linux-x64-npm-5d3c1b0a`);
    const after = await runtime.backend.store.getIncident("PC-1");
    expect(after?.count).toBe(4);
    expect(after?.decisions.filter((d) => d.rung === "reset")).toHaveLength(2);
    expect(await runtime.backend.store.listActions({ kind: "clear_cache" })).toHaveLength(2);
  });
});

describe("acceptance: recover rung — a runbook", () => {
  it("POSTs the incident, signed, to the configured runbook for a deployment failure", async () => {
    const received: { headers: IncomingHttpHeaders; raw: Buffer }[] = [];
    const server = createServer((req, res) => {
      readBody(req).then((text) => {
        received.push({ headers: req.headers, raw: Buffer.from(text, "utf8") });
        res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
      });
    });
    servers.push(server);
    const runbookUrl = `${await listenLocal(server)}/hooks/restart`;
    // No built-in rule says `deployment`: a rule directory of the operator's own adds one.
    const rulesDir = mkdtempSync(join(tmpdir(), "pitcrew-rules-"));
    mkdirSync(rulesDir, { recursive: true });
    writeFileSync(
      join(rulesDir, "deploy.yaml"),
      [
        "rules:",
        "  - id: helm-rollout-failed",
        "    patterns:",
        "      - '^Error: UPGRADE FAILED: (?:context deadline exceeded|timed out waiting for the condition)'",
        "    type: deployment",
        "    category: transient",
        "    retryable: false",
        "    suggestedAction: escalate",
        "    confidence: 0.8",
        "    priority: 60",
        "",
      ].join("\n"),
    );
    await start({
      env: { RUNBOOK_SECRET: "runbook-secret-for-tests" },
      config: [
        "classifier:",
        `  rulesDirs: [${JSON.stringify(rulesDir)}]`,
        "escalation:",
        "  recover:",
        "    runbooks:",
        "      - name: restart",
        '        repo: "**"',
        "        environment: null",
        "        types: [deployment]",
        `        url: ${JSON.stringify(runbookUrl)}`,
        "        secretEnv: RUNBOOK_SECRET",
        "",
      ].join("\n"),
    });

    await fail(1, helmRolloutLog);

    expect(received).toHaveLength(1);
    const [call] = received;
    const signature = String(call?.headers["x-pitcrew-signature"]);
    const raw = call?.raw ?? Buffer.alloc(0);
    expect(verifyPitcrewSignature("runbook-secret-for-tests", raw, signature)).toBe(true);
    expect(verifyPitcrewSignature("another-secret", raw, signature)).toBe(false);
    expect(JSON.parse(raw.toString("utf8"))).toMatchObject({
      kind: "pitcrew.runbook",
      runbook: "restart",
      incident: { id: "PC-1", repo, job: "build", branch: "master", lastRunId: runId },
      classification: { type: "deployment", ruleId: "helm-rollout-failed" },
    });

    const incident = await runtime.backend.store.getIncident("PC-1");
    expect(incident).toMatchObject({ status: "recovering" });
    expect(incident?.recoveries).toMatchObject([
      { strategy: "runbook", runId: null, outcome: "pending", details: { status: 200 } },
    ]);
    expect(incident?.recoveries[0]?.ranAt).toEqual(expect.any(String));
    // A runbook call re-runs nothing by itself, and deletes no cache.
    expect(rerunPosts()).toHaveLength(0);
    expect(cacheDeletes()).toHaveLength(0);

    runtime.clock.advance(60 * 60_000);
    await runtime.app.worker.runDue();
    expect(received).toHaveLength(1);
  });
});
