// The retry benchmark's simulator (bench/contention-sim.ts) lives with the bench; its test lives
// here because vitest only collects src/ and test/.
import { describe, expect, it } from "vitest";
import { algorithms, runCell, simulate } from "../../bench/contention-sim.js";
import { seededRandom } from "../../bench/generate-log.js";

const byName = (name: string) => {
  const found = algorithms.find((a) => a.name === name);
  if (!found) throw new Error(`no algorithm ${name}`);
  return found;
};
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe("contention simulator", () => {
  it.each(algorithms.map((a) => [a.name, a] as const))("%s: one client writes once", (_, alg) => {
    const result = simulate({ clients: 1, algorithm: alg, random: seededRandom(7) });
    expect(result.calls).toBe(1);
    expect(result.successesPerClient).toEqual([1]);
    // Read, read response, write, write response: four network hops of ~10 ms.
    expect(result.completionMs).toBeGreaterThan(20);
    expect(result.completionMs).toBeLessThan(70);
  });

  it.each(algorithms.map((a) => [a.name, a] as const))(
    "%s: every one of 40 clients succeeds exactly once",
    (_, alg) => {
      for (let seed = 1; seed <= 5; seed++) {
        const result = simulate({ clients: 40, algorithm: alg, random: seededRandom(seed) });
        expect(result.successesPerClient).toEqual(new Array(40).fill(1));
        expect(result.finalVersion).toBe(40);
        expect(result.writesPerClient.every((w) => w >= 1)).toBe(true);
        expect(result.writesPerClient.reduce((a, b) => a + b, 0)).toBe(result.calls);
        expect(result.calls).toBeGreaterThanOrEqual(40);
        expect(result.completionMs).toBeGreaterThan(0);
      }
    },
  );

  it("replays the same run from the same seed", () => {
    const alg = byName("full jitter");
    const a = simulate({ clients: 30, algorithm: alg, random: seededRandom(3) });
    const b = simulate({ clients: 30, algorithm: alg, random: seededRandom(3) });
    expect(b).toEqual(a);
    expect(runCell(30, alg, 3, 9)).toEqual(runCell(30, alg, 3, 9));
  });

  it("backoff formulas stay in their ranges", () => {
    const random = seededRandom(11);
    const exp = byName("exponential").forClient(random, 5, 2000);
    expect([1, 2, 8, 9, 30].map(exp)).toEqual([10, 20, 1280, 2000, 2000]);
    const equal = byName("equal jitter").forClient(random, 5, 2000);
    const decorrelated = byName("decorrelated").forClient(random, 5, 2000);
    for (let n = 1; n <= 40; n++) {
      const t = Math.min(2000, 5 * 2 ** n);
      const e = equal(n);
      expect(e).toBeGreaterThanOrEqual(t / 2);
      expect(e).toBeLessThanOrEqual(t);
      const d = decorrelated(n);
      expect(d).toBeGreaterThanOrEqual(5);
      expect(d).toBeLessThanOrEqual(2000);
    }
  });

  // The benchmark's headline, small enough for the unit suite: if fullJitterDelay lost its
  // jitter, full jitter would behave like the exponential row and this would fail.
  it("full jitter does far less work and finishes far sooner than plain exponential", () => {
    const full = runCell(50, byName("full jitter"), 10, 42);
    const exp = runCell(50, byName("exponential"), 10, 42);
    expect(mean(full.calls)).toBeLessThan(0.75 * mean(exp.calls));
    expect(mean(full.completionMs)).toBeLessThan(0.25 * mean(exp.completionMs));
  });
});
