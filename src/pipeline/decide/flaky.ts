import type {
  Classification,
  FailureEvent,
  FlakyObservation,
  FlakyRecord,
  Incident,
} from "../../domain/types.js";

/** Rule id a classification gets when history, not the log, says the failure is flaky. */
export const flakyHistoryRule = "flaky-history";

/** Least confidence of a history-based verdict: passing on re-run of the same sha is strong evidence. */
export const flakyHistoryConfidence = 0.8;

/**
 * The verdict for a failure whose fingerprint already passed on re-run in this repo: a flaky
 * test, transient and re-runnable. Evidence and fingerprint stay, so it still groups with its
 * incident; without a record the verdict is returned unchanged. Pure.
 */
export function applyFlakyHistory(c: Classification, record: FlakyRecord | null): Classification {
  if (!record || record.count < 1) return c;
  return {
    ...c,
    type: "flaky_test",
    category: "transient",
    retryable: true,
    suggestedAction: "retry",
    ruleId: flakyHistoryRule,
    confidence: Math.max(c.confidence, flakyHistoryConfidence),
  };
}

/** A flaky observation plus the rule and reason for the audit log. */
export interface FlakyEvidence {
  observation: FlakyObservation;
  rule: string;
  reason: string;
}

/**
 * Which just-resolved incidents prove their fingerprint flaky: the same job passed on a re-run
 * of the same sha. That is pitcrew's own re-run (`auto-recovered`), a manual re-run of the same
 * GitHub run (attempt > 1), or a generic CI job of the same sha passing on attempt > 1. Pure.
 */
export function flakyEvidence(
  success: FailureEvent,
  resolved: readonly Incident[],
  now: Date,
): FlakyEvidence[] {
  return resolved.flatMap((incident) => {
    const rule = flakyRule(success, incident);
    if (!rule) return [];
    const sha = incident.lastSha ?? success.sha;
    const observation: FlakyObservation = {
      repo: incident.repo,
      fingerprint: incident.fingerprint,
      incidentId: incident.id,
      sha,
      at: now.toISOString(),
    };
    const how = rule === "flaky.auto-recovered" ? "pitcrew's re-run" : "a re-run";
    const reason = `${incident.workflow}/${incident.job} failed and then passed on ${how} of ${sha ?? "the same sha"} (attempt ${success.attempt}): fingerprint ${incident.fingerprint} is flaky`;
    return [{ observation, rule, reason }];
  });
}

function flakyRule(success: FailureEvent, incident: Incident): string | null {
  // Without evidence the fingerprint stands for "no log", not for one failure: never flaky.
  if (incident.classification.evidence.length === 0) return null;
  if (incident.resolution === "auto-recovered") return "flaky.auto-recovered";
  if (success.attempt <= 1) return null;
  if (success.provider === "github") {
    // A workflow_run covers the whole run: a later attempt of the very run re-ran the same sha.
    return incident.lastRunId === success.runId ? "flaky.rerun-passed" : null;
  }
  const sameSha = success.sha !== null && success.sha === incident.lastSha;
  return sameSha && success.job === incident.job ? "flaky.rerun-passed" : null;
}
