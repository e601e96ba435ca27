import type { DeadLetters } from "../outbound/dead-letters.js";
import type { Outbound } from "../outbound/outbound.js";
import type { Clock, JobQueue, Logger, Store } from "../ports.js";

/** What the HTTP routes need: thin routes verify, parse and hand off to the pipeline. */
export interface HttpContext {
  store: Store;
  queue: JobQueue;
  /** The dead-letter queue's service, shared with the worker. */
  deadLetters: DeadLetters;
  /** The outbound layer, for its per-destination statistics (/readyz, /metrics). */
  outbound: Outbound;
  clock: Clock;
  logger: Logger;
  newEventId: () => string;
  secrets: {
    githubWebhook: string | null;
    ciWebhook: string | null;
    linearWebhook: string | null;
    apiToken: string | null;
  };
  bodyLimitBytes: number;
}
