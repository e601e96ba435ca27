import type { FastifyInstance } from "fastify";
import { InputError } from "../../domain/errors.js";
import { acceptEvent } from "../../pipeline/ingest/accept.js";
import { readCiDelivery } from "../../pipeline/ingest/ci-payload.js";
import type { HttpContext } from "../context.js";
import { verifyPitcrewSignature } from "../signatures.js";
import { createLoopbackGuard, parseJsonBody } from "./unsigned-guard.js";

/** `POST /webhooks/ci`: the generic CI endpoint (payload schema in the README). */
export function registerCiWebhook(app: FastifyInstance, ctx: HttpContext): void {
  const guardUnsigned = createLoopbackGuard("/webhooks/ci", "CI_WEBHOOK_SECRET", ctx.logger);
  app.post("/webhooks/ci", async (request, reply) => {
    const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const secret = ctx.secrets.ciWebhook;
    if (secret) {
      const signature = request.headers["x-pitcrew-signature"];
      if (typeof signature !== "string")
        throw new InputError(401, "signature-missing", "missing X-Pitcrew-Signature");
      if (!verifyPitcrewSignature(secret, raw, signature)) {
        throw new InputError(
          401,
          "signature-invalid",
          "X-Pitcrew-Signature does not match the body",
        );
      }
    } else {
      guardUnsigned(request);
    }
    const header = request.headers["x-pitcrew-delivery"];
    const reading = readCiDelivery({
      payload: parseJsonBody(raw),
      deliveryId: typeof header === "string" && header ? header : null,
      receivedAt: ctx.clock.now(),
      newEventId: ctx.newEventId,
    });
    if (reading.kind === "ignored")
      return reply.code(202).send({ status: "ignored", reason: reading.reason });
    const deliveryKey = `ci:${reading.event.deliveryId}`;
    const outcome = await acceptEvent(ctx, { deliveryKey, event: reading.event, log: reading.log });
    if (outcome === "duplicate")
      return reply.code(200).send({ status: "duplicate", deliveryId: reading.event.deliveryId });
    return reply.code(202).send({ status: "accepted", eventId: reading.event.id });
  });
}
