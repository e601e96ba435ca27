/**
 * Patterns tested together: a line costs the prefilter about one regex call per pattern it
 * runs, and most lines match none of the patterns their first characters select, so those
 * patterns are first tried as one union (`(?:a)|(?:b)|…`) and one by one only on a line the
 * union matched. A union matches exactly the lines one of its patterns matches; patterns that
 * would not keep their meaning inside one (back-references, named groups) stay alone.
 */
import type { Probe } from "./gates.js";

/** Probes and the one regex that matches whenever one of them does. */
export interface ProbeGroup {
  test: RegExp;
  probes: Probe[];
}

const unsafeInUnion = /\\[1-9k]|\(\?<[^=!]/;

/**
 * The probes in as few groups as keep unions fast: one per flag set, `^`-anchored patterns apart
 * from the rest (a union with one unanchored pattern is tried at every position of the line).
 */
export function groupsOf(probes: Probe[]): ProbeGroup[] {
  const groups: ProbeGroup[] = [];
  const byKind = new Map<string, Probe[]>();
  for (const probe of probes) {
    const { source, flags } = probe.pattern;
    if (unsafeInUnion.test(source)) {
      groups.push({ test: probe.pattern, probes: [probe] });
      continue;
    }
    const kind = `${flags}/${source.startsWith("^")}`;
    const list = byKind.get(kind) ?? [];
    byKind.set(kind, list);
    list.push(probe);
  }
  for (const list of byKind.values()) {
    const only = list.length === 1 ? list[0] : undefined;
    if (only !== undefined) {
      groups.push({ test: only.pattern, probes: list });
      continue;
    }
    const flags = list[0]?.pattern.flags ?? "";
    const union = list.map(({ pattern }) => `(?:${pattern.source})`).join("|");
    groups.push({ test: new RegExp(union, flags), probes: list });
  }
  return groups;
}
