/**
 * The classifier: log text + job metadata + rules → Classification. Pure (no I/O, clock or
 * randomness). The engine follows PyTorch's log classifier — the highest-priority rule wins, so
 * specific rules carry higher priorities than the summaries and wrappers printed after them —
 * but matches only inside the failing step, the part of the log a human reads first
 * (failing-step.ts, select-evidence.ts). Matching is prefiltered (prefilter.ts).
 */
import type { Classification, Conclusion, EvidenceLine } from "../../domain/types.js";
import { findFailingStep } from "./failing-step.js";
import { fingerprint } from "./fingerprint.js";
import { matcherFor } from "./prefilter.js";
import { isErrorLooking, type LogLine, type PrepareOptions, prepareLog } from "./prepare-log.js";
import { redactSecrets } from "./redact.js";
import type { CompiledRule, RuleSet } from "./rules.js";
import { type Selection, selectEvidence } from "./select-evidence.js";
import { severityFor } from "./severity.js";

/** What the CI reported about the job besides its log; every field is optional. */
export interface ClassifyMeta {
  /** The job's exit code; when absent, the one the failing step's footer names is used. */
  exitCode?: number | null;
  conclusion?: Conclusion | null;
  /** The CI system (github, gitlab, jenkins…), matched by a rule's `when.provider`. */
  provider?: string | null;
  /** Name of the failed step, matched by a rule's `when.step`. */
  step?: string | null;
  branch?: string | null;
  environment?: string | null;
  defaultBranch?: string | null;
}

export const maxEvidenceLines = 3;
export const maxEvidenceChars = 500;
/** Lines either side of the winning line whose error-looking neighbours may join the evidence. */
const adjacentWindow = 3;

/**
 * Classifies one job log. `window` bounds the scan (default: the last 20 000 lines / 2 MB, so a
 * huge log costs no more than a small one); the benchmark passes an unbounded window.
 */
export function classify(
  log: string,
  meta: ClassifyMeta,
  rules: RuleSet,
  window?: PrepareOptions,
): Classification {
  const { lines, exitCode } = prepareLog(log, window);
  const step = findFailingStep(lines);
  // Neither GitHub nor Travis report the exit code with the log; the failing step's footer
  // ("Process completed with exit code N", "The command … exited with N") names it.
  const facts: ClassifyMeta = { ...meta, exitCode: meta.exitCode ?? step?.exitCode ?? exitCode };
  const selection = selectEvidence(lines, step, matcherFor(rules), facts);
  const evidence = collectEvidence(selection, lines);
  const { rule } = selection;
  if (rule === null) {
    return {
      type: "unknown",
      category: "unknown",
      severity: severityFor("unknown", meta),
      retryable: false,
      confidence: evidence.length > 0 ? 0.2 : 0.1,
      suggestedAction: "escalate",
      ruleId: null,
      fingerprint: fingerprint("unknown", fingerprintText(selection, lines, evidence)),
      evidence,
    };
  }
  return {
    type: rule.type,
    category: rule.category,
    severity: severityFor(rule.type, meta),
    retryable: rule.retryable,
    confidence: rule.confidence,
    suggestedAction: rule.suggestedAction,
    ruleId: rule.id,
    fingerprint: fingerprint(rule.id, fingerprintText(selection, lines, evidence)),
    evidence,
  };
}

/**
 * The selected line first; then lines of other rules that agree on the type, error-looking
 * neighbours of the selected line, and lines of the remaining rules.
 */
function collectEvidence({ rule, index, hits }: Selection, lines: LogLine[]): EvidenceLine[] {
  const picked: number[] = [];
  const add = (at: number) => {
    if (at >= 0 && picked.length < maxEvidenceLines && !picked.includes(at)) picked.push(at);
  };
  // Each other rule offers its last line in the scope, strongest rule first.
  const others = new Map<CompiledRule, number>();
  for (const hit of hits) if (hit.rule !== rule) others.set(hit.rule, hit.index);
  const ranked = [...others].sort(([a], [b]) => b.priority - a.priority || a.order - b.order);
  add(index);
  for (const [other, at] of ranked) if (other.type === rule?.type) add(at);
  if (index >= 0) for (const at of neighbours(lines, index)) add(at);
  for (const [, at] of ranked) add(at);
  return picked.map((at) => toEvidence(lines[at]));
}

/** Error-looking, non-wrapper lines within a few lines of `anchor`, nearest first. */
function neighbours(lines: LogLine[], anchor: number): number[] {
  const anchorLine = lines[anchor]?.line ?? 0;
  const found: number[] = [];
  for (let d = 1; d <= adjacentWindow; d++) {
    for (const index of [anchor - d, anchor + d]) {
      const line = lines[index];
      if (!line || line.wrapper || Math.abs(line.line - anchorLine) > adjacentWindow) continue;
      if (isErrorLooking(line.text)) found.push(index);
    }
  }
  return found;
}

/**
 * A selected line of at most this many words (or ending in ":") is a header, and the fingerprint
 * also covers the next `fingerprintFollowers` lines. Both were chosen on the development folds
 * (pairwise F1 against LogChunks' recurrence groups: 0.70 → 0.82).
 */
const headerWords = 10;
const fingerprintFollowers = 3;

/**
 * The fingerprint covers the selected line and the next few lines of its block: a header such as
 * "> Links", "1)" or "Error:" alone would merge different failures; the lines under it tell them apart.
 */
function fingerprintText({ index }: Selection, lines: LogLine[], evidence: EvidenceLine[]): string {
  if (index < 0) return evidence[0]?.text ?? "";
  const block = [lines[index]?.text ?? ""];
  if (!isHeader(block[0] ?? "")) return redactSecrets(collapseFiller(block[0] ?? ""));
  for (let at = index + 1; at < lines.length && block.length <= fingerprintFollowers; at++) {
    const line = lines[at];
    if (!line || line.wrapper) break;
    if (line.text.trim() !== "") block.push(line.text);
  }
  // Runs of filler (dot leaders, rules of dashes) vary in length with the names beside them.
  return redactSecrets(block.map(collapseFiller).join("\n"));
}

/** A line that names no specifics of its own ("> Links", "1)", "Failure:", a test header). */
function isHeader(text: string): boolean {
  const words = text
    .replace(/[^A-Za-z0-9_]+/g, " ")
    .trim()
    .split(" ")
    .filter(Boolean);
  return words.length <= headerWords || /:\s*$/.test(text);
}

/** Trims and shortens filler runs (dot leaders, rules of dashes) that vary with the names beside them. */
function collapseFiller(text: string): string {
  return text.trim().replace(/([.\-=_*#~])\1{2,}/g, "$1$1$1");
}

function toEvidence(line: LogLine | undefined): EvidenceLine {
  const text = redactSecrets((line?.text ?? "").trim());
  const clipped = text.length > maxEvidenceChars ? `${text.slice(0, maxEvidenceChars - 1)}…` : text;
  return { line: line?.line ?? 0, text: clipped };
}
