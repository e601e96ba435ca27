import type { Silence, SilenceMatchers } from "../../domain/escalation.js";
import type { Incident } from "../../domain/types.js";

/** Whether the silence is in force at `now`: not expired by hand and not past its end. */
export function isActive(silence: Silence, now: Date): boolean {
  if (silence.expiredAt !== null) return false;
  return silence.endsAt === null || Date.parse(silence.endsAt) > now.getTime();
}

/** The first active silence whose every matcher equals the incident's field. Pure. */
export function matchingSilence(
  silences: readonly Silence[],
  incident: Incident,
  now: Date,
): Silence | null {
  const fields: Record<keyof SilenceMatchers, string | null> = {
    repo: incident.repo,
    fingerprint: incident.fingerprint,
    branch: incident.branch,
    workflow: incident.workflow,
    job: incident.job,
    type: incident.classification.type,
    severity: incident.classification.severity,
  };
  return (
    silences.find(
      (silence) =>
        isActive(silence, now) &&
        Object.entries(silence.matchers).every(
          ([key, value]) => value === undefined || fields[key as keyof SilenceMatchers] === value,
        ),
    ) ?? null
  );
}
