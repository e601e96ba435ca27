/** Pure metric helpers for the eval: rates, line hits, binary and pairwise scores, mean ± sd. */

/** A share with its counts; `rate` is null when there is nothing to divide by. */
export interface Rate {
  hits: number;
  total: number;
  rate: number | null;
}

/** hits / total, keeping the counts (a percentage of 3 examples must show that it is 3). */
export function rate(hits: number, total: number): Rate {
  return { hits, total, rate: total === 0 ? null : hits / total };
}

/** Whether the evidence lands in the gold span: first line, any line, first line within ±slack. */
export interface LineHit {
  hit1: boolean;
  hit3: boolean;
  near: boolean;
}

/** Scores evidence line numbers (best first) against the 1-based gold span [start, end]. */
export function lineHit(evidence: number[], start: number, end: number, slack = 3): LineHit {
  const inside = (line: number, pad: number) => line >= start - pad && line <= end + pad;
  const first = evidence[0];
  return {
    hit1: first !== undefined && inside(first, 0),
    hit3: evidence.some((line) => inside(line, 0)),
    near: first !== undefined && inside(first, slack),
  };
}

/** Precision and recall of a yes/no prediction, with the confusion counts behind them. */
export interface BinaryScores {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
  precision: number | null;
  recall: number | null;
  f1: number | null;
}

/** Scores yes/no predictions; precision/recall are null when undefined (no predicted/gold yes). */
export function binaryScores(pairs: Array<{ gold: boolean; pred: boolean }>): BinaryScores {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  for (const { gold, pred } of pairs) {
    if (gold && pred) tp++;
    else if (pred) fp++;
    else if (gold) fn++;
    else tn++;
  }
  return { tp, fp, fn, tn, ...prf(tp, fp, fn) };
}

/** Precision, recall and F1 from counts; each is null when its denominator is zero. */
export function prf(tp: number, fp: number, fn: number) {
  const precision = tp + fp === 0 ? null : tp / (tp + fp);
  const recall = tp + fn === 0 ? null : tp / (tp + fn);
  // 2tp / (2tp + fp + fn) is the harmonic mean of P and R, and 0 (not undefined) when tp = 0.
  const f1 = tp + fp + fn === 0 ? null : (2 * tp) / (2 * tp + fp + fn);
  return { precision, recall, f1 };
}

/** One item for pairwise grouping scores: pairs are only formed within one `block`. */
export interface GroupedItem {
  block: string;
  gold: string;
  pred: string;
}

/** Pairwise precision/recall/F1 of predicted groups against gold groups, pairs within a block. */
export function pairwiseScores(items: GroupedItem[]): Omit<BinaryScores, "tn"> {
  const blocks = new Map<string, GroupedItem[]>();
  for (const item of items) blocks.set(item.block, [...(blocks.get(item.block) ?? []), item]);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const members of blocks.values()) {
    for (let i = 0; i < members.length; i++) {
      for (let j = i + 1; j < members.length; j++) {
        const a = members[i] as GroupedItem;
        const b = members[j] as GroupedItem;
        const gold = a.gold === b.gold;
        const pred = a.pred === b.pred;
        if (gold && pred) tp++;
        else if (pred) fp++;
        else if (gold) fn++;
      }
    }
  }
  return { tp, fp, fn, ...prf(tp, fp, fn) };
}

/** Mean and sample standard deviation of the defined values (null values are skipped). */
export function meanSd(values: Array<number | null>): {
  mean: number | null;
  sd: number | null;
  n: number;
} {
  const xs = values.filter((v): v is number => v !== null);
  if (xs.length === 0) return { mean: null, sd: null, n: 0 };
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  if (xs.length === 1) return { mean, sd: null, n: 1 };
  const variance = xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (xs.length - 1);
  return { mean, sd: Math.sqrt(variance), n: xs.length };
}
