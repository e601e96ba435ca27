import { InputError } from "../domain/errors.js";
import type { DeadLetter, DeadLetterQuery, OutboundErrorType } from "../domain/types.js";
import { newId } from "../lib/ids.js";
import type { Clock, Job, JobQueue, Store } from "../ports.js";

/** Why a job was given up, as the worker classified its last error. */
export interface DeadLetterFailure {
  errorType: OutboundErrorType | "unknown";
  message: string;
}

/** Counts of the dead-letter queue (`GET /api/dlq/stats`, `pitcrew dlq stats`). */
export interface DeadLetterStats {
  /** Every entry, resolved ones included. */
  total: number;
  unresolved: number;
  /** The fields below count unresolved entries only: resolved ones need no one's attention. */
  byDestination: Record<string, number>;
  byErrorType: Record<string, number>;
  /** Earliest `firstFailedAt` of an unresolved entry, or null when there is none. */
  oldest: string | null;
  /** Latest `lastFailedAt` of an unresolved entry, or null when there is none. */
  newest: string | null;
}

/** Every `errorType` a dead letter can have (the filters of the API and CLI check against it). */
export const deadLetterErrorTypes = [
  "network",
  "timeout",
  "rate_limit",
  "server",
  "auth",
  "validation",
  "not_found",
  "unknown",
] as const satisfies readonly (OutboundErrorType | "unknown")[];

/** Resolved entries are purged this many days after their resolution (issue 4). */
export const defaultRetentionDays = 30;
const dayMs = 24 * 60 * 60 * 1000;
/** Job keys of manual retries carry this marker, so `jobSucceeded` skips other jobs cheaply. */
const retryKeyMarker = ":dlq-retry:";

/**
 * The dead-letter queue: outbound jobs the worker gave up on, until a human retries or resolves
 * them. A retry re-enqueues the job's exact payload under a fresh job key (the queue dedupes by
 * key, so the old key would return the dead job), while the entry keeps the action's own
 * idempotency key and the payload keeps whatever key the integration sends: a destination that
 * dedupes (a Linear issue, a Codegen run) sees the same request again, not a new one.
 */
export class DeadLetters {
  readonly #store: Store;
  readonly #queue: JobQueue;
  readonly #clock: Clock;
  /** In memory on purpose: after a restart one early purge is harmless. */
  #lastPurgeAt: number | null = null;

  constructor(deps: { store: Store; queue: JobQueue; clock: Clock }) {
    this.#store = deps.store;
    this.#queue = deps.queue;
    this.#clock = deps.clock;
  }

