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
import { Low } from "lowdb";
import { signPitcrewBody } from "../src/http/signatures.js";
import { type FakeSlack, startFakeSlack } from "../test/fakes/slack-api.js";
import { type FakeSmtp, startFakeSmtp } from "../test/fakes/smtp-server.js";
import { ciSecret } from "../test/support/deliveries.js";
import { startTestRuntime, type TestRuntime } from "../test/support/test-runtime.js";

export interface StormOptions {
  /** Failure events in all (default 10 000). */
  events?: number;
  /** Simulated span of the storm, in seconds (default 600: 10 minutes). */
  seconds?: number;
  /** PRNG seed of who fails when (default 42). */
  seed?: number;
  /**
   * Write the JSON store's file on every update, as the server does (default false: the store
   * keeps its data in memory only). The embedded store rewrites its whole file per update, so with
   * 10 000 events the disk, not the notify stage, would be measured — and take hours.
   */
  persist?: boolean;
  /** Called after each simulated minute of the storm with the events posted so far. */
  onProgress?: (posted: number, wallMs: number) => void;
}

/** One Slack Web API write as the fake received it, at the fake clock's time. */
export interface SlackWrite {
  method: "chat.postMessage" | "chat.update";
  channel: string;
  /** Fake-clock epoch ms when the app sent it. */
  at: number;
  /** Incident id → the count ("N×") each listed section shows. */
  counts: Map<string, number>;
}

/** One email as the fake SMTP server received it. */
export interface EmailSeen {
  at: number;
  /** An urgent page (escalation without Linear, or the reset rung): skips the debounce. */
  urgent: boolean;
  /** Incident id → the count ("Failed N times") each card shows. */
  counts: Map<string, number>;
  /** "… and N more": incidents counted but not listed. */
  more: number;
}

export interface StormResult {
  events: number;
  /** Events the generator sent, per `repo fingerprintIndex` (the ground truth). */
  sentPerPair: Map<string, number>;
  repos: number;
  fingerprints: number;
  /** Distinct classifier fingerprints of the incidents (50 when the log lines differ as meant). */
  distinctFingerprints: number;
  /** Every incident as the store has it at the end. */
  incidents: {
    id: string;
    repo: string;
    fingerprint: string;
    /** The generator's fingerprint number, read back from the evidence line (−1: not found). */
    fingerprintIndex: number;
    count: number;
    status: string;
  }[];
  /** Group ids the store still holds (umbrella ones start with `umbrella:`). */
  groups: string[];
  slack: SlackWrite[];
  emails: EmailSeen[];
  /** Slack Web API calls that were not posts or updates (auth.test …). */
  otherSlackCalls: number;
  /** Jobs that ended dead (should be 0). */
  deadJobs: number;
  /** Simulated ms from the first event to the last send. */
  simulatedMs: number;
  /** Wall ms of the whole run, and of the storm phase only. */
  wallMs: number;
  stormWallMs: number;
  perSecond: number;
  burst: number;
}

export const stormShape = { repos: 20, fingerprints: 50, sharedRepos: 15, sharedShare: 0.3 };

const start = Date.parse("2026-11-23T10:00:00.000Z");

/** mulberry32: small, seeded, good enough to shuffle a storm. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The classifier's fingerprint drops digits: each test name is spelled in letters instead. */
function testName(n: number): string {
  // No a–f: "ab", "fe" … read as hex and the fingerprint would fold them together.
  const letters = "ghijklmnopqrstuvwxyz";
  return `${letters[Math.floor(n / 20)] ?? "z"}${letters[n % 20] ?? "z"}`;
}

function repoName(r: number): string {
  return `storm/service-${testName(r)}`;
}

function failingLog(fingerprint: number): string {
  const test = testName(fingerprint);
  return [
    "$ pytest -q",
    "....F",
    `FAILED tests/test_${test}.py::test_${test} - AssertionError`,
    "1 failed, 4 passed",
    "ERROR: Job failed: exit code 1",
  ].join("\n");
}

