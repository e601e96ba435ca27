import type { PipelineDeps } from "../deps.js";
import { scheduleEmailSend } from "./deliver.js";
import { emailDue, sent } from "./email-debounce.js";
import { renderEmailDigest } from "./email-render.js";
import { oneAtATime } from "./jobs.js";

/**
 * Sends a recipient list's waiting digests as one email when the batch is due. Digests that join
 * while the email is on the wire are kept for the next one (the batch is changed atomically).
 */
export async function runEmailSend(deps: PipelineDeps, to: string): Promise<void> {
  await oneAtATime(deps.notifyRuntime, `email:${to}`, () => sendDue(deps, to));
}

async function sendDue(deps: PipelineDeps, to: string): Promise<void> {
  const batch = await deps.store.getEmailBatch(to);
  const now = deps.clock.now();
  if (!batch || batch.pending.length === 0 || !emailDue(batch, now)) return;
  const email = renderEmailDigest(batch.pending, {
    publicUrl: deps.publicUrl,
    urgent: batch.urgent,
    renderer: deps.renderer,
    maxItems: deps.notify.email.maxItems,
    now,
  });
  await deps.email.send(
    { to: to.split(","), subject: email.subject, html: email.html, text: email.text },
    `email:${to}:${batch.sendAt}`,
  );
  const after = await deps.store.updateEmailBatch(to, (current) =>
    sent(current ?? batch, batch, now, deps.notify.email),
  );
  await scheduleEmailSend(deps, after);
}
