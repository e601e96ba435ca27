import type { Digest } from "../../domain/notify.js";
import { newId } from "../../lib/ids.js";
import type { JobContext, PipelineDeps } from "../deps.js";
import { queueEmail } from "../notify/deliver.js";
import { digestTotals, noticeItem } from "../notify/notice.js";
import { umbrellaOf, umbrellasNow } from "../notify/umbrella.js";
import { runAction } from "./run-action.js";

/**
 * An urgent notice for a person (the reset rung's page, or an escalation without Linear): an
 * email that skips the digest debounce, carrying every digest that was waiting for the same
 * recipients. Without SMTP it goes to the outbox, like any integration that cannot send.
 */
export async function runPage(deps: PipelineDeps, actionId: string, ctx: JobContext) {
  await runAction(
    deps,
    actionId,
    ctx,
    async (action) => {
      const incident = await deps.store.getIncident(action.incidentIds[0] ?? "");
      if (!incident) return { mode: "live", summary: "nothing to page: the incident is gone" };
      const now = deps.clock.now();
      const decision = incident.decisions.findLast((d) => d.rule === action.params?.rule);
      const item = noticeItem(incident, {
        now,
        next: null,
        nextRetryAt: null,
        dashboardUrl: deps.publicUrl,
        silenced: false,
      });
      const digest: Digest = {
        id: newId("dg"),
        groupId: `page:${incident.id}`,
        receiver: "email",
        labels: { repo: incident.repo },
        at: now.toISOString(),
        reason: decision?.reason ?? String(action.params?.rule ?? "urgent"),
        items: [item],
        totals: digestTotals([item]),
      };
      const to = deps.notifyTargets.emailTo;
      if (to.length === 0) {
        await deps.store.addOutbox({
          at: now.toISOString(),
          destination: "email",
          operation: "page",
          payload: { urgent: true, incident: incident.id, reason: digest.reason },
          idempotencyKey: action.idempotencyKey,
        });
        return { mode: "outbox", summary: "urgent page recorded in the outbox (no EMAIL_TO)" };
      }
      // In a mass failure the umbrella notice speaks for every repository: a page per repository
      // would be the flood the guard exists to stop, so these join the debounced digest instead.
      const umbrella = umbrellaOf(incident, await umbrellasNow(deps, now));
      await queueEmail(deps, digest, to, umbrella === null);
      return {
        mode: "live",
        summary: umbrella
          ? `page folded into the digest for ${to.join(", ")}: mass failure in ${umbrella.repos.length} repos`
          : `urgent email queued for ${to.join(", ")}`,
      };
    },
    { rule: "act.page" },
  );
}
