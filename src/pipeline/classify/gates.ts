/**
 * The prefilter's gates: a few regexes of literals that the patterns require. A line is tested
 * against a pattern only when a gate finds one of that pattern's literals in it.
 */
import { gatePiece } from "./literals.js";

/** One pattern of one rule (`rule` indexes the RuleSet). */
export interface Probe {
  rule: number;
  pattern: RegExp;
}

/** A literal to look for, and whether it may appear in any case. */
export interface Key {
  literal: string;
  ignoreCase: boolean;
}

/** One gate: a regex of literals and the probes that need them, by the literal lower-cased. */
export interface Gate {
  regex: RegExp;
  probes: Map<string, Probe[]>;
  /** Keys that may match at the same position as the one found (see buildGates). */
  also: Map<string, Key[]>;
}

/** A pattern with the literals one of which every match contains. */
export interface GateEntry {
  probe: Probe;
  literals: string[];
  ignoreCase: boolean;
}

/** The piece of each literal worth looking for (see gatePiece). */
export function gateEntry(probe: Probe, literals: string[], ignoreCase: boolean): GateEntry {
  return {
    probe,
    literals: literals.map((literal) => gatePiece(literal, ignoreCase) ?? literal),
    ignoreCase,
  };
}

export function buildGates(entries: GateEntry[]): Gate[] {
  const keys = minimalKeys(
    entries.flatMap(({ literals, ignoreCase }) =>
      literals.map((literal) => ({ literal, ignoreCase })),
    ),
  );
  const groups = new Map<string, string[]>();
  const probes = new Map<string, Probe[]>();
  for (const key of keys) {
    const spelled = key.ignoreCase ? caseClasses(key.literal) : escapeRegExp(key.literal);
    const group = gateGroup(key);
    groups.set(group, [...(groups.get(group) ?? []), spelled]);
    probes.set(key.literal.toLowerCase(), []);
  }
  for (const { probe, literals, ignoreCase } of entries) {
    for (const literal of literals) {
      const key = keys.find((k) => covers(k, { literal, ignoreCase }));
      const list = key && probes.get(key.literal.toLowerCase());
      if (list && !list.includes(probe)) list.push(probe);
    }
  }
  // A regex reports one alternative per position. Two keys can match at the same position only
  // when one is a prefix of the other ignoring case (a case-sensitive `TS` and a case-insensitive
  // `tsx`): the one found then checks the other.
  const also = new Map<string, Key[]>();
  for (const a of keys) {
    const la = a.literal.toLowerCase();
    const others = keys.filter((b) => {
      const lb = b.literal.toLowerCase();
      return b !== a && (la.startsWith(lb) || lb.startsWith(la));
    });
    if (others.length > 0) also.set(la, others);
  }
  return [...groups.values()].map((group) => ({
    regex: new RegExp(group.join("|"), "g"),
    probes,
    also,
  }));
}

/** Whether every text holding `longer` holds `shorter` (so looking for `shorter` suffices). */
function covers(shorter: Key, longer: Key): boolean {
  if (!shorter.ignoreCase) return !longer.ignoreCase && longer.literal.includes(shorter.literal);
  return longer.literal.toLowerCase().includes(shorter.literal.toLowerCase());
}

/** The fewest keys that cover every literal. */
function minimalKeys(literals: Key[]): Key[] {
  const unique = [...new Map(literals.map((k) => [`${k.ignoreCase}:${k.literal}`, k])).values()];
  const sorted = unique.sort(
    (a, b) => a.literal.length - b.literal.length || Number(b.ignoreCase) - Number(a.ignoreCase),
  );
  const keys: Key[] = [];
  for (const key of sorted) if (!keys.some((k) => covers(k, key))) keys.push(key);
  return keys;
}

/**
 * Which gate a key joins. V8 skips through a subject by the first characters an alternation can
 * start with, which only pays when that set is small and rare; measured on CI logs, four gates
 * by kind of first character beat one gate of everything by a factor of two.
 */
function gateGroup(key: Key): string {
  const first = key.literal.charCodeAt(0);
  const upper = first >= 65 && first <= 90;
  const lower = first >= 97 && first <= 122;
  if (key.ignoreCase && (upper || lower)) return "letter-any-case";
  if (upper || first >= 128) return "upper-or-symbol";
  return lower ? "lower" : "punctuation-or-digit";
}

/**
 * A case-insensitive literal spelled out as classes (`[hH][tT]…`): V8's `i` flag is several
 * times slower on long subjects than a case-sensitive regex.
 */
function caseClasses(text: string): string {
  let source = "";
  for (const char of text) {
    const lower = char.toLowerCase();
    const upper = char.toUpperCase();
    source += lower === upper ? escapeRegExp(char) : `[${lower}${upper}]`;
  }
  return source;
}

function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/-]/g, "\\$&");
}

/**
 * Runs the probes of every gate key found in `joined` (the lines of `lines[from…]` joined with
 * "\n", line i starting at starts[i]) and records the rules that match, per line.
 */
export function scanGate(
  gate: Gate,
  joined: string,
  starts: Int32Array,
  run: (line: number, probes: Probe[] | undefined) => void,
): void {
  const { regex } = gate;
  regex.lastIndex = 0;
  let line = 0;
  let match = regex.exec(joined);
  while (match !== null) {
    const at = match.index;
    while ((starts[line + 1] ?? Number.POSITIVE_INFINITY) <= at) line++;
    const key = match[0].toLowerCase();
    run(line, gate.probes.get(key));
    for (const other of gate.also.get(key) ?? []) {
      const text = joined.slice(at, at + other.literal.length);
      const same = other.ignoreCase
        ? text.toLowerCase() === other.literal.toLowerCase()
        : text === other.literal;
      if (same) run(line, gate.probes.get(other.literal.toLowerCase()));
    }
    regex.lastIndex = at + 1;
    match = regex.exec(joined);
  }
}
