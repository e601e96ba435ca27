/**
 * The prefilter's gate: one Aho–Corasick automaton over the literals that the patterns require.
 * A line is tested against a pattern only when the gate finds one of that pattern's literals in
 * it; the automaton reads each line's text where it lies in the log, never a copy.
 */
import { type AhoCorasick, buildAhoCorasick, literalsIn } from "./aho-corasick.js";
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

/** The gate: an automaton over the keys and, by key id, the probes that need each key. */
export interface Gate {
  automaton: AhoCorasick;
  probes: Probe[][];
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

/** The gate of `entries`, or null when no pattern needs one. */
export function buildGate(entries: GateEntry[]): Gate | null {
  const keys = minimalKeys(
    entries.flatMap(({ literals, ignoreCase }) =>
      literals.map((literal) => ({ literal, ignoreCase })),
    ),
  );
  if (keys.length === 0) return null;
  const probes: Probe[][] = keys.map(() => []);
  for (const { probe, literals, ignoreCase } of entries) {
    for (const literal of literals) {
      const list = probes[keys.findIndex((k) => covers(k, { literal, ignoreCase }))];
      if (list && !list.includes(probe)) list.push(probe);
    }
  }
  const automaton = buildAhoCorasick(
    keys.map(({ literal, ignoreCase }) => ({ text: literal, ignoreCase })),
  );
  return { automaton, probes };
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

/** Adds to `keys` the id of each gate key that occurs in text[from, to) (each once). */
export function gateKeys(gate: Gate, text: string, from: number, to: number, keys: number[]): void {
  literalsIn(gate.automaton, text, from, to, keys);
}
