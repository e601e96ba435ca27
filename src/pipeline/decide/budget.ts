/**
 * Codegen's monthly budget, paced evenly through the UTC calendar month (prior art b4, Gitar's
 * "ideal pace"): a burst early in the month cannot spend what later weeks need. Pure.
 */

export interface BudgetPace {
  monthlyBudget: number;
  runsThisMonth: number;
  /** Runs the pace allows by `now`: ceil(budget × elapsed fraction), at least 1 for a budget. */
  allowedByNow: number;
  /** Elapsed fraction of the month, 0 ≤ f < 1. */
  elapsed: number;
  /** Whether another run would go over the pace (or there is no budget at all). */
  exhausted: boolean;
}

export function paceBudget(monthlyBudget: number, runsThisMonth: number, now: Date): BudgetPace {
  const elapsed = monthElapsed(now);
  // The floor of 1 lets the first run of a month through at 00:00 on the 1st.
  const allowedByNow = monthlyBudget > 0 ? Math.max(1, Math.ceil(monthlyBudget * elapsed)) : 0;
  return {
    monthlyBudget,
    runsThisMonth,
    allowedByNow,
    elapsed,
    exhausted: monthlyBudget === 0 || runsThisMonth >= allowedByNow,
  };
}

/** Fraction of the current UTC calendar month that has passed at `now`. */
export function monthElapsed(now: Date): number {
  const start = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
  const end = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1);
  return (now.getTime() - start) / (end - start);
}
