import { describe, expect, it } from "vitest";
import { calibration } from "./calibration.js";

const items = [
  { confidence: 0.3, correct: false },
  { confidence: 0.3, correct: true },
  { confidence: 0.85, correct: true },
  { confidence: 0.85, correct: false },
  { confidence: 0.95, correct: true },
  { confidence: 1, correct: true },
];

describe("calibration", () => {
  it("bins by confidence and weighs |accuracy − confidence| by bin size", () => {
    const got = calibration(items);
    expect(got.bins.map((b) => [b.lo, b.hi, b.n, b.accuracy])).toEqual([
      [0, 0.5, 2, 0.5],
      [0.5, 0.8, 0, null],
      [0.8, 0.9, 2, 0.5],
      [0.9, 1, 2, 1],
    ]);
    expect(got.bins[3]?.meanConfidence).toBeCloseTo(0.975);
    expect(got.ece).toBeCloseTo((0.2 + 0.35 + 0.025) / 3);
    expect(got.atThreshold).toEqual({ n: 4, correct: 3, accuracy: 0.75 });
  });

  it.each([
    { confidence: 0.5, bin: 1 },
    { confidence: 0.8, bin: 2 },
    { confidence: 0.9, bin: 3 },
    { confidence: 1, bin: 3 },
    { confidence: 0, bin: 0 },
  ])("confidence $confidence falls in bin $bin (lower edge inclusive)", ({ confidence, bin }) => {
    const got = calibration([{ confidence, correct: true }]);
    expect(got.bins.findIndex((b) => b.n === 1)).toBe(bin);
  });

  it("is undefined on no items", () => {
    const got = calibration([]);
    expect(got.ece).toBeNull();
    expect(got.atThreshold.accuracy).toBeNull();
  });
});
