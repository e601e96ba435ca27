import type { Decision } from "../../domain/types.js";
import type { PipelineDeps } from "../deps.js";
import { scheduleEscalation } from "./schedule-escalation.js";

/**
 * Hands an incident to a person when automation cannot go on (Codegen's plan limit, a gate):
 * a Linear issue when Linear is used and the incident has none yet, else an urgent notice.
 * The decision is recorded on the incident and in the audit log with its reason.
 */
export async function escalateToHuman(
  deps: PipelineDeps,
  incidentId: string,
  why: { rule: string; reason: string },
): Promise<void> {
  const incident = await deps.store.getIncident(incidentId);
  if (!incident || incident.status === "resolved") return;
  const useLinear = deps.escalation.linear.enabled && incident.linear === null;
  const decision: Decision = {
    kind: useLinear ? "linear_issue" : "notify",
    rung: useLinear ? "linear" : "codegen",
    rule: `linear.${why.rule}`,
    reason: `${why.reason}: ${useLinear ? "a Linear issue for a person" : "notifying a person"}`,
    at: deps.clock.now().toISOString(),
  };
  await deps.store.appendAudit({
    at: decision.at,
    kind: `decision.${decision.kind}`,
    subject: incident.id,
    reason: decision.reason,
    rule: decision.rule,
  });
  const scheduled = await scheduleEscalation(deps, incident, decision, {
    event: { id: "", runId: incident.lastRunId, provider: "github", source: "github" },
    previousIssue: null,
  });
  await deps.store.saveIncident({
    ...scheduled,
    escalationLevel: Math.max(scheduled.escalationLevel, useLinear ? 3 : 2),
    decisions: [...scheduled.decisions, decision],
  });
}
