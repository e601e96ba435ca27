/** Turns the outcomes of one subset (a fold, folds 1–4, a corpus) into its metrics. */
import { type Calibration, calibration } from "./calibration.js";
import { type ClassScores, classScores } from "./class-metrics.js";
import { type BinaryScores, binaryScores, pairwiseScores, type Rate, rate } from "./metrics.js";
import { type Outcome, passed } from "./outcome.js";

/** Accuracy and macro-F1 of a secondary task (category, action). */
export interface Headline {
  n: number;
  accuracy: number | null;
  macroF1: number | null;
}

/** Every number of one subset. Type, category and action are scored on silver `high` and `high+medium`. */
export interface SubsetMetrics {
  logs: number;
  bytes: number;
  line: { scored: number; hit1: Rate; hit3: Rate; near: Rate };
  type: { high: ClassScores; highMedium: ClassScores };
  category: { high: Headline; highMedium: Headline };
  action: { high: Headline; highMedium: Headline };
  retryable: BinaryScores;
  /** Null when the subset has no recurrence groups (PyTorch). */
  fingerprints: Omit<BinaryScores, "tn"> | null;
  /** Confidence against type correctness, on silver `high`. */
  calibration: Calibration;
  abstention: Rate;
  /** Right type and (where a gold line exists) evidence[0] on it: the regression pass count. */
  passed: Rate;
}

type Task = "type" | "category" | "action";

function scores(outcomes: Outcome[], task: Task): ClassScores {
  return classScores(outcomes.map((o) => ({ gold: o.gold[task], pred: o.pred[task] })));
}

function headline(outcomes: Outcome[], task: Task): Headline {
  const { n, accuracy, macroF1 } = scores(outcomes, task);
  return { n, accuracy: accuracy.rate, macroF1 };
}

/** Computes every metric of one subset; pure. */
export function summarize(outcomes: Outcome[]): SubsetMetrics {
  const high = outcomes.filter((o) => o.gold.confidence === "high");
  const highMedium = outcomes.filter((o) => o.gold.confidence !== "low");
  const hits = outcomes.flatMap((o) => (o.hit ? [o.hit] : []));
  const count = (pick: (o: Outcome) => boolean) => outcomes.filter(pick).length;
  const grouped = outcomes.filter((o) => o.gold.group !== null);
  return {
    logs: outcomes.length,
    bytes: outcomes.reduce((a, o) => a + o.bytes, 0),
    line: {
      scored: hits.length,
      hit1: rate(hits.filter((h) => h.hit1).length, hits.length),
      hit3: rate(hits.filter((h) => h.hit3).length, hits.length),
      near: rate(hits.filter((h) => h.near).length, hits.length),
    },
    type: { high: scores(high, "type"), highMedium: scores(highMedium, "type") },
    category: { high: headline(high, "category"), highMedium: headline(highMedium, "category") },
    action: { high: headline(high, "action"), highMedium: headline(highMedium, "action") },
    retryable: binaryScores(
      outcomes.map((o) => ({ gold: o.gold.retryable, pred: o.pred.retryable })),
    ),
    fingerprints:
      grouped.length === 0
        ? null
        : pairwiseScores(
            grouped.map((o) => ({
              block: o.repository,
              gold: o.gold.group ?? "",
              pred: o.pred.fingerprint,
            })),
          ),
    calibration: calibration(
      high.map((o) => ({ confidence: o.pred.confidence, correct: o.pred.type === o.gold.type })),
    ),
    abstention: rate(
      count((o) => o.pred.type === "unknown"),
      outcomes.length,
    ),
    passed: rate(count(passed), outcomes.length),
  };
}
