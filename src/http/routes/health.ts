import type { FastifyInstance } from "fastify";
import type { HttpContext } from "../context.js";

/**
 * Liveness and readiness. Not ready only when the store is down: a destination whose breaker is
 * open is reported with its statistics, not fatal (its work waits in the queue).
 */
export function registerHealth(app: FastifyInstance, ctx: HttpContext): void {
  app.get("/healthz", async () => ({ status: "ok" }));
  app.get("/readyz", async (_request, reply) => {
    const storeOk = await ctx.store.ping().catch(() => false);
    const jobsPending = storeOk ? await ctx.queue.pendingCount() : null;
    const deadLetters = storeOk ? await ctx.deadLetters.stats() : null;
    return reply.code(storeOk ? 200 : 503).send({
      status: storeOk ? "ready" : "not ready",
      store: storeOk ? "ok" : "down",
      jobsPending,
      deadLetters: deadLetters && { unresolved: deadLetters.unresolved, total: deadLetters.total },
      destinations: ctx.outbound.snapshot(),
    });
  });
}
