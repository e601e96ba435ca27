import { PitcrewError } from "../../domain/errors.js";
import type { Action } from "../../domain/types.js";
import type { JobContext, PipelineDeps } from "../deps.js";

/** What carrying out an action produced, for the action record and the audit log. */
export interface ActionOutcome {
  mode: "live" | "outbox";
  /** One sentence for the audit log. */
  summary: string;
  result?: Action["result"];
}

/**
 * The life of one scheduled action, shared by every job kind: skip it when its incidents all
 * resolved while it waited, mark it running, carry it out, and record the outcome. A failure is
 * recorded and rethrown so the worker applies the destination's retry policy (or dead-letters
 * it). `perform` gets the action as stored, so a retried job sees what an earlier try did.
 */
export async function runAction(
  deps: PipelineDeps,
  actionId: string,
  ctx: JobContext,
  perform: (action: Action) => Promise<ActionOutcome>,
  options: { skipWhenResolved?: boolean; rule: string } = { rule: "act" },
): Promise<Action | null> {
  const { store, clock } = deps;
  const action = await store.getAction(actionId);
  if (!action || action.status === "succeeded" || action.status === "skipped") return null;
  if ((options.skipWhenResolved ?? true) && (await allResolved(deps, action.incidentIds))) {
    const now = clock.now().toISOString();
    await store.saveAction({ ...action, status: "skipped", finishedAt: now, nextRunAt: null });
    await audit(deps, action, "action.skipped", options.rule, {
      reason: `${action.kind} skipped: its incidents resolved before it was due`,
    });
    return null;
  }
  const running = { ...action, status: "running" as const, attempts: action.attempts + 1 };
  await store.saveAction(running);
  try {
    const outcome = await perform(running);
    const done: Action = {
      ...running,
      status: "succeeded",
      mode: outcome.mode,
      finishedAt: clock.now().toISOString(),
      nextRunAt: null,
      lastError: null,
      ...(outcome.result ? { result: outcome.result } : {}),
    };
    await store.saveAction(done);
    await audit(deps, done, "action.succeeded", options.rule, {
      reason: outcome.summary,
      data: { mode: outcome.mode, ...(outcome.result ?? {}) },
    });
    return done;
  } catch (error) {
    const retryable = error instanceof PitcrewError ? error.retryable : true;
    const dead = ctx.givesUp ? ctx.givesUp(error) : !retryable || ctx.isLastAttempt;
    const message = (error as Error).message;
    await store.saveAction({ ...running, status: dead ? "dead" : "failed", lastError: message });
    await audit(deps, running, dead ? "action.dead" : "action.failed", options.rule, {
      reason: message,
      data: { attempt: ctx.attempt },
    });
    throw error;
  }
}

async function audit(
  deps: PipelineDeps,
  action: Action,
  kind: string,
  rule: string,
  entry: { reason: string; data?: Record<string, unknown> },
): Promise<void> {
  await deps.store.appendAudit({
    at: deps.clock.now().toISOString(),
    kind,
    subject: action.incidentIds.join(","),
    reason: entry.reason,
    rule,
    data: { actionId: action.id, kind: action.kind, ...(entry.data ?? {}) },
  });
}

async function allResolved(deps: PipelineDeps, incidentIds: string[]): Promise<boolean> {
  const incidents = await Promise.all(incidentIds.map((id) => deps.store.getIncident(id)));
  return incidents.every((incident) => incident?.status === "resolved");
}
