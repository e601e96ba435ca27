import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type FakeLinear, startFakeLinear } from "../fakes/linear-api.js";
import { type FakeSlack, startFakeSlack } from "../fakes/slack-api.js";
import { type FakeSmtp, startFakeSmtp } from "../fakes/smtp-server.js";
import { linearEnv } from "../support/fake-env.js";
import {
  type ChatMoment,
  chatCalls,
  failCi,
  notifyEnv,
  slackChannel,
  stepUntil,
} from "../support/notify-timeline.js";
import { startTestRuntime, type TestRuntime } from "../support/test-runtime.js";

const s = 1_000;
const min = 60 * s;

let slack: FakeSlack;
let smtp: FakeSmtp;
let linear: FakeLinear;
let runtime: TestRuntime;

afterEach(async () => {
  await runtime?.stop();
  await Promise.all([slack?.close(), smtp?.close(), linear?.close()]);
});

/** A Linear issue at the first failure, so one is due at once. */
function linearAtFirstFailure(): string {
  const file = join(mkdtempSync(join(tmpdir(), "pitcrew-notify-")), "pitcrew.yaml");
  writeFileSync(file, "escalation:\n  linear:\n    atFailures: 1\n");
  return file;
}

const slackBreaker = () =>
  runtime.app.outbound.snapshot().find((d) => d.destination === "slack")?.breaker;

describe("acceptance: Slack down does not hold up Linear or email", () => {
  it("sends issues and emails on time, opens Slack's breaker, then posts every group once, in order", async () => {
    slack = await startFakeSlack();
    smtp = await startFakeSmtp();
    linear = await startFakeLinear();
    slack.down();
    runtime = await startTestRuntime({
      ...notifyEnv(slack, smtp),
      ...linearEnv(linear),
      PITCREW_CONFIG: linearAtFirstFailure(),
    });
    const t0 = runtime.clock.now().getTime();
    const seen = { chat: [] as ChatMoment[], mail: [] as number[] };
    const stepTo = (until: number, step = s) =>
      stepUntil(runtime, { slack, smtp }, t0, until, step, seen);

    // Four repositories (four groups, one more than Slack's burst), 10 s apart, each with its
    // own failing test.
    const repos = ["acme/alpha", "acme/beta", "acme/gamma", "acme/delta"];
    for (const [i, repo] of repos.entries()) {
      await stepTo(i * 10 * s);
      // Distinct test names: a shared fingerprint in 3 repos would be one umbrella notice.
      const test = ["cart", "login", "search", "checkout"][i] ?? "";
      await failCi(runtime, { repo, job: "unit", test, runId: 100 + i });
      expect(linear.issues).toHaveLength(i + 1); // the issue is created at once
    }

    // Email: the first digest at 30 s (alpha's flush); the others batched: ≥ 5 min after it and
    // +30 s for each of the three new notices (5:30 → 6:00 → 6:30).
    await stepTo(6 * min + 29 * s);
    expect(seen.mail).toEqual([30 * s]);
    await stepTo(6 * min + 30 * s);
    expect(seen.mail).toEqual([30 * s, 6 * min + 30 * s]);
    expect(smtp.messages[0]?.text).toContain("acme/alpha");
    for (const repo of repos.slice(1)) expect(smtp.messages[1]?.text).toContain(repo);

    // Slack: tried, refused, and its breaker opened; nothing was posted.
    expect(slack.requests.filter((r) => r.faulted).length).toBeGreaterThanOrEqual(5);
    expect(chatCalls(slack)).toEqual([]);
    await stepTo(20 * min, 10 * s);
    expect(slackBreaker()).toBe("open");
    const ready = await fetch(`${runtime.url}/readyz`);
    const body = (await ready.json()) as {
      destinations?: { destination: string; breaker: string }[];
    };
    expect(body.destinations?.find((d) => d.destination === "slack")?.breaker).toBe("open");
    expect(runtime.app.outbound.snapshot().find((d) => d.destination === "linear")?.breaker).toBe(
      "closed",
    );

    // Slack recovers: once the breaker lets a probe through (≤ 5 min), each group goes once, in order.
    slack.up();
    await stepTo(30 * min, s);
    expect(seen.chat.map((c) => c.method)).toEqual(repos.map(() => "chat.postMessage"));
    // Paced by the channel's bucket: a burst of 3, the 4th a second later.
    const [first, , third, fourth] = seen.chat.map((c) => c.at);
    expect(third).toBe(first);
    expect((fourth ?? 0) - (first ?? 0)).toBe(s);
    const messages = slack.messages.get(slack.channelId(slackChannel)) ?? [];
    expect(messages.map((m) => m.text.split(":")[0])).toEqual(repos);
    expect(slackBreaker()).toBe("closed");
    expect((await runtime.backend.store.listGroups()).filter((g) => g.slackPending)).toEqual([]);

    // And only once: later ticks of the unchanged groups send nothing more.
    await stepTo(60 * min, min);
    expect(chatCalls(slack)).toHaveLength(4);
  });

  it("delivers a message whose drain job gave up during a long outage, once, after recovery", async () => {
    slack = await startFakeSlack();
    smtp = await startFakeSmtp();
    slack.down();
    runtime = await startTestRuntime(notifyEnv(slack, smtp));
    const t0 = runtime.clock.now().getTime();
    const seen = { chat: [] as ChatMoment[], mail: [] as number[] };
    const stepTo = (until: number, step = s) =>
      stepUntil(runtime, { slack, smtp }, t0, until, step, seen);

    await failCi(runtime, { job: "unit", runId: 1 });
    await stepTo(30 * min);
    expect(seen.mail).toEqual([30 * s]);
    // The first drain job spent its attempts on the outage and went to the dead-letter queue.
    const drains = await runtime.backend.queue.list({});
    expect(drains.some((j) => j.kind === "slack-drain" && j.status === "dead")).toBe(true);
    expect(chatCalls(slack)).toEqual([]);

    slack.up();
    await stepTo(60 * min);
    expect(seen.chat.map((c) => c.method)).toEqual(["chat.postMessage"]);
    // At the latest one breaker wait (≤ 5 min) plus one group tick (5 min) after recovery.
    expect(seen.chat[0]?.at).toBeLessThanOrEqual(40 * min);
    expect(seen.mail).toEqual([30 * s]);
  });
});
