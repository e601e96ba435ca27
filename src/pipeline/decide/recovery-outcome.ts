import type { RecoveryAttempt } from "../../domain/escalation.js";
import type { Incident } from "../../domain/types.js";

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
  return { incident: settled.length ? { ...incident, recoveries } : incident, settled };
}
