import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Incident } from "../../src/domain/types.js";
import { type FakeGithub, startFakeGithub } from "../fakes/github-api.js";
import { type FakeLinear, startFakeLinear } from "../fakes/linear-api.js";
import { jestLog } from "../fixtures/logs/index.js";
import { exampleRun, workflowRunPayload } from "../fixtures/webhooks/workflow-run.js";
import { postGithub } from "../support/deliveries.js";
import { githubEnv, linearEnv } from "../support/fake-env.js";
import { startTestRuntime, type TestRuntime } from "../support/test-runtime.js";

const day = 86_400_000;
let github: FakeGithub;
let linear: FakeLinear;
let runtime: TestRuntime;
let runId = 9000;

beforeEach(async () => {
  github = await startFakeGithub();
  linear = await startFakeLinear();
  const config = join(mkdtempSync(join(tmpdir(), "pitcrew-cfg-")), "pitcrew.yaml");
  // An issue at the first failure; Codegen off, so the test is about Linear alone.
  writeFileSync(
    config,
    "escalation:\n  linear:\n    atFailures: 1\n  codegen:\n    enabled: false\n",
  );
  runtime = await startTestRuntime({
    ...githubEnv(github),
    ...linearEnv(linear),
    PITCREW_CONFIG: config,
  });
});

afterEach(async () => {
  await runtime?.stop();
  await Promise.all([github?.close(), linear?.close()]);
});

async function post(conclusion: "failure" | "success"): Promise<void> {
  runId += 1;
  github.addRun({
    repo: exampleRun.repo,
    runId,
    jobs: [{ id: runId, name: "test", conclusion, log: jestLog }],
  });
  const payload = workflowRunPayload({ conclusion, runId });
  expect((await postGithub(runtime.url, payload, { delivery: `d-${runId}` })).status).toBe(202);
  for (let pass = 0; pass < 3; pass += 1) await runtime.app.worker.runDue();
}

async function newest(): Promise<Incident> {
  const all = await runtime.backend.store.listIncidents({ includeResolved: true });
  const last = all.at(-1);
  if (!last) throw new Error("no incident");
  return last;
}

describe("acceptance: a resolved incident that comes back", () => {
  it("reopens its Linear issue within 7 days, and opens a related issue after", async () => {
    await post("failure");
    const first = await newest();
    const issue = linear.issues[0];
    expect(linear.issues).toHaveLength(1);
    linear.setState(issue?.id ?? "", "completed");
    await post("success");
    expect(await newest()).toMatchObject({ id: first.id, status: "resolved" });

    // Back within the reopen window: the same issue goes back to triage with a comment.
    runtime.clock.advance(2 * day);
    await post("failure");
    const second = await newest();
    expect(second.id).not.toBe(first.id);
    expect(linear.issues).toHaveLength(1);
    expect(linear.stateOf(issue?.id ?? "").type).toBe("triage");
    expect(linear.comments.at(-1)?.body).toContain("Reopened by pitcrew");
    expect(second.linear).toMatchObject({ id: issue?.id });
    expect(second.decisions.find((d) => d.kind === "linear_issue")).toMatchObject({
      rule: "linear.reopen",
    });

    // Later failures of the reopened incident comment on that issue.
    const comments = linear.comments.length;
    await post("failure");
    expect(linear.comments).toHaveLength(comments + 1);

    // Resolved again, back after the window: a new issue, related to the old one.
    linear.setState(issue?.id ?? "", "completed");
    await post("success");
    runtime.clock.advance(8 * day);
    await post("failure");
    const third = await newest();
    expect(linear.issues).toHaveLength(2);
    const fresh = linear.issues[1];
    expect(third.linear).toMatchObject({ id: fresh?.id });
    expect(third.decisions.find((d) => d.kind === "linear_issue")).toMatchObject({
      rule: "linear.create-related",
    });
    expect(linear.relations).toMatchObject([
      { issueId: fresh?.id, relatedIssueId: issue?.id, type: "related" },
    ]);
  });
});
