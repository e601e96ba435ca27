import type { Incident } from "../../domain/types.js";
import type { LinearIssueDelivery } from "./linear-delivery.js";

/** The label a person adds to a pitcrew issue to have the failed run re-run now. */
export const RETRY_LABEL = "pitcrew:retry";

/** One thing a Linear change means for an incident. */
export type TriageStep =
  | { kind: "resolve"; reason: string }
  | { kind: "silence"; reason: string }
  | { kind: "unsilence"; reason: string }
  | { kind: "acknowledge"; by: string; reason: string }
  | { kind: "rerun"; reason: string }
  | { kind: "link"; reason: string };

/**
 * What a Linear Issue delivery asks of pitcrew (issue 5 §5). Pure. `linked` is the incident whose
 * issue this is; `candidate` an incident whose CI run the description of a new, unlinked issue
 * mentions. Only changes are acted on (`updatedFrom` names them), so a redelivered or unrelated
 * update does nothing.
 */
export function triageSteps(
  delivery: LinearIssueDelivery,
  context: { linked: Incident | null; candidate: Incident | null },
): TriageStep[] {
  const { issue, updatedFrom } = delivery;
  const name = issue.identifier ?? issue.id;
  const who = delivery.actor ?? "someone";
  if (!context.linked) {
    if (delivery.action === "create" && context.candidate) {
      return [
        { kind: "link", reason: `${name} by ${who} mentions run ${context.candidate.lastRunId}` },
      ];
    }
    return [];
  }
  if (delivery.action !== "update") return [];
  const steps: TriageStep[] = [];
  if ("stateId" in updatedFrom) {
    const type = issue.state?.type;
    const state = issue.state?.name ?? type;
    if (type === "completed")
      steps.push({ kind: "resolve", reason: `${name} moved to ${state} by ${who}` });
    if (type === "canceled") steps.push({ kind: "silence", reason: `${name} canceled by ${who}` });
    // Taken back out of Canceled: the person wants to hear about it again.
    if (type !== "canceled" && type !== "completed" && context.linked.status === "silenced") {
      steps.push({ kind: "unsilence", reason: `${name} moved back to ${state} by ${who}` });
    }
  }
  if ("assigneeId" in updatedFrom && issue.assigneeId) {
    const by = issue.assignee?.name ?? issue.assigneeId;
    steps.push({ kind: "acknowledge", by, reason: `${name} assigned to ${by}` });
  }
  if ("labelIds" in updatedFrom && retryLabelAdded(delivery)) {
    steps.push({ kind: "rerun", reason: `${who} added ${RETRY_LABEL} to ${name}` });
  }
  return steps;
}

function retryLabelAdded(delivery: LinearIssueDelivery): boolean {
  const label = delivery.issue.labels?.find((l) => l.name === RETRY_LABEL);
  if (!label) return false;
  const before = delivery.updatedFrom.labelIds;
  return !Array.isArray(before) || !before.includes(label.id);
}

/** URLs in a markdown text (links, code spans and bare), without trailing punctuation. */
export function urlsIn(text: string): string[] {
  return [...text.matchAll(/https?:\/\/[^\s)<>\]"'`]+/g)].map((m) =>
    m[0].replace(/[.,;:!?*]+$/, ""),
  );
}

/**
 * The incident whose CI run a description mentions: its job/run URL, or a GitHub Actions run
 * URL of its repo and last run. Open incidents win over resolved ones, newer over older.
 */
export function incidentForDescription(
  description: string,
  incidents: readonly Incident[],
): Incident | null {
  const urls = urlsIn(description);
  if (urls.length === 0) return null;
  const namesJob = (incident: Incident) =>
    incident.lastUrl !== null && urls.includes(incident.lastUrl);
  // The run id must end there: run 12 is not mentioned by a link to run 123.
  const namesRun = (incident: Incident) =>
    urls.some((url) => {
      const run = `/${incident.repo}/actions/runs/${incident.lastRunId}`;
      const at = url.indexOf(run);
      const next = url.charAt(at + run.length);
      return at >= 0 && (next === "" || "/?#".includes(next));
    });
  const ranked = [...incidents].sort(
    (a, b) =>
      Number(a.status === "resolved") - Number(b.status === "resolved") ||
      Date.parse(b.lastSeenAt) - Date.parse(a.lastSeenAt),
  );
  // A job URL names one incident; a run URL may name every failed job of that run.
  return ranked.find(namesJob) ?? ranked.find(namesRun) ?? null;
}
