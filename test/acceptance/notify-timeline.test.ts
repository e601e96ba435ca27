import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FakeSlack, startFakeSlack } from "../fakes/slack-api.js";
import { type FakeSmtp, startFakeSmtp } from "../fakes/smtp-server.js";
import {
  type ChatMoment,
  chatCalls,
  failCi,
  notifyEnv,
  passCi,
  stepUntil,
} from "../support/notify-timeline.js";
import { startTestRuntime, type TestRuntime } from "../support/test-runtime.js";

const s = 1_000;
const min = 60 * s;

let slack: FakeSlack;
let smtp: FakeSmtp;
let runtime: TestRuntime;
let t0: number;
let seen: { chat: ChatMoment[]; mail: number[] };

beforeEach(async () => {
  slack = await startFakeSlack();
  smtp = await startFakeSmtp();
  runtime = await startTestRuntime(notifyEnv(slack, smtp));
  t0 = runtime.clock.now().getTime();
  seen = { chat: [], mail: [] };
});

afterEach(async () => {
  await runtime?.stop();
  await Promise.all([slack?.close(), smtp?.close()]);
});

/** Steps the clock (1 s steps) to `until` after t0, recording chat calls and emails. */
const stepTo = (until: number, step = s) =>
  stepUntil(runtime, { slack, smtp }, t0, until, step, seen);

const incidentIds = async () =>
  (await runtime.backend.store.listIncidents({ includeResolved: true })).map((i) => i.id).sort();

