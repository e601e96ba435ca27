/** `runStorm`: the notification storm against the real app (see bench/notify-storm.ts). */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Low } from "lowdb";
import { signPitcrewBody } from "../src/http/signatures.js";
import { type FakeSlack, startFakeSlack } from "../test/fakes/slack-api.js";
import { type FakeSmtp, startFakeSmtp } from "../test/fakes/smtp-server.js";
import { ciSecret } from "../test/support/deliveries.js";
import { startTestRuntime, type TestRuntime } from "../test/support/test-runtime.js";
import {
  type EmailSeen,
  emailCounts,
  failingLog,
  fingerprintIndexOf,
  pairKey,
  prng,
  repoName,
  type SlackWrite,
  type StormOptions,
  type StormResult,
  slackCounts,
  start,
  stormPairs,
  stormShape,
} from "./storm-shape.js";
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
      PITCREW_CONFIG: stormConfig(),
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
 * The defaults, except that an email lists up to 100 incidents (the storm makes 89): every
 * incident's count is then readable in the emails, and the sums can be checked per incident.
 */
function stormConfig(): string {
  const file = join(mkdtempSync(join(tmpdir(), "pitcrew-storm-")), "pitcrew.yaml");
  writeFileSync(file, "notifications:\n  email:\n    maxItems: 100\n");
  return file;
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
