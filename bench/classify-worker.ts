/**
 * One measured configuration of the classify benchmark, run in its own process so its peak RSS
 * is its own: `--mode bounded|unbounded|redact --runs N --log path [--rules dir]`. Prints one JSON
 * line.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import {
  classify,
  defaultRulesDir,
  loadRules,
  redactSecrets,
} from "../src/pipeline/classify/index.js";

/** What the orchestrator reads back. */
export interface WorkerResult {
  mode: string;
  /** Wall-clock milliseconds of each measured run (a warm-up run comes first, not included). */
  runsMs: number[];
  warmupMs: number;
  maxRssKb: number;
  /** The verdict (classify modes) or the output length (redact), to compare across modes. */
  outcome: string;
}

const { values } = parseArgs({
  options: {
    mode: { type: "string", default: "bounded" },
    runs: { type: "string", default: "5" },
    log: { type: "string" },
    rules: { type: "string", default: defaultRulesDir },
  },
});
const mode = values.mode ?? "bounded";
if (values.log === undefined) throw new Error("--log is required");
const log = readFileSync(values.log, "utf8");
const rules = loadRules([values.rules ?? defaultRulesDir]);

/** The measured call of each mode; its result is summarised to compare the modes. */
function subject(): () => string {
  if (mode === "redact") return () => `${redactSecrets(log).length} chars out`;
  const window = mode === "unbounded" ? { maxLines: Infinity, maxBytes: Infinity } : undefined;
  return () => {
    const verdict = classify(log, { provider: "github" }, rules, window);
    const lines = verdict.evidence.map((e) => e.line).join(",");
    return `${verdict.type} ${verdict.ruleId ?? "-"} lines ${lines}`;
  };
}

const run = subject();
const time = () => {
  const started = performance.now();
  const outcome = run();
  return { ms: performance.now() - started, outcome };
};
const warmup = time();
const runsMs: number[] = [];
for (let i = 0; i < Number(values.runs); i++) runsMs.push(time().ms);
const result: WorkerResult = {
  mode,
  runsMs,
  warmupMs: warmup.ms,
  maxRssKb: process.resourceUsage().maxRSS,
  outcome: warmup.outcome,
};
console.log(JSON.stringify(result));
