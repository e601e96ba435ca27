/**
 * Every door to the outside on one page. Pipeline stages depend on these interfaces only;
 * `src/main.ts` is the one place that picks the concrete adapters.
 */
import type { Silence } from "./domain/escalation.js";
import type { EmailBatch, NotificationGroup } from "./domain/notify.js";
import type { TemplateMinerState } from "./domain/template-state.js";
import type {
  Action,
  AuditEntry,
  DeadLetter,
  DeadLetterQuery,
  FailureEvent,
  FlakyObservation,
  FlakyRecord,
  Incident,
  OutboxEntry,
} from "./domain/types.js";

/** Time as an input: the pipeline never reads the system clock itself. */
export interface Clock {
  now(): Date;
}

/** Structured logger (pino-compatible subset). */
export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** A failed job of a CI run, as the provider lists it. */
export interface FailedJob {
  jobId: string;
  name: string;
  conclusion: string;
  url: string | null;
  failedStep: string | null;
  startedAt: string | null;
  completedAt: string | null;
}

/** The CI system that ran the job (GitHub Actions is the first-class one). */
export interface CiProvider {
  /** Failed jobs of the run's latest attempt. */
  listFailedJobs(repo: string, runId: string): Promise<FailedJob[]>;
  /** The job's plain-text log. */
  fetchJobLog(repo: string, jobId: string): Promise<string>;
  /** Re-run the run's failed jobs (and their dependents). */
  rerunFailedJobs(repo: string, runId: string): Promise<{ mode: "live" | "outbox" }>;
}

/** One GitHub Actions cache entry (`actions_caches[]`). */
export interface CacheEntry {
  id: string;
  key: string;
  ref: string;
  sizeInBytes: number;
  lastAccessedAt: string | null;
}

/** Whether a write went out, or was recorded in the outbox because the integration has no credentials. */
export type SendMode = "live" | "outbox";

/** The repairs of the `recover` and `reset` rungs on the CI system (GitHub Actions). */
export interface CiRecovery {
  /**
   * Deletes the repo's caches of `ref` whose key starts with one of `keyPrefixes` (`"all"`: every
   * cache of the ref). Returns what was deleted and how many caches of the ref were kept.
   */
  purgeCaches(
    repo: string,
    input: { ref: string; keyPrefixes: readonly string[] | "all" },
  ): Promise<{ mode: SendMode; deleted: CacheEntry[]; kept: number }>;
  /** Starts a `workflow_dispatch` workflow (file name or id) on `ref` with `inputs`. */
  dispatchWorkflow(
    repo: string,
    input: { workflow: string; ref: string; inputs: Record<string, string> },
  ): Promise<{ mode: SendMode }>;
}

/** A runbook endpoint: signed JSON POSTed to a URL the operator configured. */
export interface RunbookCaller {
  call(input: {
    name: string;
    url: string;
    /** HMAC secret for `X-Pitcrew-Signature` (null: sent unsigned). */
    secret: string | null;
    payload: Record<string, unknown>;
    idempotencyKey: string;
  }): Promise<{ mode: SendMode; status: number | null }>;
}

/** One run of the AI fixer (Codegen), as pitcrew needs it. */
export interface FixRun {
  id: string;
  status: "running" | "completed" | "failed";
  rawStatus: string | null;
  webUrl: string | null;
  pullRequests: { url: string; number: number | null; branch: string | null }[];
}

/** The AI fix-PR service (Codegen). */
export interface FixPrService {
  /** Starts an agent run; in outbox mode the request is recorded and no run exists. */
  startRun(input: {
    prompt: string;
    metadata: Record<string, unknown>;
    idempotencyKey: string;
  }): Promise<{ mode: "live"; run: FixRun } | { mode: "outbox" }>;
  getRun(id: string): Promise<FixRun>;
  /** Wait before poll number `polls` (0-based) of a run: backoff above the vendor's floor. */
  pollDelayMs(polls: number): number;
}

/** An issue in the tracker (Linear). */
export interface TrackerIssue {
  id: string;
  identifier: string;
  url: string;
  /** Workflow state type (`triage`, `backlog`, `unstarted`, `started`, `completed`, `canceled`…). */
  stateType: string | null;
}

