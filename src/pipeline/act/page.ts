import type { JobContext, PipelineDeps } from "../deps.js";
import { incidentUrl } from "./job-kinds.js";
import { runAction } from "./run-action.js";

/**
 * An urgent notice for a person (the reset rung's page, or an escalation without Linear). The
 * email channel arrives with the notify stage; until then the notice is recorded in the outbox,
 * as for any integration that cannot send, so nothing is lost and `pitcrew outbox` shows it.
 */
export async function runPage(deps: PipelineDeps, actionId: string, ctx: JobContext) {
  await runAction(
    deps,
    actionId,
    ctx,
    async (action) => {
      const incident = await deps.store.getIncident(action.incidentIds[0] ?? "");
      const decision = incident?.decisions.findLast((d) => d.rule === action.params?.rule);
      await deps.store.addOutbox({
        at: deps.clock.now().toISOString(),
        destination: "email",
        operation: "page",
        payload: {
          urgent: true,
          incident: incident?.id ?? action.incidentIds[0] ?? null,
          url: incident ? incidentUrl(deps.publicUrl, incident.id) : null,
          subject: incident
            ? `[pitcrew] URGENT: ${incident.classification.type} in ${incident.repo} ${incident.workflow}/${incident.job} failed ${incident.count}×`
            : "[pitcrew] URGENT",
          reason: decision?.reason ?? String(action.params?.rule ?? ""),
          evidence: incident?.classification.evidence[0]?.text ?? null,
        },
        idempotencyKey: action.idempotencyKey,
      });
      return {
        mode: "outbox",
        summary: "urgent notice recorded in the outbox (email not built yet)",
      };
    },
    { rule: "act.page" },
  );
}
