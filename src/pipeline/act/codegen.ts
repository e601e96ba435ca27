import { PitcrewError } from "../../domain/errors.js";
import type { Decision, Incident } from "../../domain/types.js";
import type { FixRun } from "../../ports.js";
import type { JobContext, PipelineDeps } from "../deps.js";
import { announceById } from "../notify/announce.js";
import { escalateToHuman } from "./escalate-to-human.js";
import { escalationJobs, incidentUrl } from "./job-kinds.js";
import { codegenPrompt } from "./render/index.js";
import { runAction } from "./run-action.js";
import { whatWasTried } from "./tried.js";

/**
 * Starts the Codegen agent run of a `codegen_fix` decision with the rendered prompt, then polls
 * it. A 402 (the plan's runs are used up) is not retried: the incident goes to a human instead.
 */
export async function runCodegenStart(
  deps: PipelineDeps,
  actionId: string,
  ctx: JobContext,
): Promise<void> {
  try {
    await startRun(deps, actionId, ctx);
  } catch (error) {
    // Given up: the run was never started, so the incident must not wait for it any longer.
    if (givesUp(ctx, error)) await endRunOfAction(deps, actionId, "start-failed");
    throw error;
  }
}

async function startRun(deps: PipelineDeps, actionId: string, ctx: JobContext): Promise<void> {
  await runAction(
    deps,
    actionId,
    ctx,
    async (action) => {
      const incident = await requireIncident(deps, action.incidentIds[0]);
      const logText = incident.lastLogRef ? await deps.store.readLog(incident.lastLogRef) : null;
      const prompt = codegenPrompt(
        {
          incident,
          logText: logText ?? "",
          tried: whatWasTried(incident),
          dashboardUrl: incidentUrl(deps.publicUrl, incident.id),
        },
        deps.renderer,
      );
      const metadata = { incidentId: incident.id, fingerprint: incident.fingerprint };
      try {
        const started = await deps.fixer.startRun({
          prompt,
          metadata,
          idempotencyKey: action.idempotencyKey,
        });
        if (started.mode === "outbox") {
          await saveCodegen(deps, incident.id, { rawStatus: "outbox" });
          return { mode: "outbox", summary: "Codegen run recorded in the outbox (no token)" };
        }
        await saveRun(deps, incident.id, started.run);
        await pollLater(deps, incident.id, started.run.id, 0);
        return {
          mode: "live",
          summary: `started Codegen run ${started.run.id}`,
          result: { runId: started.run.id, webUrl: started.run.webUrl },
        };
      } catch (error) {
        if (!(error instanceof PitcrewError) || error.code !== "codegen-plan-limit") throw error;
        await planLimitReached(deps, incident, error.message);
        return { mode: "live", summary: `Codegen refused the run (402): escalated to a human` };
      }
    },
    { rule: "act.codegen", skipWhenResolved: true },
  );
}

/** Reads the run; a terminal status records the outcome and the PR, else polls again later. */
export async function runCodegenPoll(
  deps: PipelineDeps,
  payload: Record<string, unknown>,
  ctx: JobContext,
): Promise<void> {
  try {
    await pollRun(deps, payload);
  } catch (error) {
    if (givesUp(ctx, error)) {
      await saveCodegen(deps, String(payload.incidentId), {
        status: "failed",
        rawStatus: "poll-failed",
        finishedAt: deps.clock.now().toISOString(),
      });
    }
    throw error;
  }
}

