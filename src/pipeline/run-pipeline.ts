import type { FailureEvent } from "../domain/types.js";
import { scheduleDecisions } from "./act/schedule-decisions.js";
import { decide } from "./decide/decide.js";
import { resolveIncidents } from "./decide/resolve.js";
import type { JobContext, PipelineDeps } from "./deps.js";
import { collectFailures } from "./ingest/collect-failures.js";
import { recordIncident } from "./record-incident.js";

/**
 * Processes one accepted event: ingest → classify → decide → act. Reads like a table of
 * contents; each step lives in its stage's folder.
 */
export async function processEvent(
  deps: PipelineDeps,
  eventId: string,
  ctx: JobContext,
): Promise<void> {
  const event = await deps.store.getEvent(eventId);
  if (!event) {
    deps.logger.warn({ eventId }, "event to process is missing; skipped");
    return;
  }
  if (event.conclusion === "success") {
    await resolveRun(deps, event);
    return;
  }
  const failures = await collectFailures(deps, event, ctx);
  const classified = failures.map((failure) => ({
    ...failure,
    classification: deps.classify(failure.log, failure.meta),
  }));
  const rerunsOfRun = (
    await deps.store.listActions({ repo: event.repo, runId: event.runId, kind: "retry" })
  ).length;
  const runClassifications = classified.map((f) => ({
    job: f.job,
    classification: f.classification,
  }));
  for (const failure of classified) {
    const incident = await recordIncident(deps, event, {
      name: failure.job,
      url: failure.jobUrl,
      classification: failure.classification,
      logProblem: failure.logProblem,
    });
    const decisions = decide({
      classification: failure.classification,
      runClassifications,
      rerunsOfRun,
      canRerun: event.provider === "github",
      policy: deps.retryPolicy,
      now: deps.clock.now(),
      random: deps.random(),
    });
    await scheduleDecisions(deps, { incident, event, decisions, rerunsOfRun });
  }
}

/** A successful run resolves every open incident of its repo + workflow + branch. */
async function resolveRun(deps: PipelineDeps, event: FailureEvent): Promise<void> {
  const open = await deps.store.listIncidents({ repo: event.repo, workflow: event.workflow });
  const reruns = await deps.store.listActions({
    repo: event.repo,
    runId: event.runId,
    kind: "retry",
  });
  const rerunRunIds = new Set(
    reruns.filter((a) => a.status === "succeeded" && a.mode === "live").map((a) => a.runId ?? ""),
  );
  const resolved = resolveIncidents({ success: event, open, rerunRunIds, now: deps.clock.now() });
  for (const incident of resolved) {
    await deps.store.saveIncident(incident);
    const last = incident.decisions[incident.decisions.length - 1];
    await deps.store.appendAudit({
      at: incident.resolvedAt ?? event.receivedAt,
      kind: "incident.resolved",
      subject: incident.id,
      reason: last?.reason ?? "resolved",
      rule: last?.rule ?? "resolve.passed",
      data: {
        resolution: incident.resolution,
        timeToResolveMs: incident.timeToResolveMs,
        eventId: event.id,
      },
    });
  }
}
