/**
 * The classifier: log text + job metadata + rules → Classification. Pure (no I/O, clock or
 * randomness). The engine follows PyTorch's log classifier: every rule contributes its LAST
 * matching line and the highest-priority rule wins wherever its line is, so specific rules carry
 * higher priorities than the generic summaries and wrappers printed after them.
 */
import type { Classification, Conclusion, EvidenceLine } from "../../domain/types.js";
import { fingerprint } from "./fingerprint.js";
import { isErrorLooking, type LogLine, type PreparedLog, prepareLog } from "./prepare-log.js";
import { redactSecrets } from "./redact.js";
import type { CompiledRule, RuleSet } from "./rules.js";
import { severityFor } from "./severity.js";

/** What the CI reported about the job besides its log; every field is optional. */
export interface ClassifyMeta {
  /** The job's exit code; when absent, the one a wrapper line of the log names is used. */
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

/** One rule that fired: `index` into the prepared lines, or null for a meta-only rule. */
interface RuleMatch {
  rule: CompiledRule;
  index: number | null;
}

export function classify(log: string, meta: ClassifyMeta, rules: RuleSet): Classification {
  const prepared = prepareLog(log);
  // GitHub does not report a job's exit code; its "Process completed with exit code N" line does.
  const facts: ClassifyMeta = { ...meta, exitCode: meta.exitCode ?? prepared.exitCode };
  const matches = rules.rules
    .map((rule) => matchRule(rule, prepared.lines, facts))
    .filter((match): match is RuleMatch => match !== null)
    .sort(byStrength);
  const winner = matches[0];
  if (winner === undefined) return unknownVerdict(prepared, meta);

  const evidence = collectEvidence(winner, matches, prepared.lines);
  const { rule } = winner;
  return {
    type: rule.type,
    category: rule.category,
    severity: severityFor(rule.type, meta),
    retryable: rule.retryable,
    confidence: rule.confidence,
    suggestedAction: rule.suggestedAction,
    ruleId: rule.id,
    fingerprint: fingerprint(rule.id, evidence[0]?.text ?? ""),
    evidence,
  };
}

function matchRule(rule: CompiledRule, lines: LogLine[], facts: ClassifyMeta): RuleMatch | null {
  if (!conditionsHold(rule, facts)) return null;
  if (rule.patterns.length === 0) return { rule, index: null };
  const index = lastMatchingLine(lines, rule.patterns);
  return index === -1 ? null : { rule, index };
}

/** Later lines are likelier to be the cause, so scan from the end and stop at the first hit. */
function lastMatchingLine(lines: LogLine[], patterns: RegExp[]): number {
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i];
    if (line === undefined || line.wrapper) continue;
    for (const pattern of patterns) {
      if (pattern.test(line.text)) return i;
    }
  }
  return -1;
}

/** Every condition given must hold; a condition on a fact the caller did not supply fails. */
function conditionsHold({ when }: CompiledRule, facts: ClassifyMeta): boolean {
  const { exitCode, conclusion, provider, step } = facts;
  if (when.exitCode && (exitCode == null || !when.exitCode.includes(exitCode))) return false;
  if (when.conclusion && (conclusion == null || !when.conclusion.includes(conclusion))) {
    return false;
  }
  if (when.provider && (!provider || !when.provider.includes(provider.toLowerCase()))) {
    return false;
  }
  return !when.step || (!!step && when.step.test(step));
}

/** Strongest first: priority, then a rule with a line over a meta-only one, confidence, order. */
function byStrength(a: RuleMatch, b: RuleMatch): number {
  return (
    b.rule.priority - a.rule.priority ||
    Number(b.index !== null) - Number(a.index !== null) ||
    b.rule.confidence - a.rule.confidence ||
    a.rule.order - b.rule.order
  );
}

/**
 * Winner's line first; then lines of other rules that agree on the type, error-looking
 * neighbours of the winning line, and lines of the remaining rules. A meta-only winner has no
 * line of its own, so the log's last error-looking line stands in for it.
 */
function collectEvidence(winner: RuleMatch, matches: RuleMatch[], lines: LogLine[]) {
  const picked: number[] = [];
  const add = (index: number | null) => {
    if (index !== null && index >= 0 && picked.length < maxEvidenceLines) {
      if (!picked.includes(index)) picked.push(index);
    }
  };
  const others = matches.filter((match) => match !== winner);
  add(winner.index ?? lastErrorLookingLine(lines));
  for (const match of others) if (match.rule.type === winner.rule.type) add(match.index);
  const anchor = picked[0];
  if (anchor !== undefined) for (const index of neighbours(lines, anchor)) add(index);
  for (const match of others) add(match.index);
  return picked.map((index) => toEvidence(lines[index]));
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

/** The naive fallback: the last error-looking line that is not a wrapper, else the last wrapper. */
function lastErrorLookingLine(lines: LogLine[]): number {
  let lastWrapper = -1;
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i];
    if (line === undefined || !isErrorLooking(line.text)) continue;
    if (!line.wrapper) return i;
    if (lastWrapper === -1) lastWrapper = i;
  }
  return lastWrapper;
}

function toEvidence(line: LogLine | undefined): EvidenceLine {
  const text = redactSecrets((line?.text ?? "").trim());
  const clipped = text.length > maxEvidenceChars ? `${text.slice(0, maxEvidenceChars - 1)}…` : text;
  return { line: line?.line ?? 0, text: clipped };
}

/** Nothing convincing matched: say so (escalate, low confidence) rather than guess. */
function unknownVerdict(prepared: PreparedLog, meta: ClassifyMeta): Classification {
  const index = lastErrorLookingLine(prepared.lines);
  const evidence = index === -1 ? [] : [toEvidence(prepared.lines[index])];
  return {
    type: "unknown",
    category: "unknown",
    severity: severityFor("unknown", meta),
    retryable: false,
    confidence: evidence.length > 0 ? 0.2 : 0.1,
    suggestedAction: "escalate",
    ruleId: null,
    fingerprint: fingerprint("unknown", evidence[0]?.text ?? ""),
    evidence,
  };
}
