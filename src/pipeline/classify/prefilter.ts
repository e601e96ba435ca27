/**
 * Fast rule matching. Testing every rule's patterns on every line is the classifier's hot loop,
 * so each pattern runs only on lines that can match it:
 *
 * - a `^`-anchored pattern (`^npm ERR!`, `^\s*● `) on lines whose first (non-blank) character
 *   is one its match can start with, found with one table look-up per line (anchors.ts);
 * - any other pattern on lines holding a literal it requires (literals.ts), found by one
 *   Aho–Corasick pass over the joined lines (gates.ts);
 * - a pattern with neither on every line.
 *
 * The result is exactly what testing every pattern on every line would give.
 */
import { anchoredStart } from "./anchors.js";
import { buildGate, type Gate, type GateEntry, gateEntry, type Probe, scanGate } from "./gates.js";
import { requiredLiterals } from "./literals.js";
import type { LogLine } from "./prepare-log.js";
import type { CompiledRule, RuleSet } from "./rules.js";

/** Probes keyed by a character code: ASCII in an array, the rest in a map. */
interface Dispatch {
  ascii: Array<Probe[] | undefined>;
  wide: Map<number, Probe[]>;
  size: number;
}

/** The compiled form of a RuleSet for matching; built once per RuleSet and cached. */
export interface Matcher {
  rules: CompiledRule[];
  /** Anchored patterns by the character at column 0. */
  atStart: Dispatch;
  /** `^\s*`-anchored patterns by the first non-blank character. */
  afterBlanks: Dispatch;
  /** The literal gate; null when no pattern has a required literal. */
  gate: Gate | null;
  /** Patterns with no known literal or start: tested on every line. */
  always: Probe[];
}

/** One rule that matched one line: `index` into the prepared lines. */
export interface Hit {
  index: number;
  rule: CompiledRule;
}

const cache = new WeakMap<RuleSet, Matcher>();

/** The matcher of `ruleSet`, built on first use (a RuleSet is treated as immutable). */
export function matcherFor(ruleSet: RuleSet): Matcher {
  let matcher = cache.get(ruleSet);
  if (matcher === undefined) {
    matcher = buildMatcher(ruleSet.rules);
    cache.set(ruleSet, matcher);
  }
  return matcher;
}

export function buildMatcher(rules: CompiledRule[]): Matcher {
  const entries: GateEntry[] = [];
  const atStart = emptyDispatch();
  const afterBlanks = emptyDispatch();
  const always: Probe[] = [];
  rules.forEach((rule, index) => {
    for (const pattern of rule.patterns) {
      const probe = { rule: index, pattern };
      const start = anchoredStart(pattern.source, pattern.ignoreCase);
      if (start !== null) {
        const table = start.skipBlanks ? afterBlanks : atStart;
        for (const char of start.firsts) addTo(table, char.charCodeAt(0), probe);
        continue;
      }
      const literals = requiredLiterals(pattern.source, pattern.ignoreCase);
      if (literals === null) always.push(probe);
      else entries.push(gateEntry(probe, literals, pattern.ignoreCase));
    }
  });
  return { rules, atStart, afterBlanks, gate: buildGate(entries), always };
}

function emptyDispatch(): Dispatch {
  return { ascii: new Array(128).fill(undefined), wide: new Map(), size: 0 };
}

function addTo(table: Dispatch, code: number, probe: Probe): void {
  const list = (code < 128 ? table.ascii[code] : table.wide.get(code)) ?? [];
  if (list.length === 0) {
    if (code < 128) table.ascii[code] = list;
    else table.wide.set(code, list);
  }
  list.push(probe);
  table.size++;
}

function lookup(table: Dispatch, code: number): Probe[] | undefined {
  return code < 128 ? table.ascii[code] : table.wide.get(code);
}

/**
 * Every (line, rule) match in lines[from, to), in line order; a rule appears at most once per
 * line, rules in load order. Wrapper lines are skipped: no rule may land on them.
 */
export function matchLines(matcher: Matcher, lines: LogLine[], from = 0, to = lines.length): Hit[] {
  const { gate, always, rules, atStart, afterBlanks } = matcher;
  const count = Math.max(0, to - from);
  const found: Array<Set<number> | undefined> = new Array(count);
  const run = (i: number, probes: Probe[] | undefined) => {
    const line = lines[from + i];
    if (probes !== undefined && line !== undefined && !line.wrapper) {
      found[i] = runAll(probes, line.text, found[i]);
    }
  };
  // The gate runs once over the joined lines (one automaton pass, not one per line); each
  // occurrence of a literal belongs to the line it starts on.
  const starts = new Int32Array(count + 1);
  const texts: string[] = new Array(count);
  let offset = 0;
  for (let i = 0; i < count; i++) {
    const text = (lines[from + i] as LogLine).text;
    texts[i] = text;
    starts[i] = offset;
    offset += text.length + 1;
    run(i, lookup(atStart, text.charCodeAt(0)));
    if (afterBlanks.size > 0) run(i, lookup(afterBlanks, text.charCodeAt(firstNonBlank(text))));
    if (always.length > 0) run(i, always);
  }
  starts[count] = offset;
  // One join instead of += in the loop: measured 124 ms against 186 ms on a 100 MB log.
  const joined = count > 0 ? `${texts.join("\n")}\n` : "";
  if (gate !== null) scanGate(gate, joined, starts, run);
  const hits: Hit[] = [];
  for (let i = 0; i < count; i++) {
    const matched = found[i];
    if (matched === undefined) continue;
    for (const rule of [...matched].sort((a, b) => a - b)) {
      const compiled = rules[rule];
      if (compiled !== undefined) hits.push({ index: from + i, rule: compiled });
    }
  }
  return hits;
}

/** Adds the rules of the probes that match `text` to `matched` (created on the first match). */
function runAll(probes: Probe[], text: string, matched: Set<number> | undefined) {
  let result = matched;
  for (const probe of probes) {
    if (result?.has(probe.rule) || !probe.pattern.test(text)) continue;
    result ??= new Set();
    result.add(probe.rule);
  }
  return result;
}

/** Index of the first character `\s` does not match (text.length when all are blank). */
function firstNonBlank(text: string): number {
  let at = 0;
  while (at < text.length && isBlank(text.charCodeAt(at))) at++;
  return at;
}

/** Exactly the characters of JavaScript's `\s`. */
function isBlank(code: number): boolean {
  if (code <= 32) return code === 32 || (code >= 9 && code <= 13);
  if (code < 160) return false;
  return (
    code === 160 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}
