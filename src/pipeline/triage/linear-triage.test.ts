import { describe, expect, it } from "vitest";
import { testIncident } from "../../../test/support/incident-builder.js";
import type { Incident } from "../../domain/types.js";
import type { LinearIssueDelivery } from "./linear-delivery.js";
import { incidentForDescription, RETRY_LABEL, triageSteps, urlsIn } from "./linear-triage.js";

function incident(id: string, overrides: Partial<Incident> = {}): Incident {
  return testIncident(id, {
    lastUrl: "https://github.com/acme/api/actions/runs/100/job/555",
    ...overrides,
  });
}

const retry = { id: "label-retry", name: RETRY_LABEL };
const ci = { id: "label-ci", name: "ci" };

function delivery(overrides: Partial<LinearIssueDelivery> = {}, issue = {}): LinearIssueDelivery {
  return {
    action: "update",
    actor: "Ana",
    updatedFrom: {},
    ...overrides,
    issue: {
      id: "issue-1",
      identifier: "ENG-1",
      state: { type: "triage", name: "Triage" },
      assigneeId: null,
      labels: [ci],
      labelIds: [ci.id],
      ...issue,
    },
  };
}

const linked = incident("PC-1");
const done = { state: { type: "completed", name: "Done" } };
const canceled = { state: { type: "canceled", name: "Canceled" } };
const assigned = { assigneeId: "user-bo", assignee: { name: "Bo" } };

describe("triageSteps on the linked issue", () => {
  it.each([
    ["moved to Done → resolve", { stateId: "s-triage" }, done, ["resolve"]],
    [
      "moved to another completed state → resolve",
      { stateId: "s-triage" },
      { state: { type: "completed", name: "Shipped" } },
      ["resolve"],
    ],
    ["canceled → silence", { stateId: "s-triage" }, canceled, ["silence"]],
    [
      "moved to In Progress → nothing",
      { stateId: "s-triage" },
      { state: { type: "started", name: "In Progress" } },
      [],
    ],
    ["Done without a state change → nothing", { title: "old" }, done, []],
    ["assignee set → acknowledge", { assigneeId: null }, assigned, ["acknowledge"]],
    ["assignee changed → acknowledge", { assigneeId: "user-cy" }, assigned, ["acknowledge"]],
    ["assignee removed → nothing", { assigneeId: "user-bo" }, { assigneeId: null }, []],
    ["assigned before, other change → nothing", { title: "old" }, assigned, []],
    [
      "retry label newly added → rerun",
      { labelIds: [ci.id] },
      { labels: [ci, retry], labelIds: [ci.id, retry.id] },
      ["rerun"],
    ],
    [
      "retry label already there before → nothing",
      { labelIds: [ci.id, retry.id] },
      { labels: [retry], labelIds: [retry.id] },
      [],
    ],
    ["another label added → nothing", { labelIds: [] }, {}, []],
    [
      "retry label present, labels unchanged → nothing",
      { title: "old" },
      { labels: [retry], labelIds: [retry.id] },
      [],
    ],
    ["no changes named (updatedFrom {}) → nothing", {}, { ...done, ...assigned }, []],
    [
      "Done + assignee + retry at once → all three, in order",
      { stateId: "s-triage", assigneeId: null, labelIds: [] },
      { ...done, ...assigned, labels: [retry], labelIds: [retry.id] },
      ["resolve", "acknowledge", "rerun"],
    ],
    [
      "canceled + assignee at once → silence and acknowledge",
      { stateId: "s-triage", assigneeId: null },
      { ...canceled, ...assigned },
      ["silence", "acknowledge"],
    ],
  ])("%s", (_name, updatedFrom, issue, kinds) => {
    const steps = triageSteps(delivery({ updatedFrom }, issue), { linked, candidate: null });
    expect(steps.map((s) => s.kind)).toEqual(kinds);
  });

  it.each([
    ["silenced, moved back to Triage → unsilence", "Triage", "triage", ["unsilence"]],
    ["silenced, moved to In Progress → unsilence", "In Progress", "started", ["unsilence"]],
    ["silenced, canceled again → silence", "Canceled", "canceled", ["silence"]],
    ["silenced, moved to Done → resolve", "Done", "completed", ["resolve"]],
  ])("%s", (_name, stateName, type, kinds) => {
    const silenced = incident("PC-1", { status: "silenced" });
    const steps = triageSteps(
      delivery({ updatedFrom: { stateId: "s-canceled" } }, { state: { type, name: stateName } }),
      { linked: silenced, candidate: null },
    );
    expect(steps.map((s) => s.kind)).toEqual(kinds);
  });

  it("names the issue, the state and the person in the reasons", () => {
    const steps = triageSteps(
      delivery(
        { updatedFrom: { stateId: "s", assigneeId: null, labelIds: [] } },
        { ...done, ...assigned, labels: [retry], labelIds: [retry.id] },
      ),
      { linked, candidate: null },
    );
    expect(steps).toEqual([
      { kind: "resolve", reason: "ENG-1 moved to Done by Ana" },
      { kind: "acknowledge", by: "Bo", reason: "ENG-1 assigned to Bo" },
      { kind: "rerun", reason: `Ana added ${RETRY_LABEL} to ENG-1` },
    ]);
  });

  it("acknowledges by the assignee id when the name is missing, and says someone without an actor", () => {
    const steps = triageSteps(
      delivery(
        { actor: null, updatedFrom: { assigneeId: null, stateId: "s" } },
        {
          assigneeId: "user-bo",
          ...canceled,
        },
      ),
      { linked, candidate: null },
    );
    expect(steps).toEqual([
      { kind: "silence", reason: "ENG-1 canceled by someone" },
      { kind: "acknowledge", by: "user-bo", reason: "ENG-1 assigned to user-bo" },
    ]);
  });

  it.each(["create", "remove"])("does nothing on %s of the linked issue", (action) => {
    const steps = triageSteps(delivery({ action, updatedFrom: { stateId: "s" } }, done), {
      linked,
      candidate: null,
    });
    expect(steps).toEqual([]);
  });

  it("acts on the linked issue even when a candidate is given too", () => {
    const steps = triageSteps(delivery({ updatedFrom: { stateId: "s" } }, done), {
      linked,
      candidate: incident("PC-2"),
    });
    expect(steps.map((s) => s.kind)).toEqual(["resolve"]);
  });
});

