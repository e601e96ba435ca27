/** Domain vocabulary of pitcrew (DESIGN §2, §3). Plain data only: every value here is JSON-safe. */

import type {
  CodegenState,
  LinearLink,
  PullRequestLink,
  RecoveryAttempt,
  Rung,
} from "./escalation.js";

/** Failure types of the classifier (DESIGN §3). */
export const failureTypes = [
  "infrastructure",
  "cancelled",
  "network",
  "rate_limit",
  "timeout",
  "out_of_memory",
  "disk_full",
  "auth_permissions",
  "dependency_install",
  "vcs_checkout",
  "compilation",
  "test_failure",
  "flaky_test",
  "crash",
  "lint",
  "content_check",
  "configuration",
  "upstream_failure",
  "deployment",
  "unknown",
] as const;
export type FailureType = (typeof failureTypes)[number];

export const categories = ["transient", "persistent", "configuration", "unknown"] as const;
export type Category = (typeof categories)[number];

export const suggestedActions = [
  "retry",
  "clear_cache",
  "reinstall_dependencies",
  "fix_code",
  "fix_config",
  "escalate",
  "ignore",
] as const;
export type SuggestedAction = (typeof suggestedActions)[number];

export const severities = ["low", "medium", "high", "critical"] as const;
export type Severity = (typeof severities)[number];

/** One line of a log that explains the failure; `line` is 1-based in the log as given. */
export interface EvidenceLine {
  line: number;
  text: string;
}

/** The classifier's verdict for one failed job (DESIGN §7 `pitcrew classify --json`). */
export interface Classification {
  type: FailureType;
  category: Category;
  severity: Severity;
  retryable: boolean;
  confidence: number;
  suggestedAction: SuggestedAction;
  ruleId: string | null;
  fingerprint: string;
  evidence: EvidenceLine[];
}

/** What the job (or run) ended with, as the CI reported it. */
export type Conclusion = "failure" | "success" | "cancelled" | "timed_out" | "startup_failure";

/** Which webhook route an event came through. */
export type Provider = "github" | "ci";

/** One failed (or recovered) run as reported by CI, normalised from the provider payload. */
export interface FailureEvent {
  id: string;
  provider: Provider;
  source: string;
  deliveryId: string;
  repo: string;
  workflow: string;
  job: string | null;
  branch: string | null;
  sha: string | null;
  runId: string;
  attempt: number;
  url: string | null;
  conclusion: Conclusion;
  exitCode: number | null;
  environment: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  receivedAt: string;
  /** Where the log is: a stored log file, a URL to fetch, or nothing yet (GitHub: fetched per job). */
  logRef: string | null;
  logUrl: string | null;
}

export const incidentStatuses = [
  "open",
  "retrying",
  "recovering",
  "escalated",
  "acknowledged",
  "resolved",
  "silenced",
] as const;
export type IncidentStatus = (typeof incidentStatuses)[number];

/** How an incident ended. */
export type Resolution = "auto-recovered" | "passed" | "fixed-by-pr" | "manual";

export const decisionKinds = [
  "retry",
  "clear_cache",
  "reinstall_dependencies",
  "runbook",
  "codegen_fix",
  "linear_issue",
  "linear_comment",
  "notify",
  "ignore",
] as const;
export type DecisionKind = (typeof decisionKinds)[number];

/** One thing to do and why; `rule` names the rule or threshold that produced it (audit). */
export interface Decision {
  kind: DecisionKind;
  reason: string;
  rule: string;
  at: string;
  /** When the action should run (retry backoff, batched comment); absent = now. */
  runAt?: string;
  /** The ladder rung that produced it (absent on decisions that are not the ladder's). */
  rung?: Rung;
  /** The numbers that triggered it: failures in the window, thresholds, gate counts. */
  numbers?: Record<string, number | string | boolean | null>;
}