async function pollRun(deps: PipelineDeps, payload: Record<string, unknown>): Promise<void> {
  const incident = await deps.store.getIncident(String(payload.incidentId));
  const runId = String(payload.runId);
  if (!incident?.codegen || incident.codegen.runId !== runId) return;
  if (incident.codegen.status !== "running") return;
  const run = await deps.fixer.getRun(runId);
  const polls = incident.codegen.polls + 1;
  if (run.status === "running") {
    await saveCodegen(deps, incident.id, { rawStatus: run.rawStatus, polls });
    await pollLater(deps, incident.id, runId, polls);
    return;
  }
  const now = deps.clock.now().toISOString();
  const pr = run.pullRequests[0] ?? null;
  const decision: Decision = {
    kind: "codegen_fix",
    rung: "codegen",
    rule: `codegen.run.${run.status}`,
    at: now,
    reason:
      run.status === "completed" && pr
        ? `Codegen run ${runId} opened ${pr.url}`
        : `Codegen run ${runId} ended ${run.rawStatus ?? run.status} without a PR`,
    numbers: { runId, polls, pullRequests: run.pullRequests.length },
  };
  const fresh = (await deps.store.getIncident(incident.id)) ?? incident;
  await deps.store.saveIncident({
    ...fresh,
    codegen: fresh.codegen && {
      ...fresh.codegen,
      status: run.status,
      rawStatus: run.rawStatus,
      url: run.webUrl ?? fresh.codegen.url,
      finishedAt: now,
      polls,
    },
    pr: pr ? { url: pr.url, number: pr.number, branch: pr.branch } : fresh.pr,
    decisions: [...fresh.decisions, decision],
  });
  await deps.store.appendAudit({
    at: now,
    kind: "codegen.finished",
    subject: incident.id,
    reason: decision.reason,
    rule: decision.rule,
    data: { runId, status: run.rawStatus, webUrl: run.webUrl, pr: pr?.url ?? null },
  });
  await announceById(deps, incident.id);
}

async function pollLater(
  deps: PipelineDeps,
  incidentId: string,
  runId: string,
  polls: number,
): Promise<void> {
  const delay = deps.fixer.pollDelayMs(polls);
  await deps.queue.enqueue({
    kind: escalationJobs.codegenPoll.kind,
    lane: escalationJobs.codegenPoll.lane,
    payload: { runId, incidentId },
    runAt: new Date(deps.clock.now().getTime() + delay).toISOString(),
    key: `codegen-poll:${runId}:${polls}`,
  });
}

async function saveRun(deps: PipelineDeps, incidentId: string, run: FixRun): Promise<void> {
  await saveCodegen(deps, incidentId, {
    runId: run.id,
    url: run.webUrl,
    rawStatus: run.rawStatus,
    polls: 0,
  });
}

async function saveCodegen(
  deps: PipelineDeps,
  incidentId: string,
  change: Partial<NonNullable<Incident["codegen"]>>,
): Promise<void> {
  const incident = await deps.store.getIncident(incidentId);
  if (!incident?.codegen) return;
  await deps.store.saveIncident({ ...incident, codegen: { ...incident.codegen, ...change } });
}

async function planLimitReached(
  deps: PipelineDeps,
  incident: Incident,
  message: string,
): Promise<void> {
  const now = deps.clock.now().toISOString();
  await saveCodegen(deps, incident.id, {
    status: "failed",
    rawStatus: "plan-limit",
    finishedAt: now,
  });
  await escalateToHuman(deps, incident.id, {
    rule: "codegen.plan-limit",
    reason: `Codegen refused the run: its plan limit is reached (402: ${message})`,
  });
}

function givesUp(ctx: JobContext, error: unknown): boolean {
  if (ctx.givesUp) return ctx.givesUp(error);
  return ctx.isLastAttempt || (error instanceof PitcrewError && !error.retryable);
}

async function endRunOfAction(deps: PipelineDeps, actionId: string, rawStatus: string) {
  const action = await deps.store.getAction(actionId);
  const incidentId = action?.incidentIds[0];
  if (!incidentId) return;
  const now = deps.clock.now().toISOString();
  await saveCodegen(deps, incidentId, { status: "failed", rawStatus, finishedAt: now });
}

async function requireIncident(deps: PipelineDeps, id: string | undefined): Promise<Incident> {
  const incident = id ? await deps.store.getIncident(id) : null;
  if (!incident) throw new Error(`incident ${id} of the Codegen action is gone`);
  return incident;
}
