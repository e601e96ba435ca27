import { newId } from "../../lib/ids.js";
import type { Job, JobQueue, NewJob } from "../../ports.js";
import type { JsonData, JsonDb } from "./json-db.js";

/** The lane of jobs that call no outside destination (and of jobs stored before lanes existed). */
export const defaultLane = "pipeline";

/** Finished jobs kept for inspection; older ones are dropped to keep the hot file small. */
const keptFinishedJobs = 500;

/** Adds a job inside an open update, so a delivery and its job land in one write. */
export function enqueueInto(data: JsonData, job: NewJob, now: Date, maxAttempts: number): Job {
  if (job.key) {
    const existing = data.jobs.find((queued) => queued.key === job.key);
    if (existing) return existing;
  }
  const created: Job = {
    id: newId("job"),
    kind: job.kind,
    payload: job.payload,
    runAt: job.runAt,
    key: job.key ?? null,
    maxAttempts: job.maxAttempts ?? maxAttempts,
    lane: job.lane ?? defaultLane,
    attempts: 0,
    status: "pending",
    lastError: null,
    createdAt: now.toISOString(),
    finishedAt: null,
  };
  data.jobs.push(created);
  return created;
}

/** `JobQueue` inside the lowdb file. Jobs left running by a crashed process are resumed at open. */
export class JsonJobQueue implements JobQueue {
  readonly #db: JsonDb;
  readonly #maxAttempts: number;

  constructor(db: JsonDb, maxAttempts: number) {
    this.#db = db;
    this.#maxAttempts = maxAttempts;
  }

  /** Puts jobs a dead process had claimed back to pending (we hold the lock, so it is dead). */
  async recover(): Promise<number> {
    return this.#db.update((data) => {
      const stranded = data.jobs.filter((job) => job.status === "running");
      for (const job of stranded) job.status = "pending";
      return stranded.length;
    });
  }

  enqueue(job: NewJob): Promise<Job> {
    return this.#db.update((data) =>
      enqueueInto(data, job, new Date(job.runAt), this.#maxAttempts),
    );
  }

  claimDue(now: Date, limit: number, lane?: string): Promise<Job[]> {
    const due = this.#db.data.jobs
      .filter((job) => job.status === "pending" && Date.parse(job.runAt) <= now.getTime())
      .filter((job) => lane === undefined || laneOf(job) === lane)
      .sort((a, b) => Date.parse(a.runAt) - Date.parse(b.runAt))
      .slice(0, limit);
    if (due.length === 0) return Promise.resolve([]);
    return this.#db.update(() => {
      for (const job of due) {
        job.status = "running";
        job.attempts += 1;
      }
      return due.map((job) => structuredClone(job));
    });
  }

  async complete(id: string, now: Date): Promise<void> {
    await this.#db.update((data) => {
      const job = data.jobs.find((queued) => queued.id === id);
      if (!job) return;
      job.status = "done";
      job.finishedAt = now.toISOString();
      pruneFinished(data);
    });
  }

  async fail(id: string, error: string, retryAt: Date | null, now: Date): Promise<void> {
    await this.#db.update((data) => {
      const job = data.jobs.find((queued) => queued.id === id);
      if (!job) return;
      job.lastError = error.slice(0, 2000);
      if (retryAt && job.attempts < job.maxAttempts) {
        job.status = "pending";
        job.runAt = retryAt.toISOString();
      } else {
        job.status = "dead";
        job.finishedAt = now.toISOString();
      }
    });
  }

  async defer(id: string, runAt: Date): Promise<void> {
    await this.#db.update((data) => {
      const job = data.jobs.find((queued) => queued.id === id);
      if (!job) return;
      job.status = "pending";
      job.attempts = Math.max(0, job.attempts - 1);
      job.runAt = runAt.toISOString();
    });
  }

  async nextDueAt(): Promise<Date | null> {
    const times = this.#db.data.jobs
      .filter((job) => job.status === "pending")
      .map((job) => Date.parse(job.runAt));
    return times.length > 0 ? new Date(Math.min(...times)) : null;
  }

  async pendingCount(): Promise<number> {
    return this.#db.data.jobs.filter((job) => job.status === "pending").length;
  }

  async lanes(): Promise<string[]> {
    const pending = this.#db.data.jobs.filter((job) => job.status === "pending");
    return [...new Set(pending.map(laneOf))].sort();
  }

  async list(filter: { status?: Job["status"] } = {}): Promise<Job[]> {
    return this.#db.data.jobs
      .filter((job) => !filter.status || job.status === filter.status)
      .map((job) => structuredClone(job));
  }
}

/** Jobs stored before lanes existed have none. */
export function laneOf(job: Job): string {
  return job.lane ?? defaultLane;
}

function pruneFinished(data: JsonData): void {
  const done = data.jobs.filter((job) => job.status === "done");
  if (done.length <= keptFinishedJobs) return;
  const drop = new Set(done.slice(0, done.length - keptFinishedJobs).map((job) => job.id));
  data.jobs = data.jobs.filter((job) => !drop.has(job.id));
}
