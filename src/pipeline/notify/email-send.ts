import type { PipelineDeps } from "../deps.js";
import { emailDue, sent } from "./email-debounce.js";
import { renderEmailDigest } from "./email-render.js";

/** Sends a recipient list's waiting digests as one email when the batch is due. */
export async function runEmailSend(deps: PipelineDeps, to: string): Promise<void> {
  const batch = await deps.store.getEmailBatch(to);
  const now = deps.clock.now();
  if (!batch || batch.pending.length === 0 || !emailDue(batch, now)) return;
  const email = renderEmailDigest(batch.pending, {
    publicUrl: deps.publicUrl,
    urgent: batch.urgent,
    renderer: deps.renderer,
    now,
  });
  await deps.email.send(
    { to: to.split(","), subject: email.subject, html: email.html, text: email.text },
    `email:${to}:${batch.sendAt}`,
  );
  await deps.store.saveEmailBatch(sent(batch, now));
}
