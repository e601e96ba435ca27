import type { NotificationGroup } from "../../domain/notify.js";
import type { Incident } from "../../domain/types.js";
import type { PipelineDeps } from "../deps.js";
import { observe } from "./grouping.js";
import { notifyJobs } from "./jobs.js";
import type { Umbrella } from "./mass-failure.js";
import { groupKey, matchRoutes } from "./routes.js";
import { umbrellaOf, umbrellasNow } from "./umbrella.js";

/**
 * Hands changed incidents to the notify stage: each joins the group of every route and receiver
 * it matches, and the group's flush is scheduled (group_wait for a new group, `critical` at once).
 * The flush decides whether anything is sent (Alertmanager's dedup rule), so announcing an
 * incident twice costs nothing.
 */
export async function announce(deps: PipelineDeps, incidents: readonly Incident[]): Promise<void> {
  const routes = deps.notify.routes;
  const now = deps.clock.now();
  const umbrellas = incidents.length > 0 ? await umbrellasNow(deps, now) : [];
  for (const incident of incidents) {
    const umbrella = umbrellaOf(incident, umbrellas);
    for (const match of matchRoutes(incident, routes)) {
      const route = routes[match.route];
      if (!route) continue;
      for (const receiver of match.receivers) {
        // A mass failure is one notice listing the repositories, not one per repository.
        const { id, labels } = umbrella
          ? umbrellaKey(receiver, umbrella)
          : groupKey(incident, route, match.route, receiver);
        const input = {
          incidentId: incident.id,
          severity: incident.classification.severity,
          now,
          route,
          index: match.route,
          receiver,
          labels,
        };
        const seen: { before: NotificationGroup | null } = { before: null };
        const group = await deps.store.updateGroup(id, (stored) => {
          seen.before = stored;
          const observed = observe(stored, input);
          // An umbrella keeps its own id (its flush must not inhibit it), lists every incident of
          // the outage (those that came before it was raised too) and the repositories as of now.
          if (!umbrella) return observed;
          const incidentIds = [...new Set([...observed.incidentIds, ...umbrella.incidentIds])];
          return { ...observed, id, labels, incidentIds };
        });
        if (group?.nextFlushAt && group.nextFlushAt !== seen.before?.nextFlushAt) {
          await scheduleFlush(deps, group.id, group.nextFlushAt);
        }
      }
    }
  }
}

/** Hands the incident as now stored (decisions, status, links) to the notify stage. */
export async function announceById(deps: PipelineDeps, incidentId: string): Promise<void> {
  const incident = await deps.store.getIncident(incidentId);
  if (incident) await announce(deps, [incident]);
}

function umbrellaKey(receiver: string, umbrella: Umbrella) {
  return {
    id: `umbrella:${receiver}:${umbrella.fingerprint}`,
    labels: { fingerprint: umbrella.fingerprint, repos: umbrella.repos.join(", ") },
  };
}

/** One flush job per group and time: re-announcing never schedules a second one. */
export async function scheduleFlush(deps: PipelineDeps, groupId: string, at: string) {
  await deps.queue.enqueue({
    kind: notifyJobs.flush.kind,
    lane: notifyJobs.flush.lane,
    payload: { groupId },
    runAt: at,
    key: `flush:${groupId}:${at}`,
  });
}