/** The issue tracker (Linear). Every write has an outbox mode for missing credentials. */
export interface IssueTracker {
  /** The issue attached to `url`, if any: attachments are unique per URL (the dedupe key). */
  findByAttachmentUrl(url: string): Promise<TrackerIssue | null>;
  /**
   * Creates an issue in the configured team and triage state, with labels (created if missing),
   * an attachment (the dedupe key) and, when given, a relation to an older issue.
   */
  createIssue(input: {
    title: string;
    description: string;
    priority: number;
    labels: readonly string[];
    attachment: { url: string; title: string; subtitle?: string };
    relatedIssueId?: string | null;
    idempotencyKey: string;
  }): Promise<{ mode: SendMode; issue: TrackerIssue | null }>;
  addComment(issueId: string, body: string, idempotencyKey: string): Promise<{ mode: SendMode }>;
  /** Moves a closed issue back to the triage (or configured) state and comments why. */
  reopen(issueId: string, comment: string, idempotencyKey: string): Promise<{ mode: SendMode }>;
  /** Sets priority and adds labels (created if missing) on an existing issue. */
  updateIssue(
    issueId: string,
    input: { priority?: number; addLabels?: readonly string[] },
  ): Promise<{ mode: SendMode }>;
}

/** A chat message: Block Kit blocks plus the plain-text fallback Slack shows in notifications. */
export interface ChatMessage {
  text: string;
  blocks: Record<string, unknown>[];
}

/** The chat destination of digests (Slack): one message per group, edited in place. */
export interface ChatNotifier {
  post(
    channel: string,
    message: ChatMessage,
    idempotencyKey: string,
  ): Promise<{ mode: SendMode; channel: string; ts: string | null }>;
  update(channel: string, ts: string, message: ChatMessage): Promise<{ mode: SendMode }>;
}

/** One email: HTML and text bodies of one digest. */
export interface EmailMessage {
  to: string[];
  subject: string;
  html: string;
  text: string;
}

/** The email destination of digests (pooled SMTP). */
export interface EmailSender {
  send(
    message: EmailMessage,
    idempotencyKey: string,
  ): Promise<{ mode: SendMode; messageId: string | null }>;
  close(): Promise<void>;
}

/** Fetches a job log from a URL given by a generic CI payload. */
export interface LogFetcher {
  fetchLog(url: string): Promise<string>;
}

/** Where a newly accepted delivery goes: the event and its processing job, stored together. */
export interface AcceptDelivery {
  deliveryKey: string;
  event: FailureEvent;
  log: string | null;
  job: NewJob;
}

/** A delivery that is only a job to run (e.g. a Linear webhook): recorded with its dedupe key at once. */
export interface AcceptJob {
  deliveryKey: string;
  receivedAt: string;
  job: NewJob;
}

/** Filters for listing incidents. */
export interface IncidentQuery {
  includeResolved?: boolean;
  repo?: string;
  workflow?: string;
  fingerprint?: string;
  branch?: string;
  status?: Incident["status"][];
}

export type IncidentHead = Pick<Incident, "id" | "repo" | "fingerprint" | "status" | "lastSeenAt">;

/** Persistent state. Atomicity lives inside each method. */
export interface Store {
  /** Records the delivery id, the event, its log and its job at once; `duplicate` if seen before. */
  acceptDelivery(input: AcceptDelivery): Promise<"accepted" | "duplicate">;
  /** Records the delivery key and enqueues its job in one write; `duplicate` if seen before. */
  acceptJob(input: AcceptJob): Promise<"accepted" | "duplicate">;
  getEvent(id: string): Promise<FailureEvent | null>;
  saveLog(eventId: string, name: string, text: string): Promise<string>;
  readLog(ref: string): Promise<string | null>;

  nextIncidentId(): Promise<string>;
  saveIncident(incident: Incident): Promise<void>;
  getIncident(id: string): Promise<Incident | null>;
  findOpenIncident(key: {
    repo: string;
    workflow: string;
    job: string;
    fingerprint: string;
  }): Promise<Incident | null>;
  listIncidents(query?: IncidentQuery): Promise<Incident[]>;
  /**
   * The few fields that say where and when incidents failed, for checks run on every failure
   * (the mass-failure guard): no copy of their histories, so a storm stays linear.
   */
  listIncidentHeads(query: IncidentQuery & { seenSince: string }): Promise<IncidentHead[]>;

  saveAction(action: Action): Promise<void>;
  getAction(id: string): Promise<Action | null>;
  findActionByKey(idempotencyKey: string): Promise<Action | null>;
  listActions(filter?: { repo?: string; runId?: string; kind?: Action["kind"] }): Promise<Action[]>;

  appendAudit(entry: Omit<AuditEntry, "id">): Promise<void>;
  listAudit(subject?: string): Promise<AuditEntry[]>;

  addOutbox(entry: Omit<OutboxEntry, "id">): Promise<OutboxEntry>;
  listOutbox(): Promise<OutboxEntry[]>;

