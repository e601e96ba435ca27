/**
 * Classifier speed against grep on one realistic 100 MB CI log (`npm run bench:classify`).
 * In one run, side by side: (a) GNU grep counting lines that match the rules' patterns,
 * (b) classify() as shipped (tail window), (c) classify() scanning the whole log, plus
 * redactSecrets() over the whole log (what ingest does before storing it). Medians of N runs,
 * MB/s, ratio to grep, peak RSS. Options: --runs N (5), --mb N (100), --seed N (42), --no-pcre,
 * --rules DIR (default: the built-in rules).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { defaultRulesDir, loadRules } from "../src/pipeline/classify/index.js";
import type { WorkerResult } from "./classify-worker.js";
import { generateLog } from "./generate-log.js";
import { pcreUnion, toEre } from "./grep-patterns.js";

interface Row {
  name: string;
  runsMs: number[];
  maxRssKb: number | null;
  outcome: string;
}

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "5" },
    mb: { type: "string", default: "100" },
    seed: { type: "string", default: "42" },
    "no-pcre": { type: "boolean", default: false },
    rules: { type: "string", default: defaultRulesDir },
  },
});
const runs = Number(values.runs);
const root = fileURLToPath(new URL("..", import.meta.url));
const dir = `${root}tmp/bench`;
mkdirSync(dir, { recursive: true });
const logPath = `${dir}/ci-log-${values.mb}mb-seed${values.seed}.log`;
const bytes = Number(values.mb) * 1_000_000;
console.error(`generating ${logPath} …`);
await generateLog(logPath, bytes, Number(values.seed));
const size = statSync(logPath).size;

const rulesDir = values.rules ?? defaultRulesDir;
const patterns = loadRules([rulesDir]).rules.flatMap((rule) => rule.patterns);
const erePath = `${dir}/patterns.ere`;
const pcrePath = `${dir}/patterns.pcre`;
writeFileSync(erePath, `${patterns.map((p) => toEre(p.source, p.ignoreCase)).join("\n")}\n`);
writeFileSync(pcrePath, pcreUnion(patterns));

const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};
const timeTool = existsSync("/usr/bin/time") ? "/usr/bin/time" : null;

/** `grep -c` over the log; wall time per run, peak RSS via /usr/bin/time when present. */
function grepRow(name: string, args: string[]): Row {
  const runsMs: number[] = [];
  let maxRssKb: number | null = null;
  let outcome = "";
  for (let i = 0; i < runs + 1; i++) {
    const [cmd, argv] = timeTool ? [timeTool, ["-f", "%M", "grep", ...args]] : ["grep", args];
    const started = performance.now();
    const result = spawnSync(cmd, [...argv, logPath], { encoding: "utf8" });
    const ms = performance.now() - started;
    if (result.status === 2) throw new Error(`grep ${args.join(" ")}: ${result.stderr}`);
    if (i > 0) runsMs.push(ms); // the first run warms the page cache
    const rss = timeTool ? Number(result.stderr.trim().split("\n").at(-1)) : Number.NaN;
    if (!Number.isNaN(rss)) maxRssKb = Math.max(maxRssKb ?? 0, rss);
    outcome = `${result.stdout.trim()} matching lines`;
  }
  return { name, runsMs, maxRssKb, outcome };
}

/** One classify-worker process per configuration, so each peak RSS is its own. */
function workerRow(name: string, mode: string): Row {
  const worker = fileURLToPath(new URL("./classify-worker.ts", import.meta.url));
  const args = [
    ...process.execArgv,
    worker,
    "--mode",
    mode,
    "--runs",
    String(runs),
    "--rules",
    rulesDir,
  ];
  const result = spawnSync(process.execPath, [...args, "--log", logPath], {
    encoding: "utf8",
    maxBuffer: 1 << 20,
  });
  if (result.status !== 0) throw new Error(`${mode} worker failed:\n${result.stderr}`);
  const parsed = JSON.parse(result.stdout.trim().split("\n").at(-1) ?? "{}") as WorkerResult;
  return { name, runsMs: parsed.runsMs, maxRssKb: parsed.maxRssKb, outcome: parsed.outcome };
}

const pcre = !values["no-pcre"] && spawnSync("grep", ["-P", "x", "/dev/null"]).status !== 2;
const rows: Row[] = [];
const step = (label: string, make: () => Row) => {
  console.error(`measuring ${label} …`);
  rows.push(make());
};
step("grep -E", () => grepRow("(a) grep -E -c -f patterns.ere", ["-E", "-c", "-f", erePath]));
if (pcre)
  step("grep -P", () => grepRow("(a') grep -P -c -f patterns.pcre", ["-P", "-c", "-f", pcrePath]));
step("classify bounded", () => workerRow("(b) classify(), default tail window", "bounded"));
step("classify unbounded", () => workerRow("(c) classify(), whole log", "unbounded"));
step("redact", () => workerRow("redactSecrets(), whole log", "redact"));

const grepMs = median(rows[0]?.runsMs ?? []);
const mb = size / 1e6;
const table = [
  "| what | median s | MB/s | × grep -E time | peak RSS MB | runs (s) | result |",
  "| --- | ---: | ---: | ---: | ---: | --- | --- |",
  ...rows.map((row) => {
    const ms = median(row.runsMs);
    const rss = row.maxRssKb === null ? "n/a" : (row.maxRssKb / 1024).toFixed(0);
    const all = row.runsMs.map((x) => (x / 1000).toFixed(2)).join(" ");
    const cells = [row.name, (ms / 1000).toFixed(2), (mb / (ms / 1000)).toFixed(0)];
    return `| ${[...cells, (ms / grepMs).toFixed(2), rss, all, row.outcome].join(" | ")} |`;
  }),
];
const grepVersion = spawnSync("grep", ["-V"], { encoding: "utf8" }).stdout.split("\n")[0];
const cpu = /model name\s*:\s*(.*)/.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1] ?? "unknown";
const git = (...args: string[]) => spawnSync("git", args, { encoding: "utf8", cwd: root });
const sha = git("rev-parse", "--short", "HEAD");
const dirty = git("status", "--porcelain").stdout.trim() !== "" ? " + uncommitted changes" : "";
const commit = sha.status === 0 ? `git ${sha.stdout.trim()}${dirty}` : "not a git checkout";
const report = [
  `Command: \`npm run bench:classify${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(" ")}` : ""}\``,
  `Log: ${logPath.replace(root, "")}, ${size.toLocaleString("en")} bytes, seed ${values.seed}; ${patterns.length} patterns from ${rulesDir.replace(root, "")}`,
  `Machine: node ${process.version}, ${cpu} (${cpus().length} CPUs), ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${grepVersion}; ${commit}`,
  "",
  ...table,
].join("\n");
writeFileSync(`${dir}/classify-results.json`, JSON.stringify({ size, rows }, null, 2));
console.log(report);
