import type { Action, Decision, Incident } from "../../domain/types.js";
import { escalationJobs, incidentUrl } from "../act/job-kinds.js";
import { newAction } from "../act/new-action.js";
import { rerunJobKind } from "../act/schedule-decisions.js";
import type { PipelineDeps } from "../deps.js";
import { announce } from "../notify/announce.js";
import { silenceFingerprint, unsilenceFingerprint } from "./fingerprint-silence.js";
import type { LinearIssueDelivery } from "./linear-delivery.js";
import { incidentForDescription, type TriageStep, triageSteps } from "./linear-triage.js";

/** Job kind that applies one accepted Linear delivery. */
export const linearTriageJobKind = "linear-triage";

/**
 * Applies a Linear Issue delivery to the incident it concerns: Done resolves (`manual`),
 * Canceled silences the fingerprint, an assignee acknowledges, `pitcrew:retry` re-runs, and a
 * person's new issue that mentions a known run is linked to that incident.
 */
export async function runLinearTriage(
  deps: PipelineDeps,
  payload: Record<string, unknown>,
): Promise<void> {
  const delivery = payload.delivery as LinearIssueDelivery;
  const deliveryKey = String(payload.deliveryKey ?? "");
  const incidents = await deps.store.listIncidents({ includeResolved: true });
  // A reopened issue is linked to the resolved incident that opened it and to the one that
  // reopened it: act on the open (else the latest) one.
  const linked =
    incidents
      .filter((i) => i.linear?.id === delivery.issue.id)
      .sort(
        (a, b) =>
          Number(a.status === "resolved") - Number(b.status === "resolved") ||
          Date.parse(b.lastSeenAt) - Date.parse(a.lastSeenAt),
      )[0] ?? null;
  const description = delivery.issue.description ?? "";
  // Issues pitcrew wrote link to its own incident page: those are never "a person's issue".
  const ours = description.includes(incidentUrl(deps.publicUrl, ""));
  const candidate =
    linked || ours
      ? null
      : incidentForDescription(
          description,
          incidents.filter((i) => i.linear === null),
        );
  const steps = triageSteps(delivery, { linked, candidate });
  const target = linked ?? candidate;
  if (!target || steps.length === 0) return;
  let incident = target;
  for (const step of steps) {
    incident = await apply(deps, incident, step, delivery, deliveryKey);
  }
  await announce(deps, [incident]);
}

async function apply(
  deps: PipelineDeps,
  incident: Incident,
  step: TriageStep,
  delivery: LinearIssueDelivery,
  deliveryKey: string,
): Promise<Incident> {
  const at = deps.clock.now().toISOString();
  // Only GitHub runs can be re-run (as in the pipeline); another CI's run id means nothing there.
  const notRerunnable = step.kind === "rerun" ? await otherCi(deps, incident) : null;
  const decision: Decision = {
    kind:
      step.kind === "rerun" && !notRerunnable
        ? "retry"
        : step.kind === "link"
          ? "linear_issue"
          : "ignore",
    rule: `triage.linear.${step.kind}`,
    reason: notRerunnable ? `${step.reason}: ${notRerunnable} runs cannot be re-run` : step.reason,
    at,
  };
  let next: Incident = { ...incident, decisions: [...incident.decisions, decision] };
  if (step.kind === "resolve" && incident.status !== "resolved") {
    next = {
      ...next,
      status: "resolved",
      resolution: "manual",
      resolvedAt: at,
      timeToResolveMs: Date.parse(at) - Date.parse(incident.firstSeenAt),
    };
  }
  if (step.kind === "silence") {
    await silenceFingerprint(deps, incident, {
      author: delivery.actor ?? "linear",
      reason: step.reason,
      at,
    });
    if (next.status !== "resolved") next = { ...next, status: "silenced" };
  }
  if (step.kind === "unsilence") {
    await unsilenceFingerprint(deps, incident, at);
    if (next.status === "silenced") next = { ...next, status: "open" };
  }
  if (step.kind === "acknowledge" && next.status !== "resolved") {
    next = { ...next, status: "acknowledged", acknowledgedBy: step.by };
  }
  if (step.kind === "rerun" && !notRerunnable) {
    await scheduleManualRerun(deps, incident, deliveryKey, at);
  }
  if (step.kind === "link") next = await link(deps, next, delivery, at);
  await deps.store.saveIncident(next);
  await deps.store.appendAudit({
    at,
    kind: step.kind === "resolve" ? "incident.resolved" : `triage.${step.kind}`,
    subject: incident.id,
    reason: step.reason,
    rule: decision.rule,
    data: { issue: delivery.issue.identifier ?? delivery.issue.id, deliveryKey },
  });
  return next;
}

/** The CI system of the incident's latest failure when it is not GitHub, else null. */
async function otherCi(deps: PipelineDeps, incident: Incident): Promise<string | null> {
  const id = incident.eventIds.at(-1);
  const event = id ? await deps.store.getEvent(id) : null;
  return event && event.provider !== "github" ? event.source : null;
}

async function scheduleManualRerun(
  deps: PipelineDeps,
  incident: Incident,
  deliveryKey: string,
  at: string,
): Promise<void> {
  const key = `rerun:triage:${deliveryKey}`;
  if (await deps.store.findActionByKey(key)) return;
  const action = triageAction(incident, { kind: "retry", key, destination: "github", at });
  await deps.store.saveAction({ ...action, runId: incident.lastRunId });
  await deps.queue.enqueue({
    kind: rerunJobKind,
    payload: { actionId: action.id },
    runAt: at,
    key,
    lane: "github",
  });
}

async function link(
  deps: PipelineDeps,
  incident: Incident,
  delivery: LinearIssueDelivery,
  at: string,
): Promise<Incident> {
  const issue = delivery.issue;
  const key = `linear-link:${incident.id}:${issue.id}`;
  if (!(await deps.store.findActionByKey(key))) {
    const action = triageAction(incident, { kind: "linear_issue", key, destination: "linear", at });
    await deps.store.saveAction(action);
    await deps.queue.enqueue({
      kind: escalationJobs.linearLink.kind,
      lane: escalationJobs.linearLink.lane,
      payload: { actionId: action.id },
      runAt: at,
      key,
    });
  }
  return {
    ...incident,
    linear: {
      id: issue.id,
      identifier: issue.identifier ?? issue.id,
      url: issue.url ?? "",
      createdAt: at,
      lastCommentAt: null,
      reportedCount: incident.count,
      linkedByTriage: true,
    },
  };
}

function triageAction(
  incident: Incident,
  init: { kind: Action["kind"]; key: string; destination: string; at: string },
): Action {
  return newAction({
    kind: init.kind,
    destination: init.destination,
    idempotencyKey: init.key,
    incidentIds: [incident.id],
    repo: incident.repo,
    runId: incident.lastRunId,
    at: init.at,
    params: { rule: `triage.linear.${init.kind}` },
  });
}
