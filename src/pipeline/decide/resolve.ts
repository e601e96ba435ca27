import type { Decision, FailureEvent, Incident, Resolution } from "../../domain/types.js";

/**
 * Resolves the open incidents a successful run covers: every open incident of that
 * repo + workflow + branch (DESIGN §7.1 resolution scope). Pure; returns the changed copies.
 * An incident is `auto-recovered` when pitcrew re-ran this very run and it passed.
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
        incident.branch === success.branch,
    )
    .map((incident) => {
      const recovered =
        input.rerunRunIds.has(success.runId) && incident.lastRunId === success.runId;
      const resolution: Resolution = recovered ? "auto-recovered" : "passed";
      const decision: Decision = {
        kind: "ignore",
        reason: recovered
          ? `run ${success.runId} passed on attempt ${success.attempt} after pitcrew re-ran it`
          : `run ${success.runId} of ${success.workflow} passed on ${success.branch ?? "its branch"}`,
        rule: recovered ? "resolve.auto-recovered" : "resolve.passed",
        at: now.toISOString(),
      };
      return {
        ...incident,
        status: "resolved" as const,
        resolution,
        resolvedAt: now.toISOString(),
        timeToResolveMs: now.getTime() - Date.parse(incident.firstSeenAt),
        decisions: [...incident.decisions, decision],
      };
    });
}
