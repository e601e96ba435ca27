import type { Action, Incident } from "../../domain/types.js";
import type { JobContext, PipelineDeps } from "../deps.js";
import { announceById } from "../notify/announce.js";
import { incidentUrl } from "./job-kinds.js";
import { linearIssue, linearRecurrenceComment, linearTriageComment } from "./render/index.js";
import { type ActionOutcome, runAction } from "./run-action.js";

/**
 * Opens the incident's Linear issue, or reopens the issue of the same failure resolved within the
 * reopen window. The incident's dashboard URL is the issue's attachment: Linear keeps one
 * attachment per URL, so a retried job finds the issue it made instead of making a second one.
 */
export async function runLinearIssue(deps: PipelineDeps, actionId: string, ctx: JobContext) {
  await runAction(deps, actionId, ctx, (action) => openIssue(deps, action), {
    rule: "act.linear-issue",
  });
}

async function openIssue(deps: PipelineDeps, action: Action): Promise<ActionOutcome> {
  const incident = await requireIncident(deps, action);
  const params = action.params ?? {};
  const dashboardUrl = incidentUrl(deps.publicUrl, incident.id);
  if (params.reopen && typeof params.previousIssueId === "string") {
    const comment = linearRecurrenceComment(
      {
        incident,
        newFailures: incident.count,
        since: incident.firstSeenAt,
        dashboardUrl,
        reopened: true,
      },
      deps.renderer,
    );
    const { mode } = await deps.tracker.reopen(
      params.previousIssueId,
      comment,
      action.idempotencyKey,
    );
    await saveLinear(deps, incident.id, { reportedCount: incident.count });
    return {
      mode,
      summary: `reopened ${params.previousIdentifier} (resolved incident ${params.previousIncident} came back)`,
      result: { issue: String(params.previousIdentifier) },
    };
  }
  const logText = incident.lastLogRef ? await deps.store.readLog(incident.lastLogRef) : null;
  const issue = linearIssue(
    {
      incident,
      failuresInWindow: failuresInWindow(deps, incident),
      logText: logText ?? "",
      dashboardUrl,
      reason: String(params.rule ?? ""),
    },
    deps.renderer,
  );
  const related = params.rule === "linear.create-related" ? params.previousIssueId : null;
  const created = await deps.tracker.createIssue({
    ...issue,
    attachment: { url: dashboardUrl, title: `pitcrew ${incident.id}`, subtitle: incident.repo },
    relatedIssueId: typeof related === "string" ? related : null,
    idempotencyKey: action.idempotencyKey,
  });
  if (!created.issue) return { mode: created.mode, summary: "Linear issue recorded in the outbox" };
  const now = deps.clock.now().toISOString();
  const fresh = (await deps.store.getIncident(incident.id)) ?? incident;
  await deps.store.saveIncident({
    ...fresh,
    linear: {
      id: created.issue.id,
      identifier: created.issue.identifier,
      url: created.issue.url,
      createdAt: now,
      lastCommentAt: null,
      reportedCount: fresh.count,
      linkedByTriage: false,
    },
  });
  // The group's message shows the new issue (DESIGN §7.1: updated on escalation).
  await announceById(deps, incident.id);
  return {
    mode: created.mode,
    summary: `opened Linear issue ${created.issue.identifier}`,
    result: { issue: created.issue.identifier, url: created.issue.url },
  };
}

/** Posts one comment for every failure since the last one (recurrences are batched). */
export async function runLinearComment(deps: PipelineDeps, actionId: string, ctx: JobContext) {
  await runAction(
    deps,
    actionId,
    ctx,
    async (action) => {
      const incident = await requireIncident(deps, action);
      const link = incident.linear;
      const newFailures = incident.count - (link?.reportedCount ?? incident.count);
      if (!link || newFailures <= 0) {
        return { mode: "live", summary: "no failure to report since the last comment" };
      }
      const body = linearRecurrenceComment(
        {
          incident,
          newFailures,
          since: link.lastCommentAt ?? link.createdAt,
          dashboardUrl: incidentUrl(deps.publicUrl, incident.id),
          reopened: false,
        },
        deps.renderer,
      );
      const { mode } = await deps.tracker.addComment(link.id, body, action.idempotencyKey);
      await saveLinear(deps, incident.id, {
        lastCommentAt: deps.clock.now().toISOString(),
        reportedCount: incident.count,
      });
      return {
        mode,
        summary: `commented ${newFailures} more failure(s) on ${link.identifier}`,
        result: { issue: link.identifier, newFailures },
      };
    },
    { rule: "act.linear-comment", skipWhenResolved: false },
  );
}

/** A person's issue mentioned a run pitcrew knows: label, prioritise and explain it there. */
export async function runLinearLink(deps: PipelineDeps, actionId: string, ctx: JobContext) {
  await runAction(
    deps,
    actionId,
    ctx,
    async (action) => {
      const incident = await requireIncident(deps, action);
      const link = incident.linear;
      if (!link) return { mode: "live", summary: "the incident has no linked issue any more" };
      const issue = linearIssue(
        {
          incident,
          failuresInWindow: failuresInWindow(deps, incident),
          logText: "",
          dashboardUrl: incidentUrl(deps.publicUrl, incident.id),
          reason: "triage",
        },
        deps.renderer,
      );
      const updated = await deps.tracker.updateIssue(link.id, {
        priority: issue.priority,
        addLabels: issue.labels,
      });
      const body = linearTriageComment(
        {
          incident,
          dashboardUrl: incidentUrl(deps.publicUrl, incident.id),
        },
        deps.renderer,
      );
      await deps.tracker.addComment(link.id, body, action.idempotencyKey);
      return {
        mode: updated.mode,
        summary: `linked ${link.identifier} to ${incident.id}: labelled, prioritised, explained`,
        result: { issue: link.identifier },
      };
    },
    { rule: "act.linear-link", skipWhenResolved: false },
  );
}

function failuresInWindow(deps: PipelineDeps, incident: Incident): number {
  const since = deps.clock.now().getTime() - deps.escalation.window;
  return incident.occurrences.filter((at) => Date.parse(at) >= since).length;
}

async function saveLinear(
  deps: PipelineDeps,
  incidentId: string,
  change: Partial<NonNullable<Incident["linear"]>>,
): Promise<void> {
  const incident = await deps.store.getIncident(incidentId);
  if (!incident?.linear) return;
  await deps.store.saveIncident({ ...incident, linear: { ...incident.linear, ...change } });
}

async function requireIncident(deps: PipelineDeps, action: Action): Promise<Incident> {
  const incident = await deps.store.getIncident(action.incidentIds[0] ?? "");
  if (!incident) throw new Error(`incident ${action.incidentIds[0]} of ${action.kind} is gone`);
  return incident;
}
