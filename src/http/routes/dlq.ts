import type { FastifyInstance, FastifyRequest } from "fastify";
import { InputError } from "../../domain/errors.js";
import type { DeadLetterQuery } from "../../domain/types.js";
import { deadLetterErrorTypes } from "../../outbound/dead-letters.js";
import type { HttpContext } from "../context.js";
import { checkBearer } from "./api.js";
import { parseJsonBody } from "./unsigned-guard.js";

/** The dead-letter queue's routes (issue 4), behind the same bearer token as the rest of `/api`. */
export function registerDlq(app: FastifyInstance, ctx: HttpContext): void {
  const dlq = ctx.deadLetters;
  const authorise = (request: FastifyRequest) => checkBearer(request, ctx.secrets.apiToken);

  app.get("/api/dlq", async (request) => {
    authorise(request);
    return { items: await dlq.list(listQuery(request)) };
  });
  app.get("/api/dlq/stats", async (request) => {
    authorise(request);
    return dlq.stats();
  });
  app.get("/api/dlq/:id", async (request) => {
    authorise(request);
    return dlq.get((request.params as { id: string }).id);
  });
  app.post("/api/dlq/retry", async (request) => {
    authorise(request);
    const destination = queryParam(request, "destination");
    if (!destination)
      throw new InputError(400, "destination-missing", "say which destination: ?destination=name");
    return { destination, retried: await dlq.retryDestination(destination) };
  });
  app.post("/api/dlq/purge", async (request) => {
    authorise(request);
    const given = queryParam(request, "olderThanDays");
    const days = given === undefined ? undefined : Number(given);
    if (days !== undefined && !(Number.isInteger(days) && days >= 0))
      throw new InputError(400, "older-than-days-invalid", "olderThanDays must be an integer ≥ 0");
    return { purged: await dlq.purge(days) };
  });
  app.post("/api/dlq/:id/retry", async (request) => {
    authorise(request);
    return dlq.retry((request.params as { id: string }).id);
  });
  app.post("/api/dlq/:id/resolve", async (request) => {
    authorise(request);
    const { by, note } = resolveBody(request.body);
    return dlq.resolve((request.params as { id: string }).id, { by: by ?? "api", note });
  });
}

function queryParam(request: FastifyRequest, name: string): string | undefined {
  const value = (request.query as Record<string, unknown>)[name];
  if (value === undefined || value === "") return undefined;
  if (typeof value !== "string")
    throw new InputError(400, "query-invalid", `give ${name} at most once`);
  return value;
}

function listQuery(request: FastifyRequest): DeadLetterQuery {
  const query: DeadLetterQuery = {};
  const destination = queryParam(request, "destination");
  if (destination) query.destination = destination;
  const errorType = queryParam(request, "errorType");
  if (errorType) {
    // A typo in a filter answers 400 rather than an empty list.
    if (!(deadLetterErrorTypes as readonly string[]).includes(errorType))
      throw new InputError(
        400,
        "error-type-invalid",
        `errorType must be one of ${deadLetterErrorTypes.join(", ")}`,
      );
    query.errorType = errorType;
  }
  const unresolved = queryParam(request, "unresolved");
  if (unresolved === "true" || unresolved === "1") query.unresolved = true;
  else if (unresolved === "false" || unresolved === "0") query.unresolved = false;
  else if (unresolved !== undefined)
    throw new InputError(400, "unresolved-invalid", "unresolved must be true or false");
  return query;
}

/** `{by?, note?}`; an empty body is fine (the resolver is then "api"). */
function resolveBody(raw: unknown): { by?: string; note: string | null } {
  const empty = raw === undefined || (Buffer.isBuffer(raw) && raw.toString().trim() === "");
  const body = empty ? {} : parseJsonBody(raw);
  if (typeof body !== "object" || body === null || Array.isArray(body))
    throw new InputError(400, "body-invalid", 'the body must be a JSON object {"by", "note"}');
  const { by, note } = body as Record<string, unknown>;
  if (by !== undefined && (typeof by !== "string" || by.trim() === "" || by.length > 200))
    throw new InputError(400, "by-invalid", "by must be a non-empty string of at most 200 chars");
  if (note !== undefined && note !== null && (typeof note !== "string" || note.length > 5000))
    throw new InputError(400, "note-invalid", "note must be a string of at most 5000 chars");
  return { ...(by === undefined ? {} : { by: by.trim() }), note: note ?? null };
}
