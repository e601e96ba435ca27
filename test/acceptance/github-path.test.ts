import { afterEach, describe, expect, it } from "vitest";
import { type FakeGithub, startFakeGithub } from "../fakes/github-api.js";
import { jestLog, networkLog } from "../fixtures/logs/index.js";
import { exampleRun, workflowRunPayload } from "../fixtures/webhooks/workflow-run.js";
import { githubSecret, postGithub } from "../support/deliveries.js";
import { startTestRuntime, type TestRuntime } from "../support/test-runtime.js";
import { outboxWithoutNotices, pendingWork } from "../support/work.js";

let fake: FakeGithub;
let runtime: TestRuntime;
afterEach(async () => {
  await runtime?.stop();
  await fake?.close();
});

async function start(options: { token?: boolean } = {}) {
  fake = await startFakeGithub();
  runtime = await startTestRuntime({
    GITHUB_WEBHOOK_SECRET: githubSecret,
    GITHUB_API_URL: fake.url,
    ...(options.token === false ? {} : { GITHUB_TOKEN: "ghp_testtoken" }),
  });
}

const failure = (attempt = 1) => workflowRunPayload({ conclusion: "failure", attempt });
const rerunPosts = () =>
  fake.requests.filter((r) => r.method === "POST" && r.path.endsWith("/rerun-failed-jobs"));

describe("acceptance: GitHub workflow_run → classified incident → re-run → resolved", () => {
  it("re-runs a transient failure after the backoff and resolves it as auto-recovered", async () => {
    await start();
    fake.addRun({
      repo: exampleRun.repo,
      runId: exampleRun.runId,
      jobs: [
        {
          // Above 2^53: Octokit parses it as a bigint; it must survive as an exact string.
          id: 9007199254740993n,
          name: "build",
          conclusion: "failure",
          log: networkLog,
          failedStep: "Run npm ci",
        },
      ],
    });

    const accepted = await postGithub(runtime.url, failure(), { delivery: "d-1" });

    expect(accepted).toMatchObject({ status: 202, body: { status: "accepted" } });
    // Persisted and queued before the 2xx: the event and its job are there before any work ran.
    expect(await runtime.backend.store.getEvent(String(accepted.body.eventId))).toMatchObject({
      runId: exampleRun.runId,
      conclusion: "failure",
    });
    expect(await pendingWork(runtime.backend.queue)).toBe(1);

    await runtime.app.worker.runDue();

    expect(fake.requests.map((r) => `${r.method} ${r.path.split("?")[0]}`)).toEqual(
      expect.arrayContaining([
        `GET /repos/${exampleRun.repo}/actions/runs/${exampleRun.runId}/jobs`,
        `GET /repos/${exampleRun.repo}/actions/jobs/9007199254740993/logs`,
      ]),
    );
    const [incident] = await runtime.backend.store.listIncidents();
    expect(incident).toMatchObject({
      id: "PC-1",
      status: "retrying",
      job: "build",
      repo: exampleRun.repo,
      branch: "master",
    });
    expect(incident?.classification).toMatchObject({ type: "network", retryable: true });
    expect(incident?.classification.evidence[0]?.text).toMatch(/ECONNRESET/);
    expect(incident?.decisions).toMatchObject([{ kind: "retry", rule: "retry.transient" }]);

    // random() is pinned to 0.5, so the first re-run waits 0.5 × 30 s = 15 s.
    runtime.clock.advance(14_999);
    await runtime.app.worker.runDue();
    expect(rerunPosts()).toHaveLength(0);
    runtime.clock.advance(1);
    await runtime.app.worker.runDue();
    expect(rerunPosts()).toHaveLength(1);
    expect(rerunPosts()[0]?.headers.authorization).toBe("token ghp_testtoken");

    const again = await postGithub(runtime.url, failure(), { delivery: "d-1" });
    expect(again).toMatchObject({ status: 200, body: { status: "duplicate" } });
    expect(await pendingWork(runtime.backend.queue)).toBe(0);

    runtime.clock.advance(120_000);
    const success = await postGithub(
      runtime.url,
      workflowRunPayload({ conclusion: "success", attempt: 2 }),
      { delivery: "d-2" },
    );
    expect(success.status).toBe(202);
    await runtime.app.worker.runDue();

    const resolved = await runtime.backend.store.getIncident("PC-1");
    expect(resolved).toMatchObject({
      status: "resolved",
      resolution: "auto-recovered",
      timeToResolveMs: 135_000,
    });
    expect(rerunPosts()).toHaveLength(1);
    const audit = (await runtime.backend.store.listAudit("PC-1")).map(
      (entry) => `${entry.kind}:${entry.rule}`,
    );
    expect(audit).toEqual([
      `incident.opened:${incident?.classification.ruleId}`,
      "decision.retry:retry.transient",
      "action.succeeded:act.rerun",
      "incident.resolved:resolve.auto-recovered",
      "flaky.recorded:flaky.auto-recovered",
    ]);
  });

  it("does not re-run a test failure", async () => {
    await start();
    fake.addRun({
      repo: exampleRun.repo,
      runId: exampleRun.runId,
      jobs: [{ id: 7002, name: "test", conclusion: "failure", log: jestLog }],
    });

    await postGithub(runtime.url, failure(), { delivery: "d-3" });
    await runtime.app.worker.runDue();
    runtime.clock.advance(60 * 60_000);
    await runtime.app.worker.runDue();

    const [incident] = await runtime.backend.store.listIncidents();
    expect(incident?.classification).toMatchObject({ type: "test_failure", retryable: false });
    expect(incident?.status).toBe("open");
    expect(incident?.decisions).toMatchObject([{ kind: "ignore", rule: "retry.types" }]);
    expect(rerunPosts()).toHaveLength(0);
    expect(await pendingWork(runtime.backend.queue)).toBe(0);
  });

  it("re-runs one run at most twice", async () => {
    await start();
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      fake.addRun({
        repo: exampleRun.repo,
        runId: exampleRun.runId,
        jobs: [{ id: 7100 + attempt, name: "build", conclusion: "failure", log: networkLog }],
      });
      await postGithub(runtime.url, failure(attempt), { delivery: `d-attempt-${attempt}` });
      await runtime.app.worker.runDue();
      runtime.clock.advance(15 * 60_000);
      await runtime.app.worker.runDue();
    }

    expect(rerunPosts()).toHaveLength(2);
    const [incident] = await runtime.backend.store.listIncidents();
    expect(incident?.count).toBe(3);
    expect(incident?.decisions.map((d) => d.rule)).toEqual([
      "retry.transient",
      "retry.transient",
      "retry.max-automatic-reruns",
    ]);
  });

  it("puts the re-run in the outbox without GITHUB_TOKEN and does not claim the recovery", async () => {
    await start({ token: false });
    fake.addRun({
      repo: exampleRun.repo,
      runId: exampleRun.runId,
      jobs: [{ id: 7003, name: "build", conclusion: "failure", log: networkLog }],
    });

    await postGithub(runtime.url, failure(), { delivery: "d-4" });
    await runtime.app.worker.runDue();
    runtime.clock.advance(60_000);
    await runtime.app.worker.runDue();

    expect(rerunPosts()).toHaveLength(0);
    expect(await outboxWithoutNotices(runtime.backend.store)).toMatchObject([
      {
        destination: "github",
        operation: "rerun-failed-jobs",
        payload: { repo: exampleRun.repo, runId: exampleRun.runId },
      },
    ]);
    const outbox = (await (await fetch(`${runtime.url}/api/outbox`)).json()) as {
      items: { destination: string }[];
    };
    expect(outbox.items.filter((entry) => entry.destination === "github")).toHaveLength(1);

    await postGithub(runtime.url, workflowRunPayload({ conclusion: "success", attempt: 2 }), {
      delivery: "d-5",
    });
    await runtime.app.worker.runDue();
    expect(await runtime.backend.store.getIncident("PC-1")).toMatchObject({
      status: "resolved",
      resolution: "passed",
    });
  });

  it("shows incidents with their decisions on the API", async () => {
    await start();
    fake.addRun({
      repo: exampleRun.repo,
      runId: exampleRun.runId,
      jobs: [{ id: 7004, name: "test", conclusion: "failure", log: jestLog }],
    });
    await postGithub(runtime.url, failure(), { delivery: "d-6" });
    await runtime.app.worker.runDue();

    const list = (await (await fetch(`${runtime.url}/api/incidents`)).json()) as {
      items: { id: string; decisions: unknown[] }[];
    };
    const one = (await (await fetch(`${runtime.url}/api/incidents/PC-1`)).json()) as {
      audit: { rule: string }[];
    };

    expect(list.items).toMatchObject([
      { id: "PC-1", decisions: [{ kind: "ignore", rule: "retry.types" }] },
    ]);
    expect(one.audit.map((a) => a.rule)).toContain("retry.types");
    expect((await fetch(`${runtime.url}/api/incidents/PC-99`)).status).toBe(404);
  });
});

