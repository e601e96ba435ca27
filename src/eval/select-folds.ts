/** Parses the fold options of `pitcrew eval` (--fold n, --folds 1,2,3,4). */
import { foldCount, testFold } from "./corpus.js";
import { EvalInputError } from "./errors.js";

export const allFolds: number[] = Array.from({ length: foldCount }, (_, i) => i);

/**
 * The LogChunks folds to run, sorted and distinct. Without a selection every fold runs, except
 * with `misses`: then the default leaves out the test fold, whose lines must never be shown.
 */
export function selectFolds(opts: { fold?: string; folds?: string; misses?: boolean }): number[] {
  if (opts.fold !== undefined && opts.folds !== undefined) {
    throw new EvalInputError("eval-usage", "give --fold or --folds, not both");
  }
  const given = opts.fold ?? opts.folds;
  if (given === undefined) return opts.misses ? allFolds.filter((f) => f !== testFold) : allFolds;
  const parts = given.split(",").map((part) => part.trim());
  if (parts.some((part) => !/^\d+$/.test(part) || Number(part) >= foldCount)) {
    throw new EvalInputError(
      "eval-usage",
      `folds are 0-${foldCount - 1}, comma-separated (e.g. --folds 1,2,3,4); got "${given}"`,
    );
  }
  return [...new Set(parts.map(Number))].sort((a, b) => a - b);
}
