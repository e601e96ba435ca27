/** Runs the classifier over the selected corpora, one log at a time, and gathers every metric. */
import { performance } from "node:perf_hooks";
import type { Classification } from "../domain/types.js";
import type { RuleSet } from "../pipeline/classify/index.js";
import {
  type ClassifyMeta,
  classify,
  defaultRulesDir,
  loadRules,
} from "../pipeline/classify/index.js";
import {
  assertCorpus,
  foldOf,
  readLogChunksLabels,
  readLogChunksLog,
  readPytorchFixture,
  readPytorchLabels,
  stripFixtureMarkers,
  testFold,
} from "./corpus.js";
import { type CrossValidation, crossValidation } from "./cross-validation.js";
import { type BinaryScores, binaryScores } from "./metrics.js";
import { assertNoTestFold, type Miss, missOf } from "./misses.js";
import { logchunksOutcome, type Outcome, pytorchOutcome } from "./outcome.js";
import { type SubsetMetrics, summarize } from "./summarize.js";

/** What to run: which LogChunks folds, which rules, whether to keep development-fold misses. */
export interface EvalOptions {
  corpusDir: string;
  folds: number[];
  rulesDirs?: string[];
  collectMisses?: boolean;
  onProgress?: (done: number, total: number) => void;
}

/** Throughput of the classifier alone (`classifySeconds`) and of the whole run (`wallSeconds`). */
export interface Timing {
  logs: number;
  megabytes: number;
  classifySeconds: number;
  wallSeconds: number;
  megabytesPerSecond: number | null;
}

/** Every number of one eval run (misses only when asked for). */
export interface EvalResult {
  corpusDir: string;
  folds: number[];
  rules: number;
  logchunks: {
    /** Fold 0: the honest number. Null when fold 0 was not selected. */
    test: SubsetMetrics | null;
    /** Selected folds among 1–4, together. */
    development: SubsetMetrics | null;
    /** Every selected fold together. */
    all: SubsetMetrics;
    perFold: Array<{ fold: number; metrics: SubsetMetrics }>;
    crossValidation: CrossValidation;
  };
  pytorch: SubsetMetrics;
  /** Retryability over the selected LogChunks folds and the PyTorch fixtures together. */
  combinedRetryable: BinaryScores;
  timing: Timing;
  misses: Miss[] | null;
}

interface Collector {
  outcomes: Outcome[];
  misses: Miss[] | null;
  classifySeconds: number;
}

function timedClassify(log: string, meta: ClassifyMeta, rules: RuleSet, into: Collector) {
  const started = performance.now();
  const verdict = classify(log, meta, rules);
  into.classifySeconds += (performance.now() - started) / 1000;
  return verdict;
}

function record(into: Collector, outcome: Outcome, verdict: Classification, log: string): void {
  into.outcomes.push(outcome);
  if (into.misses === null || outcome.fold === testFold) return;
  const miss = missOf(outcome, verdict, log);
  if (miss) into.misses.push(miss);
}

/** Classifies every selected log and computes the metrics; throws EvalInputError on bad input. */
export function runEval(options: EvalOptions): EvalResult {
  const { corpusDir, folds, collectMisses = false } = options;
  assertCorpus(corpusDir);
  if (collectMisses) assertNoTestFold(folds);
  const wallStart = performance.now();
  const rules = loadRules(options.rulesDirs ?? [defaultRulesDir]);
  const chunks = readLogChunksLabels(corpusDir)
    .map((entry) => ({ entry, fold: foldOf(entry.repository) }))
    .filter(({ fold }) => folds.includes(fold));
  const fixtures = readPytorchLabels(corpusDir);
  const total = chunks.length + fixtures.length;
  const into: Collector = { outcomes: [], misses: collectMisses ? [] : null, classifySeconds: 0 };
  for (const { entry, fold } of chunks) {
    const bytes = readLogChunksLog(corpusDir, entry);
    const log = bytes.toString("utf8");
    // Travis reported no exit code to the data set, so the meta carries only the provider.
    const verdict = timedClassify(log, { provider: "travis" }, rules, into);
    record(into, logchunksOutcome(entry, fold, bytes.length, verdict), verdict, log);
    options.onProgress?.(into.outcomes.length, total);
  }
  for (const entry of fixtures) {
    const bytes = readPytorchFixture(corpusDir, entry);
    const log = stripFixtureMarkers(bytes.toString("utf8"));
    const verdict = timedClassify(log, { provider: "github" }, rules, into);
    record(into, pytorchOutcome(entry, Buffer.byteLength(log), verdict), verdict, log);
    options.onProgress?.(into.outcomes.length, total);
  }
  return assemble(options, rules, into, (performance.now() - wallStart) / 1000);
}

function assemble(options: EvalOptions, rules: RuleSet, into: Collector, wallSeconds: number) {
  const lc = into.outcomes.filter((o) => o.corpus === "logchunks");
  const pt = into.outcomes.filter((o) => o.corpus === "pytorch");
  const selected = [...new Set(options.folds)].sort((a, b) => a - b);
  const perFold = selected.map((fold) => ({
    fold,
    metrics: summarize(lc.filter((o) => o.fold === fold)),
  }));
  const dev = lc.filter((o) => o.fold !== testFold);
  const bytes = into.outcomes.reduce((a, o) => a + o.bytes, 0);
  const megabytes = bytes / 1e6;
  const result: EvalResult = {
    corpusDir: options.corpusDir,
    folds: selected,
    rules: rules.rules.length,
    logchunks: {
      test: selected.includes(testFold) ? summarize(lc.filter((o) => o.fold === testFold)) : null,
      development: dev.length > 0 ? summarize(dev) : null,
      all: summarize(lc),
      perFold,
      crossValidation: crossValidation(perFold.map((f) => f.metrics)),
    },
    pytorch: summarize(pt),
    combinedRetryable: binaryScores(
      into.outcomes.map((o) => ({ gold: o.gold.retryable, pred: o.pred.retryable })),
    ),
    timing: {
      logs: into.outcomes.length,
      megabytes,
      classifySeconds: into.classifySeconds,
      wallSeconds,
      megabytesPerSecond: into.classifySeconds > 0 ? megabytes / into.classifySeconds : null,
    },
    misses: into.misses,
  };
  return result;
}
