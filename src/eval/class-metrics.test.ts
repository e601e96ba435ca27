import { describe, expect, it } from "vitest";
import { classScores } from "./class-metrics.js";

// Confusion (rows gold, columns predicted), labels A B C: A [2 1 0], B [0 1 1], C [1 0 1].
const threeByThree = [
  { gold: "A", pred: "A" },
  { gold: "A", pred: "A" },
  { gold: "A", pred: "B" },
  { gold: "B", pred: "B" },
  { gold: "B", pred: "C" },
  { gold: "C", pred: "C" },
  { gold: "C", pred: "A" },
];

describe("classScores", () => {
  it("scores a 3×3 case: accuracy, per-class P/R/F1, macro-F1, confusion", () => {
    const got = classScores(threeByThree, 1);
    expect(got.accuracy).toEqual({ hits: 4, total: 7, rate: 4 / 7 });
    expect(got.confusion).toEqual({
      labels: ["A", "B", "C"],
      rows: [
        [2, 1, 0],
        [0, 1, 1],
        [1, 0, 1],
      ],
    });
    const rows = Object.fromEntries(got.perClass.map((r) => [r.label, r]));
    expect(rows.A).toMatchObject({ support: 3, predicted: 3, tp: 2 });
    expect(rows.A?.f1).toBeCloseTo(2 / 3);
    expect(rows.B).toMatchObject({ support: 2, predicted: 2, precision: 0.5, recall: 0.5 });
    expect(rows.C).toMatchObject({ support: 2, predicted: 2, precision: 0.5, recall: 0.5 });
    expect(got.macroF1).toBeCloseTo((2 / 3 + 0.5 + 0.5) / 3);
    expect(got.macroLabels).toEqual(["A", "B", "C"]);
  });

  it.each([
    { minSupport: 3, macroLabels: ["A"], macroF1: 2 / 3 },
    { minSupport: 2, macroLabels: ["A", "B", "C"], macroF1: (2 / 3 + 1) / 3 },
    { minSupport: 4, macroLabels: [], macroF1: null },
  ])("macro-F1 only over classes with ≥ $minSupport gold examples", (c) => {
    const got = classScores(threeByThree, c.minSupport);
    expect(got.macroLabels).toEqual(c.macroLabels);
    if (c.macroF1 === null) expect(got.macroF1).toBeNull();
    else expect(got.macroF1).toBeCloseTo(c.macroF1);
  });

  it("lists predicted-only classes after the gold ones, with precision 0", () => {
    const got = classScores([
      { gold: "lint", pred: "unknown" },
      { gold: "lint", pred: "lint" },
    ]);
    expect(got.confusion.labels).toEqual(["lint", "unknown"]);
    expect(got.perClass[1]).toMatchObject({ label: "unknown", support: 0, predicted: 1 });
    expect(got.perClass[1]?.precision).toBe(0);
    expect(got.perClass[1]?.recall).toBeNull();
  });

  it("handles an empty subset", () => {
    const got = classScores([]);
    expect(got.accuracy.rate).toBeNull();
    expect(got.macroF1).toBeNull();
  });
});