/**
 * Which (repo, fingerprint) pairs fail: fingerprint #0 in repos 0…14 (the mass failure); every
 * other fingerprint k in repo (k−1) mod 20, the odd ones also in repo (k+9) mod 20 — two repos,
 * one short of the umbrella threshold of 3.
 */
export function stormPairs(): { repo: number; fingerprint: number }[] {
  const pairs: { repo: number; fingerprint: number }[] = [];
  for (let r = 0; r < stormShape.sharedRepos; r++) pairs.push({ repo: r, fingerprint: 0 });
  for (let k = 1; k < stormShape.fingerprints; k++) {
    pairs.push({ repo: (k - 1) % stormShape.repos, fingerprint: k });
    if (k % 2 === 1) pairs.push({ repo: (k + 9) % stormShape.repos, fingerprint: k });
  }
  return pairs;
}

/** Key of `sentPerPair`: `storm/service-gh #7`. */
export const pairKey = (repo: number | string, fingerprint: number) =>
  `${typeof repo === "string" ? repo : repoName(repo)} #${fingerprint}`;

function fingerprintIndexOf(evidence: string): number {
  const name = /tests\/test_([g-z]+)\.py/.exec(evidence)?.[1];
  for (let k = 0; name && k < stormShape.fingerprints; k++) if (testName(k) === name) return k;
  return -1;
}

/** Section "… · 12×" with its `<…/incidents/PC-3|Incident>` link, per incident. */
function slackCounts(blocks: unknown): Map<string, number> {
  const counts = new Map<string, number>();
  if (!Array.isArray(blocks)) return counts;
  for (const block of blocks as { type?: string; text?: { text?: string } }[]) {
    const text = block.type === "section" ? (block.text?.text ?? "") : "";
    const count = / · (\d+)×/.exec(text)?.[1];
    const id = /\/incidents\/([^|>]+)\|Incident>/.exec(text)?.[1];
    if (count && id) counts.set(id, Number(count));
  }
  return counts;
}

/** Cards of the plain-text email: "[FAILING] … - PC-3" then "Failed 12 times" / "Failed once". */
function emailCounts(text: string): { counts: Map<string, number>; more: number } {
  const counts = new Map<string, number>();
  const card =
    /^\[(?:FAILING|RESOLVED)\] .* - (\S+)\n.*\n(?:Resolved after failing|Failed) (once|\d+ times)$/gm;
  for (const match of text.matchAll(card)) {
    const times = match[2] === "once" ? 1 : Number.parseInt(match[2] ?? "0", 10);
    if (match[1]) counts.set(match[1], times);
  }
  const more = Number(/^\.\.\. and (\d+) more/m.exec(text)?.[1] ?? 0);
  return { counts, more };
}

