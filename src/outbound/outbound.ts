/**
 * The resilience layer's registry: one `Destination` per outside service, each with its own
 * bulkhead, breaker and statistics, so one that is down or slow holds up no other. Adding an
 * integration is one `register` call in `app.ts` (see docs/architecture.md).
 */
import type { IntegrationError } from "../domain/errors.js";
import type { Clock, Logger, Store } from "../ports.js";
import type { OutboundConfig } from "./config.js";
import { Destination, type ErrorMapper } from "./destination.js";
import type { DestinationSnapshot } from "./stats.js";

/** Default call timeouts (DESIGN §6); `outbound.timeouts` overrides them. */
export const defaultTimeoutsMs: Record<string, number> = {
  github: 10_000,
  linear: 10_000,
  slack: 10_000,
  email: 10_000,
  webhook: 10_000,
  codegen: 30_000,
};

export interface OutboundDeps {
  config: OutboundConfig;
  clock: Clock;
  random: () => number;
  logger: Logger;
  /** Where breaker states are persisted on each transition; absent in read-only tools. */
  store?: Pick<Store, "loadBreakerStates" | "saveBreakerState">;
}

/** Durable-retry rule of one error type. */
export interface DurableRetry {
  attempts: number;
  baseDelay: number;
  maxDelay: number;
}

export class Outbound {
  readonly #deps: OutboundDeps;
  readonly #destinations = new Map<string, Destination>();
  #saved: Record<string, string> = {};
  #persisting: Promise<void> = Promise.resolve();

  constructor(deps: OutboundDeps) {
    this.#deps = deps;
  }

  /** Reads the persisted breaker states; call before registering destinations. */
  async load(): Promise<void> {
    this.#saved = (await this.#deps.store?.loadBreakerStates()) ?? {};
  }

  register(name: string, options: { mapError: ErrorMapper; timeoutMs?: number }): Destination {
    if (this.#destinations.has(name)) throw new Error(`destination ${name} registered twice`);
    const { config, clock, random } = this.#deps;
    const destination = new Destination({
      name,
      timeoutMs: config.timeouts[name] ?? options.timeoutMs ?? defaultTimeoutsMs[name] ?? 10_000,
      config,
      mapError: options.mapError,
      clock,
      random,
      savedState: this.#saved[name],
      onStateChange: (state) => this.#persist(name, state),
    });
    this.#destinations.set(name, destination);
    return destination;
  }

  get(name: string): Destination | undefined {
    return this.#destinations.get(name);
  }

  snapshot(): DestinationSnapshot[] {
    return [...this.#destinations.values()].map((destination) => destination.stats.snapshot());
  }

  /** The durable retry rule for an error (config `outbound.retry.<type>`). */
  durableRetry(error: IntegrationError): DurableRetry {
    return this.#deps.config.retry[error.errorType];
  }

  /** Resolves when every breaker transition so far is on disk (tests, shutdown). */
  flush(): Promise<void> {
    return this.#persisting;
  }

  #persist(name: string, state: string): void {
    const store = this.#deps.store;
    if (!store) return;
    // Transitions are persisted in order; a failed write is logged, the breaker works on.
    this.#persisting = this.#persisting
      .then(() => store.saveBreakerState(name, state))
      .catch((error: unknown) =>
        this.#deps.logger.warn({ err: error, destination: name }, "breaker state not saved"),
      );
  }
}
