import type { RecoveryStrategy } from "../../domain/escalation.js";
import type { Action, Decision, FailureEvent, Incident } from "../../domain/types.js";
import type { PreviousIssue } from "../decide/ladder-types.js";
import type { PipelineDeps } from "../deps.js";
import { escalationJobs } from "./job-kinds.js";
import { newAction } from "./new-action.js";

type JobSpec = (typeof escalationJobs)[keyof typeof escalationJobs];

/** What scheduling needs besides the decision. */
export interface EscalationContext {
  event: Pick<FailureEvent, "id" | "runId" | "provider" | "source"> &
    Partial<Pick<FailureEvent, "attempt">>;
  previousIssue: PreviousIssue | null;
}

/**
 * Turns one ladder decision into a scheduled action and its job, and returns the incident with
 * what the decision changes at once (a pending recovery, a Codegen run being started, a reopened
 * Linear link). Idempotency keys are per incident and step, so a retried processing job or a
 * second failure before the job ran schedules nothing twice (DESIGN §8).
 */
export async function scheduleEscalation(
  deps: PipelineDeps,
  incident: Incident,
  decision: Decision,
  context: EscalationContext,
): Promise<Incident> {
  switch (decision.kind) {
    case "clear_cache":
    case "reinstall_dependencies":
    case "runbook":
      return scheduleRecovery(deps, incident, decision, context);
    case "codegen_fix":
      return scheduleCodegen(deps, incident, decision);
    case "linear_issue":
      return scheduleLinearIssue(deps, incident, decision, context);
    case "linear_comment": {
      const runAt = decision.runAt ?? decision.at;
      await enqueueAction(deps, incident, decision, escalationJobs.linearComment, {
        key: `linear-comment:${incident.id}:${runAt}`,
        destination: "linear",
      });
      return incident;
    }
    case "notify":
      await enqueueAction(deps, incident, decision, escalationJobs.page, {
        key: `page:${incident.id}:${decision.rule}`,
        destination: "email",
      });
      return incident;
    default:
      return incident;
  }
}

async function scheduleRecovery(
  deps: PipelineDeps,
  incident: Incident,
  decision: Decision,
  context: EscalationContext,
): Promise<Incident> {
  const strategy: RecoveryStrategy =
    decision.rung === "reset" ? "reset" : (decision.kind as RecoveryStrategy);
  const nth = incident.recoveries.filter((r) => r.strategy === strategy).length + 1;
  const spec = strategy === "runbook" ? escalationJobs.runbook : escalationJobs.recover;
  // A repair that re-runs the run is shared by the failed jobs of one run attempt: one purge and
  // one re-run, not one per job (a second re-run of a run in progress would fail).
  const { event } = context;
  const shared = rerunsTheRun(strategy, decision)
    ? `recover:${incident.repo}:${event.runId}:${event.attempt ?? 1}:${strategy}:${decision.numbers?.prefixes ?? "*"}`
    : null;
  const action = await enqueueAction(deps, incident, decision, spec, {
    key: shared ?? `recover:${incident.id}:${strategy}:${nth}`,
    destination: spec.lane,
    runId: event.runId,
    params: { strategy, branch: incident.branch },
  });
  if (!action.created && !(shared && (await joinRepair(deps, incident, action.id)))) {
    return incident;
  }
  return {
    ...incident,
    status: "recovering",
    recoveries: [
      ...incident.recoveries,
      {
        strategy,
        actionId: action.id,
        runId: strategy === "reset" || strategy === "runbook" ? null : context.event.runId,
        decidedAt: decision.at,
        ranAt: null,
        outcome: "pending",
        outcomeEventId: null,
        details: {},
      },
    ],
  };
}

/** Whether the repair ends by re-running the failed jobs of the run (see recover.ts). */
function rerunsTheRun(strategy: RecoveryStrategy, decision: Decision): boolean {
  if (strategy === "clear_cache") return true;
  return strategy === "reinstall_dependencies" && decision.numbers?.workflow === undefined;
}

/** Adds the incident to another job's repair of the same run that has not run yet. */
async function joinRepair(deps: PipelineDeps, incident: Incident, actionId: string) {
  if (incident.recoveries.some((r) => r.actionId === actionId)) return false;
  const action = await deps.store.getAction(actionId);
  if (!action || (action.status !== "scheduled" && action.status !== "failed")) return false;
  await deps.store.saveAction({ ...action, incidentIds: [...action.incidentIds, incident.id] });
  return true;
}

async function scheduleCodegen(
  deps: PipelineDeps,
  incident: Incident,
  decision: Decision,
): Promise<Incident> {
  const attempt = (incident.codegen?.attempts ?? 0) + 1;
  const action = await enqueueAction(deps, incident, decision, escalationJobs.codegenStart, {
    key: `codegen:${incident.id}:${attempt}`,
    destination: "codegen",
    params: { attempt },
  });
  if (!action.created) return incident;
  // Marked running now, so the failures that arrive before the job starts the run start no other.
  return {
    ...incident,
    status: "escalated",
    codegen: {
      runId: "",
      url: null,
      status: "running",
      rawStatus: null,
      startedAt: decision.at,
      finishedAt: null,
      attempts: attempt,
      polls: 0,
    },
  };
}

async function scheduleLinearIssue(
  deps: PipelineDeps,
  incident: Incident,
  decision: Decision,
  context: EscalationContext,
): Promise<Incident> {
  const previous = context.previousIssue;
  const reopen = decision.rule === "linear.reopen" && previous !== null;
  await enqueueAction(deps, incident, decision, escalationJobs.linearIssue, {
    key: `${reopen ? "linear-reopen" : "linear-issue"}:${incident.id}`,
    destination: "linear",
    params: {
      rule: decision.rule,
      reopen,
      previousIncident: previous?.incidentId ?? null,
      previousIssueId: previous?.linear.id ?? null,
      previousIdentifier: previous?.linear.identifier ?? null,
    },
  });
  const status = incident.status === "acknowledged" ? incident.status : "escalated";
  if (!reopen || !previous) return { ...incident, status };
  // The old issue is this incident's issue again: later failures comment on it.
  return {
    ...incident,
    status,
    linear: { ...previous.linear, lastCommentAt: null, reportedCount: 0, linkedByTriage: false },
  };
}

/** Saves the action (once per key) and enqueues its job; `created` is false for a duplicate. */
async function enqueueAction(
  deps: PipelineDeps,
  incident: Incident,
  decision: Decision,
  spec: JobSpec,
  options: { key: string; destination: string; runId?: string; params?: Action["params"] },
): Promise<{ id: string; created: boolean }> {
  const existing = await deps.store.findActionByKey(options.key);
  if (existing) return { id: existing.id, created: false };
  const runAt = decision.runAt ?? decision.at;
  const action = newAction({
    kind: decision.kind,
    destination: options.destination,
    idempotencyKey: options.key,
    incidentIds: [incident.id],
    repo: incident.repo,
    runId: options.runId ?? incident.lastRunId,
    at: decision.at,
    runAt,
    params: { ...(decision.numbers ?? {}), ...(options.params ?? {}), rule: decision.rule },
  });
  await deps.store.saveAction(action);
  await deps.queue.enqueue({
    kind: spec.kind,
    payload: { actionId: action.id },
    runAt,
    key: options.key,
    lane: spec.lane,
  });
  return { id: action.id, created: true };
}
