/**
 * The mass-failure guard (DESIGN §6): one fingerprint failing in many repositories at once (a
 * registry outage, a broken shared action) makes one umbrella notice instead of one per repository.
 * Pure: the caller passes the recent failures and the time.
 */
import type { Incident } from "../../domain/types.js";
import type { NotifyConfig } from "./notify-config.js";

export type MassFailureConfig = NotifyConfig["massFailure"];

export interface RecentFailure {
  repo: string;
  fingerprint: string;
  at: string;
  incidentId: string;
}

export interface Umbrella {
  fingerprint: string;
  /** Sorted. */
  repos: string[];
  /** In the order the failures came (each once). */
  incidentIds: string[];
}

/**
 * Fingerprints seen in at least `cfg.repos` distinct repositories within the last `cfg.window`
 * (inclusive at both ends; failures stamped after `now` are not counted). Sorted by fingerprint.
 */
export function massFailure(
  recent: readonly RecentFailure[],
  now: Date,
  cfg: MassFailureConfig,
): Umbrella[] {
  const from = now.getTime() - cfg.window;
  const inWindow = recent
    .filter((f) => {
      const at = Date.parse(f.at);
      return at >= from && at <= now.getTime();
    })
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const byFingerprint = new Map<string, RecentFailure[]>();
  for (const failure of inWindow) {
    const list = byFingerprint.get(failure.fingerprint);
    if (list) list.push(failure);
    else byFingerprint.set(failure.fingerprint, [failure]);
  }
  return [...byFingerprint.entries()]
    .map(([fingerprint, failures]) => umbrellaOf(fingerprint, failures))
    .filter((umbrella) => umbrella.repos.length >= cfg.repos)
    .sort((a, b) => a.fingerprint.localeCompare(b.fingerprint));
}

function umbrellaOf(fingerprint: string, failures: readonly RecentFailure[]): Umbrella {
  const repos = [...new Set(failures.map((f) => f.repo))].sort();
  const incidentIds = [...new Set(failures.map((f) => f.incidentId))];
  return { fingerprint, repos, incidentIds };
}

/**
 * Whether the incident's own notice is held back because an umbrella covers its fingerprint.
 * The fingerprint alone decides (Alertmanager inhibition with `equal: [fingerprint]`): a repository
 * that joins the outage after the umbrella was raised is part of it too.
 */
export function inhibited(
  incident: Pick<Incident, "fingerprint">,
  umbrellas: readonly Umbrella[],
): boolean {
  return umbrellas.some((umbrella) => umbrella.fingerprint === incident.fingerprint);
}
