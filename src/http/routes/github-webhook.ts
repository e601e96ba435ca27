import type { FastifyInstance } from "fastify";
import { InputError } from "../../domain/errors.js";
import { acceptEvent } from "../../pipeline/ingest/accept.js";
import { readGithubDelivery } from "../../pipeline/ingest/github-payload.js";
import type { HttpContext } from "../context.js";
import { createGithubVerifier } from "../signatures.js";
import { createLoopbackGuard, parseJsonBody, requireHeader } from "./unsigned-guard.js";

/** `POST /webhooks/github`: verify → parse → persist + enqueue → 202. */
export function registerGithubWebhook(app: FastifyInstance, ctx: HttpContext): void {
  const verify = ctx.secrets.githubWebhook ? createGithubVerifier(ctx.secrets.githubWebhook) : null;
  const guardUnsigned = createLoopbackGuard(
    "/webhooks/github",
    "GITHUB_WEBHOOK_SECRET",
    ctx.logger,
  );
  app.post("/webhooks/github", async (request, reply) => {
    const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    if (verify) {
      const signature = request.headers["x-hub-signature-256"];
      if (typeof signature !== "string")
        throw new InputError(401, "signature-missing", "missing X-Hub-Signature-256");
      if (!(await verify(raw, signature)))
        throw new InputError(
          401,
          "signature-invalid",
          "X-Hub-Signature-256 does not match the body",
        );
    } else {
      guardUnsigned(request);
    }
    const eventName = requireHeader(request, "x-github-event");
    const deliveryId = requireHeader(request, "x-github-delivery");
    const payload = parseJsonBody(
      raw,
      " (set the GitHub webhook's content type to application/json)",
    );
    const reading = readGithubDelivery({
      eventName,
      deliveryId,
      payload,
      receivedAt: ctx.clock.now(),
      newEventId: ctx.newEventId,
    });
    if (reading.kind === "ignored")
      return reply.code(202).send({ status: "ignored", reason: reading.reason });
    const outcome = await acceptEvent(ctx, {
      deliveryKey: `github:${deliveryId}`,
      event: reading.event,
      log: null,
    });
    if (outcome === "duplicate") return reply.code(200).send({ status: "duplicate", deliveryId });
    return reply.code(202).send({ status: "accepted", eventId: reading.event.id });
  });
}
