/** Pure confidence-calibration scores: accuracy per confidence bin and expected calibration error. */

/** One confidence bin [lo, hi) (the last bin includes hi). */
export interface CalibrationBin {
  lo: number;
  hi: number;
  n: number;
  accuracy: number | null;
  meanConfidence: number | null;
}

/** Per-bin accuracy, the ECE over those bins, and accuracy at or above a confidence threshold. */
export interface Calibration {
  bins: CalibrationBin[];
  /** Σ over bins of (n_bin / n) · |accuracy − mean confidence|. */
  ece: number | null;
  threshold: number;
  atThreshold: { n: number; correct: number; accuracy: number | null };
}

/** Bin edges used by default: most verdicts sit high, so the top is split finer. */
export const defaultCalibrationEdges = [0, 0.5, 0.8, 0.9, 1];

/** Scores (confidence, correct) items; confidences outside [0, 1] are clamped into the end bins. */
export function calibration(
  items: Array<{ confidence: number; correct: boolean }>,
  edges: number[] = defaultCalibrationEdges,
  threshold = 0.8,
): Calibration {
  const bins = edges.slice(0, -1).map((lo, i) => {
    const hi = edges[i + 1] as number;
    const last = i === edges.length - 2;
    const inBin = items.filter(({ confidence: c }) => (i === 0 || c >= lo) && (last || c < hi));
    return summarizeBin(lo, hi, inBin);
  });
  const total = items.length;
  const ece =
    total === 0
      ? null
      : bins.reduce(
          (sum, bin) =>
            sum + (bin.n / total) * Math.abs((bin.accuracy ?? 0) - (bin.meanConfidence ?? 0)),
          0,
        );
  const confident = items.filter((item) => item.confidence >= threshold);
  const correct = confident.filter((item) => item.correct).length;
  return {
    bins,
    ece,
    threshold,
    atThreshold: {
      n: confident.length,
      correct,
      accuracy: confident.length === 0 ? null : correct / confident.length,
    },
  };
}

function summarizeBin(
  lo: number,
  hi: number,
  items: Array<{ confidence: number; correct: boolean }>,
): CalibrationBin {
  const n = items.length;
  if (n === 0) return { lo, hi, n, accuracy: null, meanConfidence: null };
  const correct = items.filter((item) => item.correct).length;
  const confidence = items.reduce((a, item) => a + item.confidence, 0);
  return { lo, hi, n, accuracy: correct / n, meanConfidence: confidence / n };
}
