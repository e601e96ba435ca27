import { afterEach, describe, expect, it } from "vitest";
import { type FakeGithub, startFakeGithub } from "../fakes/github-api.js";
import { jestLog, networkLog } from "../fixtures/logs/index.js";
import { exampleRun, workflowRunPayload } from "../fixtures/webhooks/workflow-run.js";
import { ciSecret, githubSecret, postCi, postGithub } from "../support/deliveries.js";
import { startTestRuntime, type TestRuntime } from "../support/test-runtime.js";

let fake: FakeGithub | undefined;
let runtime: TestRuntime;
afterEach(async () => {
  await runtime?.stop();
  await fake?.close();
  fake = undefined;
});

async function start() {
  fake = await startFakeGithub();
  runtime = await startTestRuntime({
    GITHUB_WEBHOOK_SECRET: githubSecret,
    GITHUB_API_URL: fake.url,
    GITHUB_TOKEN: "ghp_testtoken",
  });
}

const runA = exampleRun.runId;
const runB = "289782460";
const rerunsOf = (runId: string) => fake?.reruns.filter((r) => r.runId === runId) ?? [];

/** Serves one failed job for `runId`, posts its failure and processes it. */
async function fail(runId: string, log: string, jobId: number, delivery: string, attempt = 1) {
  fake?.addRun({
    repo: exampleRun.repo,
    runId,
    jobs: [{ id: jobId, name: "test", conclusion: "failure", log }],
  });
  await postGithub(runtime.url, workflowRunPayload({ conclusion: "failure", runId, attempt }), {
    delivery,
  });
  await runtime.app.worker.runDue();
}

async function pass(runId: string, attempt: number, delivery: string) {
  const payload = workflowRunPayload({ conclusion: "success", runId, attempt });
  await postGithub(runtime.url, payload, { delivery });
  await runtime.app.worker.runDue();
}

async function apiIncident(id: string) {
  const response = await fetch(`${runtime.url}/api/incidents/${id}`);
  return (await response.json()) as Record<string, unknown> & {
    audit: { kind: string; rule: string; data?: Record<string, unknown> }[];
  };
}