/** Runs the storm against a fresh app; stops everything it started. */
export async function runStorm(options: StormOptions = {}): Promise<StormResult> {
  const events = options.events ?? 10_000;
  const seconds = options.seconds ?? 600;
  const random = prng(options.seed ?? 42);
  const began = performance.now();
  let slackFake: FakeSlack | null = null;
  let smtp: FakeSmtp | null = null;
  let runtime: TestRuntime | null = null;
  const write = Low.prototype.write;
  if (options.persist !== true) Low.prototype.write = async () => undefined;
  try {
    slackFake = await startFakeSlack();
    smtp = await startFakeSmtp();
    runtime = await startTestRuntime({
      CI_WEBHOOK_SECRET: ciSecret,
      SLACK_BOT_TOKEN: slackFake.token,
      SLACK_API_URL: slackFake.apiUrl,
      SLACK_CHANNEL: "#ci-storm",
      SMTP_URL: smtp.url,
      EMAIL_FROM: "pitcrew@example.com",
      EMAIL_TO: "oncall@example.com",
    });
    const rt = runtime;
    const fake = slackFake;
    const mail = smtp;
    rt.clock.set(new Date(start).toISOString());
    const notify = rt.app.pipeline.notify;

    const pairs = stormPairs();
    const shared = pairs.filter((p) => p.fingerprint === 0);
    const rest = pairs.filter((p) => p.fingerprint !== 0);
    const sentPerPair = new Map<string, number>();

    const slack: SlackWrite[] = [];
    const emails: EmailSeen[] = [];
    let otherSlackCalls = 0;
    let seenRequests = 0;
    let seenMails = 0;
    let lastSendAt = start;
    /** Everything the fakes got since the last look was sent at the fake clock's current time. */
    const collect = () => {
      const at = rt.clock.now().getTime();
      for (const request of fake.requests.slice(seenRequests)) {
        if (request.faulted) continue;
        const method = request.apiMethod;
        if (method !== "chat.postMessage" && method !== "chat.update") {
          otherSlackCalls += 1;
          continue;
        }
        const blocks = request.form.blocks ? JSON.parse(request.form.blocks) : null;
        slack.push({
          method,
          channel: fake.channelId(request.form.channel ?? ""),
          at,
          counts: slackCounts(blocks),
        });
        lastSendAt = at;
      }
      seenRequests = fake.requests.length;
      for (const message of mail.messages.slice(seenMails)) {
        emails.push({
          at,
          urgent: message.subject.includes("URGENT:"),
          ...emailCounts(message.text),
        });
        lastSendAt = at;
      }
      seenMails = mail.messages.length;
    };
    const runDue = async () => {
      const ran = await rt.app.worker.runDue();
      collect();
      return ran;
    };

    // The storm: each simulated second, that second's share of events, then the due jobs.
    const stormBegan = performance.now();
    let posted = 0;
    for (let s = 0; s < seconds; s++) {
      rt.clock.set(new Date(start + s * 1000).toISOString());
      const upTo = Math.round(((s + 1) * events) / seconds);
      for (; posted < upTo; posted++) {
        const pick = random() < stormShape.sharedShare ? shared : rest;
        const pair = pick[Math.floor(random() * pick.length)] ?? pairs[0];
        if (!pair) throw new Error("no pairs");
        const payload = {
          source: "storm",
          repo: repoName(pair.repo),
          workflow: "ci",
          job: "unit",
          branch: "main",
          sha: `sha${posted}`,
          runId: `run-${posted}`,
          url: `https://ci.example/${repoName(pair.repo)}/runs/${posted}`,
          status: "failure",
          exitCode: 1,
          log: failingLog(pair.fingerprint),
        };
        const body = JSON.stringify(payload);
        const reply = await rt.app.http.inject({
          method: "POST",
          url: "/webhooks/ci",
          headers: {
            "content-type": "application/json",
            "x-pitcrew-signature": signPitcrewBody(ciSecret, body),
          },
          payload: body,
        });
        if (reply.statusCode !== 202) throw new Error(`event ${posted}: HTTP ${reply.statusCode}`);
        const key = pairKey(pair.repo, pair.fingerprint);
        sentPerPair.set(key, (sentPerPair.get(key) ?? 0) + 1);
      }
      await runDue();
      if ((s + 1) % 60 === 0) options.onProgress?.(posted, performance.now() - began);
    }
    const stormWallMs = performance.now() - stormBegan;

    // The tail: every job due until the last group_interval and the email debounce have passed.
    const route = notify.routes[0];
    const tail =
      Math.max(route?.group_wait ?? 0, route?.group_interval ?? 0) + notify.email.maxDelay + 60_000;
    const until = start + seconds * 1000 + tail;
    for (;;) {
      const next = await rt.backend.queue.nextDueAt();
      if (!next || next.getTime() > until) break;
      const waited = next.getTime() > rt.clock.now().getTime();
      if (waited) rt.clock.set(next.toISOString());
      // A job due now that does not run (claimed elsewhere) would spin this loop: stop instead.
      if ((await runDue()) === 0 && !waited) break;
    }

    const stored = await rt.backend.store.listIncidents({ includeResolved: true });
    const groups = (await rt.backend.store.listGroups()).map((g) => g.id);
    const dead = await rt.backend.queue.list({ status: "dead" });
    return {
      events,
      sentPerPair,
      repos: new Set(stored.map((i) => i.repo)).size,
      fingerprints: stormShape.fingerprints,
      distinctFingerprints: new Set(stored.map((i) => i.fingerprint)).size,
      incidents: stored.map((i) => ({
        id: i.id,
        repo: i.repo,
        fingerprint: i.fingerprint,
        fingerprintIndex: fingerprintIndexOf(i.classification.evidence[0]?.text ?? ""),
        count: i.count,
        status: i.status,
      })),
      groups,
      slack,
      emails,
      otherSlackCalls,
      deadJobs: dead.length,
      simulatedMs: lastSendAt - start,
      wallMs: performance.now() - began,
      stormWallMs,
      perSecond: notify.slack.perSecond,
      burst: notify.slack.burst,
    };
  } finally {
    Low.prototype.write = write;
    await runtime?.stop();
    await slackFake?.close();
    await smtp?.close();
  }
}

