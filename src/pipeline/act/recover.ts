import { IntegrationError } from "../../domain/errors.js";
import type { RecoveryAttempt } from "../../domain/escalation.js";
import type { Action, Incident } from "../../domain/types.js";
import { statusAfterRecovery } from "../decide/recovery-outcome.js";
import type { JobContext, PipelineDeps } from "../deps.js";
import { incidentUrl } from "./job-kinds.js";
import { type ActionOutcome, runAction } from "./run-action.js";

/**
 * Carries out a repair of the `recover` or `reset` rung: purge the failing ecosystem's caches (or
 * all of the branch's) and re-run the failed jobs, dispatch a clean-install workflow, or call a
 * runbook. Whether it worked is known only from the next run; until then the incident's
 * recovery stays `pending`.
 */
export async function runRecovery(
  deps: PipelineDeps,
  actionId: string,
  ctx: JobContext,
): Promise<void> {
  try {
    await runAction(deps, actionId, ctx, (action) => repair(deps, action), {
      rule: "act.recover",
    });
    // Skipped (its incidents resolved before it was due): never tried, so not kept as tried.
    if ((await deps.store.getAction(actionId))?.status === "skipped") {
      await updateRecoveries(deps, actionId, (recoveries) =>
        recoveries.filter((r) => r.actionId !== actionId || r.ranAt !== null),
      );
    }
  } catch (error) {
    // A repair that will never run must not stay pending: that would block the rung for good.
    const action = await deps.store.getAction(actionId);
    if (action?.status === "dead") await markDead(deps, action);
    throw error;
  }
}

async function repair(deps: PipelineDeps, action: Action): Promise<ActionOutcome> {
  const params = action.params ?? {};
  const strategy = String(params.strategy);
  const incident = await deps.store.getIncident(action.incidentIds[0] ?? "");
  if (!incident) throw invalid(action, "its incident is gone");
  const outcome =
    strategy === "runbook"
      ? await callRunbook(deps, action, incident)
      : strategy === "reinstall_dependencies" && params.workflow
        ? await dispatchReinstall(deps, action, incident)
        : await purgeAndRerun(deps, action, incident, strategy);
  await markRan(deps, action.id, outcome);
  return outcome;
}

async function purgeAndRerun(
  deps: PipelineDeps,
  action: Action,
  incident: Incident,
  strategy: string,
): Promise<ActionOutcome> {
  const branch = requireBranch(action, incident);
  const prefixes = String(action.params?.prefixes ?? "*");
  const keyPrefixes = strategy === "reset" || prefixes === "*" ? "all" : prefixes.split(",");
  const purged = await deps.recovery.purgeCaches(action.repo, { ref: branch, keyPrefixes });
  const what = keyPrefixes === "all" ? "every cache" : `caches ${keyPrefixes.join(", ")}*`;
  const result = { deleted: purged.deleted.length, kept: purged.kept, branch };
  if (strategy === "reset" || !action.runId) {
    // The top rung repairs and pages a human; it starts no run on its own.
    return { mode: purged.mode, summary: `purged ${what} of ${branch}`, result };
  }
  const rerun = await deps.github.rerunFailedJobs(action.repo, action.runId);
  return {
    mode: purged.mode === "live" && rerun.mode === "live" ? "live" : "outbox",
    summary: `deleted ${purged.deleted.length} ${what} of ${branch} and re-ran run ${action.runId}`,
    result: { ...result, rerunRunId: action.runId },
  };
}

async function dispatchReinstall(
  deps: PipelineDeps,
  action: Action,
  incident: Incident,
): Promise<ActionOutcome> {
  const branch = requireBranch(action, incident);
  const workflow = String(action.params?.workflow);
  const input = String(action.params?.input ?? "clean_install");
  const value = String(action.params?.value ?? "true");
  const { mode } = await deps.recovery.dispatchWorkflow(action.repo, {
    workflow,
    ref: branch,
    inputs: { [input]: value },
  });
  return {
    mode,
    summary: `dispatched ${workflow} on ${branch} with ${input}=${value}`,
    result: { workflow, branch },
  };
}

