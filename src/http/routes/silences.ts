import type { FastifyInstance, FastifyRequest } from "fastify";
import { z } from "zod";
import { InputError } from "../../domain/errors.js";
import { silenceMatcherKeys } from "../../pipeline/decide/silence.js";
import {
  addSilence,
  expireSilence,
  getSilence,
  listSilences,
} from "../../pipeline/notify/silences.js";
import type { HttpContext } from "../context.js";
import { checkBearer } from "./api.js";
import { parseJsonBody } from "./unsigned-guard.js";

const addBody = z.strictObject({
  matchers: z.record(z.string(), z.string()),
  startsAt: z.string().nullish(),
  endsAt: z.string().nullish(),
  duration: z.string().nullish(),
  untilGreen: z.boolean().optional(),
  author: z.string().optional(),
  reason: z.string(),
});

const expireBody = z.strictObject({ by: z.string().optional() });

/**
 * Silences (issue 6), behind the same bearer token as the rest of `/api`: `GET /api/silences`
 * (`?all=1` adds expired ones still kept), `GET /api/silences/:id`, `POST /api/silences` (201),
 * `POST /api/silences/:id/expire`.
 */
export function registerSilences(app: FastifyInstance, ctx: HttpContext): void {
  const deps = { store: ctx.store, clock: ctx.clock };
  const authorise = (request: FastifyRequest) => checkBearer(request, ctx.secrets.apiToken);

  app.get("/api/silences", async (request) => {
    authorise(request);
    const all = (request.query as Record<string, unknown>).all;
    if (all !== undefined && !["1", "true", "0", "false", ""].includes(String(all)))
      throw new InputError(400, "all-invalid", "all must be 1, true, 0 or false");
    return { items: await listSilences(deps, { all: all === "1" || all === "true" }) };
  });
  app.get("/api/silences/:id", async (request) => {
    authorise(request);
    return getSilence(deps, (request.params as { id: string }).id);
  });
  app.post("/api/silences", async (request, reply) => {
    authorise(request);
    const body = parse(addBody, parseJsonBody(request.body, `; send {"matchers", "reason", …}`));
    const silence = await addSilence(deps, { ...body, author: body.author ?? "api" });
    return reply.code(201).send(silence);
  });
  app.post("/api/silences/:id/expire", async (request) => {
    authorise(request);
    const raw = request.body;
    const empty = raw === undefined || (Buffer.isBuffer(raw) && raw.toString().trim() === "");
    const { by } = empty ? {} : parse(expireBody, parseJsonBody(raw));
    const who = by?.trim() || "api";
    return expireSilence(deps, (request.params as { id: string }).id, who.slice(0, 200));
  });
}

/** Parses a body against its schema; a 400 names the first field that is wrong. */
function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? issue.path.join(".") : "body";
  const hint =
    where === "matchers" ? ` (an object of ${silenceMatcherKeys.join(", ")} → string)` : "";
  throw new InputError(400, "body-invalid", `${where}: ${issue?.message ?? "invalid"}${hint}`);
}
