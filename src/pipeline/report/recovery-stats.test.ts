import { describe, expect, it } from "vitest";
import { testClassification, testIncident } from "../../../test/support/incident-builder.js";
import type { RecoveryAttempt, RecoveryStrategy } from "../../domain/escalation.js";
import type { Incident } from "../../domain/types.js";
import { type RecoveryStatsRow, recoveryStats } from "./recovery-stats.js";

function incident(id: string, recoveries: RecoveryAttempt[]): Incident {
  return testIncident(id, {
    status: "recovering",
    job: "build",
    classification: testClassification({
      type: "dependency_install",
      category: "transient",
      severity: "medium",
      retryable: true,
      confidence: 0.8,
      suggestedAction: "clear_cache",
      ruleId: "dependency-cache-corrupt",
    }),
    recoveries,
  });
}

let actions = 0;
function attempt(strategy: RecoveryStrategy, outcome: RecoveryAttempt["outcome"]): RecoveryAttempt {
  actions += 1;
  return {
    strategy,
    actionId: `act_${actions}`,
    runId: strategy === "reset" ? null : "100",
    decidedAt: "2026-11-23T10:20:00.000Z",
    ranAt: outcome === "pending" ? null : "2026-11-23T10:21:00.000Z",
    outcome,
    outcomeEventId: outcome === "pending" ? null : "evt_2",
    details: {},
  };
}

const row = (
  strategy: RecoveryStrategy,
  [tried, succeeded, failed, pending]: number[],
  successRate: number | null,
): RecoveryStatsRow => ({
  strategy,
  tried: tried ?? 0,
  succeeded: succeeded ?? 0,
  failed: failed ?? 0,
  pending: pending ?? 0,
  successRate,
});

describe("recoveryStats", () => {
  it.each<[string, Incident[], RecoveryStatsRow[]]>([
    ["no incidents", [], []],
    ["incidents without recoveries", [incident("PC-1", []), incident("PC-2", [])], []],
    [
      "one success",
      [incident("PC-1", [attempt("clear_cache", "succeeded")])],
      [row("clear_cache", [1, 1, 0, 0], 1)],
    ],
    [
      "only pending: no rate yet",
      [incident("PC-1", [attempt("runbook", "pending")])],
      [row("runbook", [1, 0, 0, 1], null)],
    ],
    [
      "pending attempts do not lower the rate",
      [
        incident("PC-1", [attempt("clear_cache", "failed"), attempt("reset", "pending")]),
        incident("PC-2", [attempt("clear_cache", "succeeded")]),
        incident("PC-3", [attempt("clear_cache", "pending")]),
      ],
      [row("clear_cache", [3, 1, 1, 1], 0.5), row("reset", [1, 0, 0, 1], null)],
    ],
    [
      "one row per strategy, sorted by strategy, across incidents",
      [
        incident("PC-1", [attempt("runbook", "failed"), attempt("reset", "succeeded")]),
        incident("PC-2", [
          attempt("reinstall_dependencies", "succeeded"),
          attempt("clear_cache", "failed"),
        ]),
        incident("PC-3", [attempt("runbook", "succeeded"), attempt("runbook", "succeeded")]),
      ],
      [
        row("clear_cache", [1, 0, 1, 0], 0),
        row("reinstall_dependencies", [1, 1, 0, 0], 1),
        row("reset", [1, 1, 0, 0], 1),
        row("runbook", [3, 2, 1, 0], 2 / 3),
      ],
    ],
  ])("%s", (_name, incidents, expected) => {
    expect(recoveryStats(incidents)).toEqual(expected);
  });

  it("leaves its input alone", () => {
    const incidents = [incident("PC-1", [attempt("clear_cache", "failed")])];
    const before = structuredClone(incidents);
    recoveryStats(incidents);
    recoveryStats(incidents);
    expect(incidents).toEqual(before);
  });
});
