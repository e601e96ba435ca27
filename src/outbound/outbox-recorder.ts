import type { Clock, Logger, Store } from "../ports.js";

/** Records a write an integration without credentials would have sent (DESIGN §7 outbox mode). */
export type OutboxRecorder = (
  operation: string,
  payload: Record<string, unknown>,
  idempotencyKey: string,
) => Promise<void>;

/**
 * The one way integrations record to the outbox: the entry (visible in `/api/outbox` and
 * `pitcrew outbox`) and an info line saying why nothing was sent.
 */
export function outboxRecorder(
  deps: { outbox: Pick<Store, "addOutbox">; clock: Clock; logger: Logger },
  destination: string,
  why: string,
): OutboxRecorder {
  return async (operation, payload, idempotencyKey) => {
    await deps.outbox.addOutbox({
      at: deps.clock.now().toISOString(),
      destination,
      operation,
      payload,
      idempotencyKey,
    });
    deps.logger.info({ destination, operation, idempotencyKey }, `${why}: recorded in the outbox`);
  };
}
