import type { Decision, FailureEvent, Incident } from "../../domain/types.js";
import type { PreviousIssue } from "../decide/ladder-types.js";
import type { PipelineDeps } from "../deps.js";
import { newAction } from "./new-action.js";
import { type EscalationContext, scheduleEscalation } from "./schedule-escalation.js";

/** Job kind that carries out a scheduled re-run. */
export const rerunJobKind = "rerun";

/** Statuses a person set (Linear triage): automation does not overwrite them. */
const HELD: ReadonlySet<Incident["status"]> = new Set(["acknowledged", "silenced", "resolved"]);

/**
 * Records the decisions on the incident and in the audit log, and turns each into a scheduled
 * action plus its job: a `retry` into a delayed re-run (keyed per run and re-run number, so two
 * failed jobs of one run or a retried processing job schedule one re-run, not two), the ladder's
 * decisions through `scheduleEscalation`.
 */
export async function scheduleDecisions(
  deps: PipelineDeps,
  input: {
    incident: Incident;
    event: FailureEvent;
    decisions: Decision[];
    rerunsOfRun: number;
    previousIssue?: PreviousIssue | null;
    escalationLevel?: number;
  },
): Promise<void> {
  const { event, decisions } = input;
  let incident = input.incident;
  let status = incident.status;
  const context: EscalationContext = { event, previousIssue: input.previousIssue ?? null };
  for (const decision of decisions) {
    await deps.store.appendAudit({
      at: decision.at,
      kind: `decision.${decision.kind}`,
      subject: incident.id,
      reason: decision.reason,
      rule: decision.rule,
      data: {
        eventId: event.id,
        runId: event.runId,
        runAt: decision.runAt ?? null,
        rung: decision.rung ?? null,
        ...(decision.numbers ?? {}),
      },
    });
    if (decision.rule === "silence") status = "silenced";
    if (decision.kind === "retry") {
      await scheduleRerun(deps, incident, event, decision, input.rerunsOfRun + 1);
      status = "retrying";
    } else {
      incident = await scheduleEscalation(deps, incident, decision, context);
      if (incident.status !== input.incident.status) status = incident.status;
    }
  }
  await deps.store.saveIncident({
    ...incident,
    status: HELD.has(input.incident.status) ? input.incident.status : status,
    escalationLevel: Math.max(incident.escalationLevel, input.escalationLevel ?? 0),
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
  const action = newAction({
    kind: "retry",
    destination: event.provider === "github" ? "github" : event.source,
    idempotencyKey,
    incidentIds: [incident.id],
    repo: event.repo,
    runId: event.runId,
    at: decision.at,
    runAt,
  });
  await deps.store.saveAction(action);
  await deps.queue.enqueue({
    kind: rerunJobKind,
    payload: { actionId: action.id },
    runAt,
    key: idempotencyKey,
    lane: "github",
  });
}
