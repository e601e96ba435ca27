import { IntegrationError, PitcrewError } from "../domain/errors.js";
import { fullJitterDelay } from "../lib/backoff.js";
import type { JobContext } from "../pipeline/deps.js";
import type { Clock, Job, JobQueue, Logger } from "../ports.js";

/** Runs one kind of job; throws to have it retried with backoff. */
export type JobHandler = (payload: Record<string, unknown>, ctx: JobContext) => Promise<void>;

/** Backoff of failed jobs (config `jobs`). */
export interface WorkerOptions {
  concurrency: number;
  baseDelayMs: number;
  maxDelayMs: number;
  random: () => number;
}

/**
 * Drains the durable job queue. Tests call `runDue()` after moving the fake clock; the server
 * calls `start()`, which polls on a timer. Each job is its own entry point: one catch here.
 */
export class Worker {
  readonly #queue: JobQueue;
  readonly #handlers: Record<string, JobHandler>;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #options: WorkerOptions;
  #timer: NodeJS.Timeout | null = null;
  #draining: Promise<number> | null = null;

  constructor(deps: {
    queue: JobQueue;
    handlers: Record<string, JobHandler>;
    clock: Clock;
    logger: Logger;
    options: WorkerOptions;
  }) {
    this.#queue = deps.queue;
    this.#handlers = deps.handlers;
    this.#clock = deps.clock;
    this.#logger = deps.logger;
    this.#options = deps.options;
  }

  /** Runs every job due now (and those they make due now); returns how many ran. */
  runDue(): Promise<number> {
    // One drain at a time: a poll tick during a drain joins it instead of racing it.
    this.#draining ??= this.#drain().finally(() => {
      this.#draining = null;
    });
    return this.#draining;
  }

  /** Polls every `intervalMs` until `stop()`. */
  start(intervalMs: number): void {
    const tick = () => {
      this.runDue()
        .catch((error: unknown) => this.#logger.error({ err: error }, "job worker tick failed"))
        .finally(() => {
          if (this.#timer) this.#timer = setTimeout(tick, intervalMs);
        });
    };
    this.#timer = setTimeout(tick, 0);
  }

  /** Stops polling and waits for running jobs. */
  async stop(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    await this.#draining;
  }

  async #drain(): Promise<number> {
    let ran = 0;
    for (;;) {
      const jobs = await this.#queue.claimDue(this.#clock.now(), this.#options.concurrency);
      if (jobs.length === 0) return ran;
      await Promise.all(jobs.map((job) => this.#run(job)));
      ran += jobs.length;
    }
  }

  async #run(job: Job): Promise<void> {
    const handler = this.#handlers[job.kind];
    const ctx: JobContext = {
      attempt: job.attempts,
      isLastAttempt: job.attempts >= job.maxAttempts,
    };
    try {
      if (!handler)
        throw new PitcrewError("job-kind-unknown", `no handler for job kind ${job.kind}`, false);
      await handler(job.payload, ctx);
      await this.#queue.complete(job.id, this.#clock.now());
    } catch (error) {
      const retryAt = this.#retryAt(error, job);
      const message = error instanceof Error ? error.message : String(error);
      this.#logger.warn(
        { jobId: job.id, kind: job.kind, attempt: job.attempts, retryAt, err: message },
        "job failed",
      );
      await this.#queue.fail(job.id, message, retryAt, this.#clock.now());
    }
  }

  #retryAt(error: unknown, job: Job): Date | null {
    const retryable = error instanceof PitcrewError ? error.retryable : true;
    if (!retryable || job.attempts >= job.maxAttempts) return null;
    const now = this.#clock.now().getTime();
    const { baseDelayMs, maxDelayMs, random } = this.#options;
    const jitter = fullJitterDelay(job.attempts - 1, baseDelayMs, maxDelayMs, random());
    const serverSays =
      error instanceof IntegrationError && error.retryAt ? error.retryAt.getTime() - now : 0;
    return new Date(now + Math.max(jitter, serverSays));
  }
}
