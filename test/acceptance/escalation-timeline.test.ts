import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FakeCodegen, startFakeCodegen } from "../fakes/codegen-api.js";
import { type FakeGithub, startFakeGithub } from "../fakes/github-api.js";
import {
  type FakeLinear,
  linearIssueWebhook,
  signLinearWebhook,
  startFakeLinear,
} from "../fakes/linear-api.js";
import { jestLog } from "../fixtures/logs/index.js";
import { exampleRun, workflowRunPayload } from "../fixtures/webhooks/workflow-run.js";
import { postGithub } from "../support/deliveries.js";
import { codegenEnv, githubEnv, linearEnv } from "../support/fake-env.js";
import { startTestRuntime, type TestRuntime } from "../support/test-runtime.js";

const linearSecret = "linear-webhook-secret";
const plantedToken = `ghp_${"A1b2C3d4E5".repeat(3)}xYz123`;
/** The failing jest log with a secret printed just above the failure, as a careless step might. */
const leakyLog = jestLog.replace(
  "> jest\n",
  `> jest\n2026-11-23T09:58:06.2000000Z GITHUB_TOKEN=${plantedToken}\n`,
);

let github: FakeGithub;
let codegen: FakeCodegen;
let linear: FakeLinear;
let runtime: TestRuntime;
let runId = 5000;

beforeEach(async () => {
  github = await startFakeGithub();
  codegen = await startFakeCodegen();
  linear = await startFakeLinear();
  runtime = await startTestRuntime({
    ...githubEnv(github),
    ...codegenEnv(codegen),
    ...linearEnv(linear),
    LINEAR_WEBHOOK_SECRET: linearSecret,
    PITCREW_PUBLIC_URL: "https://pitcrew.example",
  });
});

afterEach(async () => {
  await runtime?.stop();
  await Promise.all([github?.close(), codegen?.close(), linear?.close()]);
});

/** The same test fails again in a new run of the workflow; the pipeline processes it. */
async function failAgain(): Promise<void> {
  runId += 1;
  github.addRun({
    repo: exampleRun.repo,
    runId,
    jobs: [
      {
        id: runId * 10,
        name: "test",
        conclusion: "failure",
        log: leakyLog,
        failedStep: "Run npm test",
      },
    ],
  });
  const payload = workflowRunPayload({ conclusion: "failure", runId });
  const posted = await postGithub(runtime.url, payload, { delivery: `d-${runId}` });
  expect(posted.status).toBe(202);
  await runtime.app.worker.runDue();
}

async function theIncident() {
  const [incident, ...others] = await runtime.backend.store.listIncidents({
    includeResolved: true,
  });
  expect(others).toEqual([]);
  if (!incident) throw new Error("no incident");
  return incident;
}

const creates = () => codegen.requests.filter((r) => r.method === "POST");

