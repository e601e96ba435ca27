import { z } from "zod";
import { duration } from "../config/duration.js";

/**
 * The resilience layer's options (DESIGN §6). Durable retries are per error type: how often a
 * failed action goes back to the job queue and with which backoff (full jitter), before it
 * lands in the dead-letter queue. Types that retrying cannot fix (auth, validation, not_found)
 * have one attempt.
 */
function errorTypeRetry(attempts: number, base: string, description: string) {
  return z
    .strictObject({
      attempts: z.number().int().min(1).max(20).default(attempts).describe("Attempts in all"),
      baseDelay: duration(base, "Backoff base before jitter; doubles each attempt"),
      maxDelay: duration("15m", "Backoff cap"),
    })
    .prefault({})
    .describe(description);
}

const durableRetry = z
  .strictObject({
    network: errorTypeRetry(5, "2s", "Connection refused/reset, DNS"),
    timeout: errorTypeRetry(2, "2s", "No answer within the destination's timeout"),
    rate_limit: errorTypeRetry(
      3,
      "60s",
      "429 or a vendor's rate-limit answer (the reset time wins)",
    ),
    server: errorTypeRetry(5, "5s", "5xx"),
    auth: errorTypeRetry(1, "2s", "401/403: a human must fix the credentials"),
    validation: errorTypeRetry(1, "2s", "Other 4xx: the request itself is wrong"),
    not_found: errorTypeRetry(1, "2s", "404"),
  })
  .prefault({});

const breaker = z
  .strictObject({
    consecutiveFailures: z
      .number()
      .int()
      .min(1)
      .default(5)
      .describe("Consecutive failed calls that open a destination's circuit breaker"),
    halfOpenAfter: duration("10s", "First wait before one probe call; doubles per failed probe"),
    maxHalfOpenAfter: duration("5m", "Cap of the wait before a probe"),
  })
  .prefault({});

const inProcess = z
  .strictObject({
    attempts: z
      .number()
      .int()
      .min(1)
      .max(3)
      .default(3)
      .describe("Attempts of one call before it is handed back to the job queue"),
    baseDelay: duration("250ms", "Backoff base between in-process attempts (full jitter)"),
    maxWait: duration(
      "5s",
      "Longest in-process wait; a longer Retry-After or backoff goes back to the job queue",
    ),
  })
  .prefault({});

const bulkhead = z
  .strictObject({
    concurrency: z.number().int().min(1).default(4).describe("Calls at once per destination"),
    queue: z.number().int().min(0).default(100).describe("Calls waiting per destination"),
  })
  .prefault({});

export const outboundConfigSchema = z
  .strictObject({
    retry: durableRetry.describe(
      "Durable retries per error type: attempts and backoff through the job queue, then the dead-letter queue",
    ),
    breaker: breaker.describe("Circuit breaker of each destination"),
    inProcess: inProcess.describe("Retries inside one call, before the job queue takes over"),
    bulkhead: bulkhead.describe("Concurrency limit of each destination"),
    timeouts: z
      .record(z.string(), z.number().int().positive())
      .default({})
      .describe(
        "Per-destination call timeout in ms, overriding the integration's own (github, linear, slack 10 s; codegen 30 s)",
      ),
  })
  .prefault({});

export type OutboundConfig = z.output<typeof outboundConfigSchema>;
