import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type BucketState, pruneBuckets, takeAt, takeAtKey } from "./token-bucket.js";

const slack = { perSecond: 1, burst: 3 };
const t0 = Date.parse("2026-11-23T12:00:00Z");
const at = (ms: number) => new Date(t0 + ms);

/** Schedules takes requested at the given offsets (ms, any order sorted) and returns their slots. */
function schedule(offsets: number[], rate = slack): { requested: number; slot: number }[] {
  let state: BucketState | null = null;
  return [...offsets]
    .sort((a, b) => a - b)
    .map((offset) => {
      const taken = takeAt(state, at(offset), rate);
      state = taken.state;
      return { requested: offset, slot: taken.at.getTime() - t0 };
    });
}

describe("takeAt", () => {
  it("lets a burst of 3 go at once, then one per second", () => {
    expect(schedule([0, 0, 0, 0, 0, 0]).map((s) => s.slot)).toEqual([0, 0, 0, 1000, 2000, 3000]);
  });

  it("refills while idle, up to the burst", () => {
    // Three at once, then 10 s of quiet: the next three go at once again, the fourth waits.
    expect(schedule([0, 0, 0, 10_000, 10_000, 10_000, 10_000]).map((s) => s.slot)).toEqual([
      0, 0, 0, 10_000, 10_000, 10_000, 11_000,
    ]);
  });

  it("with burst 1 spaces every take by the interval", () => {
    const slots = schedule([0, 100, 200], { perSecond: 2, burst: 1 }).map((s) => s.slot);
    expect(slots).toEqual([0, 500, 1000]);
  });

  it("rejects a rate that is not positive", () => {
    expect(() => takeAt(null, at(0), { perSecond: 0, burst: 3 })).toThrow(RangeError);
    expect(() => takeAt(null, at(0), { perSecond: 1, burst: 0 })).toThrow(RangeError);
  });

  const offsets = fc.array(fc.integer({ min: 0, max: 60_000 }), { minLength: 1, maxLength: 80 });
  const rates = fc.record({
    perSecond: fc.constantFrom(0.5, 1, 2, 5),
    burst: fc.integer({ min: 1, max: 5 }),
  });

  it("never schedules before the request, and keeps FIFO order", () => {
    fc.assert(
      fc.property(offsets, rates, (list, rate) => {
        const slots = schedule(list, rate);
        slots.forEach((s, i) => {
          expect(s.slot).toBeGreaterThanOrEqual(s.requested);
          if (i > 0) expect(s.slot).toBeGreaterThanOrEqual(slots[i - 1]?.slot ?? 0);
        });
      }),
    );
  });

  it("over any window schedules at most burst + rate × window takes", () => {
    fc.assert(
      fc.property(offsets, rates, (list, rate) => {
        const slots = schedule(list, rate).map((s) => s.slot);
        for (let i = 0; i < slots.length; i++) {
          for (let j = i; j < slots.length; j++) {
            const window = ((slots[j] ?? 0) - (slots[i] ?? 0)) / 1000;
            expect(j - i + 1).toBeLessThanOrEqual(rate.burst + rate.perSecond * window + 1e-9);
          }
        }
      }),
    );
  });

  it("delays a take no more than the window bound needs", () => {
    fc.assert(
      fc.property(offsets, rates, (list, rate) => {
        const slots = schedule(list, rate).map((s) => s.slot);
        const interval = 1000 / rate.perSecond;
        schedule(list, rate).forEach((s, i) => {
          if (s.slot === s.requested) return;
          // Delayed: some earlier take j makes the window [j, i] exactly full, so going any
          // earlier would put burst + rate × window + 1 takes in it.
          const binding = slots.slice(0, i).some((slot, j) => {
            const full = (i - j + 1 - rate.burst) * interval;
            return full > 0 && Math.abs(s.slot - slot - full) < 1e-6;
          });
          expect(binding).toBe(true);
        });
      }),
    );
  });
});

describe("keys", () => {
  it("keeps one bucket per key and prunes full ones", () => {
    let states: Record<string, BucketState> = {};
    const slots: number[] = [];
    for (const key of ["#a", "#a", "#a", "#a", "#b"]) {
      const taken = takeAtKey(states, key, at(0), slack);
      states = taken.states;
      slots.push(taken.at.getTime() - t0);
    }
    expect(slots).toEqual([0, 0, 0, 1000, 0]);
    expect(Object.keys(pruneBuckets(states, at(1500)))).toEqual(["#a"]);
    expect(pruneBuckets(states, at(10_000))).toEqual({});
  });
});
