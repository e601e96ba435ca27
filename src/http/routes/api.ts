import { timingSafeEqual } from "node:crypto";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { InputError } from "../../domain/errors.js";
import { recoveryStats } from "../../pipeline/report/recovery-stats.js";
import { templatesOf } from "../../pipeline/report/template-miner.js";
import type { HttpContext } from "../context.js";
import { isLoopback } from "../signatures.js";

/**
 * `GET /api/incidents[/:id]`, `GET /api/outbox`, `GET /api/templates` and `GET /api/recoveries`,
 * behind the bearer token.
 */
export function registerApi(app: FastifyInstance, ctx: HttpContext): void {
  const authorise = (request: FastifyRequest) => checkBearer(request, ctx.secrets.apiToken);
  app.get("/api/incidents", async (request) => {
    authorise(request);
    const all = (request.query as Record<string, string | undefined>).all;
    const items = await ctx.store.listIncidents({ includeResolved: all === "true" || all === "1" });
    return { items };
  });
  app.get("/api/incidents/:id", async (request) => {
    authorise(request);
    const { id } = request.params as { id: string };
    const incident = await ctx.store.getIncident(id);
    if (!incident) throw new InputError(404, "incident-not-found", `no incident ${id}`);
    const flaky = await ctx.store.getFlaky(incident.repo, incident.fingerprint);
    return { ...incident, flaky, audit: await ctx.store.listAudit(id) };
  });
  app.get("/api/outbox", async (request) => {
    authorise(request);
    return { items: await ctx.store.listOutbox() };
  });
  app.get("/api/templates", async (request) => {
    authorise(request);
    const state = await ctx.store.loadTemplates();
    const items = state ? templatesOf(state) : [];
    return { items: items.map(({ id, template, count }) => ({ id, template, count })) };
  });
  app.get("/api/recoveries", async (request) => {
    authorise(request);
    // Resolved incidents included: a repair that worked resolved its incident.
    const incidents = await ctx.store.listIncidents({ includeResolved: true });
    return { items: recoveryStats(incidents) };
  });
}

/** Bearer token check of every `/api/*` route; with no token configured, loopback callers only. */
export function checkBearer(request: FastifyRequest, token: string | null): void {
  if (!token) {
    if (isLoopback(request.ip)) return;
    throw new InputError(
      401,
      "token-required",
      "PITCREW_API_TOKEN is not set: the API answers loopback callers only",
    );
  }
  const header = request.headers.authorization ?? "";
  const given = Buffer.from(header.replace(/^Bearer\s+/i, ""));
  const expected = Buffer.from(token);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new InputError(401, "token-invalid", "missing or wrong bearer token");
  }
}
