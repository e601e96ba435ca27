import { freshEscalation } from "../domain/incident.js";
import type { Classification, FailureEvent, Incident } from "../domain/types.js";
import type { PipelineDeps } from "./deps.js";
import { mineEvidence } from "./report/mine-evidence.js";

/** What flaky history changed about a verdict, for the audit log. */
export interface FlakyNote {
  count: number;
  originalType: Classification["type"];
  originalRuleId: string | null;
}

/**
 * Upserts the incident of one failed job by fingerprint (repo + workflow + job + fingerprint,
 * while open) and mines its evidence line into a template. Idempotent per event: a retried
 * processing job does not count twice.
 */
export async function recordIncident(
  deps: PipelineDeps,
  event: FailureEvent,
  job: {
    name: string;
    url: string | null;
    classification: Classification;
    logProblem?: string | null;
    logRef?: string | null;
    flaky?: FlakyNote | null;
  },
): Promise<Incident> {
  const { store, clock } = deps;
  const key = {
    repo: event.repo,
    workflow: event.workflow,
    job: job.name,
    fingerprint: job.classification.fingerprint,
  };
  const existing = await store.findOpenIncident(key);
  const now = clock.now().toISOString();
  if (existing?.eventIds.includes(event.id)) return existing;
  const templateId =
    (await mineEvidence(store, job.classification)) ?? existing?.templateId ?? null;
  const incident: Incident = existing
    ? {
        ...existing,
        classification: job.classification,
        count: existing.count + 1,
        lastSeenAt: now,
        lastRunId: event.runId,
        lastSha: event.sha,
        lastUrl: job.url ?? event.url,
        lastLogRef: job.logRef ?? existing.lastLogRef,
        eventIds: [...existing.eventIds, event.id].slice(-deps.maxEventsPerIncident),
        occurrences: [...existing.occurrences, now].slice(-deps.maxEventsPerIncident),
        templateId,
      }
    : {
        id: await store.nextIncidentId(),
        status: "open",
        ...key,
        branch: event.branch,
        classification: job.classification,
        count: 1,
        firstSeenAt: now,
        lastSeenAt: now,
        lastRunId: event.runId,
        lastSha: event.sha,
        lastUrl: job.url ?? event.url,
        eventIds: [event.id],
        decisions: [],
        ...freshEscalation(),
        occurrences: [now],
        lastLogRef: job.logRef ?? null,
        resolvedAt: null,
        resolution: null,
        timeToResolveMs: null,
        templateId,
      };
  await store.saveIncident(incident);
  const c = job.classification;
  await store.appendAudit({
    at: now,
    kind: existing ? "incident.recurred" : "incident.opened",
    subject: incident.id,
    reason: `${c.type} in ${event.repo} ${event.workflow}/${job.name} (run ${event.runId}, attempt ${event.attempt})`,
    rule: c.ruleId ?? "classifier.unknown",
    data: {
      eventId: event.id,
      fingerprint: c.fingerprint,
      confidence: c.confidence,
      evidence: c.evidence,
      logProblem: job.logProblem ?? null,
      templateId,
      ...(job.flaky ? { flakyHistory: job.flaky } : {}),
    },
  });
  return incident;
}
