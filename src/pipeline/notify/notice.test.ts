import { describe, expect, it } from "vitest";
import { testClassification, testIncident } from "../../../test/support/incident-builder.js";
import type { RecoveryAttempt } from "../../domain/escalation.js";
import type { NoticeItem } from "../../domain/notify.js";
import type { Decision, Incident } from "../../domain/types.js";
import { clock, digestTotals, type NoticeContext, noticeItem } from "./notice.js";

const now = new Date("2026-11-23T10:40:00.000Z");
const context: NoticeContext = {
  now,
  next: null,
  nextRetryAt: null,
  dashboardUrl: "https://pitcrew.example/",
  silenced: false,
};

const retry = (at: string, runAt?: string): Decision => ({
  kind: "retry",
  reason: "",
  rule: "retry.transient",
  at,
  ...(runAt ? { runAt } : {}),
});
const clearDecision: Decision = {
  kind: "clear_cache",
  reason: "",
  rule: "recover.clear_cache",
  at: "2026-11-23T10:10:00.000Z",
  numbers: { ecosystem: "npm", prefixes: "npm-" },
};
const recovery = (overrides: Partial<RecoveryAttempt>): RecoveryAttempt => ({
  strategy: "clear_cache",
  actionId: "act_1",
  runId: "100",
  decidedAt: "2026-11-23T10:10:00.000Z",
  ranAt: "2026-11-23T10:11:00.000Z",
  outcome: "pending",
  outcomeEventId: null,
  details: {},
  ...overrides,
});
const linear = {
  id: "l1",
  identifier: "ENG-12",
  url: "https://linear.app/acme/issue/ENG-12",
  createdAt: "",
  lastCommentAt: null,
  reportedCount: 5,
  linkedByTriage: false,
};
const codegen = {
  runId: "cg_7",
  url: null,
  status: "running" as const,
  rawStatus: null,
  startedAt: "",
  finishedAt: null,
  attempts: 1,
  polls: 0,
};

describe("pipeline/notify/notice: what was done", () => {
  it.each<[string, Partial<Incident>, string[]]>([
    ["nothing yet", {}, []],
    [
      "re-runs that ran are counted; a scheduled one is not",
      {
        decisions: [
          retry("2026-11-23T10:00:00.000Z"),
          retry("2026-11-23T10:05:00.000Z", "2026-11-23T10:05:30.000Z"),
          retry("2026-11-23T10:39:00.000Z", "2026-11-23T10:42:00.000Z"),
        ],
      },
      ["re-ran 2×"],
    ],
    [
      "a cache clear names its ecosystem and what it deleted",
      { decisions: [clearDecision], recoveries: [recovery({ details: { deleted: 3 } })] },
      ["cleared npm caches (3 deleted)"],
    ],
    [
      "repairs say how they went",
      {
        recoveries: [
          recovery({ strategy: "reinstall_dependencies", outcome: "failed" }),
          recovery({ strategy: "runbook", outcome: "succeeded" }),
          recovery({ strategy: "reset", ranAt: null }),
        ],
      },
      [
        "reinstalled dependencies: did not help",
        "ran the runbook: worked",
        "purged every cache of the branch (reset): scheduled",
      ],
    ],
    [
      "Codegen PR and Linear issue",
      {
        codegen,
        pr: { url: "https://github.com/acme/api/pull/9", number: 9, branch: "fix" },
        linear,
      },
      ["Codegen PR https://github.com/acme/api/pull/9", "Linear ENG-12"],
    ],
    ["a Codegen run at work", { codegen }, ["Codegen run cg_7 working on a fix"]],
    [
      "a failed Codegen run",
      { codegen: { ...codegen, status: "failed", rawStatus: "ERROR" } },
      ["Codegen run cg_7 ended ERROR"],
    ],
  ])("%s", (_name, overrides, done) => {
    expect(noticeItem(testIncident("inc_1", overrides), context).done).toEqual(done);
  });
});

describe("pipeline/notify/notice: what next", () => {
  const next = { rung: "codegen" as const, atFailures: 2, trigger: "Codegen fix PR at 2 failures" };
  it.each<[string, Partial<Incident>, Partial<NoticeContext>, string]>([
    [
      "resolved",
      { status: "resolved" },
      { nextRetryAt: "2026-11-23T10:42:00.000Z" },
      "nothing: resolved",
    ],
    [
      "a scheduled re-run",
      {},
      { nextRetryAt: "2026-11-23T10:42:00.000Z", next },
      "re-run at 10:42 UTC",
    ],
    [
      "a re-run on another day",
      {},
      { nextRetryAt: "2026-11-24T00:05:00.000Z" },
      "re-run at 2026-11-24 00:05 UTC",
    ],
    ["the next rung", {}, { next }, "Codegen fix PR at 2 failures"],
    ["silenced, nothing computed", {}, { silenced: true }, "nothing: silenced"],
    ["nothing known", {}, {}, "nothing scheduled"],
  ])("%s", (_name, overrides, ctx, expected) => {
    expect(noticeItem(testIncident("inc_1", overrides), { ...context, ...ctx }).next).toBe(
      expected,
    );
  });
});

describe("pipeline/notify/notice: what happened", () => {
  it("carries the incident's facts and links", () => {
    const incident = testIncident("inc_1", {
      count: 4,
      lastUrl: "https://github.com/acme/api/actions/runs/100",
      linear,
      classification: testClassification({
        evidence: [{ line: 12, text: `  ${"x".repeat(250)}  ` }],
      }),
    });
    const item = noticeItem(incident, { ...context, silenced: true });
    expect(item).toMatchObject({
      incidentId: "inc_1",
      state: "firing",
      repo: "acme/api",
      workflow: "CI",
      job: "test",
      branch: "main",
      type: "test_failure",
      severity: "high",
      count: 4,
      silenced: true,
      links: {
        incident: "https://pitcrew.example/incidents/inc_1",
        run: "https://github.com/acme/api/actions/runs/100",
        linear: "https://linear.app/acme/issue/ENG-12",
        pr: null,
      },
    });
    expect(item.evidence).toBe(`${"x".repeat(199)}…`);
  });

  it.each<[string, string]>([
    ["2026-11-23T10:42:59.000Z", "10:42 UTC"],
    ["2026-11-22T23:59:00.000Z", "2026-11-22 23:59 UTC"],
  ])("clock(%s) = %s", (at, text) => {
    expect(clock(at, now)).toBe(text);
  });
});

describe("pipeline/notify/notice: digestTotals", () => {
  const item = (state: NoticeItem["state"], silenced = false) =>
    ({ state, silenced }) as NoticeItem;
  it.each<[string, NoticeItem[], { firing: number; resolved: number; silenced: number }]>([
    ["empty", [], { firing: 0, resolved: 0, silenced: 0 }],
    [
      "silenced ones are counted apart",
      [
        item("firing"),
        item("firing"),
        item("resolved"),
        item("firing", true),
        item("resolved", true),
      ],
      { firing: 2, resolved: 1, silenced: 2 },
    ],
  ])("%s", (_name, items, totals) => {
    expect(digestTotals(items)).toEqual(totals);
  });
});
