import type { IntegrationError } from "../domain/errors.js";
import type { BreakerStateName } from "./destination.js";

/** What /readyz and /metrics report per destination (seed 000's error statistics). */
export interface DestinationSnapshot {
  destination: string;
  successes: number;
  failures: number;
  failuresByType: Record<string, number>;
  /** Calls made to the destination, in-process retries included. */
  attempts: number;
  retries: number;
  totalDurationMs: number;
  lastSuccessAt: string | null;
  lastErrorAt: string | null;
  lastError: string | null;
  breaker: BreakerStateName;
}

/** Counters of one destination since the process started. */
export class DestinationStats {
  readonly destination: string;
  successes = 0;
  failures = 0;
  attempts = 0;
  retries = 0;
  totalDurationMs = 0;
  breakerState: BreakerStateName = "closed";
  readonly failuresByType: Record<string, number> = {};
  lastSuccessAt: Date | null = null;
  lastErrorAt: Date | null = null;
  lastError: string | null = null;

  constructor(destination: string) {
    this.destination = destination;
  }

  recordSuccess(now: Date, startedMs: number): void {
    this.successes += 1;
    this.totalDurationMs += Math.max(0, now.getTime() - startedMs);
    this.lastSuccessAt = now;
  }

  recordFailure(error: IntegrationError, now: Date, startedMs: number): void {
    const reason = error.code === "breaker-open" ? "breaker_open" : error.errorType;
    this.failures += 1;
    this.failuresByType[reason] = (this.failuresByType[reason] ?? 0) + 1;
    this.totalDurationMs += Math.max(0, now.getTime() - startedMs);
    this.lastErrorAt = now;
    this.lastError = error.message;
  }

  snapshot(): DestinationSnapshot {
    return {
      destination: this.destination,
      successes: this.successes,
      failures: this.failures,
      failuresByType: { ...this.failuresByType },
      attempts: this.attempts,
      retries: this.retries,
      totalDurationMs: this.totalDurationMs,
      lastSuccessAt: this.lastSuccessAt?.toISOString() ?? null,
      lastErrorAt: this.lastErrorAt?.toISOString() ?? null,
      lastError: this.lastError,
      breaker: this.breakerState,
    };
  }
}
