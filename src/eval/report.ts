/** The eval's report as sections (headline, per fold, retryability, timing), for text or markdown. */
import { type CrossValidation, headlineMetrics } from "./cross-validation.js";
import { num, pct, pctOf, type Section, spread } from "./format.js";
import type { BinaryScores } from "./metrics.js";
import { detailSections } from "./report-detail.js";
import type { EvalResult } from "./run-eval.js";
import type { SubsetMetrics } from "./summarize.js";

/** A named column of the report. */
export interface Column {
  name: string;
  metrics: SubsetMetrics;
}

/** The subsets shown side by side: test fold, development folds, PyTorch fixtures. */
export function columns(result: EvalResult): Column[] {
  const { test, development } = result.logchunks;
  const devFolds = result.folds.filter((f) => f !== 0).join(",");
  return [
    ...(test ? [{ name: "fold 0 (test)", metrics: test }] : []),
    ...(development ? [{ name: `folds ${devFolds} (dev)`, metrics: development }] : []),
    { name: "PyTorch fixtures", metrics: result.pytorch },
  ];
}

const headlineRows: Array<[string, (m: SubsetMetrics) => string]> = [
  ["logs", (m) => String(m.logs)],
  ["line hit@1 (verified spans)", (m) => pctOf(m.line.hit1)],
  ["line hit@3", (m) => pctOf(m.line.hit3)],
  ["line near (±3)", (m) => pctOf(m.line.near)],
  ["type accuracy (silver high)", (m) => pctOf(m.type.high.accuracy)],
  ["type macro-F1 (high, types ≥5)", (m) => macro(m.type.high)],
  ["type accuracy (high+medium)", (m) => pctOf(m.type.highMedium.accuracy)],
  ["type macro-F1 (high+medium)", (m) => macro(m.type.highMedium)],
  ["category accuracy (high)", (m) => pct(m.category.high.accuracy)],
  ["action accuracy (high)", (m) => pct(m.action.high.accuracy)],
  [
    "retryable precision",
    (m) => `${pct(m.retryable.precision)} (${m.retryable.tp}/${m.retryable.tp + m.retryable.fp})`,
  ],
  [
    "retryable recall",
    (m) => `${pct(m.retryable.recall)} (${m.retryable.tp}/${m.retryable.tp + m.retryable.fn})`,
  ],
  ["retry FP: retried a persistent failure", (m) => String(m.retryable.fp)],
  ["retry FN: missed a transient one", (m) => String(m.retryable.fn)],
  ["fingerprint pairs P / R / F1", (m) => pairs(m)],
  ["type accuracy at confidence ≥0.8", (m) => confident(m)],
  ["expected calibration error", (m) => num(m.calibration.ece, 3)],
  ["abstention (unknown)", (m) => pctOf(m.abstention)],
  ["passed (type and line right)", (m) => pctOf(m.passed)],
];

function macro(scores: SubsetMetrics["type"]["high"]): string {
  const types = scores.macroLabels.length;
  return `${num(scores.macroF1)} (${types} type${types === 1 ? "" : "s"}, n=${scores.n})`;
}

function pairs(m: SubsetMetrics): string {
  const f = m.fingerprints;
  if (!f) return "–";
  return `${pct(f.precision)} / ${pct(f.recall)} / ${num(f.f1)} (tp ${f.tp}, fp ${f.fp}, fn ${f.fn})`;
}

function confident(m: SubsetMetrics): string {
  const { n, correct, accuracy } = m.calibration.atThreshold;
  return `${pct(accuracy)} (${correct}/${n})`;
}

function headline(cols: Column[]): Section {
  return {
    title: "Headline",
    note: "Type, category, action and calibration are scored on silver labels; PyTorch labels count as high.",
    rows: [
      ["metric", ...cols.map((c) => c.name)],
      ...headlineRows.map(([name, get]) => [name, ...cols.map((c) => get(c.metrics))]),
    ],
  };
}

// Rates as percentages; F1 and ECE as fractions, as in the headline table.
const foldColumns: Array<[string, keyof CrossValidation, "pct" | "num"]> = [
  ["hit@1", "hit1", "pct"],
  ["hit@3", "hit3", "pct"],
  ["near", "near", "pct"],
  ["type acc", "typeAccuracyHigh", "pct"],
  ["macro-F1", "typeMacroF1High", "num"],
  ["retry P", "retryPrecision", "pct"],
  ["retry R", "retryRecall", "pct"],
  ["fp F1", "fingerprintF1", "num"],
  ["acc≥0.8", "accuracyAtConfident", "pct"],
  ["ECE", "ece", "num"],
  ["unknown", "abstention", "pct"],
];

function perFold(result: EvalResult): Section {
  const { perFold: folds, crossValidation: cv } = result.logchunks;
  return {
    title: "LogChunks per fold (repository-grouped)",
    note: "type acc / macro-F1 on silver high; last row: mean ± sample sd over the folds shown.",
    rows: [
      ["fold", "logs", ...foldColumns.map(([name]) => name)],
      ...folds.map(({ fold, metrics }) => [
        String(fold),
        String(metrics.logs),
        ...foldColumns.map(([, key, kind]) =>
          (kind === "pct" ? pct : num)(headlineMetrics[key](metrics)),
        ),
      ]),
      ["mean ± sd", "", ...foldColumns.map(([, key, kind]) => spread(cv[key], kind))],
    ],
  };
}

function retryRow(name: string, s: BinaryScores): string[] {
  return [name, String(s.tp), String(s.fp), String(s.fn), pct(s.precision), pct(s.recall)];
}

function retryable(result: EvalResult, cols: Column[]): Section {
  return {
    title: "Retryable = yes",
    note: "FP = retried a persistent failure (a wasted run); FN = missed a transient one (a page).",
    rows: [
      ["subset", "TP", "FP", "FN", "precision", "recall"],
      ...cols.map((c) => retryRow(c.name, c.metrics.retryable)),
      retryRow("LogChunks (folds shown)", result.logchunks.all.retryable),
      retryRow("combined (LogChunks + PyTorch)", result.combinedRetryable),
    ],
  };
}

function timing(result: EvalResult): Section {
  const t = result.timing;
  return {
    title: "Timing",
    rows: [
      ["logs", "MB", "classify s", "MB/s", "wall s", "rules"],
      [
        String(t.logs),
        num(t.megabytes, 1),
        num(t.classifySeconds, 2),
        num(t.megabytesPerSecond, 1),
        num(t.wallSeconds, 2),
        String(result.rules),
      ],
    ],
  };
}

/** Every section of the report, in reading order. */
export function reportSections(result: EvalResult): Section[] {
  const cols = columns(result);
  return [
    headline(cols),
    perFold(result),
    retryable(result, cols),
    ...detailSections(cols),
    timing(result),
  ];
}
