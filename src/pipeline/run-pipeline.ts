import type { Classification, FailureEvent, Incident } from "../domain/types.js";
import { scheduleDecisions } from "./act/schedule-decisions.js";
import { decideIncident } from "./decide/decide-incident.js";
import { applyFlakyHistory, flakyEvidence } from "./decide/flaky.js";
import { settleRecoveries } from "./decide/recovery-outcome.js";
import { resolveIncidents } from "./decide/resolve.js";
import type { JobContext, PipelineDeps } from "./deps.js";
import { gatherLadderFacts } from "./escalation-inputs.js";
import { collectFailures, type JobFailure } from "./ingest/collect-failures.js";
import { announce, announceById } from "./notify/announce.js";
import { expireUntilGreen } from "./notify/silences.js";
import { type FlakyNote, recordIncident } from "./record-incident.js";

/**
 * Processes one accepted event: ingest → classify (+ flaky history) → record (+ template) →
 * decide → act. Reads like a table of contents; each step lives in its stage's folder.
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
    await expireUntilGreen(deps, event);
    return;
  }
  const failures = await collectFailures(deps, event, ctx);
  const classified = [];
  for (const failure of failures) classified.push(await classifyWithHistory(deps, event, failure));
  const rerunsOfRun = (
    await deps.store.listActions({ repo: event.repo, runId: event.runId, kind: "retry" })
  ).length;
  const runClassifications = classified.map((f) => ({
    job: f.job,
    classification: f.classification,
  }));
  for (const failure of classified) {
    const recorded = await recordIncident(deps, event, {
      name: failure.job,
      url: failure.jobUrl,
      classification: failure.classification,
      logProblem: failure.logProblem,
      logRef: failure.logRef,
      flaky: failure.flaky,
    });
    const incident = await settleFailedRepairs(deps, recorded, event);
    const facts = await gatherLadderFacts(deps, incident, event);
    const { decisions, escalationLevel } = decideIncident({
      retry: {
        classification: failure.classification,
        runClassifications,
        rerunsOfRun,
        canRerun: event.provider === "github",
        policy: deps.retryPolicy,
        now: deps.clock.now(),
        random: deps.random(),
      },
      ladder: { ...facts, incident, policy: deps.escalation },
    });
    await scheduleDecisions(deps, {
      incident,
      event,
      decisions,
      rerunsOfRun,
      previousIssue: facts.previousIssue,
      escalationLevel,
    });
    await announceById(deps, incident.id);
  }
}

/** The failure came back after a repair ran: that repair did not work (recorded per strategy). */
async function settleFailedRepairs(
  deps: PipelineDeps,
  incident: Incident,
  event: FailureEvent,
): Promise<Incident> {
  const { incident: settled, settled: failed } = settleRecoveries(incident, event, "failed");
  for (const recovery of failed) {
    await deps.store.appendAudit({
      at: deps.clock.now().toISOString(),
      kind: "recovery.failed",
      subject: incident.id,
      reason: `${recovery.strategy} did not help: run ${event.runId} failed again`,
      rule: `recover.${recovery.strategy}.outcome`,
      data: { actionId: recovery.actionId, eventId: event.id },
    });
  }
  if (failed.length > 0) await deps.store.saveIncident(settled);
  return settled;
}

/** Classifies one failed job; a fingerprint known to be flaky in this repo becomes `flaky_test`. */
async function classifyWithHistory(
  deps: PipelineDeps,
  event: FailureEvent,
  failure: JobFailure,
): Promise<JobFailure & { classification: Classification; flaky: FlakyNote | null }> {
  const verdict = deps.classify(failure.log, failure.meta);
  const history = await deps.store.getFlaky(event.repo, verdict.fingerprint);
  const classification = applyFlakyHistory(verdict, history);
  const flaky =
    history && classification !== verdict
      ? { count: history.count, originalType: verdict.type, originalRuleId: verdict.ruleId }
      : null;
  return { ...failure, classification, flaky };
}

/**
 * A successful run resolves every open incident of its repo + workflow + branch; those that
 * passed on a re-run of the same sha add flaky evidence for their fingerprint.
 */
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
  const now = deps.clock.now();
  const resolved = resolveIncidents({ success: event, open, rerunRunIds, now });
  // Flaky evidence first: once an incident is saved resolved, a retried job would not see it again.
  const flaky = flakyEvidence(event, resolved, now);
  for (const { observation } of flaky) await deps.store.recordFlaky(observation);
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
  for (const incident of resolved) {
    for (const recovery of incident.recoveries) {
      if (recovery.outcomeEventId !== event.id || recovery.outcome !== "succeeded") continue;
      await deps.store.appendAudit({
        at: now.toISOString(),
        kind: "recovery.succeeded",
        subject: incident.id,
        reason: `${recovery.strategy} worked: run ${event.runId} passed after it`,
        rule: `recover.${recovery.strategy}.outcome`,
        data: { actionId: recovery.actionId, eventId: event.id },
      });
    }
  }
  await announce(deps, resolved);
  for (const { observation, rule, reason } of flaky) {
    await deps.store.appendAudit({
      at: observation.at,
      kind: "flaky.recorded",
      subject: observation.incidentId,
      reason,
      rule,
      data: { fingerprint: observation.fingerprint, sha: observation.sha, eventId: event.id },
    });
  }
}