describe("acceptance: notification timeline (group_wait, group_interval, repeat_interval)", () => {
  it("batches two failures into one message at 30 s, edits it at the next interval, then resolves it", async () => {
    await failCi(runtime, { job: "unit", runId: 1 });
    await stepTo(20 * s);
    await failCi(runtime, { job: "integration", runId: 2 });
    const [a, b] = await incidentIds();

    // Nothing before group_wait; at 30 s one post carrying both incidents, and the first email.
    await stepTo(29 * s);
    expect(seen.chat).toEqual([]);
    expect(seen.mail).toEqual([]);
    await stepTo(30 * s);
    expect(seen.chat).toMatchObject([{ method: "chat.postMessage", at: 30 * s }]);
    expect(seen.mail).toEqual([30 * s]);
    const messages = slack.messages.get(slack.channelId("#ci-alerts")) ?? [];
    expect(messages).toHaveLength(1);
    const message = messages[0];
    const firstText = JSON.stringify([message?.text, message?.blocks]);
    expect(firstText).toContain(a);
    expect(firstText).toContain(b);
    const mail = smtp.messages[0];
    expect(mail?.to).toEqual(["oncall@example.com"]);
    expect(mail?.text).toContain(a);
    expect(mail?.text).toContain(b);

    // A third failure at 2 min rides the group's interval: one chat.update of the same ts at 5:30.
    await stepTo(2 * min);
    await failCi(runtime, { job: "e2e", runId: 3 });
    const c = (await incidentIds()).find((id) => id !== a && id !== b) ?? "";
    await stepTo(5 * min + 29 * s);
    expect(seen.chat).toHaveLength(1);
    await stepTo(5 * min + 30 * s);
    expect(seen.chat.slice(1)).toEqual([
      expect.objectContaining({ method: "chat.update", at: 5 * min + 30 * s, ts: message?.ts }),
    ]);
    expect(slack.messages.get(slack.channelId("#ci-alerts"))).toHaveLength(1);
    expect(JSON.stringify(message?.blocks)).toContain(c);

    // Email: debounced, ≥ 5 min after the first and +30 s for the new notice → 6:00.
    await stepTo(6 * min);
    expect(seen.mail).toEqual([30 * s, 6 * min]);
    expect(smtp.messages[1]?.text).toContain(c);

    // A pass resolves all three: the next flush (10:30) edits the message to resolved.
    await stepTo(7 * min);
    await passCi(runtime, { runId: 4 });
    expect((await runtime.backend.store.listIncidents()).map((i) => i.id)).toEqual([]);
    await stepTo(10 * min + 29 * s);
    expect(seen.chat).toHaveLength(2);
    await stepTo(10 * min + 30 * s);
    expect(seen.chat.slice(2)).toEqual([
      expect.objectContaining({ method: "chat.update", at: 10 * min + 30 * s, ts: message?.ts }),
    ]);
    expect(message?.text).toMatch(/^acme\/api: 3 resolved\./);
    expect(message?.history).toHaveLength(2);
    // The resolution was the groups' last notice: both are gone (Slack's once it went out).
    expect(await runtime.backend.store.listGroups()).toEqual([]);

    // The resolution email: +30 s after its flush (10:30), ≥ 5 min after the previous one.
    await stepTo(16 * min, 30 * s);
    expect(seen.mail).toEqual([30 * s, 6 * min, 11 * min]);
    expect(smtp.messages[2]?.text).toMatch(/resolved/i);
    // Nothing more: no reminder follows a resolved group.
    await stepTo(5 * 60 * min, 5 * min);
    expect(chatCalls(slack)).toHaveLength(3);
    expect(seen.mail).toHaveLength(3);
  });

  it("reminds of an unchanged failing group only at the first interval tick after 4 h", async () => {
    await failCi(runtime, { job: "unit", runId: 1 });
    await stepTo(30 * s);
    expect(seen.chat).toMatchObject([{ method: "chat.postMessage", at: 30 * s }]);
    const ts = slack.messages.get(slack.channelId("#ci-alerts"))?.[0]?.ts;

    // Flushes tick every 5 min (0:30, 5:30, …): unchanged, so nothing is sent before 4 h.
    await stepTo(4 * 60 * min, 30 * s);
    expect(seen.chat).toHaveLength(1);
    expect(seen.mail).toEqual([30 * s]);
    // 4 h after the notice is the tick 4:00:30 (48 intervals): the reminder is a new message
    // (Slack does not notify anyone of an edit).
    await stepTo(4 * 60 * min + 30 * s - 1);
    expect(seen.chat).toHaveLength(1);
    await stepTo(4 * 60 * min + 30 * s);
    expect(seen.chat.slice(1)).toEqual([
      expect.objectContaining({ method: "chat.postMessage", at: 4 * 60 * min + 30 * s }),
    ]);
    expect(slack.messages.get(slack.channelId("#ci-alerts"))?.[1]?.ts).not.toBe(ts);
    // The email reminder goes at once: the last email is older than the 30 min cap.
    await stepTo(4 * 60 * min + 60 * s);
    expect(seen.mail).toEqual([30 * s, 4 * 60 * min + 30 * s]);
    // The next reminder waits another repeat_interval.
    await stepTo(8 * 60 * min, 5 * min);
    expect(seen.chat).toHaveLength(2);
  });

  it("never announces an incident that opens and resolves inside group_wait", async () => {
    await failCi(runtime, { job: "unit", runId: 1 });
    await stepTo(15 * s);
    await passCi(runtime, { runId: 2 });
    await stepTo(10 * min, 5 * s);
    expect(chatCalls(slack)).toEqual([]);
    expect(smtp.messages).toEqual([]);
    expect(await runtime.backend.store.listGroups()).toEqual([]);
    expect(await runtime.backend.store.listIncidents({ includeResolved: true })).toMatchObject([
      { status: "resolved" },
    ]);
  });

  it("posts a critical failure (production, main) at once, skipping group_wait", async () => {
    await failCi(runtime, { job: "deploy-tests", runId: 1, environment: "production" });
    const [incident] = await runtime.backend.store.listIncidents();
    expect(incident?.classification.severity).toBe("critical");
    await stepTo(0);
    expect(seen.chat).toMatchObject([{ method: "chat.postMessage", at: 0 }]);
    expect(seen.mail).toEqual([0]);
    // A non-critical failure afterwards rides the group's interval (0 + 5 min).
    await stepTo(10 * s);
    await failCi(runtime, { job: "unit", runId: 2 });
    await stepTo(5 * min - s);
    expect(seen.chat).toHaveLength(1);
    await stepTo(5 * min);
    expect(seen.chat.slice(1)).toMatchObject([{ method: "chat.update", at: 5 * min }]);
  });
});

