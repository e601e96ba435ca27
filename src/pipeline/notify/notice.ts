/**
 * What a notice says about one incident (DESIGN §7.1 "Notifications"): what happened, what pitcrew
 * did about it, and what it does next. Slack, email and webhooks render the same item. Pure.
 */
import type { RecoveryAttempt } from "../../domain/escalation.js";
import type { Digest, NoticeItem } from "../../domain/notify.js";
import type { Incident } from "../../domain/types.js";
import { incidentUrl } from "../act/job-kinds.js";
import type { NextRung } from "../decide/ladder-types.js";

export interface NoticeContext {
  now: Date;
  /** What the ladder does next (`nextRung`); null when not computed. */
  next: NextRung | null;
  /** When the scheduled re-run goes (the retry decision's `runAt`); null: none scheduled. */
  nextRetryAt: string | null;
  /** pitcrew's public URL: the incident link is its page there. */
  dashboardUrl: string;
  silenced: boolean;
}

/** Evidence is one line of a log: long lines are cut so a digest stays readable. */
const evidenceChars = 200;

export function noticeItem(incident: Incident, context: NoticeContext): NoticeItem {
  const state = incident.status === "resolved" ? "resolved" : "firing";
  return {
    incidentId: incident.id,
    state,
    repo: incident.repo,
    workflow: incident.workflow,
    job: incident.job,
    branch: incident.branch,
    type: incident.classification.type,
    severity: incident.classification.severity,
    count: incident.count,
    evidence: evidenceOf(incident),
    done: whatWasDone(incident, context.now),
    next: whatNext(state, context),
    links: {
      incident: incidentUrl(context.dashboardUrl, incident.id),
      run: incident.lastUrl,
      linear: incident.linear?.url ?? null,
      pr: incident.pr?.url ?? null,
    },
    silenced: context.silenced,
  };
}

function evidenceOf(incident: Incident): string | null {
  const line = incident.classification.evidence[0]?.text.trim();
  if (!line) return null;
  return line.length > evidenceChars ? `${line.slice(0, evidenceChars - 1)}…` : line;
}

/** One line per thing pitcrew did, lowest rung first, as the reader would retell it. */
export function whatWasDone(incident: Incident, now: Date): string[] {
  const done: string[] = [];
  // A retry decided with a later runAt has not run yet: it is "what next", not "done".
  const reruns = incident.decisions.filter(
    (d) => d.kind === "retry" && Date.parse(d.runAt ?? d.at) <= now.getTime(),
  ).length;
  if (reruns > 0) done.push(`re-ran ${reruns}×`);
  for (const recovery of incident.recoveries) done.push(recoveryLine(incident, recovery));
  const codegen = codegenLine(incident);
  if (codegen) done.push(codegen);
  if (incident.linear) done.push(`Linear ${incident.linear.identifier}`);
  return done;
}

function recoveryLine(incident: Incident, recovery: RecoveryAttempt): string {
  const deleted = recovery.details.deleted;
  const count = typeof deleted === "number" ? ` (${deleted} deleted)` : "";
  const label = `${recoveryLabel(incident, recovery)}${count}`;
  if (recovery.outcome === "failed") return `${label}: did not help`;
  if (recovery.outcome === "succeeded") return `${label}: worked`;
  return recovery.ranAt === null ? `${label}: scheduled` : label;
}

function recoveryLabel(incident: Incident, recovery: RecoveryAttempt): string {
  if (recovery.strategy === "clear_cache") {
    const ecosystem = ecosystemOf(incident, recovery);
    return ecosystem ? `cleared ${ecosystem} caches` : "cleared caches";
  }
  if (recovery.strategy === "reinstall_dependencies") return "reinstalled dependencies";
  if (recovery.strategy === "runbook") return "ran the runbook";
  return "purged every cache of the branch (reset)";
}

/** The decision that chose the repair names the ecosystem ("npm"); the attempt itself does not. */
function ecosystemOf(incident: Incident, recovery: RecoveryAttempt): string | null {
  const decisions = incident.decisions.filter((d) => d.kind === recovery.strategy);
  const decision = decisions.find((d) => d.at === recovery.decidedAt) ?? decisions.at(-1);
  const ecosystem = decision?.numbers?.ecosystem;
  return typeof ecosystem === "string" && ecosystem !== "unknown" ? ecosystem : null;
}

function codegenLine(incident: Incident): string | null {
  if (incident.pr) return `Codegen PR ${incident.pr.url}`;
  const codegen = incident.codegen;
  if (!codegen) return null;
  if (codegen.status === "running") return `Codegen run ${codegen.runId} working on a fix`;
  if (codegen.status === "failed") {
    return `Codegen run ${codegen.runId} ended ${codegen.rawStatus ?? "failed"}`;
  }
  return `Codegen run ${codegen.runId} finished without a PR`;
}

function whatNext(state: NoticeItem["state"], context: NoticeContext): string {
  if (state === "resolved") return "nothing: resolved";
  if (context.nextRetryAt !== null) return `re-run at ${clock(context.nextRetryAt, context.now)}`;
  if (context.next) return context.next.trigger;
  return context.silenced ? "nothing: silenced" : "nothing scheduled";
}

/** "10:42 UTC" today, "2026-12-08 10:42 UTC" on another day (digests can be read late). */
export function clock(at: string, now: Date): string {
  const iso = new Date(at).toISOString();
  const day = iso.slice(0, 10);
  const time = `${iso.slice(11, 16)} UTC`;
  return day === now.toISOString().slice(0, 10) ? time : `${day} ${time}`;
}

/**
 * A digest's counts. Silenced items are counted apart and nowhere else: the digest lists only the
 * unsilenced ones and says how many more matched a silence.
 */
export function digestTotals(items: readonly NoticeItem[]): Digest["totals"] {
  const listed = items.filter((item) => !item.silenced);
  return {
    firing: listed.filter((item) => item.state === "firing").length,
    resolved: listed.filter((item) => item.state === "resolved").length,
    silenced: items.length - listed.length,
  };
}
