import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { reset } from "../fakes/faults.js";
import { type FakeGithub, startFakeGithub } from "../fakes/github-api.js";
import { networkLog } from "../fixtures/logs/index.js";
import { exampleRun, workflowRunPayload } from "../fixtures/webhooks/workflow-run.js";
import { githubSecret, postGithub } from "../support/deliveries.js";
import { startTestRuntime, type TestRuntime } from "../support/test-runtime.js";

let fake: FakeGithub;
let runtime: TestRuntime;
afterEach(async () => {
  await runtime?.stop();
  await fake?.close();
});

const rerunPath = `/repos/${exampleRun.repo}/actions/runs/${exampleRun.runId}/rerun-failed-jobs`;
const rerunPosts = () =>
  fake.requests.filter((r) => r.method === "POST" && r.path === rerunPath).length;

/** Short in-process waits, so a Retry-After of seconds goes back to the queue (fake clock). */
function configFile(): string {
  const file = join(mkdtempSync(join(tmpdir(), "pitcrew-cfg-")), "pitcrew.yaml");
  writeFileSync(file, "outbound:\n  inProcess:\n    baseDelay: 1ms\n    maxWait: 1s\n");
  return file;
}

/** A transient failure whose re-run is due; returns with the re-run job waiting for its time. */
async function failedRunWithRerunDue(options: { dataDir?: string } = {}) {
  fake = await startFakeGithub();
  runtime = await startTestRuntime(
    {
      GITHUB_WEBHOOK_SECRET: githubSecret,
      GITHUB_API_URL: fake.url,
      GITHUB_TOKEN: "ghp_testtoken",
      PITCREW_CONFIG: configFile(),
    },
    options,
  );
  fake.addRun({
    repo: exampleRun.repo,
    runId: exampleRun.runId,
    jobs: [{ id: 4242, name: "build", conclusion: "failure", log: networkLog }],
  });
  await postGithub(runtime.url, workflowRunPayload({ conclusion: "failure" }), { delivery: "d-1" });
  await runtime.app.worker.runDue();
  runtime.clock.advance(60_000);
}

describe("acceptance: resilience of outbound calls", () => {
  it("waits out a 429's Retry-After on the job queue, not earlier", async () => {
    await failedRunWithRerunDue();
    fake.failNext(rerunPath, { status: 429, headers: { "retry-after": "2" } });
    await runtime.app.worker.runDue();
    expect(rerunPosts()).toBe(1);
    runtime.clock.advance(1_999);
    await runtime.app.worker.runDue();
    expect(rerunPosts()).toBe(1);
    runtime.clock.advance(1);
    await runtime.app.worker.runDue();
    expect(rerunPosts()).toBe(2);
    expect(fake.reruns).toHaveLength(1);
  });

  it("retries a reset connection in the process and delivers the re-run once", async () => {
    await failedRunWithRerunDue();
    fake.faults.next(reset, 2, { path: rerunPath });
    await runtime.app.worker.runDue();
    expect(rerunPosts()).toBe(3);
    expect(fake.reruns).toHaveLength(1);
    const github = runtime.app.outbound.snapshot().find((s) => s.destination === "github");
    expect(github).toMatchObject({ retries: 2, failures: 0 });
    expect(await runtime.backend.store.listActions({ kind: "retry" })).toMatchObject([
      { status: "succeeded" },
    ]);
  });

  it("sends a 400 validation error to the dead-letter queue at once; a manual retry resolves it", async () => {
    await failedRunWithRerunDue();
    fake.failNext(rerunPath, { status: 400, body: { message: "Invalid request" } });
    await runtime.app.worker.runDue();
    expect(rerunPosts()).toBe(1);
    const listed = (await (await fetch(`${runtime.url}/api/dlq`)).json()) as {
      items: Array<{ id: string }>;
    };
    expect(listed.items).toMatchObject([
      { destination: "github", action: "rerun", errorType: "validation", attempts: 1 },
    ]);
    const id = String(listed.items[0]?.id);
    const actions = () => runtime.backend.store.listActions({ kind: "retry" });
    expect(await actions()).toMatchObject([{ status: "dead" }]);
    expect((await fetch(`${runtime.url}/api/dlq/${id}/retry`, { method: "POST" })).status).toBe(
      200,
    );
    await runtime.app.worker.runDue();
    expect(fake.reruns).toHaveLength(1);
    expect(await actions()).toMatchObject([{ status: "succeeded" }]);
    expect(await runtime.backend.store.getDeadLetter(id)).toMatchObject({
      resolved: true,
      resolvedBy: "retry-succeeded",
    });
  });

  it("opens GitHub's breaker after 5 failures, calls nothing while open, probes, then delivers once", async () => {
    await failedRunWithRerunDue();
    for (let i = 0; i < 6; i++) fake.failNext(rerunPath, { status: 503 });
    await runtime.app.worker.runDue(); // 3 in-process attempts
    runtime.clock.advance(15 * 60_000);
    await runtime.app.worker.runDue(); // 2 more: the breaker opens
    expect(rerunPosts()).toBe(5);
    const ready = (await (await fetch(`${runtime.url}/readyz`)).json()) as Record<string, unknown>;
    expect(ready).toMatchObject({ status: "ready" });
    expect(ready.destinations).toEqual(
      expect.arrayContaining([expect.objectContaining({ destination: "github", breaker: "open" })]),
    );
    await runtime.app.worker.runDue();
    expect(rerunPosts()).toBe(5); // open: nothing reaches GitHub
    runtime.clock.advance(10_000);
    await runtime.app.worker.runDue(); // the probe fails (6th 503): open again for 20 s
    expect(rerunPosts()).toBe(6);
    runtime.clock.advance(19_999);
    await runtime.app.worker.runDue();
    expect(rerunPosts()).toBe(6);
    runtime.clock.advance(60_000);
    await runtime.app.worker.runDue(); // GitHub is back: the re-run is delivered
    runtime.clock.advance(15 * 60_000);
    await runtime.app.worker.runDue();
    expect(fake.reruns).toHaveLength(1);
    const metrics = await (await fetch(`${runtime.url}/metrics`)).text();
    expect(metrics).toMatch(/pitcrew_breaker_state\{destination="github"\} 0/);
    expect(metrics).toMatch(
      /pitcrew_outbound_failures_total\{destination="github",reason="server"\} \d/,
    );
    expect(metrics).toMatch(/pitcrew_webhooks_total\{source="github",outcome="202"\} 1/);
  });

  it("keeps the breaker open across a restart and resumes the pending re-run once", async () => {
    await failedRunWithRerunDue();
    for (let i = 0; i < 5; i++) fake.failNext(rerunPath, { status: 503 });
    await runtime.app.worker.runDue();
    runtime.clock.advance(15 * 60_000);
    await runtime.app.worker.runDue();
    expect(rerunPosts()).toBe(5);
    await runtime.app.outbound.flush();
    const { dataDir, clock } = runtime;
    await runtime.stop();
    runtime = await startTestRuntime(
      {
        GITHUB_WEBHOOK_SECRET: githubSecret,
        GITHUB_API_URL: fake.url,
        GITHUB_TOKEN: "ghp_testtoken",
        PITCREW_CONFIG: configFile(),
      },
      { dataDir, clock },
    );
    await runtime.app.worker.runDue();
    expect(rerunPosts()).toBe(5); // still open after the restart
    runtime.clock.advance(60_000);
    await runtime.app.worker.runDue();
    runtime.clock.advance(15 * 60_000);
    await runtime.app.worker.runDue();
    expect(fake.reruns).toHaveLength(1);
  });
});
