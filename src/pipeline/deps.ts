import type { Classification } from "../domain/types.js";
import type { CiProvider, Clock, JobQueue, LogFetcher, Logger, Store } from "../ports.js";
import type { ClassifyMeta } from "./classify/classify.js";
import type { RetryPolicy } from "./decide/decide.js";

/** What the classifier gets to know about a job besides its log. */
export type JobMeta = ClassifyMeta;

/** Everything the pipeline stages use, passed in by `createApp`. */
export interface PipelineDeps {
  store: Store;
  queue: JobQueue;
  clock: Clock;
  logger: Logger;
  /** Uniform [0, 1): injected so tests can pin the jitter. */
  random: () => number;
  github: CiProvider;
  logFetcher: LogFetcher;
  classify: (log: string, meta: JobMeta) => Classification;
  retryPolicy: RetryPolicy;
  maxEventsPerIncident: number;
}

/** Facts about the running attempt of a background job. */
export interface JobContext {
  attempt: number;
  isLastAttempt: boolean;
  /** Whether the worker will give the job up (dead-letter it) if it fails with `error`. */
  givesUp?: (error: unknown) => boolean;
}
