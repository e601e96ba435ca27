import type { LinearLink, Silence } from "../../domain/escalation.js";
import type { Decision, Incident } from "../../domain/types.js";
import type { EscalationPolicy } from "./escalation-config.js";

/** How much Codegen has been used, gathered from the store before `decide` runs. */
export interface CodegenUsage {
  /** Runs started in this repository within the last hour. */
  runsLastHourInRepo: number;
  /** Runs started in the current calendar month (UTC), all repositories. */
  runsThisMonth: number;
  /** Runs still open for the same fingerprint in the repo on OTHER incidents (absent: 0). */
  openRunsForFingerprint?: number;
  /**
   * Repositories failing with this fingerprint right now when it is a mass failure (DESIGN §6:
   * "per-repo AI runs held"); absent: not a mass failure.
   */
  massFailureRepos?: number;
}

/** The most recent resolved incident of the same repo + workflow + job + fingerprint that had a Linear issue. */
export interface PreviousIssue {
  incidentId: string;
  linear: LinearLink;
  resolvedAt: string;
}

/** Everything the escalation ladder looks at; nothing else is read. */
export interface LadderInput {
  /** The incident after this failure was recorded on it (occurrences include it). */
  incident: Incident;
  /** The failed run's deployment environment, if any. */
  environment: string | null;
  /** Failures of this fingerprint in this repo within `policy.window` (all its incidents). */
  failuresInWindow: number;
  /** What the retry part of `decide` chose for this failure (a `retry` or an `ignore`). */
  retry: readonly Decision[];
  /** The active silence matching the incident, if any. */
  silence: Silence | null;
  codegenUsage: CodegenUsage;
  previousIssue: PreviousIssue | null;
  /** Whether repairs can be carried out (GitHub Actions; the generic endpoint cannot). */
  canRecover: boolean;
  policy: EscalationPolicy;
  now: Date;
}

/** What `nextRung` tells `pitcrew incidents show`: the next rung and what would trigger it. */
export interface NextRung {
  rung: Decision["rung"] | null;
  /** Failures in the window that reach it (null: not a count, e.g. a gate or nothing left). */
  atFailures: number | null;
  /** Human sentence, e.g. "Linear issue at 5 failures in 24h (3 so far): 2 more". */
  trigger: string;
}
