/** "What pitcrew already tried" for an incident, as plain lines for prompts and issues. */
import type { RecoveryAttempt } from "../../../domain/escalation.js";
import type { Incident } from "../../../domain/types.js";
import { formatTime } from "./format.js";

/** One thing pitcrew did about an incident and how it went. */
export interface TriedStep {
  at: string | null;
  /** e.g. `re-ran the failed jobs`, `Codegen fix run 1`. */
  what: string;
  /** e.g. `failed again`, `PR opened`, `pending`; null when unknown. */
  outcome: string | null;
  url: string | null;
}

const RECOVERY_NAMES: Record<RecoveryAttempt["strategy"], string> = {
  clear_cache: "cleared the CI caches and re-ran",
  reinstall_dependencies: "reinstalled dependencies and re-ran",
  runbook: "called a runbook",
  reset: "purged every cache of the branch and re-ran",
};

/**
 * Built from what the incident remembers: re-run decisions, recoveries with their outcome, and
 * the current (or last) Codegen run. Earlier Codegen runs are only counted there, so callers that
 * know them (from the action history) pass their own steps instead.
 */
export function triedFromIncident(incident: Incident): TriedStep[] {
  const reruns: TriedStep[] = incident.decisions
    .filter((decision) => decision.kind === "retry")
    .map((decision) => ({
      at: decision.runAt ?? decision.at,
      what: "re-ran the failed jobs",
      // Still an incident after the re-run: the re-run did not make it pass.
      outcome: null,
      url: null,
    }));
  const recoveries = incident.recoveries.map(
    (attempt): TriedStep => ({
      at: attempt.ranAt ?? attempt.decidedAt,
      what: RECOVERY_NAMES[attempt.strategy],
      outcome: attempt.outcome === "pending" ? "waiting for the next run" : attempt.outcome,
      url: null,
    }),
  );
  return [...reruns, ...recoveries, ...codegenSteps(incident)].sort((a, b) =>
    (a.at ?? "").localeCompare(b.at ?? ""),
  );
}

function codegenSteps(incident: Incident): TriedStep[] {
  const run = incident.codegen;
  if (!run) return [];
  const earlier: TriedStep[] =
    run.attempts > 1
      ? [
          {
            at: null,
            what: `${run.attempts - 1} earlier Codegen fix run(s)`,
            outcome: "did not fix it",
            url: null,
          },
        ]
      : [];
  const pr = incident.pr ? `, PR ${incident.pr.url}` : "";
  return [
    ...earlier,
    {
      at: run.startedAt,
      what: `Codegen fix run ${run.attempts}`,
      outcome: `${run.status}${run.rawStatus ? ` (${run.rawStatus})` : ""}${pr}`,
      url: run.url,
    },
  ];
}

/** Steps as one-line texts for bullets; a string is already such a line. */
export function triedLines(steps: readonly (TriedStep | string)[]): string[] {
  return steps.map((step) => {
    if (typeof step === "string") return step;
    const when = step.at ? `${formatTime(step.at)}: ` : "";
    const outcome = step.outcome ? ` → ${step.outcome}` : "";
    const link = step.url ? ` (${step.url})` : "";
    return `${when}${step.what}${outcome}${link}`;
  });
}
