import { IntegrationError, PitcrewError } from "../domain/errors.js";
import { fullJitterDelay } from "../lib/backoff.js";
import type { DeadLetters } from "../outbound/dead-letters.js";
import type { DurableRetry } from "../outbound/outbound.js";
import type { JobContext } from "../pipeline/deps.js";
import type { Clock, Job, JobQueue, Logger } from "../ports.js";

/** Runs one kind of job; throws to have it retried with backoff. */
export type JobHandler = (payload: Record<string, unknown>, ctx: JobContext) => Promise<void>;

/** Backoff of failed jobs (config `jobs`). */
export interface WorkerOptions {
  /** Jobs run at once per lane. */
  concurrency: number;
  baseDelayMs: number;
  maxDelayMs: number;
  random: () => number;
}

export interface WorkerDeps {
  queue: JobQueue;
  handlers: Record<string, JobHandler>;
  clock: Clock;
  logger: Logger;
  options: WorkerOptions;
  /** Where given-up jobs go; absent: they are only marked dead. */
  deadLetters?: DeadLetters;
  /** Upkeep run on every timer tick (each task keeps its own pace, e.g. once a day). */
  housekeeping?: ((now: Date) => Promise<unknown>)[];
  /** The durable retry rule of an outbound error type (config `outbound.retry`). */
  durableRetry?: (error: IntegrationError) => DurableRetry;
}

/** What to do with a job whose handler threw. */
type Outcome = { kind: "retry"; at: Date } | { kind: "defer"; at: Date } | { kind: "dead" };

/**
 * Drains the durable job queue, one lane per destination: a lane whose destination is slow or
 * down holds up no other (issue 4). Tests call `runDue()` after moving the fake clock; the server
 * calls `start()`, which polls on a timer. Each job is its own entry point: one catch here.
 */
export class Worker {
  readonly #deps: WorkerDeps;
  readonly #handlers: Record<string, JobHandler>;
  readonly #lanes = new Map<string, Promise<number>>();
  #timer: NodeJS.Timeout | null = null;

  constructor(deps: WorkerDeps) {
    this.#deps = deps;
    this.#handlers = { ...deps.handlers };
  }

  /**
   * Adds the handler of one job kind: with `outbound.register`, all an integration needs
   * (its jobs are enqueued with `lane` = its destination).
   */
  handle(kind: string, handler: JobHandler): void {
    if (this.#handlers[kind]) throw new Error(`job kind ${kind} already has a handler`);
    this.#handlers[kind] = handler;
  }

  /** Runs every job due now (and those they make due now), in every lane; returns how many ran. */
  async runDue(): Promise<number> {
    let total = 0;
    for (;;) {
      const lanes = await this.#deps.queue.lanes();
      const ran = await Promise.all(lanes.map((lane) => this.#drainLane(lane)));
      const round = ran.reduce((sum, n) => sum + n, 0);
      total += round;
      if (round === 0) return total;
    }
  }

  /** Polls every `intervalMs` until `stop()`; a busy lane does not delay the next poll of others. */
  start(intervalMs: number): void {
    const tick = () => {
      this.#deps.queue
        .lanes()
        .then(async (lanes) => {
          for (const lane of lanes) void this.#drainLane(lane);
          const now = this.#deps.clock.now();
          await this.#deps.deadLetters?.purgeDue(now);
          for (const task of this.#deps.housekeeping ?? []) await task(now);
        })
        .catch((error: unknown) =>
          this.#deps.logger.error({ err: error }, "job worker tick failed"),
        )
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
    await Promise.all([...this.#lanes.values()]);
  }

  /** One drain per lane at a time: a poll during a drain joins it instead of racing it. */
  #drainLane(lane: string): Promise<number> {
    let draining = this.#lanes.get(lane);
    if (!draining) {
      draining = this.#drain(lane)
        .catch((error: unknown) => {
          this.#deps.logger.error({ err: error, lane }, "job lane drain failed");
          return 0;
        })
        .finally(() => this.#lanes.delete(lane));
      this.#lanes.set(lane, draining);
    }
    return draining;
  }

  async #drain(lane: string): Promise<number> {
    const { queue, clock, options } = this.#deps;
    let ran = 0;
    for (;;) {
      const jobs = await queue.claimDue(clock.now(), options.concurrency, lane);
      if (jobs.length === 0) return ran;
      await Promise.all(jobs.map((job) => this.#run(job)));
      ran += jobs.length;
    }
  }

  async #run(job: Job): Promise<void> {
    const { queue, clock, logger, deadLetters } = this.#deps;
    const handler = this.#handlers[job.kind];
    const ctx: JobContext = {
      attempt: job.attempts,
      isLastAttempt: job.attempts >= this.#attemptLimit(null, job),
      givesUp: (error) => this.#outcome(error, job).kind === "dead",
    };
    try {
      if (!handler)
        throw new PitcrewError("job-kind-unknown", `no handler for job kind ${job.kind}`, false);
      await handler(job.payload, ctx);
      await queue.complete(job.id, clock.now());
      await deadLetters?.jobSucceeded(job);
    } catch (error) {
      const outcome = this.#outcome(error, job);
      const message = error instanceof Error ? error.message : String(error);
      logger.warn(
        {
          jobId: job.id,
          kind: job.kind,
          lane: job.lane,
          attempt: job.attempts,
          outcome,
          err: message,
        },
        "job failed",
      );
      if (outcome.kind === "defer") return queue.defer(job.id, outcome.at);
      await queue.fail(job.id, message, outcome.kind === "retry" ? outcome.at : null, clock.now());
      if (outcome.kind === "dead" && deadLetters) {
        const errorType = error instanceof IntegrationError ? error.errorType : "unknown";
        await deadLetters.record(job, { errorType, message });
      }
    }
  }

  #outcome(error: unknown, job: Job): Outcome {
    const now = this.#deps.clock.now().getTime();
    const serverSays =
      error instanceof IntegrationError && error.retryAt ? error.retryAt.getTime() - now : 0;
    // An open breaker means the call was not made: wait for its probe, the attempt is not spent.
    if (error instanceof PitcrewError && error.code === "breaker-open") {
      const wait = Math.max(serverSays, this.#deps.options.baseDelayMs);
      return { kind: "defer", at: new Date(now + wait) };
    }
    const retryable = error instanceof PitcrewError ? error.retryable : true;
    if (!retryable || job.attempts >= this.#attemptLimit(error, job)) return { kind: "dead" };
    const { baseDelayMs, maxDelayMs, random } = this.#deps.options;
    const rule = this.#rule(error);
    const base = rule?.baseDelay ?? baseDelayMs;
    const cap = rule?.maxDelay ?? maxDelayMs;
    // A reset time the server gave wins over the backoff (DESIGN §6: "or the reset time the
    // server gives"): earlier is refused again, later wastes the window.
    const delay =
      serverSays > 0 ? serverSays : fullJitterDelay(job.attempts - 1, base, cap, random());
    return { kind: "retry", at: new Date(now + delay) };
  }

  /** Outbound errors follow their type's attempt limit (never above the job's own). */
  #attemptLimit(error: unknown, job: Job): number {
    const rule = this.#rule(error);
    return rule ? Math.min(rule.attempts, job.maxAttempts) : job.maxAttempts;
  }

  #rule(error: unknown): DurableRetry | null {
    if (!(error instanceof IntegrationError) || !this.#deps.durableRetry) return null;
    return this.#deps.durableRetry(error);
  }
}