/**
 * Pacing check per channel, on the fake clock's send times: at most `burst` messages in any
 * window [t, t + 1 s), and for every run of messages i…j, j − i + 1 ≤ burst + perSecond·(t_j − t_i)
 * (the token bucket's bound: nothing above 1/s sustained). Returns the worst of each.
 */
export function pacing(
  writes: readonly SlackWrite[],
  rate: { perSecond: number; burst: number },
): { maxInOneSecond: number; sustainedViolations: number; channels: number } {
  const byChannel = new Map<string, number[]>();
  for (const w of writes) byChannel.set(w.channel, [...(byChannel.get(w.channel) ?? []), w.at]);
  let maxInOneSecond = 0;
  let sustainedViolations = 0;
  for (const times of byChannel.values()) {
    times.sort((a, b) => a - b);
    let lo = 0;
    for (let hi = 0; hi < times.length; hi++) {
      while ((times[hi] ?? 0) - (times[lo] ?? 0) >= 1000) lo++;
      maxInOneSecond = Math.max(maxInOneSecond, hi - lo + 1);
      for (let i = 0; i < hi; i++) {
        const allowed = rate.burst + (rate.perSecond * ((times[hi] ?? 0) - (times[i] ?? 0))) / 1000;
        if (hi - i + 1 > allowed + 1e-9) sustainedViolations++;
      }
    }
  }
  return { maxInOneSecond, sustainedViolations, channels: byChannel.size };
}

/** What the digests say about the failures: the last count each incident was shown with. */
export function accounting(result: StormResult) {
  const lastSlack = new Map<string, number>();
  for (const write of result.slack) for (const [id, n] of write.counts) lastSlack.set(id, n);
  const lastEmail = new Map<string, number>();
  for (const email of result.emails) for (const [id, n] of email.counts) lastEmail.set(id, n);
  const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
  const failures = result.incidents.reduce((a, i) => a + i.count, 0);
  return {
    /** Σ incident.count in the store: every failure event recorded on some incident. */
    failures,
    incidentsInSlack: lastSlack.size,
    incidentsInEmail: lastEmail.size,
    /** Σ of the last count each incident was shown with (≤ failures: see docs/benchmarks.md). */
    shownInSlack: sum(lastSlack),
    shownInEmail: sum(lastEmail),
    lastSlack,
    lastEmail,
  };
}

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
    `Storm: ${int(result.events)} failure events over 10 simulated minutes, ${result.repos} repos, ${result.distinctFingerprints} fingerprints (#0 in ${stormShape.sharedRepos} repos, ${Math.round(stormShape.sharedShare * 100)} % of the events); default notify config (group by repo, group_wait 30 s, group_interval 5 m, email debounce 5 m / 30 s / 30 m, Slack ${result.perSecond}/s burst ${result.burst}, one channel); ${(result.wallMs / 1000).toFixed(1)} s wall (storm phase ${(result.stormWallMs / 1000).toFixed(1)} s), last send ${(result.simulatedMs / 60_000).toFixed(1)} simulated minutes after the first event.`,
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
    `| Σ last count shown per incident, Slack / email | — | ${int(acc.shownInSlack)} / ${int(acc.shownInEmail)} |`,
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
