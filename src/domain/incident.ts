import type { Incident } from "./types.js";

/** The escalation fields of an incident nothing has happened to yet. */
export function freshEscalation(): Pick<
  Incident,
  | "occurrences"
  | "recoveries"
  | "acknowledgedBy"
  | "linear"
  | "codegen"
  | "pr"
  | "escalationLevel"
  | "lastLogRef"
> {
  return {
    lastLogRef: null,
    occurrences: [],
    recoveries: [],
    acknowledgedBy: null,
    linear: null,
    codegen: null,
    pr: null,
    escalationLevel: 0,
  };
}

/**
 * Incidents stored before the escalation fields existed lack them: fill them in on read, with
 * the first and last sighting standing in for the occurrence times.
 */
export function normaliseIncident(stored: Incident): Incident {
  const partial = stored as Partial<Incident> & Incident;
  const occurrences =
    partial.occurrences ??
    [...new Set([stored.firstSeenAt, stored.lastSeenAt])].slice(0, Math.max(1, stored.count));
  return {
    ...stored,
    occurrences,
    recoveries: partial.recoveries ?? [],
    acknowledgedBy: partial.acknowledgedBy ?? null,
    lastLogRef: partial.lastLogRef ?? null,
    linear: partial.linear ? { ...defaultsOfLinear(), ...partial.linear } : null,
  };
}

function defaultsOfLinear() {
  return {
    identifier: "",
    createdAt: "",
    lastCommentAt: null,
    reportedCount: 0,
    linkedByTriage: false,
  };
}
