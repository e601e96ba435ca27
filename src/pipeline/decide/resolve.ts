import type { Decision, FailureEvent, Incident, Resolution } from "../../domain/types.js";
import { settleRecoveries } from "./recovery-outcome.js";

/**
 * Resolves the open incidents a successful run covers: every open incident of that
 * repo + workflow + branch (DESIGN §7.1 resolution scope), and those whose Codegen fix PR's
 * branch just passed. Pure; returns the changed copies. The resolution says who fixed it:
 * `fixed-by-pr` when the PR's branch passed, `auto-recovered` when pitcrew re-ran this very run
 * or a repair of pitcrew's ran before it, else `passed`.
 */
export function resolveIncidents(input: {
  success: FailureEvent;
  open: readonly Incident[];
  rerunRunIds: ReadonlySet<string>;
  now: Date;
}): Incident[] {
  const { success, now } = input;
  return input.open
    .filter(
      (incident) =>
        incident.status !== "resolved" &&
        incident.repo === success.repo &&
        incident.workflow === success.workflow &&
        (incident.branch === success.branch || onFixBranch(incident, success)),
    )
    .map((incident) => {
      const { incident: settled, settled: repairs } = settleRecoveries(
        incident,
        success,
        "succeeded",
      );
      const rerun = input.rerunRunIds.has(success.runId) && incident.lastRunId === success.runId;
      const resolution: Resolution = onFixBranch(incident, success)
        ? "fixed-by-pr"
        : rerun || repairs.length > 0
          ? "auto-recovered"
          : "passed";
      const decision: Decision = {
        kind: "ignore",
        reason: reasonFor(
          resolution,
          success,
          incident,
          repairs.map((r) => r.strategy),
        ),
        rule: `resolve.${resolution}`,
        at: now.toISOString(),
      };
      return {
        ...settled,
        status: "resolved" as const,
        resolution,
        resolvedAt: now.toISOString(),
        timeToResolveMs: now.getTime() - Date.parse(incident.firstSeenAt),
        decisions: [...incident.decisions, decision],
      };
    });
}

function onFixBranch(incident: Incident, success: FailureEvent): boolean {
  const branch = incident.pr?.branch;
  return Boolean(branch) && branch === success.branch && branch !== incident.branch;
}

function reasonFor(
  resolution: Resolution,
  success: FailureEvent,
  incident: Incident,
  repairs: string[],
): string {
  if (resolution === "fixed-by-pr") {
    return `run ${success.runId} passed on ${success.branch}, the branch of fix PR ${incident.pr?.url}`;
  }
  if (repairs.length > 0) {
    return `run ${success.runId} passed after pitcrew's ${repairs.join(", ")}`;
  }
  if (resolution === "auto-recovered") {
    return `run ${success.runId} passed on attempt ${success.attempt} after pitcrew re-ran it`;
  }
  return `run ${success.runId} of ${success.workflow} passed on ${success.branch ?? "its branch"}`;
}
