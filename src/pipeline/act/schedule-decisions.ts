import type { Action, Decision, FailureEvent, Incident } from "../../domain/types.js";
import { newId } from "../../lib/ids.js";
import type { PipelineDeps } from "../deps.js";

/** Job kind that carries out a scheduled re-run. */
export const rerunJobKind = "rerun";

/**
 * Records the decisions on the incident and in the audit log, and turns a `retry` into a
 * scheduled action plus a delayed job. The idempotency key is per run and re-run number, so
 * two failed jobs of one run (or a retried processing job) schedule one re-run, not two.
 */
export async function scheduleDecisions(
  deps: PipelineDeps,
  input: { incident: Incident; event: FailureEvent; decisions: Decision[]; rerunsOfRun: number },
): Promise<void> {
  const { incident, event, decisions } = input;
  let status = incident.status;
  for (const decision of decisions) {
    await deps.store.appendAudit({
      at: decision.at,
      kind: `decision.${decision.kind}`,
      subject: incident.id,
      reason: decision.reason,
      rule: decision.rule,
      data: { eventId: event.id, runId: event.runId, runAt: decision.runAt ?? null },
    });
    if (decision.kind === "retry") {
      await scheduleRerun(deps, incident, event, decision, input.rerunsOfRun + 1);
      status = "retrying";
    }
  }
  await deps.store.saveIncident({
    ...incident,
    status,
    decisions: [...incident.decisions, ...decisions],
  });
}

async function scheduleRerun(
  deps: PipelineDeps,
  incident: Incident,
  event: FailureEvent,
  decision: Decision,
  nth: number,
): Promise<void> {
  const idempotencyKey = `rerun:${event.repo}:${event.runId}:${nth}`;
  const existing = await deps.store.findActionByKey(idempotencyKey);
  if (existing) {
    if (!existing.incidentIds.includes(incident.id)) {
      await deps.store.saveAction({
        ...existing,
        incidentIds: [...existing.incidentIds, incident.id],
      });
    }
    return;
  }
  const runAt = decision.runAt ?? decision.at;
  const action: Action = {
    id: newId("act"),
    kind: "retry",
    destination: event.provider === "github" ? "github" : event.source,
    idempotencyKey,
    status: "scheduled",
    incidentIds: [incident.id],
    repo: event.repo,
    runId: event.runId,
    attempts: 0,
    createdAt: decision.at,
    nextRunAt: runAt,
    finishedAt: null,
    lastError: null,
    mode: null,
  };
  await deps.store.saveAction(action);
  await deps.queue.enqueue({
    kind: rerunJobKind,
    payload: { actionId: action.id },
    runAt,
    key: idempotencyKey,
    lane: "github",
  });
}