/** All events sharing one fingerprint in one repo+workflow+job, until resolved. */
export interface Incident {
  id: string;
  status: IncidentStatus;
  repo: string;
  workflow: string;
  job: string;
  branch: string | null;
  fingerprint: string;
  classification: Classification;
  count: number;
  firstSeenAt: string;
  lastSeenAt: string;
  lastRunId: string;
  lastSha: string | null;
  lastUrl: string | null;
  /** The stored (redacted) log of the latest failure, for prompts and issue excerpts. */
  lastLogRef: string | null;
  eventIds: string[];
  decisions: Decision[];
  escalationLevel: number;
  /** Times of the failures recorded on this incident (newest last, capped): the ladder's window. */
  occurrences: string[];
  linear: LinearLink | null;
  codegen: CodegenState | null;
  pr: PullRequestLink | null;
  recoveries: RecoveryAttempt[];
  /** Who took it (Linear assignee) when `acknowledged`. */
  acknowledgedBy: string | null;
  resolvedAt: string | null;
  resolution: Resolution | null;
  timeToResolveMs: number | null;
  /** Cluster of the evidence line in the template miner; null without evidence (or before mining). */
  templateId: string | null;
}

/** Repo-scoped history of one fingerprint that failed and then passed on a re-run of the same sha. */
export interface FlakyRecord {
  repo: string;
  fingerprint: string;
  /** Incidents that passed on re-run (each counted once). */
  count: number;
  firstSeenAt: string;
  lastSeenAt: string;
  /** The most recent incidents that showed it (capped). */
  incidentIds: string[];
  lastSha: string | null;
}

/** One incident whose failure passed on a re-run of the same sha. */
export interface FlakyObservation {
  repo: string;
  fingerprint: string;
  incidentId: string;
  sha: string | null;
  at: string;
}

/** `skipped`: by the time it was due, every incident it served had resolved. */
export type ActionStatus = "scheduled" | "running" | "succeeded" | "skipped" | "failed" | "dead";

/** A decision being carried out against one destination. */
export interface Action {
  id: string;
  kind: DecisionKind;
  destination: string;
  idempotencyKey: string;
  status: ActionStatus;
  incidentIds: string[];
  repo: string;
  runId: string | null;
  attempts: number;
  createdAt: string;
  nextRunAt: string | null;
  finishedAt: string | null;
  lastError: string | null;
  /** "outbox" when the destination had no credentials and the request was recorded instead. */
  mode: "live" | "outbox" | null;
  /** What the decision fixed for the action (cache prefixes, workflow, runbook name, rule…). */
  params?: Record<string, number | string | boolean | null>;
  /** What carrying it out produced (deleted caches, issue identifier, run id…). */
  result?: Record<string, number | string | boolean | null>;
}

/** One audit record: who/what decided or did something and by which rule. */
export interface AuditEntry {
  id: string;
  at: string;
  kind: string;
  subject: string;
  reason: string;
  rule: string;
  data?: Record<string, unknown>;
}

/** What an integration without credentials would have sent. */
export interface OutboxEntry {
  id: string;
  at: string;
  destination: string;
  operation: string;
  payload: Record<string, unknown>;
  idempotencyKey: string;
}

/** Why an outbound call failed (DESIGN §6 retry table; `src/outbound/classify-error.ts`). */
export type OutboundErrorType =
  | "network"
  | "timeout"
  | "rate_limit"
  | "server"
  | "auth"
  | "validation"
  | "not_found";

/**
 * An outbound action that will not be retried on its own any more: its attempts are spent or its
 * error cannot be fixed by retrying. A human retries (re-enqueues the job) or resolves it.
 */
export interface DeadLetter {
  /** Like `dlq_8f3a…`. */
  id: string;
  /** The destination the action calls (github, codegen, linear, slack, email, webhook…). */
  destination: string;
  /** The job kind that carried the action (e.g. `rerun`). */
  action: string;
  /** The job's payload, as enqueued: a retry re-enqueues exactly this. */
  payload: Record<string, unknown>;
  idempotencyKey: string | null;
  errorType: OutboundErrorType | "unknown";
  /** The last error message (secrets already scrubbed by the integration). */
  error: string;
  attempts: number;
  firstFailedAt: string;
  lastFailedAt: string;
  resolved: boolean;
  resolvedAt: string | null;
  /** Who resolved it (`retry-succeeded` when a manual retry went through). */
  resolvedBy: string | null;
  note: string | null;
  /** Id of the job a manual retry enqueued, while it runs. */
  retryJobId: string | null;
  /** Manual retries so far (absent on entries never retried); numbers each retry job's key. */
  retries?: number;
}

/** Filters of the dead-letter list. */
export interface DeadLetterQuery {
  destination?: string;
  errorType?: string;
  /** true: only unresolved; false: only resolved; absent: all. */
  unresolved?: boolean;
}
