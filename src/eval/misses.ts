/**
 * What rule writers read: each development-fold log the classifier got wrong, with the line it
 * picked and the first line of the gold chunk side by side. Fold 0 never gets here.
 */

import type { Classification } from "../domain/types.js";
import { cleanLine } from "../pipeline/classify/index.js";
import { testFold } from "./corpus.js";
import { EvalInputError } from "./errors.js";
import type { Outcome } from "./outcome.js";

/** One wrong verdict: which part was wrong and the two lines to compare. */
export interface Miss {
  corpus: Outcome["corpus"];
  id: string;
  fold: number | null;
  gold: { start: number | null; end: number | null; type: string; confidence: string };
  pred: { line: number | null; type: string; ruleId: string | null; confidence: number };
  lineMiss: boolean;
  typeMiss: boolean;
  predText: string;
  goldText: string;
}

/** Refuses any fold selection that includes the frozen test fold. */
export function assertNoTestFold(folds: number[]): void {
  if (folds.includes(testFold)) {
    throw new EvalInputError(
      "test-fold-hidden",
      "--misses shows log lines, so it only runs on development folds 1-4: fold 0 is the frozen " +
        "test set. Use --folds 1,2,3,4 (or a subset).",
    );
  }
}

/** The miss record for an outcome, or null when the verdict was right (type and line). */
export function missOf(outcome: Outcome, verdict: Classification, log: string): Miss | null {
  if (outcome.fold === testFold) return null;
  const lineMiss = outcome.hit !== null && !outcome.hit.hit1;
  const typeMiss = outcome.pred.type !== outcome.gold.type;
  if (!lineMiss && !typeMiss) return null;
  const { start, end, type, confidence } = outcome.gold;
  return {
    corpus: outcome.corpus,
    id: outcome.id,
    fold: outcome.fold,
    gold: { start, end, type, confidence },
    pred: {
      line: verdict.evidence[0]?.line ?? null,
      type: verdict.type,
      ruleId: verdict.ruleId,
      confidence: verdict.confidence,
    },
    lineMiss,
    typeMiss,
    predText: verdict.evidence[0]?.text ?? "",
    goldText: start === null ? "" : lineAt(log, start),
  };
}

/** Line `n` (1-based, lines end at `\n`) as the classifier sees it. */
function lineAt(log: string, n: number): string {
  let from = 0;
  for (let i = 1; i < n; i++) {
    const next = log.indexOf("\n", from);
    if (next === -1) return "";
    from = next + 1;
  }
  const end = log.indexOf("\n", from);
  return cleanLine(log.slice(from, end === -1 ? undefined : end)).trim();
}

const clip = (text: string, max = 160) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/**
 * Two or three lines per miss, sorted by id so a repository's repeats sit together:
 * `id  gold <span> <type>/<silver confidence>  →  <line> <type> [rule] <confidence>  (line✗ type✗)`
 * then the picked line and, when the line was wrong, the first line of the gold chunk.
 */
export function formatMisses(misses: Miss[]): string {
  const sorted = [...misses].sort(
    (a, b) => a.corpus.localeCompare(b.corpus) || a.id.localeCompare(b.id),
  );
  const lines = sorted.flatMap((m) => {
    const span = m.gold.start === m.gold.end ? `${m.gold.start}` : `${m.gold.start}-${m.gold.end}`;
    const wrong = [m.lineMiss ? "line✗" : "", m.typeMiss ? "type✗" : ""].filter(Boolean).join(" ");
    const where = m.fold === null ? m.corpus : `fold ${m.fold}`;
    const head =
      `${m.id} (${where})  gold ${span} ${m.gold.type}/${m.gold.confidence}  →  ` +
      `${m.pred.line ?? "-"} ${m.pred.type} [${m.pred.ruleId ?? "no rule"}] ${m.pred.confidence.toFixed(2)}  ${wrong}`;
    return [
      head,
      `    picked: ${m.pred.line === null ? "(no evidence)" : clip(m.predText)}`,
      ...(m.lineMiss ? [`    gold:   ${clip(m.goldText)}`] : []),
    ];
  });
  const lineMisses = misses.filter((m) => m.lineMiss).length;
  const typeMisses = misses.filter((m) => m.typeMiss).length;
  const total = `${misses.length} misses (${lineMisses} line, ${typeMisses} type)`;
  return [...lines, "", total, ...topConfusions(misses)].join("\n");
}

/** The most frequent gold → predicted type pairs among type misses: where a rule pays most. */
function topConfusions(misses: Miss[], top = 10): string[] {
  const counts = new Map<string, number>();
  for (const m of misses.filter((miss) => miss.typeMiss)) {
    const key = `${m.gold.type} → ${m.pred.type}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, top)
    .map(([pair, n]) => `  ${String(n).padStart(4)}  ${pair}`);
}
