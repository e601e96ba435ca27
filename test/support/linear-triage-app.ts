import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "vitest";
import type { Incident } from "../../src/domain/types.js";
import { type FakeGithub, startFakeGithub } from "../fakes/github-api.js";
import {
  type FakeLinear,
  type LinearIssueWebhookInput,
  linearIssueWebhook,
  signLinearWebhook,
  startFakeLinear,
} from "../fakes/linear-api.js";
import { jestLog } from "../fixtures/logs/index.js";
import { exampleRun, workflowRunPayload } from "../fixtures/webhooks/workflow-run.js";
import { ciSecret, githubSecret, postGithub } from "./deliveries.js";
import { startTestRuntime, type TestRuntime } from "./test-runtime.js";

/*
 * Shared setup of the Linear triage acceptance tests. The state below is module-level: vitest
 * isolates test files, so each file that imports this module has its own copy; each file calls
 * `stopLinearTriageApp` in its afterEach.
 */
export const linearSecret = "linear-signing-secret-for-tests";
export const runUrl = `https://github.com/${exampleRun.repo}/actions/runs/${exampleRun.runId}`;
export const jobId = 7002;
export const jobUrl = `${runUrl}/job/${jobId}`;

let github: FakeGithub | undefined;
let linear: FakeLinear | undefined;
let runtime: TestRuntime | undefined;

export async function stopLinearTriageApp(): Promise<void> {
  await runtime?.stop();
  await github?.close();
  await linear?.close();
  runtime = undefined;
  github = undefined;
  linear = undefined;
}

function configFile(linearAtFailures: number): string {
  const file = join(mkdtempSync(join(tmpdir(), "pitcrew-cfg-")), "pitcrew.yaml");
  writeFileSync(file, `escalation:\n  linear:\n    atFailures: ${linearAtFailures}\n`);
  return file;
}

/** The app with fake GitHub and Linear; `issueAt` is the failure count that opens an issue. */
export async function start(options: { issueAt?: number; secret?: string | null } = {}) {
  github = await startFakeGithub();
  linear = await startFakeLinear();
  const secret = options.secret === undefined ? linearSecret : options.secret;
  runtime = await startTestRuntime({
    GITHUB_WEBHOOK_SECRET: githubSecret,
    GITHUB_API_URL: github.url,
    GITHUB_TOKEN: "ghp_testtoken",
    CI_WEBHOOK_SECRET: ciSecret,
    LINEAR_API_KEY: linear.apiKey,
    LINEAR_TEAM_ID: linear.team.id,
    LINEAR_API_URL: linear.url,
    ...(secret ? { LINEAR_WEBHOOK_SECRET: secret } : {}),
    PITCREW_CONFIG: configFile(options.issueAt ?? 1),
  });
  return { github, linear, runtime };
}

export function app(): TestRuntime {
  if (!runtime) throw new Error("runtime not started");
  return runtime;
}

/** Drains the queue: jobs that schedule jobs (triage → re-run / link) need more than one pass. */
export async function drain(): Promise<void> {
  for (let pass = 0; pass < 3; pass += 1) await app().app.worker.runDue();
}

/** A failing jest job on the example run, processed; returns the incident. */
export async function failRun(
  runId = exampleRun.runId,
  delivery = `gh-${runId}`,
): Promise<Incident> {
  github?.addRun({
    repo: exampleRun.repo,
    runId,
    jobs: [{ id: jobId, name: "test", conclusion: "failure", log: jestLog }],
  });
  const posted = await postGithub(app().url, workflowRunPayload({ conclusion: "failure", runId }), {
    delivery,
  });
  expect(posted.status).toBe(202);
  await drain();
  const [incident] = await app().backend.store.listIncidents({ includeResolved: true });
  if (!incident) throw new Error("no incident");
  return incident;
}

/** An incident with a Linear issue opened by the ladder (atFailures 1). */
export async function linkedIncident(): Promise<{ incident: Incident; issueId: string }> {
  const incident = await failRun();
  const issueId = incident.linear?.id;
  if (!issueId) throw new Error(`incident ${incident.id} has no Linear issue`);
  expect(linear?.issues.map((i) => i.id)).toEqual([issueId]);
  return { incident, issueId };
}

export interface PostOptions {
  delivery?: string;
  /** null: no header; a string: that header as given. Default: signed with the test secret. */
  signature?: string | null;
  /** Sent instead of the JSON of the payload (still signed unless `signature` says otherwise). */
  raw?: string;
}

export async function postLinear(payload: unknown, options: PostOptions = {}) {
  const body = options.raw ?? JSON.stringify(payload);
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "linear-event": "Issue",
  };
  const signature =
    options.signature === undefined ? signLinearWebhook(linearSecret, body) : options.signature;
  if (signature !== null) headers["linear-signature"] = signature;
  if (options.delivery) headers["linear-delivery"] = options.delivery;
  const response = await fetch(`${app().url}/webhooks/linear`, { method: "POST", headers, body });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** An Issue delivery stamped with the fake clock's now. */
export function issueWebhook(issueId: string, input: LinearIssueWebhookInput = {}) {
  return linearIssueWebhook({
    ...input,
    issue: { id: issueId, identifier: "ENG-1", ...input.issue },
    webhookTimestamp: input.webhookTimestamp ?? app().clock.now().getTime(),
  });
}

export const triageState = "state-triage";
export const doneState = { id: "state-completed", name: "Done", type: "completed" };
export const canceledState = { id: "state-canceled", name: "Canceled", type: "canceled" };

export async function incident(id: string): Promise<Incident> {
  const found = await app().backend.store.getIncident(id);
  if (!found) throw new Error(`no incident ${id}`);
  return found;
}

export const rules = (i: Incident) => i.decisions.map((d) => d.rule);
