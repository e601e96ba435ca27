import { afterEach, describe, expect, it } from "vitest";
import type { Incident } from "../../src/domain/types.js";
import { jestLog } from "../fixtures/logs/index.js";
import { exampleRun } from "../fixtures/webhooks/workflow-run.js";
import { postCi } from "../support/deliveries.js";
import {
  app,
  canceledState,
  doneState,
  drain,
  failRun,
  incident,
  issueWebhook,
  linkedIncident,
  postLinear,
  rules,
  start,
  stopLinearTriageApp,
  triageState,
} from "../support/linear-triage-app.js";

afterEach(stopLinearTriageApp);

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
