/** Pure multi-class scores: accuracy, per-class precision/recall, macro-F1, confusion matrix. */
import { prf, type Rate, rate } from "./metrics.js";

/** Scores of one class (type, category or action). */
export interface ClassRow {
  label: string;
  /** Gold examples of the class. */
  support: number;
  /** Examples predicted as the class. */
  predicted: number;
  tp: number;
  precision: number | null;
  recall: number | null;
  f1: number | null;
}

/** Gold × predicted counts; `labels` orders both the rows (gold) and the columns (predicted). */
export interface Confusion {
  labels: string[];
  rows: number[][];
}

/** Everything about one labelling task on one subset. */
export interface ClassScores {
  n: number;
  accuracy: Rate;
  /** Mean F1 over `macroLabels`: the classes with at least `minSupport` gold examples. */
  macroF1: number | null;
  macroLabels: string[];
  perClass: ClassRow[];
  confusion: Confusion;
}

/** The classes in display order: most gold examples first, then predicted-only classes. */
function orderLabels(pairs: Array<{ gold: string; pred: string }>): string[] {
  const support = countBy(pairs.map((p) => p.gold));
  const gold = [...support.keys()].sort(
    (a, b) => (support.get(b) ?? 0) - (support.get(a) ?? 0) || a.localeCompare(b),
  );
  const predictedOnly = [...new Set(pairs.map((p) => p.pred))].filter((l) => !support.has(l));
  return [...gold, ...predictedOnly.sort()];
}

function countBy(values: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}

/**
 * Scores (gold, predicted) label pairs. Macro-F1 averages only classes with ≥ `minSupport` gold
 * examples, since F1 of a class seen once or twice is noise; their precision still counts every
 * prediction of that class, including predictions on examples of rarer classes.
 */
export function classScores(
  pairs: Array<{ gold: string; pred: string }>,
  minSupport = 5,
): ClassScores {
  const labels = orderLabels(pairs);
  const index = new Map(labels.map((label, i) => [label, i]));
  const rows = labels.map(() => labels.map(() => 0));
  for (const { gold, pred } of pairs) {
    const row = rows[index.get(gold) ?? 0];
    const col = index.get(pred) ?? 0;
    if (row) row[col] = (row[col] ?? 0) + 1;
  }
  const perClass = labels.map((label, i) => classRow(label, i, rows));
  const macroRows = perClass.filter((row) => row.support >= minSupport);
  const f1s = macroRows.map((row) => row.f1 ?? 0);
  const correct = pairs.filter((p) => p.gold === p.pred).length;
  return {
    n: pairs.length,
    accuracy: rate(correct, pairs.length),
    macroF1: f1s.length === 0 ? null : f1s.reduce((a, b) => a + b, 0) / f1s.length,
    macroLabels: macroRows.map((row) => row.label),
    perClass,
    confusion: { labels, rows },
  };
}

function classRow(label: string, i: number, rows: number[][]): ClassRow {
  const support = (rows[i] ?? []).reduce((a, b) => a + b, 0);
  const predicted = rows.reduce((a, row) => a + (row[i] ?? 0), 0);
  const tp = rows[i]?.[i] ?? 0;
  return { label, support, predicted, tp, ...prf(tp, predicted - tp, support - tp) };
}
