/**
 * Which rule wins and which line a human would point at. Rules are matched only inside the
 * failing step (failing-step.ts): setup noise before it and clean-up after it are not the cause.
 * Among the rules that match there, the highest priority wins (then confidence, then load
 * order), and its line is its last match in the step: a step that retries prints the same error
 * several times and the last attempt is the one that failed the job. A rule with `pick: first`
 * points at the first of the failures a tool lists (a human reads the first one first), in the
 * last repetition of that list when the step printed it twice. A meta-only rule that wins (exit
 * 124, `timed_out`) points at the footer that reported the exit code. With no rule in the step,
 * the line a reader would point at stands in (fallback-line.ts).
 */
import type { ClassifyMeta } from "./classify.js";
import type { FailingStep } from "./failing-step.js";
import { fallbackLine } from "./fallback-line.js";
import { type Hit, type Matcher, matchLines } from "./prefilter.js";
import type { LogLine } from "./prepare-log.js";
import type { CompiledRule } from "./rules.js";

/** The outcome: the winning rule (null: nothing convincing) and the evidence line's index. */
export interface Selection {
  rule: CompiledRule | null;
  /** Index into the prepared lines of the most relevant line, -1 when the log has none. */
  index: number;
  /** Every rule hit of the scope, for the secondary evidence lines. */
  hits: Hit[];
}

/** The lines rules are matched on: the failing step (its footer included), else everything. */
export function scopeOf(step: FailingStep | null, lines: LogLine[]): [number, number] {
  if (step === null) return [0, lines.length];
  return [Math.max(0, step.start), Math.min(lines.length, step.end + 1)];
}

export function selectEvidence(
  lines: LogLine[],
  step: FailingStep | null,
  matcher: Matcher,
  facts: ClassifyMeta,
): Selection {
  const [from, to] = scopeOf(step, lines);
  const hits = matchLines(matcher, lines, from, to).filter((hit) =>
    conditionsHold(hit.rule, facts),
  );
  let best: Hit | null = null;
  for (const hit of hits) if (best === null || stronger(hit, best)) best = hit;
  const metaRule = strongestMetaRule(matcher.rules, facts);
  // A meta-only rule (exit code 137, `timed_out`) beats only weaker line rules, and has no line
  // of its own: the footer that reported the exit code stands in for it, else the best line.
  if (metaRule !== null && (best === null || metaRule.priority > best.rule.priority)) {
    const footer = step !== null && step.end < lines.length ? step.end : -1;
    const index = footer >= 0 ? footer : (best?.index ?? fallbackLine(lines, step));
    return { rule: metaRule, index, hits };
  }
  if (best === null) return { rule: null, index: fallbackLine(lines, step), hits };
  const index = best.rule.pick === "first" ? firstOfLastRun(lines, hits, best.rule) : best.index;
  return { rule: best.rule, index, hits };
}

/**
 * The rule's first match; but when its matches in the step are one list printed twice or more
 * (a linter or test runner run again by the script, a tool that echoes its report), the first
 * line of the last copy: the run that failed the step. A copy is at least two lines long, so a
 * single error printed once per attempt keeps its first occurrence. Lines are compared with the
 * line after them and digits masked (timings, PIDs), so repeated headers ("Failure:") followed
 * by different test names are not mistaken for a copy.
 */
function firstOfLastRun(lines: LogLine[], hits: Hit[], rule: CompiledRule): number {
  const own = hits.filter((hit) => hit.rule === rule).map((hit) => hit.index);
  const shapes = own.map((at) => `${shapeOf(lines[at])}\n${shapeOf(lines[at + 1])}`);
  const period = shortestPeriod(shapes);
  return own[period === null ? 0 : own.length - period] as number;
}

/**
 * The shortest p with shapes = a p-long list of at least two different lines repeated, else
 * null (one line repeated is an error printed per attempt, not a list printed twice).
 */
function shortestPeriod(shapes: string[]): number | null {
  const n = shapes.length;
  if (shapes.every((shape) => shape === shapes[0])) return null;
  for (let p = 2; p <= n / 2; p++) {
    if (n % p !== 0) continue;
    let repeats = true;
    for (let i = p; i < n && repeats; i++) repeats = shapes[i] === shapes[i - p];
    if (repeats) return p;
  }
  return null;
}

function shapeOf(line: LogLine | undefined): string {
  return (line?.text ?? "").trim().replace(/\d+/g, "0");
}

/** Higher priority, then confidence, then load order; the same rule: the later line. */
function stronger(a: Hit, b: Hit): boolean {
  const ra = a.rule;
  const rb = b.rule;
  if (ra.priority !== rb.priority) return ra.priority > rb.priority;
  if (ra.confidence !== rb.confidence) return ra.confidence > rb.confidence;
  if (ra.order !== rb.order) return ra.order < rb.order;
  return a.index > b.index;
}

/** A rule with no patterns fires on the job's metadata alone (exit code 137, `timed_out`). */
function strongestMetaRule(rules: CompiledRule[], facts: ClassifyMeta): CompiledRule | null {
  let best: CompiledRule | null = null;
  for (const rule of rules) {
    if (rule.patterns.length > 0 || !conditionsHold(rule, facts)) continue;
    if (
      best === null ||
      rule.priority > best.priority ||
      (rule.priority === best.priority && rule.confidence > best.confidence)
    ) {
      best = rule;
    }
  }
  return best;
}

/** Every condition given must hold; a condition on a fact the caller did not supply fails. */
export function conditionsHold({ when }: CompiledRule, facts: ClassifyMeta): boolean {
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
