/**
 * Prometheus metrics (`GET /metrics`, DESIGN §7.1 names). Values are read from the services at
 * scrape time (the outbound layer's statistics, the store, the queue), so no code path has to
 * remember to count; only webhooks are counted as they are answered.
 */
import type { FastifyInstance } from "fastify";
import { Counter, Gauge, Registry } from "prom-client";
import type { DeadLetters } from "../outbound/dead-letters.js";
import type { Outbound } from "../outbound/outbound.js";
import type { JobQueue, Store } from "../ports.js";

export interface MetricsDeps {
  outbound: Outbound;
  deadLetters: DeadLetters;
  store: Store;
  queue: JobQueue;
}

const breakerValue = { closed: 0, "half-open": 1, open: 2, isolated: 2 } as const;

/** A registry of its own per app, so two apps in one process (tests) do not share series. */
export function createMetrics(deps: MetricsDeps): Registry {
  const registry = new Registry();
  const { outbound } = deps;
  const snapshot = () => outbound.snapshot();
  new Counter({
    name: "pitcrew_outbound_calls_total",
    help: "Outbound calls by destination and outcome (success, failure)",
    labelNames: ["destination", "outcome"],
    registers: [registry],
    collect() {
      this.reset();
      for (const s of snapshot()) {
        this.inc({ destination: s.destination, outcome: "success" }, s.successes);
        this.inc({ destination: s.destination, outcome: "failure" }, s.failures);
      }
    },
  });
  new Counter({
    name: "pitcrew_outbound_failures_total",
    help: "Failed outbound calls by destination and error type (breaker_open: not called)",
    labelNames: ["destination", "reason"],
    registers: [registry],
    collect() {
      this.reset();
      for (const s of snapshot()) {
        for (const [reason, n] of Object.entries(s.failuresByType)) {
          this.inc({ destination: s.destination, reason }, n);
        }
      }
    },
  });
  new Counter({
    name: "pitcrew_outbound_retries_total",
    help: "In-process retries of outbound calls by destination",
    labelNames: ["destination"],
    registers: [registry],
    collect() {
      this.reset();
      for (const s of snapshot()) this.inc({ destination: s.destination }, s.retries);
    },
  });
  new Gauge({
    name: "pitcrew_breaker_state",
    help: "Circuit breaker per destination: 0 closed, 1 half-open, 2 open",
    labelNames: ["destination"],
    registers: [registry],
    collect() {
      for (const s of snapshot()) this.set({ destination: s.destination }, breakerValue[s.breaker]);
    },
  });
  new Gauge({
    name: "pitcrew_dlq_entries",
    help: "Unresolved dead-letter entries",
    registers: [registry],
    async collect() {
      this.set((await deps.deadLetters.stats()).unresolved);
    },
  });
  new Gauge({
    name: "pitcrew_jobs_pending",
    help: "Jobs waiting in the durable queue",
    registers: [registry],
    async collect() {
      this.set(await deps.queue.pendingCount());
    },
  });
  new Gauge({
    name: "pitcrew_incidents_open",
    help: "Open incidents",
    registers: [registry],
    async collect() {
      this.set((await deps.store.listIncidents()).length);
    },
  });
  return registry;
}

/** Counts answered webhooks by source and HTTP status, and serves the registry. */
export function registerMetrics(app: FastifyInstance, registry: Registry): void {
  const webhooks = new Counter({
    name: "pitcrew_webhooks_total",
    help: "Webhook deliveries by source and outcome (the HTTP status answered)",
    labelNames: ["source", "outcome"],
    registers: [registry],
  });
  app.addHook("onResponse", async (request, reply) => {
    const source = /^\/webhooks\/([a-z]+)/.exec(request.url)?.[1];
    if (source) webhooks.inc({ source, outcome: String(reply.statusCode) });
  });
  app.get("/metrics", async (_request, reply) => {
    const text = await registry.metrics();
    return reply.type(registry.contentType).send(text);
  });
}
