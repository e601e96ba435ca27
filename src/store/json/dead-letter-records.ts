import type { DeadLetter, DeadLetterQuery } from "../../domain/types.js";

/**
 * Adds `entry` in place, or updates the unresolved entry of the same idempotency key (the same
 * action failing again after a manual retry keeps one entry with its first failure time).
 */
export function addDeadLetterInto(letters: DeadLetter[], entry: DeadLetter): DeadLetter {
  const same =
    entry.idempotencyKey === null
      ? undefined
      : letters.find((l) => !l.resolved && l.idempotencyKey === entry.idempotencyKey);
  if (!same) {
    letters.push(entry);
    return entry;
  }
  Object.assign(same, {
    ...entry,
    id: same.id,
    firstFailedAt: same.firstFailedAt,
    attempts: same.attempts + entry.attempts,
    retries: same.retries ?? entry.retries,
  });
  return same;
}

export function matchesDeadLetter(letter: DeadLetter, query: DeadLetterQuery): boolean {
  if (query.destination !== undefined && letter.destination !== query.destination) return false;
  if (query.errorType !== undefined && letter.errorType !== query.errorType) return false;
  if (query.unresolved !== undefined && letter.resolved === query.unresolved) return false;
  return true;
}

/** Removes resolved entries resolved before `before`, in place; returns how many went. */
export function purgeDeadLettersIn(
  letters: DeadLetter[],
  before: Date,
): { kept: DeadLetter[]; purged: number } {
  const kept = letters.filter(
    (l) => !l.resolved || l.resolvedAt === null || Date.parse(l.resolvedAt) >= before.getTime(),
  );
  return { kept, purged: letters.length - kept.length };
}
