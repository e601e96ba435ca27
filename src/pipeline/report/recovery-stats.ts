import type { RecoveryStrategy } from "../../domain/escalation.js";
import type { Incident } from "../../domain/types.js";

/** How one recovery strategy fared across incidents (`GET /api/recoveries`). */
export interface RecoveryStatsRow {
  strategy: RecoveryStrategy;
  /** Repairs decided (pending ones included). */
  tried: number;
  succeeded: number;
  failed: number;
  /** Not settled yet: still scheduled, or ran and waiting for the next run. */
  pending: number;
  /** succeeded / (succeeded + failed); null while none has settled. */
  successRate: number | null;
}

/**
 * One row per strategy that occurs in the incidents' recoveries, sorted by strategy. Pure: pass
 * every incident (resolved ones too, or their successes go uncounted).
 */
export function recoveryStats(incidents: readonly Incident[]): RecoveryStatsRow[] {
  const rows = new Map<RecoveryStrategy, RecoveryStatsRow>();
  for (const incident of incidents) {
    for (const recovery of incident.recoveries) {
      const row = rows.get(recovery.strategy) ?? {
        strategy: recovery.strategy,
        tried: 0,
        succeeded: 0,
        failed: 0,
        pending: 0,
        successRate: null,
      };
      row.tried += 1;
      row[recovery.outcome] += 1;
      rows.set(recovery.strategy, row);
    }
  }
  return [...rows.values()]
    .sort((a, b) => (a.strategy < b.strategy ? -1 : a.strategy > b.strategy ? 1 : 0))
    .map((row) => {
      const settled = row.succeeded + row.failed;
      return { ...row, successRate: settled === 0 ? null : row.succeeded / settled };
    });
}
