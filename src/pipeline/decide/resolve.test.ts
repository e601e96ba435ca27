import { describe, expect, it } from "vitest";
import { testClassification, testIncident } from "../../../test/support/incident-builder.js";
import type { RecoveryAttempt } from "../../domain/escalation.js";
import type { FailureEvent, Incident } from "../../domain/types.js";
import { resolveIncidents } from "./resolve.js";

const now = new Date("2026-11-23T11:00:00.000Z");

function incident(id: string, overrides: Partial<Incident> = {}): Incident {
  const classification = testClassification({
    type: "network",
    category: "transient",
    severity: "medium",
    retryable: true,
    suggestedAction: "retry",
    ruleId: "x",
  });
  return testIncident(id, { status: "retrying", classification, ...overrides });
}

const fixPr = { url: "https://github.com/acme/api/pull/7", number: 7, branch: "pitcrew/fix-1" };

function repair(ranAt: string | null): RecoveryAttempt {
  return {
    strategy: "clear_cache",
    actionId: "act_1",
    runId: "100",
    decidedAt: "2026-11-23T10:20:00.000Z",
    ranAt,
    outcome: "pending",
    outcomeEventId: null,
    details: {},
  };
}

const success = {
  id: "ev_1",
  receivedAt: now.toISOString(),
  repo: "acme/api",
  workflow: "CI",
  branch: "main",
  runId: "100",
  attempt: 2,
} as FailureEvent;

describe("pipeline/decide/resolve", () => {
  it.each([
    // case, incident overrides, success overrides, re-run run ids, expected resolution (null = untouched)
    ["re-run of the same run passed", {}, {}, ["100"], "auto-recovered"],
    ["a later run passed", {}, { runId: "101", attempt: 1 }, ["100"], "passed"],
    ["same run passed without a pitcrew re-run", {}, {}, [], "passed"],
    ["other branch", {}, { branch: "feature" }, ["100"], null],
    ["other workflow", {}, { workflow: "Deploy" }, ["100"], null],
    ["other repo", {}, { repo: "acme/web" }, ["100"], null],
    ["already resolved", { status: "resolved" as const }, {}, ["100"], null],
    ["fix PR's branch passed", { pr: fixPr }, { branch: "pitcrew/fix-1" }, [], "fixed-by-pr"],
    ["another branch than the fix PR's", { pr: fixPr }, { branch: "feature" }, [], null],
    ["the failing branch passed while a fix PR is open", { pr: fixPr }, {}, [], "passed"],
    [
      "a repair ran before the pass",
      { recoveries: [repair("2026-11-23T10:30:00.000Z")] },
      { runId: "101" },
      [],
      "auto-recovered",
    ],
    ["a repair still scheduled", { recoveries: [repair(null)] }, { runId: "101" }, [], "passed"],
  ])("%s", (_case, overrides, successOverrides, reruns, expected) => {
    const resolved = resolveIncidents({
      success: { ...success, ...successOverrides },
      open: [incident("PC-1", overrides)],
      rerunRunIds: new Set(reruns),
      now,
    });

    if (expected === null) {
      expect(resolved).toEqual([]);
    } else {
      expect(resolved).toHaveLength(1);
      expect(resolved[0]).toMatchObject({
        status: "resolved",
        resolution: expected,
        resolvedAt: now.toISOString(),
        timeToResolveMs: 3_600_000,
      });
      expect(resolved[0]?.decisions.at(-1)?.rule).toBe(`resolve.${expected}`);
    }
  });

  it("settles a repair that ran as succeeded, naming the event that proved it", () => {
    const [resolved] = resolveIncidents({
      success: { ...success, id: "ev_9", receivedAt: now.toISOString() },
      open: [incident("PC-1", { recoveries: [repair("2026-11-23T10:30:00.000Z")] })],
      rerunRunIds: new Set(),
      now,
    });

    expect(resolved?.recoveries).toMatchObject([{ outcome: "succeeded", outcomeEventId: "ev_9" }]);
  });

  it("resolves every job's incident of the repo + workflow + branch at once", () => {
    const open = [incident("PC-1", { job: "unit" }), incident("PC-2", { job: "lint" })];

    const resolved = resolveIncidents({ success, open, rerunRunIds: new Set(), now });

    expect(resolved.map((i) => i.id)).toEqual(["PC-1", "PC-2"]);
  });
});