  /** Records a job the worker gave up on; a failed manual retry updates its own entry. */
  async record(job: Job, failure: DeadLetterFailure): Promise<DeadLetter> {
    const now = this.#clock.now().toISOString();
    const retried = await this.#findByRetryJob(job.id);
    if (retried) {
      const updated: DeadLetter = {
        ...retried,
        errorType: failure.errorType,
        error: failure.message,
        attempts: retried.attempts + job.attempts,
        lastFailedAt: now,
        retryJobId: null,
      };
      await this.#store.saveDeadLetter(updated);
      return updated;
    }
    return this.#store.addDeadLetter({
      id: newId("dlq"),
      destination: job.lane,
      action: job.kind,
      payload: job.payload,
      idempotencyKey: job.key,
      errorType: failure.errorType,
      error: failure.message,
      attempts: job.attempts,
      firstFailedAt: now,
      lastFailedAt: now,
      resolved: false,
      resolvedAt: null,
      resolvedBy: null,
      note: null,
      retryJobId: null,
      retries: 0,
    });
  }

  /** Entries matching `query`, most recently failed first. */
  async list(query: DeadLetterQuery = {}): Promise<DeadLetter[]> {
    const items = await this.#store.listDeadLetters(query);
    return items.sort((a, b) => b.lastFailedAt.localeCompare(a.lastFailedAt));
  }

  async get(id: string): Promise<DeadLetter> {
    const entry = await this.#store.getDeadLetter(id);
    if (!entry) throw new InputError(404, "dead-letter-not-found", `no dead letter ${id}`);
    return entry;
  }

  /** Totals over all entries; breakdowns, oldest and newest over unresolved entries only. */
  async stats(): Promise<DeadLetterStats> {
    const all = await this.#store.listDeadLetters();
    const open = all.filter((entry) => !entry.resolved);
    const stats: DeadLetterStats = {
      total: all.length,
      unresolved: open.length,
      byDestination: {},
      byErrorType: {},
      oldest: null,
      newest: null,
    };
    for (const entry of open) {
      stats.byDestination[entry.destination] = (stats.byDestination[entry.destination] ?? 0) + 1;
      stats.byErrorType[entry.errorType] = (stats.byErrorType[entry.errorType] ?? 0) + 1;
      if (stats.oldest === null || entry.firstFailedAt < stats.oldest)
        stats.oldest = entry.firstFailedAt;
      if (stats.newest === null || entry.lastFailedAt > stats.newest)
        stats.newest = entry.lastFailedAt;
    }
    return stats;
  }

  /**
   * Re-enqueues the entry's job to run now. Refused (409) when the entry is resolved or its
   * previous retry has not finished; two concurrent retries compute the same job key, so the
   * queue hands both the one job.
   */
  async retry(id: string): Promise<DeadLetter> {
    const entry = await this.get(id);
    if (entry.resolved)
      throw new InputError(409, "dead-letter-resolved", `dead letter ${id} is already resolved`);
    if (await this.#retryPending(entry))
      throw new InputError(
        409,
        "dead-letter-retry-pending",
        `dead letter ${id} is already being retried (job ${entry.retryJobId})`,
      );
    const retries = (entry.retries ?? 0) + 1;
    const job = await this.#queue.enqueue({
      kind: entry.action,
      payload: entry.payload,
      lane: entry.destination,
      runAt: this.#clock.now().toISOString(),
      key: `${entry.idempotencyKey ?? entry.id}${retryKeyMarker}${retries}`,
    });
    const updated: DeadLetter = { ...entry, retryJobId: job.id, retries };
    await this.#store.saveDeadLetter(updated);
    return updated;
  }

  /** Retries every unresolved entry of `destination` that is not being retried; returns how many. */
  async retryDestination(destination: string): Promise<number> {
    const entries = await this.#store.listDeadLetters({ destination, unresolved: true });
    let count = 0;
    for (const entry of entries) {
      if (await this.#retryPending(entry)) continue;
      await this.retry(entry.id);
      count += 1;
    }
    return count;
  }

  /** The worker calls this after every successful job: a manual retry that went through resolves its entry. */
  async jobSucceeded(job: Job): Promise<DeadLetter | null> {
    if (!job.key?.includes(retryKeyMarker)) return null;
    const entry = await this.#findByRetryJob(job.id);
    if (!entry) return null;
    const updated: DeadLetter = {
      ...entry,
      resolved: true,
      resolvedAt: this.#clock.now().toISOString(),
      resolvedBy: "retry-succeeded",
      retryJobId: null,
    };
    await this.#store.saveDeadLetter(updated);
    return updated;
  }

  /** Marks an entry handled by a human: 404 for an unknown id, 409 when already resolved. */
  async resolve(id: string, resolution: { by: string; note?: string | null }): Promise<DeadLetter> {
    const entry = await this.get(id);
    if (entry.resolved)
      throw new InputError(409, "dead-letter-resolved", `dead letter ${id} is already resolved`);
    const updated: DeadLetter = {
      ...entry,
      resolved: true,
      resolvedAt: this.#clock.now().toISOString(),
      resolvedBy: resolution.by,
      note: resolution.note ?? null,
    };
    await this.#store.saveDeadLetter(updated);
    return updated;
  }

  /** Deletes entries resolved more than `olderThanDays` ago; returns how many went. */
  purge(olderThanDays = defaultRetentionDays): Promise<number> {
    const before = new Date(this.#clock.now().getTime() - olderThanDays * dayMs);
    return this.#store.purgeDeadLetters(before);
  }

  /**
   * The scheduled purge, for the worker's tick: purges at most once per 24 h. Returns how many
   * entries went, or null when no purge was due.
   */
  async purgeDue(now: Date): Promise<number | null> {
    if (this.#lastPurgeAt !== null && now.getTime() - this.#lastPurgeAt < dayMs) return null;
    const purged = await this.#store.purgeDeadLetters(
      new Date(now.getTime() - defaultRetentionDays * dayMs),
    );
    this.#lastPurgeAt = now.getTime();
    return purged;
  }

  async #findByRetryJob(jobId: string): Promise<DeadLetter | undefined> {
    const open = await this.#store.listDeadLetters({ unresolved: true });
    return open.find((entry) => entry.retryJobId === jobId);
  }

  /** A retry job that is gone (pruned), done or dead no longer blocks another retry. */
  async #retryPending(entry: DeadLetter): Promise<boolean> {
    if (!entry.retryJobId) return false;
    const jobs = await this.#queue.list();
    const job = jobs.find((queued) => queued.id === entry.retryJobId);
    return job?.status === "pending" || job?.status === "running";
  }
}
