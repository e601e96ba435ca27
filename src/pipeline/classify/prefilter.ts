/**
 * Fast rule matching. Testing every rule's patterns on every line is the classifier's hot loop,
 * so each pattern runs only on lines that can match it:
 *
 * - a `^`-anchored pattern (`^npm ERR!`, `^\s*● `) on lines whose first (non-blank) character
 *   is one its match can start with, found with one table look-up per line (anchors.ts);
 * - any other pattern on lines holding a literal it requires (literals.ts), found by one
 *   Aho–Corasick pass over each line's text in place (gates.ts);
 * - a pattern with neither on every line.
 *
 * The patterns a line's first characters select are tested as one union first (probe-groups.ts):
 * most lines match none, and one regex call is what a line costs. The result is exactly what
 * testing every pattern on every line would give.
 */
import { anchoredStart } from "./anchors.js";
import { isBlank } from "./clean-line.js";
import { buildGate, type Gate, type GateEntry, gateEntry, gateKeys, type Probe } from "./gates.js";
import { cleanedFlag, type LogLine, tableOf, wrapperFlag } from "./line-table.js";
import { requiredLiterals } from "./literals.js";
import { groupsOf, type ProbeGroup } from "./probe-groups.js";
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
  /** Probe groups by a line's first characters (see groupsFor), built as lines need them. */
  byStart: Map<number, ProbeGroup[]>;
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
      // Without a literal worth a gate key, a rare short one still beats testing every line.
      const literals =
        requiredLiterals(pattern.source, pattern.ignoreCase) ??
        requiredLiterals(pattern.source, pattern.ignoreCase, true);
      if (literals === null) always.push(probe);
      else entries.push(gateEntry(probe, literals, pattern.ignoreCase));
    }
  });
  return { rules, atStart, afterBlanks, gate: buildGate(entries), always, byStart: new Map() };
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
  const table = tableOf(lines);
  const { source, start, end, flags, cleaned } = table;
  const { gate, rules } = matcher;
  const keys: number[] = [];
  const hits: Hit[] = [];
  for (let i = Math.max(0, from); i < Math.min(to, table.count); i++) {
    const flag = flags[i] as number;
    if (flag & wrapperFlag) continue;
    // The line's text stays in the log (a span) until a pattern has to be run on it.
    let text = flag & cleanedFlag ? (cleaned[start[i] as number] as string) : null;
    const where = text ?? source;
    const s = text === null ? (start[i] as number) : 0;
    const e = text === null ? (end[i] as number) : where.length;
    let matched: Set<number> | undefined;
    const groups = groupsFor(matcher, where, s, e);
    for (const group of groups) {
      text ??= source.slice(s, e);
      if (group.test.test(text)) matched = runGroup(group, text, matched);
    }
    if (gate !== null) {
      if (keys.length > 0) keys.length = 0;
      gateKeys(gate, where, s, e, keys);
      for (const key of keys) {
        text ??= source.slice(s, e);
        matched = runAll(gate.probes[key] ?? [], text, matched);
      }
    }
    if (matched === undefined) continue;
    for (const rule of [...matched].sort((a, b) => a - b)) {
      const compiled = rules[rule];
      if (compiled !== undefined) hits.push({ index: i, rule: compiled });
    }
  }
  return hits;
}

/**
 * The probe groups a line starting at text[from] selects: the patterns anchored at its first
 * character and at its first non-blank one, and those with neither a start nor a literal.
 */
function groupsFor(matcher: Matcher, text: string, from: number, to: number): ProbeGroup[] {
  const first = from < to ? text.charCodeAt(from) : -1;
  let nonBlank = first;
  if (first !== -1 && isBlank(first)) {
    let at = from + 1;
    while (at < to && isBlank(text.charCodeAt(at))) at++;
    nonBlank = at < to ? text.charCodeAt(at) : -1;
  }
  const key = first === nonBlank ? first : first * 65536 + nonBlank;
  let groups = matcher.byStart.get(key);
  if (groups === undefined) {
    const probes = [
      ...(lookup(matcher.atStart, first) ?? []),
      ...(lookup(matcher.afterBlanks, nonBlank) ?? []),
      ...matcher.always,
    ];
    groups = groupsOf(probes);
    matcher.byStart.set(key, groups);
  }
  return groups;
}

/** Adds the rules of the group's probes that match `text` (its union matched it). */
function runGroup(group: ProbeGroup, text: string, matched: Set<number> | undefined) {
  if (group.probes.length > 1) return runAll(group.probes, text, matched);
  const result = matched ?? new Set<number>();
  result.add((group.probes[0] as Probe).rule);
  return result;
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
