/** Detail sections of the report: calibration bins, per-type scores and confusion matrices. */
import type { ClassScores } from "./class-metrics.js";
import { num, pct, type Section, shortLabel } from "./format.js";
import type { Column } from "./report.js";

function calibrationSection(cols: Column[]): Section {
  const bins = cols[0]?.metrics.calibration.bins ?? [];
  const last = bins.length - 1;
  const label = (lo: number, hi: number, i: number) => `[${lo}, ${hi}${i === last ? "]" : ")"}`;
  return {
    title: "Calibration (type correct vs confidence, silver high)",
    note: "Each cell: verdicts in the bin, their type accuracy, their mean confidence. Target: ≥90% at ≥0.8.",
    rows: [
      ["confidence", ...cols.map((c) => c.name)],
      ...bins.map((bin, i) => [
        label(bin.lo, bin.hi, i),
        ...cols.map((c) => {
          const b = c.metrics.calibration.bins[i];
          return b ? `${b.n} · ${pct(b.accuracy)} · ${num(b.meanConfidence)}` : "–";
        }),
      ]),
      ["ECE", ...cols.map((c) => num(c.metrics.calibration.ece, 3))],
    ],
  };
}

function perTypeSection(name: string, scores: ClassScores): Section {
  const macro = new Set(scores.macroLabels);
  return {
    title: `Per type: ${name} (silver high)`,
    note: "* = in the macro-F1 (≥5 gold examples).",
    rows: [
      ["type", "gold", "predicted", "precision", "recall", "F1"],
      ...scores.perClass.map((row) => [
        `${row.label}${macro.has(row.label) ? " *" : ""}`,
        String(row.support),
        String(row.predicted),
        pct(row.precision),
        pct(row.recall),
        num(row.f1),
      ]),
    ],
  };
}

function confusionSection(name: string, scores: ClassScores): Section {
  const { labels, rows } = scores.confusion;
  return {
    title: `Confusion: ${name} (silver high; rows gold, columns predicted)`,
    rows: [
      ["gold \\ predicted", ...labels.map(shortLabel)],
      // Predicted-only classes keep their column but get no (all-zero) row.
      ...labels.flatMap((label, i) => {
        const row = rows[i] ?? [];
        if (row.every((count) => count === 0)) return [];
        return [[label, ...row.map((count) => (count === 0 ? "." : String(count)))]];
      }),
    ],
  };
}

/** Calibration, then per-type scores and the confusion matrix of every column. */
export function detailSections(cols: Column[]): Section[] {
  return [
    calibrationSection(cols),
    ...cols.flatMap((c) => [
      perTypeSection(c.name, c.metrics.type.high),
      confusionSection(c.name, c.metrics.type.high),
    ]),
  ];
}
