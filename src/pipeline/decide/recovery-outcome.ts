import { type RecoveryAttempt, rungs } from "../../domain/escalation.js";
import type { Incident, IncidentStatus } from "../../domain/types.js";

/**
 * Settles the incident's repairs that ran before `event`: the next run of the workflow decides
 * whether a repair worked (a pass) or not (the failure came back). A repair still scheduled when
 * the event arrived is left pending: this run says nothing about it. Pure.
 */
export function settleRecoveries(
  incident: Incident,
  event: { id: string; receivedAt: string },
  outcome: "succeeded" | "failed",
): { incident: Incident; settled: RecoveryAttempt[] } {
  const settled: RecoveryAttempt[] = [];
  const recoveries = incident.recoveries.map((recovery) => {
    if (recovery.outcome !== "pending" || recovery.ranAt === null) return recovery;
    if (Date.parse(recovery.ranAt) > Date.parse(event.receivedAt)) return recovery;
    const done = { ...recovery, outcome, outcomeEventId: event.id };
    settled.push(done);
    return done;
  });
  if (settled.length === 0) return { incident, settled };
  // A repair that did not help leaves nothing to wait for: the incident is no longer recovering.
  const waiting = recoveries.some((r) => r.outcome === "pending");
  const status =
    outcome === "failed" && incident.status === "recovering" && !waiting
      ? statusAfterRecovery(incident)
      : incident.status;
  return { incident: { ...incident, recoveries, status }, settled };
}

/** The status of a `recovering` incident once no repair is pending: escalated past codegen, else open. */
export function statusAfterRecovery(incident: Pick<Incident, "escalationLevel">): IncidentStatus {
  return incident.escalationLevel >= rungs.indexOf("codegen") ? "escalated" : "open";
}