describe("acceptance: flakiness is learnt from re-runs of the same sha", () => {
  it("a failure that passed on pitcrew's re-run comes back as flaky_test and is re-run", async () => {
    await start();
    await fail(runA, networkLog, 7301, "f-1");
    runtime.clock.advance(15_000);
    await runtime.app.worker.runDue();
    await pass(runA, 2, "f-2");

    const first = await runtime.backend.store.getIncident("PC-1");
    expect(first).toMatchObject({ status: "resolved", resolution: "auto-recovered" });
    const fingerprint = first?.fingerprint ?? "";
    expect(await runtime.backend.store.getFlaky(exampleRun.repo, fingerprint)).toMatchObject({
      count: 1,
      incidentIds: ["PC-1"],
    });

    runtime.clock.advance(60 * 60_000);
    await fail(runB, networkLog, 7302, "f-3");

    const second = await runtime.backend.store.getIncident("PC-2");
    expect(second?.fingerprint).toBe(fingerprint);
    expect(second?.classification).toMatchObject({
      type: "flaky_test",
      category: "transient",
      retryable: true,
      suggestedAction: "retry",
      ruleId: "flaky-history",
    });
    expect(second?.classification.confidence).toBeGreaterThanOrEqual(0.8);
    expect(second?.classification.evidence[0]?.text).toMatch(/ECONNRESET/);
    expect(second?.decisions).toMatchObject([{ kind: "retry", rule: "retry.transient" }]);

    const shown = await apiIncident("PC-2");
    expect(shown).toMatchObject({
      classification: { type: "flaky_test", ruleId: "flaky-history" },
      flaky: { count: 1, incidentIds: ["PC-1"] },
    });
    const opened = shown.audit.find((a) => a.kind === "incident.opened");
    expect(opened).toMatchObject({
      rule: "flaky-history",
      data: { flakyHistory: { count: 1, originalType: "network" } },
    });
    expect((await apiIncident("PC-1")).audit.map((a) => `${a.kind}:${a.rule}`)).toContain(
      "flaky.recorded:flaky.auto-recovered",
    );
  });

  it("a test failure that passed on a manual re-run is re-run automatically next time", async () => {
    await start();
    await fail(runA, jestLog, 7401, "j-1");
    const first = await runtime.backend.store.getIncident("PC-1");
    expect(first?.classification).toMatchObject({ type: "test_failure", retryable: false });
    expect(first?.decisions).toMatchObject([{ kind: "ignore", rule: "retry.types" }]);

    // Someone re-ran the failed jobs by hand: attempt 2 of the same run (same sha) passed.
    await pass(runA, 2, "j-2");
    expect(await runtime.backend.store.getIncident("PC-1")).toMatchObject({ resolution: "passed" });
    expect(
      await runtime.backend.store.getFlaky(exampleRun.repo, first?.fingerprint ?? ""),
    ).toMatchObject({ count: 1, incidentIds: ["PC-1"] });

    await fail(runB, jestLog, 7402, "j-3");
    const second = await runtime.backend.store.getIncident("PC-2");
    expect(second?.classification).toMatchObject({ type: "flaky_test", retryable: true });
    expect(second?.decisions).toMatchObject([{ kind: "retry", rule: "retry.transient" }]);
    runtime.clock.advance(15_000);
    await runtime.app.worker.runDue();
    expect(rerunsOf(runB)).toHaveLength(1);
    expect(rerunsOf(runA)).toHaveLength(0);
  });

  it("a later run passing (a new sha) is a fix, not flakiness", async () => {
    await start();
    await fail(runA, jestLog, 7501, "n-1");
    await pass("289782470", 1, "n-2");
    expect(await runtime.backend.store.getIncident("PC-1")).toMatchObject({ resolution: "passed" });

    await fail(runB, jestLog, 7502, "n-3");
    const second = await runtime.backend.store.getIncident("PC-2");
    expect(second?.classification.type).toBe("test_failure");
    expect(await runtime.backend.store.getFlaky(exampleRun.repo, second?.fingerprint ?? "")).toBe(
      null,
    );
    expect(fake?.reruns).toEqual([]);
  });
});

describe("acceptance: flakiness from the generic CI webhook", () => {
  const job = {
    source: "gitlab",
    repo: "acme/api",
    workflow: "ci",
    job: "unit",
    branch: "main",
    log: "> jest\nFAIL src/cart.test.js\n  ● Cart › applies the discount\nTests: 1 failed, 3 total\n",
  };

  it("the same job and sha passing on attempt 2 marks the fingerprint flaky", async () => {
    runtime = await startTestRuntime({ CI_WEBHOOK_SECRET: ciSecret });
    const send = async (extra: Record<string, unknown>) => {
      expect((await postCi(runtime.url, { ...job, ...extra })).status).toBe(202);
      await runtime.app.worker.runDue();
    };

    await send({ sha: "aaa1111", runId: "1", attempt: 1, status: "failure" });
    await send({ sha: "aaa1111", runId: "1", attempt: 2, status: "success" });
    await send({ sha: "bbb2222", runId: "2", attempt: 1, status: "failure" });

    const [first, second] = await runtime.backend.store.listIncidents({ includeResolved: true });
    expect(first).toMatchObject({ resolution: "passed", classification: { type: "test_failure" } });
    expect(second?.classification).toMatchObject({ type: "flaky_test", ruleId: "flaky-history" });
    // pitcrew cannot re-run a generic CI job; the decision says so instead of pretending.
    expect(second?.decisions).toMatchObject([{ kind: "ignore", rule: "retry.provider" }]);
    expect(
      await runtime.backend.store.getFlaky("acme/api", first?.fingerprint ?? ""),
    ).toMatchObject({ count: 1, lastSha: "aaa1111" });
  });
});
