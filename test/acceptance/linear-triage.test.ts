import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type FakeGithub, startFakeGithub } from "../fakes/github-api.js";
import { type FakeLinear, startFakeLinear } from "../fakes/linear-api.js";
import { jestLog } from "../fixtures/logs/index.js";
import { exampleRun, workflowRunPayload } from "../fixtures/webhooks/workflow-run.js";
import { githubSecret, postGithub } from "../support/deliveries.js";
import { startTestRuntime, type TestRuntime } from "../support/test-runtime.js";

let github: FakeGithub;
let linear: FakeLinear;
let runtime: TestRuntime;
afterEach(async () => {
  await runtime?.stop();
  await github?.close();
  await linear?.close();
});

function configFile(): string {
  const file = join(mkdtempSync(join(tmpdir(), "pitcrew-cfg-")), "pitcrew.yaml");
  writeFileSync(file, "escalation:\n  linear:\n    atFailures: 1\n");
  return file;
}

describe("explore", () => {
  it("x", async () => {
    github = await startFakeGithub();
    linear = await startFakeLinear();
    runtime = await startTestRuntime({
      GITHUB_WEBHOOK_SECRET: githubSecret,
      GITHUB_API_URL: github.url,
      GITHUB_TOKEN: "ghp_testtoken",
      LINEAR_API_KEY: linear.apiKey,
      LINEAR_TEAM_ID: linear.team.id,
      LINEAR_API_URL: linear.url,
      LINEAR_WEBHOOK_SECRET: "lin-secret",
      PITCREW_CONFIG: configFile(),
    });
    github.addRun({ repo: exampleRun.repo, runId: exampleRun.runId, jobs: [{ id: 7002, name: "test", conclusion: "failure", log: jestLog }] });
    await postGithub(runtime.url, workflowRunPayload({ conclusion: "failure" }), { delivery: "d-1" });
    await runtime.app.worker.runDue();
    await runtime.app.worker.runDue();
    const incidents = await runtime.backend.store.listIncidents();
    console.log(JSON.stringify(incidents, null, 1));
    console.log(linear.operations(), linear.issues);
    console.log(await runtime.backend.queue.list({}));
  });
});
