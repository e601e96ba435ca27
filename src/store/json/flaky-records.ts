import type { FlakyObservation, FlakyRecord } from "../../domain/types.js";

/** Example incidents kept per record: enough to follow up, small enough for the hot file. */
export const maxFlakyExamples = 10;

/**
 * Adds one observation to `records` in place and returns the record. Idempotent per incident,
 * so a retried resolve job does not count a recovery twice.
 */
export function recordFlakyInto(
  records: FlakyRecord[],
  observation: FlakyObservation,
): FlakyRecord {
  const { repo, fingerprint, incidentId, sha, at } = observation;
  const existing = records.find((r) => r.repo === repo && r.fingerprint === fingerprint);
  if (!existing) {
    const created: FlakyRecord = {
      repo,
      fingerprint,
      count: 1,
      firstSeenAt: at,
      lastSeenAt: at,
      incidentIds: [incidentId],
      lastSha: sha,
    };
    records.push(created);
    return created;
  }
  if (existing.incidentIds.includes(incidentId)) return existing;
  existing.count += 1;
  existing.lastSeenAt = at;
  existing.lastSha = sha;
  existing.incidentIds = [...existing.incidentIds, incidentId].slice(-maxFlakyExamples);
  return existing;
}
