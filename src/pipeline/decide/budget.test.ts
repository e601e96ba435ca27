import { describe, expect, it } from "vitest";
import { monthElapsed, paceBudget } from "./budget.js";

describe("pipeline/decide/budget", () => {
  it.each([
    // now, monthly budget, runs this month, allowed by now, exhausted
    ["2026-12-01T00:00:00.000Z", 200, 0, 1, false], // 31-day month, first instant: floor of 1
    ["2026-12-01T00:00:00.000Z", 200, 1, 1, true],
    ["2026-12-01T06:00:00.000Z", 200, 0, 2, false], // 6h of 744h: ceil(1.61)
    ["2026-12-16T12:00:00.000Z", 200, 99, 100, false], // exactly half of 31 days
    ["2026-12-16T12:00:00.000Z", 200, 100, 100, true],
    ["2026-12-31T23:59:59.000Z", 200, 199, 200, false], // end of the month: all of it
    ["2026-12-31T23:59:59.000Z", 200, 200, 200, true],
    ["2027-02-01T00:00:00.000Z", 28, 0, 1, false], // 28-day month, start
    ["2027-02-15T00:00:00.000Z", 28, 13, 14, false], // 14 of 28 days
    ["2027-02-15T00:00:00.000Z", 28, 14, 14, true],
    ["2027-02-28T23:00:00.000Z", 28, 27, 28, false], // last hour of February
    ["2026-12-16T12:00:00.000Z", 0, 0, 0, true], // no budget at all
    ["2026-12-16T12:00:00.000Z", 1, 0, 1, false],
  ] as const)("%s, budget %i, %i used: %i allowed", (now, budget, used, allowed, exhausted) => {
    const pace = paceBudget(budget, used, new Date(now));

    expect(pace.allowedByNow).toBe(allowed);
    expect(pace.exhausted).toBe(exhausted);
  });

  it.each([
    ["2026-12-01T00:00:00.000Z", 0],
    ["2026-12-16T12:00:00.000Z", 0.5],
    ["2027-02-15T00:00:00.000Z", 0.5],
    ["2028-02-15T12:00:00.000Z", 0.5], // leap February: 29 days
  ] as const)("monthElapsed(%s) = %d", (now, fraction) => {
    expect(monthElapsed(new Date(now))).toBeCloseTo(fraction, 10);
  });
});
