/**
 * One outside service as the resilience layer sees it (issue 4): every call goes through a
 * bulkhead (calls at once, bounded queue), a bounded in-process retry (full jitter, honouring the
 * server's Retry-After / rate-limit reset when it is short), a circuit breaker that counts every
 * attempt, and a per-attempt timeout — cockatiel's policies, in that order. What the in-process
 * retry cannot absorb is thrown as an `IntegrationError` for the job queue to retry durably.
 */
import {
  BrokenCircuitError,
  BulkheadRejectedError,
  bulkhead,
  type CircuitBreakerPolicy,
  CircuitState,
  ConsecutiveBreaker,
  circuitBreaker,
  DelegateBackoff,
  handleWhen,
  type IPolicy,
  retry,
  TaskCancelledError,
  TimeoutStrategy,
  timeout,
  wrap,
} from "cockatiel";
import { IntegrationError, type IntegrationErrorType } from "../domain/errors.js";
import { fullJitterDelay } from "../lib/backoff.js";
import type { Clock } from "../ports.js";
import type { OutboundConfig } from "./config.js";
import { DestinationStats } from "./stats.js";

/** How a destination turns whatever its SDK throws into an `IntegrationError`. */
export type ErrorMapper = (error: unknown, operation: string) => IntegrationError;

export interface DestinationOptions {
  name: string;
  timeoutMs: number;
  config: OutboundConfig;
  mapError: ErrorMapper;
  clock: Clock;
  random: () => number;
  /** Serialised breaker state from the store (survives a restart). */
  savedState?: string;
  /** Called with the serialised state on every breaker transition, to persist it. */
  onStateChange?: (state: string) => void;
}

/** Error types that say the destination itself is unwell: they count towards opening the breaker. */
const unwell: ReadonlySet<IntegrationErrorType> = new Set([
  "network",
  "timeout",
  "server",
  "rate_limit",
]);

export class Destination {
  readonly name: string;
  readonly stats: DestinationStats;
  readonly #breaker: CircuitBreakerPolicy;
  /** Bulkhead and in-process retry: one slot per logical call, its attempts inside it. */
  readonly #outer: IPolicy;
  /** Every attempt has its own timer (inside the breaker, which counts every attempt). */
  readonly #timeout: IPolicy;
  readonly #options: DestinationOptions;
  /**
   * Until when the open breaker refuses calls, on the injected Clock. cockatiel times its
   * half-open wait with Date.now(); we give it a zero wait and hold calls here instead, so the
   * wait follows the Clock (and a fake one in tests) and survives a restart with the state.
   */
  #openUntil: number | null = null;
  #opens = 0;

