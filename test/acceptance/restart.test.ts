import { afterEach, describe, expect, it } from "vitest";
import { type FakeGithub, startFakeGithub } from "../fakes/github-api.js";
import { networkLog } from "../fixtures/logs/index.js";
import { exampleRun, workflowRunPayload } from "../fixtures/webhooks/workflow-run.js";
import { githubSecret, postGithub } from "../support/deliveries.js";
import { FakeClock } from "../support/fake-clock.js";
import { startTestRuntime, type TestRuntime } from "../support/test-runtime.js";
import { pendingWork } from "../support/work.js";

let fake: FakeGithub;
const runtimes: TestRuntime[] = [];
afterEach(async () => {
  for (const runtime of runtimes.splice(0)) await runtime.stop().catch(() => undefined);
  await fake?.close();
});

async function boot(dataDir: string | undefined, clock: FakeClock): Promise<TestRuntime> {
  const runtime = await startTestRuntime(
    { GITHUB_WEBHOOK_SECRET: githubSecret, GITHUB_API_URL: fake.url, GITHUB_TOKEN: "ghp_t" },
    { ...(dataDir ? { dataDir } : {}), clock },
  );
  runtimes.push(runtime);
  return runtime;
}

describe("acceptance: restart with pending jobs", () => {
  it("processes an event accepted before the restart, and runs a delayed re-run at its time after another", async () => {
    fake = await startFakeGithub();
    fake.addRun({
      repo: exampleRun.repo,
      runId: exampleRun.runId,
      jobs: [{ id: 9001, name: "build", conclusion: "failure", log: networkLog }],
    });
    const clock = new FakeClock();
    const first = await boot(undefined, clock);

    const accepted = await postGithub(first.url, workflowRunPayload({ conclusion: "failure" }), {
      delivery: "r-1",
    });
    expect(accepted.status).toBe(202);
    await first.stop(); // the "crash": nothing was processed
    runtimes.length = 0;

    const second = await boot(first.dataDir, clock);
    expect(await second.backend.store.listIncidents()).toEqual([]);
    await second.app.worker.runDue();
    expect(await second.backend.store.listIncidents()).toMatchObject([
      { id: "PC-1", status: "retrying" },
    ]);
    const rerunJob = (await second.backend.queue.list({ status: "pending" }))[0];
    expect(rerunJob?.kind).toBe("rerun");
    await second.stop();
    runtimes.length = 0;

    const third = await boot(first.dataDir, clock);
    await third.app.worker.runDue();
    expect(fake.reruns).toHaveLength(0);
    clock.set(rerunJob?.runAt ?? "");
    await third.app.worker.runDue();

    expect(fake.reruns).toEqual([{ repo: exampleRun.repo, runId: exampleRun.runId }]);
    expect(await pendingWork(third.backend.queue)).toBe(0);
  });

  it("resumes a job that was running when the process died", async () => {
    fake = await startFakeGithub();
    fake.addRun({
      repo: exampleRun.repo,
      runId: exampleRun.runId,
      jobs: [{ id: 9002, name: "build", conclusion: "failure", log: networkLog }],
    });
    const clock = new FakeClock();
    const first = await boot(undefined, clock);
    await postGithub(first.url, workflowRunPayload({ conclusion: "failure" }), { delivery: "r-2" });
    await first.backend.queue.claimDue(clock.now(), 10); // claimed, then the process "dies"
    await first.stop();
    runtimes.length = 0;

    const second = await boot(first.dataDir, clock);
    expect(second.backend.recovered).toBe(1);
    await second.app.worker.runDue();

    expect(await second.backend.store.listIncidents()).toHaveLength(1);
  });
});