  /** Adds the observation to the repo + fingerprint record; an incident already in it is not counted again. */
  recordFlaky(observation: FlakyObservation): Promise<FlakyRecord>;
  getFlaky(repo: string, fingerprint: string): Promise<FlakyRecord | null>;

  /** The template miner's state (one document), or null before the first line. */
  loadTemplates(): Promise<TemplateMinerState | null>;
  /**
   * Read-modify-write of the miner state as one step, so concurrent jobs lose no line. `change`
   * gets a copy (null before the first line), must be synchronous, and returns the state to keep.
   */
  updateTemplates<T>(
    change: (state: TemplateMinerState | null) => { state: TemplateMinerState; result: T },
  ): Promise<T>;

  /** Adds an entry; an unresolved entry with the same idempotency key is updated instead. */
  addDeadLetter(entry: DeadLetter): Promise<DeadLetter>;
  getDeadLetter(id: string): Promise<DeadLetter | null>;
  saveDeadLetter(entry: DeadLetter): Promise<void>;
  listDeadLetters(query?: DeadLetterQuery): Promise<DeadLetter[]>;
  /** Deletes resolved entries resolved before `before`; returns how many went. */
  purgeDeadLetters(before: Date): Promise<number>;

  saveSilence(silence: Silence): Promise<void>;
  /** Every silence, expired ones included. */
  listSilences(): Promise<Silence[]>;
  /** Deletes silences (expired ones past their retention); returns how many went. */
  deleteSilences(ids: readonly string[]): Promise<number>;

  getGroup(id: string): Promise<NotificationGroup | null>;
  /**
   * Changes one group atomically: `change` gets a copy of the stored group (null: none) and
   * returns its new state (null: delete it). Flushes, announcements and Slack drains run
   * concurrently; a read-then-save would lose what another wrote in between.
   */
  updateGroup(
    id: string,
    change: (group: NotificationGroup | null) => NotificationGroup | null,
  ): Promise<NotificationGroup | null>;
  listGroups(): Promise<NotificationGroup[]>;
  /** The email batch of one recipient list (normalised, comma-joined). */
  getEmailBatch(to: string): Promise<EmailBatch | null>;
  /** Changes one recipient list's batch atomically (as `updateGroup`). */
  updateEmailBatch(
    to: string,
    change: (batch: EmailBatch | null) => EmailBatch,
  ): Promise<EmailBatch>;

  /** Circuit-breaker states by destination (cockatiel's toJSON, serialised), persisted on each transition. */
  loadBreakerStates(): Promise<Record<string, string>>;
  saveBreakerState(destination: string, state: string): Promise<void>;

  /** Reachable and writable (for /readyz). */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

/** A job to enqueue; `key` makes enqueueing idempotent. */
export interface NewJob {
  kind: string;
  payload: Record<string, unknown>;
  runAt: string;
  key?: string;
  maxAttempts?: number;
  /**
   * The queue lane: the destination the job calls (`github`, `linear`…), default `pipeline`.
   * Each lane is drained on its own, so a slow or failing destination delays no other.
   */
  lane?: string;
}

/** A job in the durable queue. */
export interface Job extends Required<Omit<NewJob, "key">> {
  id: string;
  key: string | null;
  attempts: number;
  status: "pending" | "running" | "done" | "dead";
  lastError: string | null;
  createdAt: string;
  finishedAt: string | null;
}

/** Durable job queue: accepted work survives a crash and runs after restart. */
export interface JobQueue {
  /** Adds a job; with a `key` already queued, returns the existing job instead. */
  enqueue(job: NewJob): Promise<Job>;
  /** Marks up to `limit` due jobs (of one lane, when given) as running and returns them. */
  claimDue(now: Date, limit: number, lane?: string): Promise<Job[]>;
  complete(id: string, now: Date): Promise<void>;
  /** Puts a failed job back for `retryAt`, or marks it dead when `retryAt` is null. */
  fail(id: string, error: string, retryAt: Date | null, now: Date): Promise<void>;
  /**
   * Puts a claimed job back for `runAt` without counting the attempt: its destination's breaker
   * is open, so the call was never made.
   */
  defer(id: string, runAt: Date): Promise<void>;
  /** Earliest `runAt` of pending jobs, for the worker's timer. */
  nextDueAt(): Promise<Date | null>;
  pendingCount(): Promise<number>;
  /** Lanes that have pending jobs (for the worker's per-lane drains and the metrics). */
  lanes(): Promise<string[]>;
  list(filter?: { status?: Job["status"] }): Promise<Job[]>;
}
