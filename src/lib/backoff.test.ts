import { describe, expect, it } from "vitest";
import { seededRandom } from "../../bench/generate-log.js";
import { fullJitterDelay } from "./backoff.js";

const base = 1000;
const cap = 60_000;
const samples = 10_000;

function sample(attempt: number, seed: number): number[] {
  const random = seededRandom(seed);
  return Array.from({ length: samples }, () => fullJitterDelay(attempt, base, cap, random()));
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

// Thresholds hold with a wide margin for any seed (the mean's standard error is 0.6 % of bound/2),
// but no-jitter (every delay = bound), a dropped cap or a halved range each break them.
describe("fullJitterDelay distribution", () => {
  it.each([0, 1, 3, 5])("attempt %i: uniform over [0, base·2^n)", (attempt) => {
    const bound = base * 2 ** attempt;
    const delays = sample(attempt, 1000 + attempt);
    expect(delays.every((d) => Number.isInteger(d) && d >= 0 && d < bound)).toBe(true);
    expect(new Set(delays).size).toBeGreaterThan(Math.min(1000, 0.9 * bound));
    expect(Math.abs(mean(delays) / (bound / 2) - 1)).toBeLessThan(0.03);
    expect(Math.max(...delays)).toBeGreaterThan(0.99 * bound);
    expect(Math.min(...delays)).toBeLessThan(0.01 * bound);
  });

  it.each([6, 10, 64, 2000])("attempt %i: the cap bounds the range", (attempt) => {
    const delays = sample(attempt, 2000 + attempt);
    expect(delays.every((d) => d >= 0 && d <= cap)).toBe(true);
    expect(new Set(delays).size).toBeGreaterThan(1000);
    expect(Math.abs(mean(delays) / (cap / 2) - 1)).toBeLessThan(0.03);
    expect(Math.max(...delays)).toBeGreaterThan(0.99 * cap);
  });

  it("maps random 0 to 0 and random just below 1 to just below the bound", () => {
    const belowOne = 1 - 2 ** -53;
    expect(fullJitterDelay(0, base, cap, 0)).toBe(0);
    expect(fullJitterDelay(50, base, cap, 0)).toBe(0);
    expect(fullJitterDelay(2, base, cap, belowOne)).toBe(4 * base - 1);
    expect(fullJitterDelay(50, base, cap, belowOne)).toBe(cap - 1);
  });

  it("treats a negative attempt as the first one", () => {
    expect(fullJitterDelay(-3, base, cap, 0.5)).toBe(fullJitterDelay(0, base, cap, 0.5));
  });
});
