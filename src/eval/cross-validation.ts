/** Mean ± sd across folds of the headline numbers, for trend tracking (classification.md §6). */
import { meanSd } from "./metrics.js";
import type { SubsetMetrics } from "./summarize.js";

/** One headline number across folds. */
export interface Spread {
  mean: number | null;
  sd: number | null;
  n: number;
}

/** The headline numbers, each as mean ± sd over the folds. */
export type CrossValidation = Record<keyof typeof headlineMetrics, Spread>;

/** Headline numbers and how to read each from a fold's metrics. */
export const headlineMetrics = {
  hit1: (m: SubsetMetrics) => m.line.hit1.rate,
  hit3: (m: SubsetMetrics) => m.line.hit3.rate,
  near: (m: SubsetMetrics) => m.line.near.rate,
  typeAccuracyHigh: (m: SubsetMetrics) => m.type.high.accuracy.rate,
  typeMacroF1High: (m: SubsetMetrics) => m.type.high.macroF1,
  retryPrecision: (m: SubsetMetrics) => m.retryable.precision,
  retryRecall: (m: SubsetMetrics) => m.retryable.recall,
  fingerprintF1: (m: SubsetMetrics) => m.fingerprints?.f1 ?? null,
  accuracyAtConfident: (m: SubsetMetrics) => m.calibration.atThreshold.accuracy,
  ece: (m: SubsetMetrics) => m.calibration.ece,
  abstention: (m: SubsetMetrics) => m.abstention.rate,
} as const;

const headlineKeys = Object.keys(headlineMetrics) as Array<keyof typeof headlineMetrics>;

/** Mean ± sample sd of each headline number over the given folds (undefined values skipped). */
export function crossValidation(folds: SubsetMetrics[]): CrossValidation {
  const entries = headlineKeys.map((key) => [key, meanSd(folds.map(headlineMetrics[key]))]);
  return Object.fromEntries(entries) as CrossValidation;
}
