import type { FastifyInstance } from "fastify";
import { InputError } from "../../domain/errors.js";
import { linearTriageJobKind } from "../../pipeline/triage/apply-triage.js";
import { readLinearDelivery } from "../../pipeline/triage/linear-delivery.js";
import type { HttpContext } from "../context.js";
import { verifyLinearSignature } from "../signatures.js";
import { createLoopbackGuard, parseJsonBody } from "./unsigned-guard.js";

/**
 * `POST /webhooks/linear`: verify `linear-signature` and the signed `webhookTimestamp` (60 s),
 * dedupe by delivery, persist the triage job, answer 202. The work runs from the job queue.
 */
export function registerLinearWebhook(app: FastifyInstance, ctx: HttpContext): void {
  const guardUnsigned = createLoopbackGuard(
    "/webhooks/linear",
    "LINEAR_WEBHOOK_SECRET",
    ctx.logger,
  );
  app.post("/webhooks/linear", async (request, reply) => {
    // No body at all (no content type either) arrives as undefined: sign and parse it as empty.
    const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const secret = ctx.secrets.linearWebhook;
    if (secret) {
      const signature = request.headers["linear-signature"];
      if (typeof signature !== "string")
        throw new InputError(401, "signature-missing", "missing linear-signature");
      if (!verifyLinearSignature(secret, raw, signature))
        throw new InputError(401, "signature-invalid", "linear-signature does not match the body");
    } else {
      guardUnsigned(request);
    }
    const now = ctx.clock.now();
    const reading = readLinearDelivery(parseJsonBody(raw), now);
    if (reading.kind === "ignored")
      return reply.code(202).send({ status: "ignored", reason: reading.reason });
    const header = request.headers["linear-delivery"];
    const deliveryId =
      typeof header === "string" && header
        ? header
        : `${reading.delivery.issue.id}:${reading.timestamp}`;
    const deliveryKey = `linear:${deliveryId}`;
    const outcome = await ctx.store.acceptJob({
      deliveryKey,
      receivedAt: now.toISOString(),
      job: {
        kind: linearTriageJobKind,
        payload: { delivery: reading.delivery, deliveryKey },
        runAt: now.toISOString(),
        key: deliveryKey,
      },
    });
    if (outcome === "duplicate") return reply.code(200).send({ status: "duplicate", deliveryId });
    return reply.code(202).send({ status: "accepted", deliveryId });
  });
}