describe("acceptance: a mass failure is one umbrella notice", () => {
  it("posts one message listing the repositories and every incident, instead of none", async () => {
    const repos = ["acme/alpha", "acme/beta", "acme/gamma"];
    for (const [i, repo] of repos.entries()) {
      await stepTo(i * 10 * s);
      await failCi(runtime, { repo, job: "unit", test: "cart", runId: 100 + i });
    }
    await stepTo(49 * s);
    expect(seen.chat).toEqual([]); // alpha's and beta's own notices are held (inhibited)
    await stepTo(50 * s);
    expect(seen.chat).toMatchObject([{ method: "chat.postMessage", at: 50 * s }]);
    expect(seen.mail).toEqual([50 * s]);
    const text = seen.chat[0]?.text ?? "";
    expect(text).toContain("acme/alpha, acme/beta, acme/gamma: 3 failing");
    for (const id of await incidentIds()) {
      expect(JSON.stringify(slack.messages.get(slack.channelId("#ci-alerts")))).toContain(id);
    }
    await stepTo(30 * min, 30 * s);
    expect(seen.chat).toHaveLength(1);
    expect(seen.mail).toHaveLength(1);
  });
});

describe("acceptance: an announced incident taken off its message", () => {
  const posts = () => seen.chat.filter((c) => c.method === "chat.postMessage");

  it("edits a repository's message when its incident moves into a mass-failure umbrella", async () => {
    await failCi(runtime, { repo: "acme/alpha", job: "unit", test: "cart", runId: 1 });
    await stepTo(2 * min);
    await failCi(runtime, { repo: "acme/beta", job: "unit", test: "cart", runId: 2 });
    await stepTo(3 * min);
    await failCi(runtime, { repo: "acme/gamma", job: "unit", test: "cart", runId: 3 });
    await stepTo(8 * min);
    // alpha at 0:30 and beta at 2:30 were announced before the umbrella (3 repos) formed at 3:00.
    expect(seen.chat.map((c) => [c.method, c.at / s])).toEqual([
      ["chat.postMessage", 30],
      ["chat.postMessage", 150],
      ["chat.postMessage", 210],
      ["chat.update", 330],
      ["chat.update", 450],
    ]);
    const [alpha, beta, umbrella] = posts().map((c) => c.text);
    expect([alpha, beta]).toEqual([
      expect.stringContaining("acme/alpha: 1 failing"),
      expect.stringContaining("acme/beta: 1 failing"),
    ]);
    expect(umbrella).toContain("acme/alpha, acme/beta, acme/gamma: 3 failing");
    // Each repository's own message (edited in place: still three) says it moved to the umbrella.
    const messages = slack.messages.get(slack.channelId("#ci-alerts")) ?? [];
    expect(messages).toHaveLength(3);
    expect(seen.chat.slice(3).map((c) => c.ts)).toEqual([messages[0]?.ts, messages[1]?.ts]);
    for (const [i, repo] of ["acme/alpha", "acme/beta"].entries()) {
      expect(messages[i]?.text).toContain(`${repo}: nothing open`);
      expect(JSON.stringify(messages[i]?.blocks)).toContain("1 moved to the mass-failure notice");
    }
  });

  it("edits the message of an incident silenced after it was announced", async () => {
    await failCi(runtime, { job: "unit", runId: 1 });
    await failCi(runtime, { job: "lint", runId: 2 });
    await stepTo(1 * min);
    expect(posts()).toHaveLength(1);
    const response = await fetch(`${runtime.url}/api/silences`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        matchers: { job: "unit" },
        duration: "4h",
        author: "ana",
        reason: "flaky runner",
      }),
    });
    expect(response.status).toBe(201);
    await stepTo(6 * min);
    expect(seen.chat.map((c) => [c.method, c.at / s])).toEqual([
      ["chat.postMessage", 30],
      ["chat.update", 330],
    ]);
    const [message] = slack.messages.get(slack.channelId("#ci-alerts")) ?? [];
    expect(message?.text).toContain("acme/api: 1 failing");
    expect(message?.text).not.toContain("unit");
    expect(JSON.stringify(message?.blocks)).toContain("1 silenced");
  });
});
