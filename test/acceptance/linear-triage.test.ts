import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
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
import { ciSecret, githubSecret, postCi, postGithub } from "../support/deliveries.js";
import { startTestRuntime, type TestRuntime } from "../support/test-runtime.js";

const linearSecret = "linear-signing-secret-for-tests";
const runUrl = `https://github.com/${exampleRun.repo}/actions/runs/${exampleRun.runId}`;
const jobId = 7002;
const jobUrl = `${runUrl}/job/${jobId}`;

let github: FakeGithub | undefined;
let linear: FakeLinear | undefined;
let runtime: TestRuntime | undefined;
afterEach(async () => {
  await runtime?.stop();
  await github?.close();
  await linear?.close();
  runtime = undefined;
  github = undefined;
  linear = undefined;
});

function configFile(linearAtFailures: number): string {
  const file = join(mkdtempSync(join(tmpdir(), "pitcrew-cfg-")), "pitcrew.yaml");
  writeFileSync(file, `escalation:\n  linear:\n    atFailures: ${linearAtFailures}\n`);
  return file;
}

/** The app with fake GitHub and Linear; `issueAt` is the failure count that opens an issue. */
async function start(options: { issueAt?: number; secret?: string | null } = {}) {
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

function app(): TestRuntime {
  if (!runtime) throw new Error("runtime not started");
  return runtime;
}

/** Drains the queue: jobs that schedule jobs (triage → re-run / link) need more than one pass. */
async function drain(): Promise<void> {
  for (let pass = 0; pass < 3; pass += 1) await app().app.worker.runDue();
}

/** A failing jest job on the example run, processed; returns the incident. */
async function failRun(runId = exampleRun.runId, delivery = `gh-${runId}`): Promise<Incident> {
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
async function linkedIncident(): Promise<{ incident: Incident; issueId: string }> {
  const incident = await failRun();
  const issueId = incident.linear?.id;
  if (!issueId) throw new Error(`incident ${incident.id} has no Linear issue`);
  expect(linear?.issues.map((i) => i.id)).toEqual([issueId]);
  return { incident, issueId };
}

interface PostOptions {
  delivery?: string;
  /** null: no header; a string: that header as given. Default: signed with the test secret. */
  signature?: string | null;
  /** Sent instead of the JSON of the payload (still signed unless `signature` says otherwise). */
  raw?: string;
}

async function postLinear(payload: unknown, options: PostOptions = {}) {
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
function issueWebhook(issueId: string, input: LinearIssueWebhookInput = {}) {
  return linearIssueWebhook({
    ...input,
    issue: { id: issueId, identifier: "ENG-1", ...input.issue },
    webhookTimestamp: input.webhookTimestamp ?? app().clock.now().getTime(),
  });
}

const triageState = "state-triage";
const doneState = { id: "state-completed", name: "Done", type: "completed" };
const canceledState = { id: "state-canceled", name: "Canceled", type: "canceled" };

async function incident(id: string): Promise<Incident> {
  const found = await app().backend.store.getIncident(id);
  if (!found) throw new Error(`no incident ${id}`);
  return found;
}

const rules = (i: Incident) => i.decisions.map((d) => d.rule);

describe("acceptance: Linear triage of a pitcrew issue", () => {
  it("resolves the incident (manual) when the issue moves to Done, once per delivery", async () => {
    await start();
    const { incident: opened, issueId } = await linkedIncident();
    expect(opened.status).not.toBe("resolved");
    app().clock.advance(5 * 60_000);

    const done = issueWebhook(issueId, {
      state: doneState,
      updatedFrom: { stateId: triageState },
    });
    const accepted = await postLinear(done, { delivery: "lin-done-1" });
    expect(accepted).toMatchObject({
      status: 202,
      body: { status: "accepted", deliveryId: "lin-done-1" },
    });
    await drain();

    const resolved = await incident(opened.id);
    expect(resolved).toMatchObject({
      status: "resolved",
      resolution: "manual",
      resolvedAt: app().clock.now().toISOString(),
      timeToResolveMs: 5 * 60_000,
    });
    expect(resolved.decisions.at(-1)).toMatchObject({
      rule: "triage.linear.resolve",
      reason: "ENG-1 moved to Done by someone",
    });

    // Linear delivers at least once: the same delivery again is acknowledged and not applied.
    const again = await postLinear(done, { delivery: "lin-done-1" });
    expect(again).toMatchObject({ status: 200, body: { status: "duplicate" } });
    await drain();
    const after = await incident(opened.id);
    expect(rules(after).filter((r) => r === "triage.linear.resolve")).toHaveLength(1);
    const audit = await app().backend.store.listAudit(opened.id);
    expect(audit.filter((a) => a.kind === "incident.resolved")).toHaveLength(1);
  });

  it("acts on the incident that reopened the issue, not on the resolved one that opened it", async () => {
    await start();
    const { incident: first, issueId } = await linkedIncident();
    const done = { state: doneState, updatedFrom: { stateId: triageState } };
    expect((await postLinear(issueWebhook(issueId, done), { delivery: "lin-d1" })).status).toBe(
      202,
    );
    await drain();
    expect(await incident(first.id)).toMatchObject({ status: "resolved" });

    // The failure comes back a day later: a new incident reopens the same issue.
    app().clock.advance(24 * 60 * 60_000);
    await failRun("289782452", "gh-recur");
    const all = await app().backend.store.listIncidents({ includeResolved: true });
    const second = all.find((i) => i.id !== first.id);
    expect(second).toMatchObject({ linear: { id: issueId } });
    expect(rules(second as Incident)).toContain("linear.reopen");

    app().clock.advance(60_000);
    expect((await postLinear(issueWebhook(issueId, done), { delivery: "lin-d2" })).status).toBe(
      202,
    );
    await drain();
    expect(await incident(second?.id ?? "")).toMatchObject({
      status: "resolved",
      resolution: "manual",
    });
    expect(
      rules(await incident(first.id)).filter((r) => r === "triage.linear.resolve"),
    ).toHaveLength(1);
  });

  it("silences the fingerprint when the issue is canceled; a later failure escalates nothing", async () => {
    const { linear: fake } = await start();
    const { incident: opened, issueId } = await linkedIncident();

    const canceled = issueWebhook(issueId, {
      state: canceledState,
      updatedFrom: { stateId: triageState },
    });
    expect((await postLinear(canceled, { delivery: "lin-cancel" })).status).toBe(202);
    await drain();

    expect(await incident(opened.id)).toMatchObject({ status: "silenced" });
    expect(rules(await incident(opened.id)).at(-1)).toBe("triage.linear.silence");
    expect(await app().backend.store.listSilences()).toMatchObject([
      {
        matchers: { repo: opened.repo, fingerprint: opened.fingerprint },
        endsAt: null,
        expiredAt: null,
        reason: "ENG-1 canceled by someone",
      },
    ]);

    const linearCalls = fake.requests.length;
    app().clock.advance(10 * 60_000);
    await failRun("289782452", "gh-again");

    // Recorded on the silenced incident (count 2), with the silence as the only decision.
    const recurring = await incident(opened.id);
    expect(recurring).toMatchObject({ status: "silenced", count: 2, lastRunId: "289782452" });
    expect(recurring.decisions.at(-1)).toMatchObject({ kind: "ignore", rule: "silence" });
    expect(rules(recurring).filter((r) => r.startsWith("linear."))).toEqual(["linear.create"]);
    // No new issue, no recurrence comment: Linear heard nothing more.
    expect(fake.requests.slice(linearCalls).map((r) => r.operation)).toEqual([]);
    expect(fake.comments).toEqual([]);

    // Canceled again under another delivery: still one silence.
    const canceledAgain = issueWebhook(issueId, {
      state: canceledState,
      updatedFrom: { stateId: triageState },
    });
    expect((await postLinear(canceledAgain, { delivery: "lin-cancel-2" })).status).toBe(202);
    await drain();
    expect(await app().backend.store.listSilences()).toHaveLength(1);

    // Taken back out of Canceled: the silence ends (kept, expired) and the incident is open again.
    const reopened = issueWebhook(issueId, {
      state: { id: triageState, name: "Triage", type: "triage" },
      updatedFrom: { stateId: "state-canceled" },
    });
    expect((await postLinear(reopened, { delivery: "lin-uncancel" })).status).toBe(202);
    await drain();
    expect(await incident(opened.id)).toMatchObject({ status: "open" });
    expect(await app().backend.store.listSilences()).toMatchObject([
      { expiredAt: app().clock.now().toISOString() },
    ]);
  });

  it("acknowledges the incident when someone is assigned, and not when the assignee is removed", async () => {
    await start();
    const { incident: opened, issueId } = await linkedIncident();

    const assigned = issueWebhook(issueId, {
      assignee: { id: "user-ana", name: "Ana" },
      updatedFrom: { assigneeId: null },
    });
    expect((await postLinear(assigned, { delivery: "lin-assign" })).status).toBe(202);
    await drain();
    expect(await incident(opened.id)).toMatchObject({
      status: "acknowledged",
      acknowledgedBy: "Ana",
    });
    expect(rules(await incident(opened.id)).at(-1)).toBe("triage.linear.acknowledge");

    const decisions = (await incident(opened.id)).decisions.length;
    const unassigned = issueWebhook(issueId, {
      assignee: null,
      updatedFrom: { assigneeId: "user-ana" },
    });
    expect((await postLinear(unassigned, { delivery: "lin-unassign" })).status).toBe(202);
    await drain();
    expect((await incident(opened.id)).decisions).toHaveLength(decisions);
  });

  it("re-runs the failed jobs when the label pitcrew:retry is added", async () => {
    const { github: gh } = await start();
    const { incident: opened, issueId } = await linkedIncident();
    const rerunPath = `/repos/${exampleRun.repo}/actions/runs/${exampleRun.runId}/rerun-failed-jobs`;
    const reruns = () => gh.requests.filter((r) => r.method === "POST" && r.path === rerunPath);
    expect(reruns()).toHaveLength(0);

    const retry = { id: "label-retry", name: "pitcrew:retry" };
    const ci = { id: "label-ci", name: "ci" };
    const labelled = issueWebhook(issueId, {
      labels: [ci, retry],
      updatedFrom: { labelIds: [ci.id] },
    });
    expect((await postLinear(labelled, { delivery: "lin-retry" })).status).toBe(202);
    await drain();

    expect(reruns()).toHaveLength(1);
    expect(gh.reruns).toEqual([{ repo: exampleRun.repo, runId: exampleRun.runId }]);
    expect(rules(await incident(opened.id)).at(-1)).toBe("triage.linear.rerun");

    // A later update that still carries the label (already there before) re-runs nothing.
    const still = issueWebhook(issueId, {
      labels: [ci, retry],
      updatedFrom: { labelIds: [ci.id, retry.id] },
    });
    expect((await postLinear(still, { delivery: "lin-retry-2" })).status).toBe(202);
    await drain();
    expect(reruns()).toHaveLength(1);
  });
});

describe("acceptance: pitcrew:retry on a generic CI incident", () => {
  it("does not ask GitHub to re-run a run of another CI system", async () => {
    const { github: gh } = await start();
    const log = jestLog.replace(/^\S+Z /gm, "");
    const posted = await postCi(app().url, {
      source: "gitlab",
      repo: exampleRun.repo,
      workflow: "ci",
      job: "unit",
      branch: "main",
      sha: "9f2c1e0",
      runId: "8812",
      attempt: 1,
      url: `https://ci.example/${exampleRun.repo}/-/jobs/8812`,
      status: "failure",
      exitCode: 1,
      log,
    });
    expect(posted.status).toBe(202);
    await drain();
    const [opened] = await app().backend.store.listIncidents();
    const issueId = opened?.linear?.id;
    if (!opened || !issueId) throw new Error("no linked incident");

    const labelled = issueWebhook(issueId, {
      labels: [{ id: "label-retry", name: "pitcrew:retry" }],
      updatedFrom: { labelIds: [] },
    });
    expect((await postLinear(labelled, { delivery: "lin-retry-ci" })).status).toBe(202);
    await drain();

    expect(gh.requests.filter((r) => r.path.endsWith("/rerun-failed-jobs"))).toEqual([]);
    expect(await app().backend.store.listActions({ kind: "retry" })).toEqual([]);
    expect((await incident(opened.id)).decisions.at(-1)).toMatchObject({
      kind: "ignore",
      rule: "triage.linear.rerun",
      reason: expect.stringMatching(/gitlab/),
    });
  });
});

describe("acceptance: Linear triage of a person's issue", () => {
  it.each([
    ["the run URL", `CI is red since this run: ${runUrl}`],
    ["the job URL", `Failing job: [test](${jobUrl}). Please look.`],
  ])(
    "links a new issue that mentions %s to the incident and explains it there",
    async (_name, description) => {
      // Default ladder (issue at 5 failures): the incident has no Linear issue of its own.
      const { linear: fake } = await start({ issueAt: 5 });
      const opened = await failRun();
      expect(opened.linear).toBeNull();
      expect(fake.issues).toEqual([]);
      fake.issues.push({
        id: "issue-person",
        identifier: "ENG-7",
        number: 7,
        title: "tests are red on master",
        description,
        priority: 0,
        teamId: fake.team.id,
        stateId: triageState,
        labelIds: [],
        url: "https://linear.app/fake/issue/ENG-7",
        createdAt: app().clock.now().toISOString(),
      });

      const created = issueWebhook("issue-person", {
        action: "create",
        issue: {
          identifier: "ENG-7",
          description,
          url: "https://linear.app/fake/issue/ENG-7",
        },
        creatorId: "user-ana",
      });
      expect((await postLinear(created, { delivery: "lin-create" })).status).toBe(202);
      await drain();

      const linked = await incident(opened.id);
      expect(linked.linear).toMatchObject({
        id: "issue-person",
        identifier: "ENG-7",
        url: "https://linear.app/fake/issue/ENG-7",
        linkedByTriage: true,
      });
      expect(rules(linked)).toContain("triage.linear.link");

      const update = fake.requests.find((r) => r.operation === "updateIssue");
      expect(update?.variables).toMatchObject({ id: "issue-person" });
      const input = (update?.variables.input ?? {}) as { priority?: number; labelIds?: string[] };
      expect(input.priority).toBeGreaterThan(0);
      expect(input.labelIds?.length).toBeGreaterThan(0);
      const person = fake.issues.find((i) => i.id === "issue-person");
      expect(person?.priority).toBe(input.priority);
      const labelNames = fake.labels
        .filter((l) => person?.labelIds.includes(l.id))
        .map((l) => l.name);
      expect(labelNames.length).toBeGreaterThan(0);

      expect(fake.comments).toHaveLength(1);
      expect(fake.comments[0]).toMatchObject({ issueId: "issue-person" });
      expect(fake.comments[0]?.body).toContain(opened.id);
      expect(fake.comments[0]?.body).toContain(opened.classification.evidence[0]?.text);

      // Redelivered under another id: the incident is linked now, so nothing more is sent.
      const requests = fake.requests.length;
      const again = issueWebhook("issue-person", {
        action: "create",
        issue: { identifier: "ENG-7", description },
      });
      expect((await postLinear(again, { delivery: "lin-create-2" })).status).toBe(202);
      await drain();
      expect(fake.requests.length).toBe(requests);
      expect(fake.comments).toHaveLength(1);
    },
  );

  it("does not link an update, nor a new issue that mentions an unknown run", async () => {
    const { linear: fake } = await start({ issueAt: 5 });
    const opened = await failRun();
    const update = issueWebhook("issue-person", {
      issue: { description: runUrl },
      updatedFrom: { description: "" },
    });
    expect((await postLinear(update, { delivery: "lin-upd" })).status).toBe(202);
    const other = issueWebhook("issue-other", {
      action: "create",
      issue: { description: `https://github.com/${exampleRun.repo}/actions/runs/1` },
    });
    expect((await postLinear(other, { delivery: "lin-other" })).status).toBe(202);
    await drain();
    expect((await incident(opened.id)).linear).toBeNull();
    expect(fake.requests).toEqual([]);
  });
});

describe("acceptance: POST /webhooks/linear security", () => {
  it("answers bad, missing and stale signatures 401, malformed bodies 400, other types 202", async () => {
    await start();
    const now = () => app().clock.now().getTime();
    const good = issueWebhook("issue-x", { state: doneState, updatedFrom: { stateId: "s" } });

    const missing = await postLinear(good, { signature: null });
    expect(missing).toMatchObject({ status: 401, body: { error: "signature-missing" } });

    const wrong = await postLinear(good, {
      signature: signLinearWebhook("another-secret", JSON.stringify(good)),
    });
    expect(wrong).toMatchObject({ status: 401, body: { error: "signature-invalid" } });
    const garbage = await postLinear(good, { signature: "sha256=abc" });
    expect(garbage.status).toBe(401);

    // Signed, but the signed webhookTimestamp is 61 s old: a possible replay.
    const stale = issueWebhook("issue-x", { webhookTimestamp: now() - 61_000 });
    expect(await postLinear(stale)).toMatchObject({
      status: 401,
      body: { error: "timestamp-stale" },
    });
    const edge = issueWebhook("issue-x", { webhookTimestamp: now() - 60_000 });
    expect((await postLinear(edge, { delivery: "lin-edge" })).status).toBe(202);
    const noStamp = { ...good, webhookTimestamp: undefined };
    expect(await postLinear(noStamp)).toMatchObject({
      status: 401,
      body: { error: "timestamp-missing" },
    });

    const malformed = await postLinear(null, { raw: '{"action": "update", "type": ' });
    expect(malformed).toMatchObject({ status: 400, body: { error: "body-not-json" } });
    const badData = { ...good, data: { title: "no id" } };
    expect(await postLinear(badData)).toMatchObject({
      status: 400,
      body: { error: "body-invalid" },
    });

    // The signature is checked before the body is read: bad signature + malformed body is 401.
    const both = await postLinear(null, { raw: "{not json", signature: "0".repeat(64) });
    expect(both.status).toBe(401);

    // No body at all (no content type either): a bad signature, not a server error.
    const empty = await fetch(`${app().url}/webhooks/linear`, {
      method: "POST",
      headers: { "linear-signature": "0".repeat(64) },
    });
    expect(empty.status).toBe(401);
    const signedEmpty = await postLinear(null, { raw: "" });
    expect(signedEmpty).toMatchObject({ status: 400, body: { error: "body-empty" } });
    const notAnObject = await postLinear([good]);
    expect(notAnObject).toMatchObject({ status: 400, body: { error: "body-invalid" } });

    // Without a linear-delivery header the issue id + signed timestamp dedupe.
    const headerless = issueWebhook("issue-y", { updatedFrom: { title: "old" } });
    expect(await postLinear(headerless)).toMatchObject({
      status: 202,
      body: { deliveryId: `issue-y:${now()}` },
    });
    expect(await postLinear(headerless)).toMatchObject({
      status: 200,
      body: { status: "duplicate" },
    });

    const comment = {
      action: "create",
      type: "Comment",
      createdAt: app().clock.now().toISOString(),
      organizationId: "org-fake",
      webhookId: "webhook-fake",
      webhookTimestamp: now(),
      data: { id: "comment-1", body: "looks flaky", issueId: "issue-x" },
    };
    expect(await postLinear(comment, { delivery: "lin-comment" })).toMatchObject({
      status: 202,
      body: { status: "ignored" },
    });
    // Neither rejected nor ignored deliveries leave work behind.
    expect(await app().backend.queue.list({ status: "pending" })).toHaveLength(2);

    const metrics = await (await fetch(`${app().url}/metrics`)).text();
    const count = (outcome: string) =>
      Number(
        new RegExp(
          `^pitcrew_webhooks_total\\{source="linear",outcome="${outcome}"\\} (\\d+)$`,
          "m",
        ).exec(metrics)?.[1] ?? 0,
      );
    expect(count("401")).toBe(7);
    expect(count("400")).toBe(4);
    expect(count("202")).toBe(3);
    expect(count("200")).toBe(1);
  });

  it("without LINEAR_WEBHOOK_SECRET takes unsigned deliveries from loopback only", async () => {
    await start({ secret: null });
    const body = issueWebhook("issue-x", { state: doneState, updatedFrom: { stateId: "s" } });

    const local = await postLinear(body, { signature: null, delivery: "lin-local" });
    expect(local).toMatchObject({ status: 202, body: { status: "accepted" } });

    const remote = await app().app.http.inject({
      method: "POST",
      url: "/webhooks/linear",
      headers: { "content-type": "application/json", "linear-delivery": "lin-remote" },
      payload: JSON.stringify(body),
      remoteAddress: "203.0.113.9",
    });
    expect(remote.statusCode).toBe(401);
    expect(remote.json()).toMatchObject({ error: "signature-required" });

    // The timestamp still counts without a secret.
    const stale = issueWebhook("issue-x", {
      webhookTimestamp: app().clock.now().getTime() - 61_000,
    });
    expect((await postLinear(stale, { signature: null })).status).toBe(401);
    expect(
      app().logs.lines.some(
        (e) => e.level === "warn" && /LINEAR_WEBHOOK_SECRET is not set/.test(String(e.msg)),
      ),
    ).toBe(true);
  });
});
