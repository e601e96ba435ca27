import type { FastifyInstance } from "fastify";
import { InputError } from "../../domain/errors.js";
import type { HttpContext } from "../context.js";
import { checkBearer } from "./api.js";

/**
 * `GET /incidents/:id`: the incident's page, the link Linear issues and Codegen prompts carry (and
 * the URL Linear dedupes attachments by). Until the dashboard lands it answers the incident as
 * JSON, behind the same token as `/api/*`.
 */
export function registerIncidentPage(app: FastifyInstance, ctx: HttpContext): void {
  app.get("/incidents/:id", async (request) => {
    checkBearer(request, ctx.secrets.apiToken);
    const { id } = request.params as { id: string };
    const incident = await ctx.store.getIncident(id.toUpperCase());
    if (!incident) throw new InputError(404, "incident-not-found", `no incident ${id}`);
    return { ...incident, audit: await ctx.store.listAudit(incident.id) };
  });
}
