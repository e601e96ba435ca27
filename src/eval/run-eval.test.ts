import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { resolveCorpusDir } from "./corpus.js";
import { renderMarkdown, renderText } from "./format.js";
import { reportSections } from "./report.js";
import { runEval } from "./run-eval.js";

const corpusDir = resolveCorpusDir(undefined, process.env);
const hasCorpus = existsSync(join(corpusDir, "logchunks", "labels.jsonl"));
if (!hasCorpus) console.warn(`skipping the real-corpus eval: ${corpusDir} not found`);

// Structure only: the accuracy numbers change whenever the rules improve. The smallest fold keeps
// the run short; the full 797-log counts are checked from the labels in corpus.test.ts.
describe("runEval on the real corpus", () => {
  it.skipIf(!hasCorpus)("classifies fold 3 and all 41 PyTorch fixtures", () => {
    const result = runEval({ corpusDir, folds: [3], collectMisses: true });
    expect(result.folds).toEqual([3]);
    expect(result.logchunks.test).toBeNull();
    expect(result.logchunks.development?.logs).toBe(130);
    expect(result.logchunks.perFold.map((f) => [f.fold, f.metrics.logs])).toEqual([[3, 130]]);
    expect(result.pytorch.logs).toBe(41);
    expect(result.pytorch.line.scored).toBe(41);
    expect(result.timing.logs).toBe(171);
    expect(result.timing.megabytes).toBeGreaterThan(0);
    expect(result.rules).toBeGreaterThan(0);
    expect(result.misses?.every((m) => m.fold !== 0)).toBe(true);
    const { tp, fp, fn, tn } = result.combinedRetryable;
    expect(tp + fp + fn + tn).toBe(171);
    expect(renderText(reportSections(result))).toContain("== Headline");
    expect(renderMarkdown(reportSections(result))).toContain("### Headline");
    expect(() => JSON.stringify(result)).not.toThrow();
  });
});