async function postLinear(body: unknown, headers: Record<string, string> = {}) {
  const raw = JSON.stringify(body);
  const response = await fetch(`${runtime.url}/webhooks/linear`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "linear-signature": signLinearWebhook(linearSecret, raw),
      ...headers,
    },
    body: raw,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe("acceptance: the escalation ladder of a recurring test failure", () => {
  it("Codegen fix PR at 2, one Linear issue at 5, batched comments, resolved from Linear", async () => {
    await failAgain();
    let incident = await theIncident();
    expect(incident.classification).toMatchObject({ type: "test_failure", retryable: false });
    expect(creates()).toHaveLength(0);

    // 2nd failure: exactly one Codegen run, with the rendered prompt.
    await failAgain();
    expect(creates()).toHaveLength(1);
    const created = creates()[0]?.json as
      | { prompt: string; metadata: { incidentId: string } }
      | undefined;
    const prompt = String(created?.prompt);
    incident = await theIncident();
    const evidence = incident.classification.evidence[0]?.text ?? "";
    expect(evidence).not.toBe("");
    expect(prompt).toContain(evidence);
    expect(prompt).toContain(`pull request against \`${exampleRun.branch}\``);
    expect(prompt).not.toContain(plantedToken);
    expect(created?.metadata.incidentId).toBe(incident.id);
    expect(incident.decisions.filter((d) => d.kind === "codegen_fix")).toMatchObject([
      { rung: "codegen", rule: "codegen.fix", numbers: { failuresInWindow: 2, atFailures: 2 } },
    ]);

    // Polled (≥ 10 s apart) until COMPLETE: the run's page and its PR are recorded.
    for (let poll = 0; poll < 6 && (await theIncident()).codegen?.status === "running"; poll++) {
      runtime.clock.advance(300_000);
      await runtime.app.worker.runDue();
    }
    incident = await theIncident();
    expect(incident.codegen).toMatchObject({ status: "completed", rawStatus: "COMPLETE" });
    expect(incident.codegen?.url).toMatch(/^http/);
    expect(incident.pr?.url).toMatch(/\/pull\/\d+$/);

    // 3rd and 4th: the PR is open, so no second run; nothing goes to Linear yet.
    await failAgain();
    await failAgain();
    expect(creates()).toHaveLength(1);
    expect(linear.issues).toHaveLength(0);

    // 5th: exactly one Linear issue, with priority, labels and the incident page as attachment.
    await failAgain();
    incident = await theIncident();
    expect(linear.issues).toHaveLength(1);
    const issue = linear.issues[0];
    const priority = { critical: 1, high: 2, medium: 3, low: 4 }[incident.classification.severity];
    expect(issue).toMatchObject({ priority, teamId: linear.team.id });
    const labelNames = linear.labels
      .filter((label) => issue?.labelIds.includes(label.id))
      .map((label) => label.name)
      .sort();
    expect(labelNames).toEqual(["category:persistent", "type:test_failure"]);
    expect(linear.attachments).toMatchObject([
      { issueId: issue?.id, url: `https://pitcrew.example/incidents/${incident.id}` },
    ]);
    expect(issue?.description).toContain(evidence);
    expect(issue?.description).not.toContain(plantedToken);
    expect(incident.linear).toMatchObject({ id: issue?.id, identifier: issue?.identifier });
    expect(incident.status).toBe("escalated");
    // The attachment's URL is a real page of pitcrew (the incident, behind the API token).
    const page = await fetch(`${runtime.url}/incidents/${incident.id}`);
    expect(page.status).toBe(200);
    expect(await page.json()).toMatchObject({ id: incident.id, linear: { id: issue?.id } });

    // 6th: the first recurrence comments at once; 7th and 8th within the hour wait for one comment.
    await failAgain();
    expect(linear.comments).toHaveLength(1);
    await failAgain();
    runtime.clock.advance(60_000);
    await failAgain();
    expect(linear.comments).toHaveLength(1);
    runtime.clock.advance(3_600_000);
    await runtime.app.worker.runDue();
    expect(linear.comments).toHaveLength(2);
    expect(linear.comments[1]?.body).toMatch(/\b2 more failures?\b/);
    expect(linear.issues).toHaveLength(1);
    expect(creates()).toHaveLength(1);

    // A stale or unsigned delivery changes nothing.
    const done = linearIssueWebhook({
      issue: { id: issue?.id, identifier: issue?.identifier },
      state: { id: "state-done", name: "Done", type: "completed" },
      updatedFrom: { stateId: "state-triage" },
      webhookTimestamp: runtime.clock.now().getTime(),
    });
    const stale = { ...done, webhookTimestamp: runtime.clock.now().getTime() - 61_000 };
    expect((await postLinear(stale)).status).toBe(401);
    const unsigned = await fetch(`${runtime.url}/webhooks/linear`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(done),
    });
    expect(unsigned.status).toBe(401);
    await runtime.app.worker.runDue();
    expect((await theIncident()).status).toBe("escalated");

    // Moved to Done in Linear (signed, fresh): the incident resolves as `manual`.
    expect((await postLinear(done, { "linear-delivery": "ld-1" })).status).toBe(202);
    expect((await postLinear(done, { "linear-delivery": "ld-1" })).status).toBe(200);
    await runtime.app.worker.runDue();
    incident = await theIncident();
    expect(incident).toMatchObject({ status: "resolved", resolution: "manual" });
    expect(incident.decisions.at(-1)).toMatchObject({ rule: "triage.linear.resolve" });
  });

  it("a plan limit (402) sends the incident to a person with the reason", async () => {
    codegen.planLimit();
    await failAgain();
    await failAgain();
    await runtime.app.worker.runDue();
    const incident = await theIncident();
    expect(incident.codegen).toMatchObject({ status: "failed", rawStatus: "plan-limit" });
    expect(linear.issues).toHaveLength(1);
    expect(incident.decisions.find((d) => d.kind === "linear_issue")).toMatchObject({
      rule: "linear.codegen.plan-limit",
      reason: expect.stringContaining("402"),
    });
  });

  it("a run Codegen refuses for good frees the rung: the next failure starts another", async () => {
    codegen.faults.next({ kind: "status", status: 403 });
    await failAgain();
    await failAgain();
    await runtime.app.worker.runDue();
    let incident = await theIncident();
    expect(creates()).toHaveLength(1);
    expect(incident.codegen).toMatchObject({ status: "failed", rawStatus: "start-failed" });
    expect(await runtime.backend.store.listDeadLetters()).toMatchObject([
      { destination: "codegen", errorType: "auth" },
    ]);

    await failAgain();
    incident = await theIncident();
    expect(creates()).toHaveLength(2);
    expect(incident.codegen).toMatchObject({ attempts: 2 });
  });
});
