/** Texts pitcrew writes to Linear: the issue of an incident and its comments. */
import type { Incident, Severity } from "../../../domain/types.js";
import {
  renderTemplate,
  type TemplateName,
  type TemplateRenderer,
} from "../../../lib/templates.js";
import { redactSecrets } from "../../classify/redact.js";
import { finalText, incidentFacts } from "./facts.js";
import { code, formatTime, oneLine } from "./format.js";
import { type TriedStep, triedFromIncident, triedLines } from "./tried.js";

/** Linear priority per severity (0 none, 1 Urgent, 2 High, 3 Medium, 4 Low). */
export const linearPriority: Record<Severity, number> = {
  critical: 1,
  high: 2,
  medium: 3,
  low: 4,
};

/** Evidence shown in an issue title; Linear titles stay readable in lists at about this size. */
const TITLE_EVIDENCE_CHARS = 80;

export interface LinearIssueText {
  title: string;
  description: string;
  priority: number;
  labels: string[];
}

export interface LinearIssueInput {
  incident: Incident;
  /** Failures within the escalation window (the incident's `count` is all-time). */
  failuresInWindow: number;
  logText: string | null;
  /** The incident's page in pitcrew. */
  dashboardUrl: string;
  tried?: readonly (TriedStep | string)[];
  /** Why pitcrew opened the issue (the escalation rule), shown under the summary. */
  reason?: string;
}

/** `[ci] test_failure in acme/api CI/test: <evidence>`; secrets in the evidence are redacted. */
export function linearIssueTitle(incident: Incident): string {
  const { classification: c } = incident;
  const head = `[ci] ${c.type} in ${incident.repo} ${incident.workflow}/${incident.job}`;
  const first = c.evidence[0]?.text;
  return first ? `${head}: ${oneLine(redactSecrets(first), TITLE_EVIDENCE_CHARS)}` : head;
}

/** Title, markdown description (`templates/linear/issue.md`), priority and labels of the issue. */
export function linearIssue(input: LinearIssueInput, renderer?: TemplateRenderer): LinearIssueText {
  const { incident } = input;
  const facts = incidentFacts(incident, input.logText);
  const description = render(renderer, "linear/issue.md", {
    ...facts,
    summary: summaryLine(incident, input.failuresInWindow),
    reason: input.reason || null,
    failuresInWindow: input.failuresInWindow,
    tried: triedLines(input.tried ?? triedFromIncident(incident)),
    dashboardUrl: input.dashboardUrl,
    codegenUrl: incident.codegen?.url ?? null,
    prUrl: incident.pr?.url ?? null,
  });
  return {
    title: finalText(linearIssueTitle(incident)).trim(),
    description,
    priority: linearPriority[incident.classification.severity],
    labels: [
      `type:${incident.classification.type}`,
      `category:${incident.classification.category}`,
    ],
  };
}

export interface RecurrenceInput {
  incident: Incident;
  /** Failures not yet reported on the issue. */
  newFailures: number;
  /** Since when (the last comment, or the issue's creation). */
  since: string;
  /** Default: the incident's latest run URL. */
  latestRunUrl?: string | null;
  /** The incident's page in pitcrew. */
  dashboardUrl?: string;
  /** The comment reopens a closed issue because the failure came back. */
  reopened?: boolean;
}

/** The batched "N more failures since …" comment. */
export function linearRecurrenceComment(
  input: RecurrenceInput,
  renderer?: TemplateRenderer,
): string {
  const { incident } = input;
  return render(renderer, "linear/recurrence.md", {
    ...incidentFacts(incident, null),
    newFailures: input.newFailures,
    failureWord: input.newFailures === 1 ? "failure" : "failures",
    since: formatTime(input.since),
    latestRunUrl: input.latestRunUrl ?? incident.lastUrl,
    dashboardUrl: input.dashboardUrl ?? null,
    reopened: input.reopened ?? false,
  });
}

export interface TriageInput {
  incident: Incident;
  dashboardUrl: string;
  tried?: readonly (TriedStep | string)[];
}

/** The comment on a person-made issue that triage linked to an incident. */
export function linearTriageComment(input: TriageInput, renderer?: TemplateRenderer): string {
  const { incident } = input;
  return render(renderer, "linear/triage.md", {
    ...incidentFacts(incident, null),
    tried: triedLines(input.tried ?? triedFromIncident(incident)),
    decisions: incident.decisions
      .slice(-10)
      .map((d) => `${formatTime(d.at)}: ${d.kind} — ${oneLine(d.reason, 200)}`),
    dashboardUrl: input.dashboardUrl,
  });
}

function summaryLine(incident: Incident, failuresInWindow: number): string {
  const { classification: c } = incident;
  const where = `${code(incident.workflow)} / ${code(incident.job)} on ${code(incident.branch)}`;
  return `**${c.type}** (${c.category}, ${c.severity}) in ${code(incident.repo)} ${where}: ${failuresInWindow} failure(s) in the window, ${incident.count} in all.`;
}

function render(renderer: TemplateRenderer | undefined, name: TemplateName, data: object): string {
  return finalText(renderer ? renderer.render(name, data) : renderTemplate(name, data));
}
