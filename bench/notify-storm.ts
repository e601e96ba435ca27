/**
 * Notification storm (`npm run bench:notify`): drives the real app (composition root, JSON store,
 * job worker, fake Slack Web API, fake SMTP server, fake clock) with N failure events (default
 * 10 000) over 10 simulated minutes across 20 repositories and 50 fingerprints, fingerprint #0
 * shared by 15 repositories (a mass failure: one umbrella group). Counts what reached Slack
 * (chat.postMessage, chat.update) and email, checks that no channel got more than `burst`
 * messages in any second nor more than `perSecond` sustained, and what the digests say about
 * every failure. Prints a markdown report and writes it into docs/benchmarks.md between the
 * notify-storm markers. Options: --events N (10000), --seed N (42), --no-write.
 *
 * `runStorm` is also the scenario of test/acceptance/notify-storm.test.ts (fewer events there).
 */
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { accounting, pacing, runStorm } from "./storm-run.js";
import { type StormResult, stormShape } from "./storm-shape.js";

export * from "./storm-run.js";
export * from "./storm-shape.js";

function report(result: StormResult, argv: string[]): string {
  const posts = result.slack.filter((w) => w.method === "chat.postMessage").length;
  const updates = result.slack.length - posts;
  const emails = result.emails.length;
  const pages = result.emails.filter((e) => e.urgent).length;
  const sent = result.slack.length + emails;
  const naive = result.events;
  const pace = pacing(result.slack, result);
  const acc = accounting(result);
  const umbrellas = result.groups.filter((g) => g.startsWith("umbrella:")).length;
  const int = (x: number) => x.toLocaleString("en");
  const ratio = (x: number) => `${(naive / Math.max(x, 1)).toFixed(0)}× fewer`;
  const root = fileURLToPath(new URL("..", import.meta.url));
  const cpu = /model name\s*:\s*(.*)/.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1] ?? "unknown";
  const git = (...args: string[]) => spawnSync("git", args, { encoding: "utf8", cwd: root });
  const sha = git("rev-parse", "--short", "HEAD");
  const dirty = git("status", "--porcelain").stdout.trim() !== "" ? " + uncommitted changes" : "";
  const commit = sha.status === 0 ? `git ${sha.stdout.trim()}${dirty}` : "not a git checkout";
  const args = argv.filter((a) => a !== "--no-write");
  return [
    `Command: \`npm run bench:notify${args.length > 0 ? ` -- ${args.join(" ")}` : ""}\``,
    `Storm: ${int(result.events)} failure events over 10 simulated minutes, ${result.repos} repos, ${result.distinctFingerprints} fingerprints (#0 in ${stormShape.sharedRepos} repos, ${Math.round(stormShape.sharedShare * 100)} % of the events); default notify config (group by repo, group_wait 30 s, group_interval 5 m, email debounce 5 m / 30 s / 30 m, Slack ${result.perSecond}/s burst ${result.burst}, one channel) except 100 incidents listed per email (default 50), so every incident's count can be read back; ${(result.wallMs / 1000).toFixed(1)} s wall (storm phase ${(result.stormWallMs / 1000).toFixed(1)} s), last send ${(result.simulatedMs / 60_000).toFixed(1)} simulated minutes after the first event.`,
    `Machine: node ${process.version}, ${cpu} (${cpus().length} CPUs), ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM; ${commit}`,
    "",
    "| | one message per failure | pitcrew |",
    "| --- | ---: | ---: |",
    `| failure events | ${int(naive)} | ${int(result.events)} |`,
    `| incidents (repo + workflow + job + fingerprint) | — | ${int(result.incidents.length)} |`,
    `| notification groups left (umbrella) | — | ${int(result.groups.length)} (${umbrellas}) |`,
    `| Slack chat.postMessage | ${int(naive)} | ${int(posts)} |`,
    `| Slack chat.update | 0 | ${int(updates)} |`,
    `| emails: digests + urgent pages | ${int(naive)} | ${int(emails - pages)} + ${int(pages)} |`,
    `| Slack writes, ratio | ${int(naive)} | ${int(result.slack.length)} (${ratio(result.slack.length)}) |`,
    `| emails, ratio | ${int(naive)} | ${int(emails)} (${ratio(emails)}) |`,
    `| everything sent | ${int(2 * naive)} | ${int(sent)} (${(((2 * naive) / Math.max(sent, 1)) | 0).toLocaleString("en")}× fewer) |`,
    `| time to send at 1 msg/s, one channel | ${int(naive)} s (≈ ${(naive / 3600).toFixed(1)} h) | ${int(result.slack.length)} s of pacing |`,
    `| most Slack writes to one channel in any 1 s | — | ${pace.maxInOneSecond} (burst ${result.burst}) |`,
    `| runs above ${result.perSecond}/s sustained | — | ${pace.sustainedViolations} |`,
    `| Σ incident counts in the store | — | ${int(acc.failures)} |`,
    `| incidents named in Slack / in email | — | ${acc.incidentsInSlack} / ${acc.incidentsInEmail} of ${result.incidents.length} |`,
    `| Σ last count shown per incident, Slack / email | — | ${int(acc.shownInSlack)} / ${int(acc.shownInEmail)} (of ${int(acc.failures)}) |`,
    `| jobs dead | — | ${result.deadJobs} |`,
  ].join("\n");
}

const isMain = process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain) {
  const { values } = parseArgs({
    options: {
      events: { type: "string", default: "10000" },
      seed: { type: "string", default: "42" },
      "no-write": { type: "boolean", default: false },
    },
  });
  const events = Number(values.events);
  const seed = Number(values.seed);
  if (!Number.isInteger(events) || events < 1 || !(seed >= 0))
    throw new Error("--events takes a positive integer, --seed ≥ 0");
  console.error(`storm of ${events} failure events …`);
  const result = await runStorm({
    events,
    seed,
    onProgress: (posted, ms) =>
      console.error(`  ${posted} events posted, ${(ms / 1000).toFixed(0)} s`),
  });
  const text = report(result, process.argv.slice(2));
  console.log(text);
  if (!values["no-write"]) {
    const root = fileURLToPath(new URL("..", import.meta.url));
    const docPath = `${root}docs/benchmarks.md`;
    const doc = readFileSync(docPath, "utf8");
    const from = doc.indexOf("<!-- notify-storm:start -->");
    const to = doc.indexOf("<!-- notify-storm:end -->");
    if (from < 0 || to < from) throw new Error(`${docPath}: notify-storm markers not found`);
    const startMarker = "<!-- notify-storm:start -->";
    writeFileSync(docPath, `${doc.slice(0, from + startMarker.length)}\n${text}\n${doc.slice(to)}`);
    console.error(`wrote the results into ${docPath.replace(root, "")}`);
  }
}
