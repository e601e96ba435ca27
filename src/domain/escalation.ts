/**
 * Escalation vocabulary (DESIGN §2, §6): the ladder's rungs, what an incident remembers of the
 * recoveries, Codegen runs and Linear issue made for it, and silences. Plain JSON-safe data.
 */

/** The rungs of the escalation ladder, lowest first. */
export const rungs = ["retry", "recover", "codegen", "linear", "reset"] as const;
export type Rung = (typeof rungs)[number];

/** Recovery strategies of the `recover` rung; `reset` is the top rung's cache purge. */
export const recoveryStrategies = [
  "clear_cache",
  "reinstall_dependencies",
  "runbook",
  "reset",
] as const;
export type RecoveryStrategy = (typeof recoveryStrategies)[number];

/**
 * One recovery tried for an incident. Whether it worked is decided by the next run of the same
 * workflow and branch after it ran: `pending` until then.
 */
export interface RecoveryAttempt {
  strategy: RecoveryStrategy;
  actionId: string;
  /** The run that was re-run after the repair (null: the strategy re-runs nothing). */
  runId: string | null;
  decidedAt: string;
  /** When the repair was carried out (null while scheduled). */
  ranAt: string | null;
  outcome: "pending" | "succeeded" | "failed";
  /** The event whose conclusion decided the outcome. */
  outcomeEventId: string | null;
  /** What the repair did, e.g. `{deleted: 3, kept: 5}` caches, or the runbook's HTTP status. */
  details: Record<string, string | number | boolean | null>;
}

/** A Codegen agent run started for an incident. */
export interface CodegenState {
  runId: string;
  url: string | null;
  /** `running` until Codegen reports a terminal status (compared case-insensitively). */
  status: "running" | "completed" | "failed";
  /** Codegen's own status string, as last read. */
  rawStatus: string | null;
  startedAt: string;
  finishedAt: string | null;
  /** Runs started for this incident so far (at most `escalation.codegen.maxRunsPerIncident`). */
  attempts: number;
  /** Polls made of the current run (drives the poll backoff). */
  polls: number;
}

/** The fix PR Codegen opened (from `github_pull_requests`). */
export interface PullRequestLink {
  url: string;
  number: number | null;
  /** The PR's head branch: CI passing there resolves the incident as `fixed-by-pr`. */
  branch: string | null;
}

/** The Linear issue that tracks an incident. */
export interface LinearLink {
  id: string;
  identifier: string;
  url: string;
  createdAt: string;
  /** Last recurrence comment (null: none yet); later ones are batched to one per interval. */
  lastCommentAt: string | null;
  /** Failures already reported on the issue (in its description or comments). */
  reportedCount: number;
  /** The issue was made by a person and linked by triage, not created by pitcrew. */
  linkedByTriage: boolean;
}

/**
 * Matchers of a silence: every given field must match the incident's. A value is compared for
 * equality, or, written `/…/`, is a regular expression (unanchored, as in notification routes);
 * a regex that does not compile never matches.
 */
export interface SilenceMatchers {
  repo?: string;
  fingerprint?: string;
  branch?: string;
  workflow?: string;
  job?: string;
  type?: string;
  severity?: string;
}

/**
 * Keeps matching incidents recorded and counted, but unannounced and unescalated. In force from
 * `startsAt` until `endsAt` (null: no end), until expired by hand, or, `untilGreen`, until the job
 * passes on the default branch. Expired silences are kept for the audit (30 days).
 * `startsAt`, `untilGreen` and `expiredBy` are optional only because older records lack them:
 * read through `normaliseSilence` (src/pipeline/notify/silences.ts) for the defaults.
 */
export interface Silence {
  id: string;
  matchers: SilenceMatchers;
  createdAt: string;
  /** In force from here on (missing: `createdAt`). */
  startsAt?: string;
  /** Null: until expired by hand (or, `untilGreen`, until the job passes). */
  endsAt: string | null;
  /** Ends when the silenced job passes on the default branch (missing: false). */
  untilGreen?: boolean;
  author: string;
  reason: string;
  expiredAt: string | null;
  /** Who or what expired it (`until-green` when a passing run did; missing: null). */
  expiredBy?: string | null;
}
