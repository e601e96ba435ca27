import type { Incident } from "../../domain/types.js";
import type { PipelineDeps } from "../deps.js";
import { massFailure, type RecentFailure, type Umbrella } from "./mass-failure.js";

/** The fingerprints failing in many repositories right now (the mass-failure guard's input). */
export async function umbrellasNow(
  deps: Pick<PipelineDeps, "store" | "notify">,
  now: Date,
): Promise<Umbrella[]> {
  const cfg = deps.notify.massFailure;
  const since = now.getTime() - cfg.window;
  // One entry per incident seen in the window (its latest failure) is enough to count the
  // repositories of a fingerprint; every occurrence would make a storm quadratic.
  const incidents = await deps.store.listIncidentHeads({
    includeResolved: true,
    seenSince: new Date(since).toISOString(),
  });
  const recent: RecentFailure[] = incidents.map((incident) => ({
    repo: incident.repo,
    fingerprint: incident.fingerprint,
    at: incident.lastSeenAt,
    incidentId: incident.id,
  }));
  return massFailure(recent, now, cfg);
}

/** The umbrella an incident belongs to, if its fingerprint fails in many repositories. */
export function umbrellaOf(incident: Incident, umbrellas: readonly Umbrella[]): Umbrella | null {
  return umbrellas.find((u) => u.fingerprint === incident.fingerprint) ?? null;
}
