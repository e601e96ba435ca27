import type { Digest } from "../../domain/notify.js";
import type { PipelineDeps } from "../deps.js";

/** POSTs one digest as signed JSON to a configured generic receiver (PagerDuty, Teams, …). */
export async function runDigestWebhook(
  deps: PipelineDeps,
  payload: Record<string, unknown>,
): Promise<void> {
  const name = String(payload.name);
  const digest = payload.digest as Digest;
  const hook = deps.notify.webhooks.find((w) => w.name === name);
  if (!hook) {
    deps.logger.warn({ webhook: name }, "digest webhook no longer configured: not sent");
    return;
  }
  await deps.digestWebhooks.call({
    name,
    url: hook.url,
    secret: hook.secretEnv ? deps.readSecret(hook.secretEnv) : null,
    payload: { kind: "pitcrew.digest", digest },
    idempotencyKey: `digest:${digest.id}`,
  });
}