  constructor(options: DestinationOptions) {
    const { config } = options;
    this.name = options.name;
    this.#options = options;
    this.stats = new DestinationStats(options.name);
    const saved = parseState(options.savedState);
    this.#breaker = circuitBreaker(
      handleWhen((error) => error instanceof IntegrationError && unwell.has(error.errorType)),
      {
        halfOpenAfter: 0,
        breaker: new ConsecutiveBreaker(config.breaker.consecutiveFailures),
        initialState: saved?.breaker,
      },
    );
    this.#opens = saved?.opens ?? 0;
    this.#openUntil = saved?.openUntil ?? null;
    this.#breaker.onBreak(() => {
      this.#opens += 1;
      this.#openUntil = options.clock.now().getTime() + this.#halfOpenAfter(this.#opens);
    });
    this.#breaker.onReset(() => {
      this.#opens = 0;
      this.#openUntil = null;
    });
    this.#breaker.onStateChange((state) => {
      this.stats.breakerState = stateName(state);
      options.onStateChange?.(this.#serialise());
    });
    this.stats.breakerState = stateName(this.#breaker.state);
    const inProcess = retry(handleWhen(this.#retryInProcess), {
      maxAttempts: config.inProcess.attempts - 1,
      backoff: new DelegateBackoff((context) => this.#delay(context)),
    });
    inProcess.onRetry(() => {
      this.stats.retries += 1;
    });
    this.#outer = wrap(bulkhead(config.bulkhead.concurrency, config.bulkhead.queue), inProcess);
    this.#timeout = timeout(options.timeoutMs, TimeoutStrategy.Aggressive);
  }

  /**
   * Runs `fn` under the destination's policies. `fn` gets an AbortSignal that fires at the
   * timeout; an error it throws is mapped by the destination's mapper.
   */
  async call<T>(operation: string, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const started = this.#options.clock.now().getTime();
    let reached: IntegrationError | null = null;
    try {
      const value = await this.#outer.execute(({ signal }) => {
        this.#refuseWhileOpen(operation);
        return this.#breaker.execute(async ({ signal: breakerSignal }) => {
          // Mapped here, so the breaker counts a timeout and the retry sees its error type.
          const attempt = { settled: false, timedOut: false };
          try {
            return await this.#timeout.execute(async ({ signal: attemptSignal }) => {
              this.stats.attempts += 1;
              attemptSignal.addEventListener("abort", () => {
                attempt.timedOut ||= !attempt.settled && !breakerSignal.aborted;
              });
              try {
                return await fn(attemptSignal);
              } finally {
                attempt.settled = true;
              }
            }, breakerSignal);
          } catch (error) {
            // Whatever the SDK throws when its request is aborted, the cause was our timer.
            reached = this.#map(attempt.timedOut ? new TaskCancelledError() : error, operation);
            throw reached;
          }
        }, signal);
      });
      this.stats.recordSuccess(this.#options.clock.now(), started);
      return value;
    } catch (error) {
      const mapped = this.#lastWord(this.#map(error, operation), reached);
      this.stats.recordFailure(mapped, this.#options.clock.now(), started);
      throw mapped;
    }
  }

  /**
   * A call that reached the destination and then found the breaker open (its failure opened it,
   * or a probe failed) reports the destination's own error, due when the breaker lets calls
   * through again: it was a real attempt. Only a call that never reached it is `breaker-open`.
   */
  #lastWord(error: IntegrationError, reached: IntegrationError | null): IntegrationError {
    if (error.code !== "breaker-open" || reached === null) return error;
    return new IntegrationError({
      service: reached.service,
      operation: reached.operation,
      errorType: reached.errorType,
      message: reached.message,
      status: reached.status,
      retryAt: error.retryAt,
      cause: reached,
    });
  }

  /** Whether the breaker currently refuses calls. */
  get breakerOpen(): boolean {
    return this.#openUntil !== null && this.#options.clock.now().getTime() < this.#openUntil;
  }

  #refuseWhileOpen(operation: string): void {
    if (!this.breakerOpen) return;
    throw new BreakerOpenError(this.name, operation, new Date(this.#openUntil as number));
  }

  #halfOpenAfter(opens: number): number {
    const { halfOpenAfter, maxHalfOpenAfter } = this.#options.config.breaker;
    return Math.min(maxHalfOpenAfter, halfOpenAfter * 2 ** Math.max(0, opens - 1));
  }

  #serialise(): string {
    return JSON.stringify({
      breaker: this.#breaker.toJSON(),
      opens: this.#opens,
      openUntil: this.#openUntil,
    });
  }

  readonly #retryInProcess = (error: Error): boolean => {
    if (!(error instanceof IntegrationError) || !error.retryable) return false;
    if (error.code === "breaker-open") return false;
    const wait = error.retryAt ? error.retryAt.getTime() - this.#options.clock.now().getTime() : 0;
    return wait <= this.#options.config.inProcess.maxWait;
  };

  #delay(context: { attempt: number; result: unknown }): number {
    const { baseDelay, maxWait } = this.#options.config.inProcess;
    const jitter = fullJitterDelay(context.attempt - 1, baseDelay, maxWait, this.#options.random());
    const error = (context.result as { error?: unknown }).error;
    const retryAt = error instanceof IntegrationError ? error.retryAt : null;
    const serverSays = retryAt ? retryAt.getTime() - this.#options.clock.now().getTime() : 0;
    return Math.max(jitter, serverSays, 0);
  }

  #map(error: unknown, operation: string): IntegrationError {
    if (error instanceof IntegrationError) return error;
    const service = this.name;
    if (error instanceof BrokenCircuitError) {
      // Only while a probe is in flight (cockatiel's own wait is zero): wait for the probe.
      return new BreakerOpenError(service, operation, this.#options.clock.now());
    }
    if (error instanceof TaskCancelledError) {
      return new IntegrationError({
        service,
        operation,
        errorType: "timeout",
        message: `${service} ${operation}: no answer within ${this.#options.timeoutMs} ms`,
        cause: error,
      });
    }
    if (error instanceof BulkheadRejectedError) {
      return new IntegrationError({
        service,
        operation,
        errorType: "server",
        message: `${service} ${operation}: too many calls queued for ${service}`,
        cause: error,
      });
    }
    return this.#options.mapError(error, operation);
  }
}

/** The breaker of a destination is open: the call was not made. Retry after `retryAt`. */
export class BreakerOpenError extends IntegrationError {
  constructor(service: string, operation: string, retryAt: Date | null) {
    super({
      service,
      operation,
      errorType: "server",
      message: `${service} ${operation}: circuit breaker open after repeated failures; not called`,
      retryAt,
    });
    Object.defineProperty(this, "code", { value: "breaker-open" });
  }
}

export type BreakerStateName = "closed" | "half-open" | "open" | "isolated";

function stateName(state: CircuitState): BreakerStateName {
  switch (state) {
    case CircuitState.Closed:
      return "closed";
    case CircuitState.HalfOpen:
      return "half-open";
    case CircuitState.Open:
      return "open";
    default:
      return "isolated";
  }
}

interface SavedBreaker {
  breaker?: ReturnType<CircuitBreakerPolicy["toJSON"]>;
  opens?: number;
  openUntil?: number | null;
}

function parseState(saved: string | undefined): SavedBreaker | undefined {
  if (!saved) return undefined;
  try {
    return JSON.parse(saved) as SavedBreaker;
  } catch {
    return undefined;
  }
}