async function callRunbook(
  deps: PipelineDeps,
  action: Action,
  incident: Incident,
): Promise<ActionOutcome> {
  const name = String(action.params?.runbook ?? "");
  const runbook = deps.escalation.recover.runbooks.find((r) => r.name === name);
  if (!runbook) throw invalid(action, `runbook "${name}" is no longer configured`);
  const { mode, status } = await deps.runbooks.call({
    name,
    url: runbook.url,
    secret: runbook.secretEnv ? deps.readSecret(runbook.secretEnv) : null,
    idempotencyKey: action.idempotencyKey,
    payload: {
      kind: "pitcrew.runbook",
      runbook: name,
      incident: {
        id: incident.id,
        url: incidentUrl(deps.publicUrl, incident.id),
        repo: incident.repo,
        workflow: incident.workflow,
        job: incident.job,
        branch: incident.branch,
        fingerprint: incident.fingerprint,
        count: incident.count,
        lastRunId: incident.lastRunId,
        lastUrl: incident.lastUrl,
      },
      classification: incident.classification,
      at: deps.clock.now().toISOString(),
    },
  });
  return { mode, summary: `called runbook ${name} (HTTP ${status ?? "-"})`, result: { status } };
}

/**
 * The repair ran: its outcome now waits for the next run of the workflow. Recorded only in the
 * outbox (no credentials), nothing was repaired: it is not kept as tried, so a later pass is not
 * claimed as its success (like an outbox re-run).
 */
async function markRan(deps: PipelineDeps, actionId: string, outcome: ActionOutcome) {
  const ranAt = deps.clock.now().toISOString();
  const details: RecoveryAttempt["details"] = outcome.result ?? {};
  await updateRecoveries(deps, actionId, (recoveries) =>
    outcome.mode === "outbox"
      ? recoveries.filter((r) => r.actionId !== actionId)
      : recoveries.map((r) =>
          r.actionId === actionId ? { ...r, ranAt, details: { ...r.details, ...details } } : r,
        ),
  );
}

/** The repair's action is dead: it never ran, so no run can tell whether it would have helped. */
async function markDead(deps: PipelineDeps, action: Action): Promise<void> {
  const error = action.lastError ?? "gave up";
  await updateRecoveries(deps, action.id, (recoveries) =>
    recoveries.map((r) =>
      r.actionId === action.id && r.outcome === "pending"
        ? { ...r, outcome: "failed" as const, details: { ...r.details, error } }
        : r,
    ),
  );
}

/**
 * Changes the recoveries of every incident the action serves (failed jobs of one run share a
 * repair); an incident with no repair left pending is no longer `recovering`.
 */
async function updateRecoveries(
  deps: PipelineDeps,
  actionId: string,
  change: (recoveries: RecoveryAttempt[]) => RecoveryAttempt[],
): Promise<void> {
  // Read again: another job's incident may have joined the repair while it ran.
  const action = await deps.store.getAction(actionId);
  for (const incidentId of action?.incidentIds ?? []) {
    const incident = await deps.store.getIncident(incidentId);
    if (!incident) continue;
    const recoveries = change(incident.recoveries);
    const waiting = recoveries.some((r) => r.outcome === "pending");
    const status =
      incident.status === "recovering" && !waiting
        ? statusAfterRecovery(incident)
        : incident.status;
    await deps.store.saveIncident({ ...incident, status, recoveries });
  }
}

function requireBranch(action: Action, incident: Incident): string {
  const branch = action.params?.branch ?? incident.branch;
  if (typeof branch !== "string" || branch === "") throw invalid(action, "the run has no branch");
  return branch;
}

function invalid(action: Action, why: string): IntegrationError {
  return new IntegrationError({
    service: action.destination,
    operation: String(action.params?.strategy ?? action.kind),
    errorType: "validation",
    message: `${action.kind} for ${action.incidentIds.join(",")} cannot run: ${why}`,
  });
}