describe("triageSteps on an unlinked issue", () => {
  const candidate = incident("PC-2", { lastRunId: "200" });

  it("links a new issue that mentions a candidate's run", () => {
    expect(triageSteps(delivery({ action: "create" }), { linked: null, candidate })).toEqual([
      { kind: "link", reason: "ENG-1 by Ana mentions run 200" },
    ]);
  });

  it.each([
    ["create without a candidate", "create", null],
    ["update with a candidate", "update", candidate],
    ["remove with a candidate", "remove", candidate],
  ])("does nothing on %s", (_name, action, found) => {
    const steps = triageSteps(delivery({ action, updatedFrom: { stateId: "s" } }, done), {
      linked: null,
      candidate: found,
    });
    expect(steps).toEqual([]);
  });
});

describe("urlsIn", () => {
  it.each([
    ["", []],
    ["no links here", []],
    [
      "bare https://a.example/x and http://b.example/y",
      ["https://a.example/x", "http://b.example/y"],
    ],
    [
      "markdown [run](https://github.com/a/b/actions/runs/1)",
      ["https://github.com/a/b/actions/runs/1"],
    ],
    [
      '<https://a.example/x> and "https://b.example/y"',
      ["https://a.example/x", "https://b.example/y"],
    ],
    [
      "see https://a.example/x. Then https://b.example/y, done!",
      ["https://a.example/x", "https://b.example/y"],
    ],
    ["failed: https://a.example/x?check=1#step:4:12", ["https://a.example/x?check=1#step:4:12"]],
    ["in code `https://a.example/x`", ["https://a.example/x"]],
    ["in bold **https://a.example/x**", ["https://a.example/x"]],
    ["line\nhttps://a.example/x\nnext", ["https://a.example/x"]],
    ["not a url: ftp://a.example/x", []],
  ])("%j", (text, urls) => {
    expect(urlsIn(text)).toEqual(urls);
  });
});

