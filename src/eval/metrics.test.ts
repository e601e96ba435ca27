import { describe, expect, it } from "vitest";
import { binaryScores, lineHit, meanSd, pairwiseScores, prf, rate } from "./metrics.js";

describe("rate", () => {
  it.each([
    [1, 4, 0.25],
    [0, 0, null],
    [3, 3, 1],
  ])("%i/%i → %s", (hits, total, expected) => {
    expect(rate(hits, total)).toEqual({ hits, total, rate: expected });
  });
});

describe("lineHit", () => {
  it.each([
    { evidence: [12], span: [10, 14], hit1: true, hit3: true, near: true },
    { evidence: [9, 12], span: [10, 14], hit1: false, hit3: true, near: true },
    { evidence: [7], span: [10, 14], hit1: false, hit3: false, near: true },
    { evidence: [6], span: [10, 14], hit1: false, hit3: false, near: false },
    { evidence: [17], span: [10, 14], hit1: false, hit3: false, near: true },
    { evidence: [1, 2, 10], span: [10, 10], hit1: false, hit3: true, near: false },
    { evidence: [], span: [10, 14], hit1: false, hit3: false, near: false },
  ])("$evidence in $span", ({ evidence, span, hit1, hit3, near }) => {
    expect(lineHit(evidence, span[0] as number, span[1] as number)).toEqual({ hit1, hit3, near });
  });
});

describe("prf and binaryScores", () => {
  it.each([
    { tp: 2, fp: 2, fn: 0, precision: 0.5, recall: 1, f1: 2 / 3 },
    { tp: 0, fp: 0, fn: 3, precision: null, recall: 0, f1: 0 },
    { tp: 0, fp: 0, fn: 0, precision: null, recall: null, f1: null },
  ])("tp $tp fp $fp fn $fn", ({ tp, fp, fn, precision, recall, f1 }) => {
    const got = prf(tp, fp, fn);
    expect(got.precision).toBe(precision);
    expect(got.recall).toBe(recall);
    if (f1 === null) expect(got.f1).toBeNull();
    else expect(got.f1).toBeCloseTo(f1, 10);
  });

  it("counts the four cells of yes/no predictions", () => {
    const pairs = [
      { gold: true, pred: true },
      { gold: false, pred: true },
      { gold: true, pred: false },
      { gold: true, pred: false },
      { gold: false, pred: false },
    ];
    expect(binaryScores(pairs)).toEqual({
      tp: 1,
      fp: 1,
      fn: 2,
      tn: 1,
      precision: 0.5,
      recall: 1 / 3,
      f1: 0.4,
    });
  });
});

describe("pairwiseScores", () => {
  it("scores the 6 pairs of 4 items: 1 TP (ab), 2 FP (ac, bc), 1 FN (cd)", () => {
    const items = [
      { block: "r", gold: "A", pred: "x" },
      { block: "r", gold: "A", pred: "x" },
      { block: "r", gold: "B", pred: "x" },
      { block: "r", gold: "B", pred: "y" },
    ];
    const got = pairwiseScores(items);
    expect([got.tp, got.fp, got.fn]).toEqual([1, 2, 1]);
    expect(got.precision).toBeCloseTo(1 / 3);
    expect(got.recall).toBeCloseTo(1 / 2);
    expect(got.f1).toBeCloseTo(0.4);
  });

  it("forms no pairs across blocks (repositories)", () => {
    const items = [
      { block: "r1", gold: "A", pred: "x" },
      { block: "r2", gold: "A", pred: "x" },
      { block: "r2", gold: "B", pred: "x" },
    ];
    expect(pairwiseScores(items)).toMatchObject({ tp: 0, fp: 1, fn: 0, precision: 0 });
  });
});

describe("meanSd", () => {
  it.each([
    { values: [1, 2, 3, 4], mean: 2.5, sd: Math.sqrt(5 / 3), n: 4 },
    { values: [0.5, null, 0.5], mean: 0.5, sd: 0, n: 2 },
    { values: [7], mean: 7, sd: null, n: 1 },
    { values: [null], mean: null, sd: null, n: 0 },
  ])("$values", ({ values, mean, sd, n }) => {
    const got = meanSd(values);
    expect(got.n).toBe(n);
    expect(got.mean).toBe(mean);
    if (sd === null) expect(got.sd).toBeNull();
    else expect(got.sd).toBeCloseTo(sd);
  });
});