describe("acceptance: GitHub API down for every attempt", () => {
  it("still records the failure on the last attempt, saying why the log is missing", async () => {
    await start();
    const jobsPath = `/repos/${exampleRun.repo}/actions/runs/${exampleRun.runId}/jobs`;
    for (let i = 0; i < 100; i += 1) fake.failNext(jobsPath, { status: 502 });

    await postGithub(runtime.url, failure(), { delivery: "d-down" });
    // GitHub's breaker opens on the way; while it is open the job waits without spending an
    // attempt, and each half-open probe that fails spends one.
    for (let round = 1; round <= 12; round += 1) {
      await runtime.app.worker.runDue();
      runtime.clock.advance(20 * 60_000);
    }

    const [incident] = await runtime.backend.store.listIncidents();
    expect(incident).toMatchObject({ job: "(run)", classification: { type: "unknown" } });
    const [opened] = await runtime.backend.store.listAudit(incident?.id);
    expect(String(opened?.data?.logProblem)).toMatch(/^unavailable: .*502/);
    expect(await runtime.backend.queue.list({ status: "dead" })).toEqual([]);
  });
});

describe("acceptance: a newer run passes while a re-run waits", () => {
  it("skips the re-run instead of re-running an already green branch", async () => {
    await start();
    fake.addRun({
      repo: exampleRun.repo,
      runId: exampleRun.runId,
      jobs: [{ id: 7201, name: "build", conclusion: "failure", log: networkLog }],
    });
    await postGithub(runtime.url, failure(), { delivery: "d-wait-1" });
    await runtime.app.worker.runDue();

    const newer = workflowRunPayload({ conclusion: "success", runId: 289782999 });
    await postGithub(runtime.url, newer, { delivery: "d-wait-2" });
    await runtime.app.worker.runDue();
    runtime.clock.advance(60_000);
    await runtime.app.worker.runDue();

    expect(rerunPosts()).toHaveLength(0);
    expect(await runtime.backend.store.getIncident("PC-1")).toMatchObject({
      status: "resolved",
      resolution: "passed",
    });
    expect(await runtime.backend.store.listActions({ kind: "retry" })).toMatchObject([
      { status: "skipped" },
    ]);
  });
});
