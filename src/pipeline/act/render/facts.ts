/** The incident as display-ready strings: what every template shows about it. */
import type { Incident } from "../../../domain/types.js";
import { redactSecrets } from "../../classify/redact.js";
import { defaultExcerpt, type ExcerptOptions, logExcerpt } from "./excerpt.js";
import { cell, code, evidenceBlock, evidenceOf, fence, formatTime, percent } from "./format.js";

export interface IncidentFacts {
  code: typeof code;
  cell: typeof cell;
  id: string;
  repo: string;
  workflow: string;
  job: string;
  branch: string | null;
  sha: string | null;
  runUrl: string | null;
  type: string;
  category: string;
  severity: string;
  confidence: string;
  rule: string;
  fingerprint: string;
  count: number;
  firstSeen: string;
  lastSeen: string;
  evidence: { line: number; text: string }[];
  /** The evidence as a fenced code block. */
  evidenceBlock: string;
  /** The redacted log excerpt as a fenced code block, or null without a log. */
  excerptBlock: string | null;
}

/** Functions templates call on values that came from CI payloads (`it.code(it.job)`). */
export const templateHelpers = { code, cell };

export function incidentFacts(
  incident: Incident,
  logText: string | null | undefined,
  excerpt: ExcerptOptions = defaultExcerpt,
): IncidentFacts {
  const { classification: c } = incident;
  const lines = c.evidence.map((e) => e.line);
  const text = logExcerpt(logText, lines, excerpt);
  return {
    ...templateHelpers,
    id: incident.id,
    repo: incident.repo,
    workflow: incident.workflow,
    job: incident.job,
    branch: incident.branch,
    sha: incident.lastSha,
    runUrl: incident.lastUrl,
    type: c.type,
    category: c.category,
    severity: c.severity,
    confidence: percent(c.confidence),
    rule: c.ruleId ?? "none (fallback)",
    fingerprint: c.fingerprint,
    count: incident.count,
    firstSeen: formatTime(incident.firstSeenAt),
    lastSeen: formatTime(incident.lastSeenAt),
    evidence: evidenceOf(incident),
    evidenceBlock: fence(evidenceBlock(incident)),
    excerptBlock: text ? fence(text) : null,
  };
}

/** The last word before text leaves the process: whatever slipped in is redacted (DESIGN §8). */
export function finalText(text: string): string {
  return `${redactSecrets(text)
    .replace(/\n{3,}/g, "\n\n")
    .trim()}\n`;
}
