/** Public API of the eval: run the classifier over the labelled corpora and report the numbers. */
export { type Calibration, calibration, defaultCalibrationEdges } from "./calibration.js";
export { type ClassScores, classScores } from "./class-metrics.js";
export {
  assertCorpus,
  developmentFolds,
  foldCount,
  foldOf,
  resolveCorpusDir,
  stripFixtureMarkers,
  testFold,
} from "./corpus.js";
export { type CrossValidation, crossValidation } from "./cross-validation.js";
export { classifierDocPath, replaceResults, resultsMarkdown, writeResultsDoc } from "./docs.js";
export { EvalInputError } from "./errors.js";
export { renderMarkdown, renderText } from "./format.js";
export { binaryScores, lineHit, meanSd, pairwiseScores, prf, type Rate, rate } from "./metrics.js";
export { assertNoTestFold, formatMisses, type Miss } from "./misses.js";
export { reportSections } from "./report.js";
export { type EvalOptions, type EvalResult, runEval } from "./run-eval.js";
export { allFolds, selectFolds } from "./select-folds.js";
export { type SubsetMetrics, summarize } from "./summarize.js";