describe("incidentForDescription", () => {
  const a = incident("PC-1", {
    lastRunId: "100",
    lastUrl: "https://github.com/acme/api/actions/runs/100/job/555",
  });
  const ciUrl = "https://ci.example/acme/web/-/jobs/8812";
  const b = incident("PC-2", { repo: "acme/web", lastRunId: "8812", lastUrl: ciUrl });
  const all = [a, b];

  it.each([
    ["the job URL (lastUrl)", `CI is red: ${a.lastUrl}`, "PC-1"],
    ["a generic CI job URL (lastUrl)", `see [job](${ciUrl})`, "PC-2"],
    ["the GitHub run URL", "https://github.com/acme/api/actions/runs/100", "PC-1"],
    [
      "the run URL with an attempt",
      "https://github.com/acme/api/actions/runs/100/attempts/2",
      "PC-1",
    ],
    ["the run URL with a query", "https://github.com/acme/api/actions/runs/100?pr=4", "PC-1"],
    ["another job of the run", "https://github.com/acme/api/actions/runs/100/job/999", "PC-1"],
    ["another run of the repo", "https://github.com/acme/api/actions/runs/101", null],
    ["a run id that only starts like it", "https://github.com/acme/api/actions/runs/1000", null],
    ["the run id of another repo", "https://github.com/acme/other/actions/runs/100", null],
    ["a repo whose name ends like it", "https://github.com/xacme/api/actions/runs/100", null],
    ["no URL at all", "runs/100 of acme/api failed", null],
    ["an unrelated URL", "https://example.com/acme/api", null],
  ])("matches %s", (_name, text, id) => {
    expect(incidentForDescription(text, all)?.id ?? null).toBe(id);
  });

  it("prefers an open incident over a resolved one of the same run", () => {
    const resolved = incident("PC-3", {
      status: "resolved",
      lastSeenAt: "2026-11-23T12:00:00.000Z",
    });
    const open = incident("PC-4", { lastSeenAt: "2026-11-23T09:00:00.000Z" });
    const text = "https://github.com/acme/api/actions/runs/100";
    expect(incidentForDescription(text, [resolved, open])?.id).toBe("PC-4");
    expect(incidentForDescription(text, [open, resolved])?.id).toBe("PC-4");
  });

  it("prefers the newer of two open incidents, and takes a resolved one when it is the only match", () => {
    const older = incident("PC-5", { lastSeenAt: "2026-11-23T09:00:00.000Z" });
    const newer = incident("PC-6", { lastSeenAt: "2026-11-23T11:00:00.000Z" });
    const text = "https://github.com/acme/api/actions/runs/100";
    expect(incidentForDescription(text, [older, newer])?.id).toBe("PC-6");
    const resolved = incident("PC-7", { status: "resolved" });
    expect(incidentForDescription(text, [resolved])?.id).toBe("PC-7");
  });

  it("prefers the incident whose own job URL is named over another job of the same run", () => {
    const test = incident("PC-8", { lastSeenAt: "2026-11-23T11:00:00.000Z" });
    const lint = incident("PC-9", {
      job: "lint",
      lastSeenAt: "2026-11-23T10:00:00.000Z",
      lastUrl: "https://github.com/acme/api/actions/runs/100/job/777",
    });
    const text = "lint broke: https://github.com/acme/api/actions/runs/100/job/777";
    expect(incidentForDescription(text, [test, lint])?.id).toBe("PC-9");
  });

  it("returns null for no incidents and ignores a null lastUrl", () => {
    expect(incidentForDescription(`${a.lastUrl}`, [])).toBeNull();
    const noUrl = incident("PC-10", { lastUrl: null, repo: "acme/cli", lastRunId: "5" });
    expect(incidentForDescription("https://ci.example/x", [noUrl])).toBeNull();
  });
});
