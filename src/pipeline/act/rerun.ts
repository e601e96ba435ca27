import { PitcrewError } from "../../domain/errors.js";
import type { JobContext, PipelineDeps } from "../deps.js";

/**
 * Carries out a scheduled re-run through the CI provider (or its outbox). A failure is
 * recorded on the action and rethrown so the job queue applies its backoff; when no attempt
 * is left the action is marked dead.
 */
export async function runRerun(
  deps: PipelineDeps,
  actionId: string,
  ctx: JobContext,
): Promise<void> {
  const { store, clock } = deps;
  const action = await store.getAction(actionId);
  if (!action || action.status === "succeeded" || action.status === "skipped") return;
  if (await allResolved(deps, action.incidentIds)) {
    // A later run passed while this re-run waited: re-running the old run would only add noise.
    const now = clock.now().toISOString();
    await store.saveAction({ ...action, status: "skipped", finishedAt: now, nextRunAt: null });
    await store.appendAudit({
      at: now,
      kind: "action.skipped",
      subject: action.incidentIds.join(","),
      reason: `re-run of run ${action.runId} skipped: its incidents resolved before it was due`,
      rule: "act.rerun.resolved-before-due",
      data: { actionId: action.id },
    });
    return;
  }
  const running = { ...action, status: "running" as const, attempts: action.attempts + 1 };
  await store.saveAction(running);
  try {
    const { mode } = await deps.github.rerunFailedJobs(action.repo, action.runId ?? "");
    const now = clock.now().toISOString();
    await store.saveAction({
      ...running,
      status: "succeeded",
      mode,
      finishedAt: now,
      nextRunAt: null,
      lastError: null,
    });
    await store.appendAudit({
      at: now,
      kind: "action.succeeded",
      subject: action.incidentIds.join(","),
      reason:
        mode === "outbox"
          ? "re-run recorded in the outbox (no GitHub credentials)"
          : `re-ran failed jobs of run ${action.runId}`,
      rule: "act.rerun",
      data: { actionId: action.id, runId: action.runId, mode },
    });
  } catch (error) {
    const retryable = error instanceof PitcrewError ? error.retryable : true;
    const dead = ctx.givesUp ? ctx.givesUp(error) : !retryable || ctx.isLastAttempt;
    const message = (error as Error).message;
    await store.saveAction({ ...running, status: dead ? "dead" : "failed", lastError: message });
    await store.appendAudit({
      at: clock.now().toISOString(),
      kind: dead ? "action.dead" : "action.failed",
      subject: action.incidentIds.join(","),
      reason: message,
      rule: "act.rerun",
      data: { actionId: action.id, attempt: ctx.attempt },
    });
    throw error;
  }
}

async function allResolved(deps: PipelineDeps, incidentIds: string[]): Promise<boolean> {
  const incidents = await Promise.all(incidentIds.map((id) => deps.store.getIncident(id)));
  return incidents.every((incident) => incident?.status === "resolved");
}
