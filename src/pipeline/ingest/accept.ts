import type { FailureEvent } from "../../domain/types.js";
import type { Clock, Store } from "../../ports.js";
import { redactSecrets } from "../classify/redact.js";

/** Job kind that runs the pipeline for one accepted event. */
export const processEventJobKind = "process-event";

/**
 * Persists a normalised event, its log and its processing job in one store write, before the
 * webhook is answered: a crash after the 2xx loses nothing. Dedupes by delivery key.
 */
export function acceptEvent(
  deps: { store: Store; clock: Clock },
  input: { deliveryKey: string; event: FailureEvent; log: string | null },
): Promise<"accepted" | "duplicate"> {
  return deps.store.acceptDelivery({
    deliveryKey: input.deliveryKey,
    event: input.event,
    // Secrets never reach the disk (DESIGN §8): the stored log is the redacted one.
    log: input.log === null ? null : redactSecrets(input.log),
    job: {
      kind: processEventJobKind,
      payload: { eventId: input.event.id },
      runAt: deps.clock.now().toISOString(),
      key: `process:${input.event.id}`,
    },
  });
}
