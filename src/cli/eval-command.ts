import {
  assertNoTestFold,
  EvalInputError,
  foldCount,
  formatMisses,
  renderText,
  reportSections,
  resolveCorpusDir,
  runEval,
  selectFolds,
  writeResultsDoc,
} from "../eval/index.js";
import { defaultRulesDir } from "../pipeline/classify/index.js";
import { print } from "./output.js";

/** Options of `pitcrew eval`. */
export interface EvalCommandOptions {
  corpus?: string;
  fold?: string;
  folds?: string;
  rules?: string[];
  json?: boolean;
  misses?: boolean;
  writeDocs?: boolean;
}

/** `pitcrew eval`: classifies both corpora and prints the metrics (or regenerates the docs). */
export function evalCommand(env: NodeJS.ProcessEnv, opts: EvalCommandOptions, argv = process.argv) {
  const folds = selectFolds(opts);
  if (opts.misses) assertNoTestFold(folds);
  if (opts.writeDocs && folds.length !== foldCount) {
    throw new EvalInputError(
      "eval-usage",
      "--write-docs records the full run: drop --fold/--folds",
    );
  }
  const result = runEval({
    corpusDir: resolveCorpusDir(opts.corpus, env),
    folds,
    rulesDirs: [defaultRulesDir, ...(opts.rules ?? [])],
    collectMisses: opts.misses ?? false,
    onProgress: progress,
  });
  if (opts.writeDocs) {
    const at = argv.indexOf("eval");
    const commandLine = ["pitcrew", "eval", ...(at === -1 ? [] : argv.slice(at + 1))].join(" ");
    const path = writeResultsDoc(result, commandLine, new Date().toISOString().slice(0, 10));
    console.error(`pitcrew eval: wrote results to ${path}`);
  }
  // Misses first, numbers last: the end of the output is what stays on screen.
  const misses = opts.misses && result.misses ? `${formatMisses(result.misses)}\n\n` : "";
  print(opts.json ?? false, result, () => `${misses}${renderText(reportSections(result))}`);
}

/** A live counter on a terminal; silent when stderr is piped, so CI logs stay short. */
function progress(done: number, total: number): void {
  if (!process.stderr.isTTY) return;
  process.stderr.write(`\rpitcrew eval: ${done}/${total} logs`);
  if (done === total) process.stderr.write("\n");
}
