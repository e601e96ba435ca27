import type { FailureEvent, Incident } from "../domain/types.js";
import type { LadderInput, PreviousIssue } from "./decide/ladder-types.js";
import { matchingSilence } from "./decide/silence.js";
import type { PipelineDeps } from "./deps.js";
import { umbrellaOf, umbrellasNow } from "./notify/umbrella.js";

const HOUR_MS = 3_600_000;

/**
 * Reads from the store what the escalation ladder needs about one incident, so that `decide`
 * itself stays pure: failures of the fingerprint in the window (across its incidents, resolved
 * ones included), Codegen usage, the issue of the last resolved incident, a matching silence, and
 * whether the fingerprint is a mass failure right now.
 */
export async function gatherLadderFacts(
  deps: Pick<PipelineDeps, "store" | "clock" | "escalation" | "notify">,
  incident: Incident,
  event: Pick<FailureEvent, "environment" | "provider">,
): Promise<Omit<LadderInput, "incident" | "retry" | "policy" | "now">> {
  const now = deps.clock.now();
  const related = await deps.store.listIncidents({
    repo: incident.repo,
    fingerprint: incident.fingerprint,
    includeResolved: true,
  });
  const since = now.getTime() - deps.escalation.window;
  const failuresInWindow = related
    .flatMap((other) => (other.id === incident.id ? incident.occurrences : other.occurrences))
    .filter((at) => Date.parse(at) >= since).length;
  const umbrella = umbrellaOf(incident, await umbrellasNow(deps, now));
  return {
    environment: event.environment,
    failuresInWindow,
    silence: matchingSilence(await deps.store.listSilences(), incident, now),
    codegenUsage: {
      ...(await codegenUsage(deps, incident.repo, now)),
      openRunsForFingerprint: related.filter(
        (other) => other.id !== incident.id && other.codegen?.status === "running",
      ).length,
      ...(umbrella ? { massFailureRepos: umbrella.repos.length } : {}),
    },
    previousIssue: previousIssue(related, incident),
    canRecover: event.provider === "github",
  };
}

async function codegenUsage(deps: Pick<PipelineDeps, "store">, repo: string, now: Date) {
  const runs = await deps.store.listActions({ kind: "codegen_fix" });
  const monthStart = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
  const started = runs.map((action) => ({ repo: action.repo, at: Date.parse(action.createdAt) }));
  return {
    runsLastHourInRepo: started.filter((r) => r.repo === repo && r.at > now.getTime() - HOUR_MS)
      .length,
    runsThisMonth: started.filter((r) => r.at >= monthStart).length,
  };
}

/** The same job's last resolved incident of this fingerprint that had a Linear issue. */
function previousIssue(related: readonly Incident[], incident: Incident): PreviousIssue | null {
  const candidates = related
    .filter(
      (other) =>
        other.id !== incident.id &&
        other.status === "resolved" &&
        other.workflow === incident.workflow &&
        other.job === incident.job &&
        other.linear !== null &&
        other.resolvedAt !== null,
    )
    .sort((a, b) => Date.parse(b.resolvedAt ?? "") - Date.parse(a.resolvedAt ?? ""));
  const last = candidates[0];
  if (!last?.linear || !last.resolvedAt) return null;
  return { incidentId: last.id, linear: last.linear, resolvedAt: last.resolvedAt };
}
