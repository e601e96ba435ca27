import { afterEach, describe, expect, it } from "vitest";
import { type FakeSlack, startFakeSlack } from "../fakes/slack-api.js";
import { type FakeSmtp, startFakeSmtp } from "../fakes/smtp-server.js";
import { FakeClock } from "../support/fake-clock.js";
import {
  type ChatMoment,
  chatCalls,
  failCi,
  notifyEnv,
  stepUntil,
} from "../support/notify-timeline.js";
import { startTestRuntime, type TestRuntime } from "../support/test-runtime.js";

const s = 1_000;
const min = 60 * s;

let slack: FakeSlack;
let smtp: FakeSmtp;
const runtimes: TestRuntime[] = [];

afterEach(async () => {
  for (const runtime of runtimes.splice(0)) await runtime.stop().catch(() => undefined);
  await Promise.all([slack?.close(), smtp?.close()]);
});

async function boot(clock: FakeClock, dataDir?: string): Promise<TestRuntime> {
  const runtime = await startTestRuntime(notifyEnv(slack, smtp), {
    clock,
    ...(dataDir ? { dataDir } : {}),
  });
  runtimes.push(runtime);
  return runtime;
}

describe("acceptance: a restart in the middle of a group wait", () => {
  it("sends exactly one Slack message and one email at 30 s", async () => {
    slack = await startFakeSlack();
    smtp = await startFakeSmtp();
    const first = await boot(new FakeClock());
    const t0 = first.clock.now().getTime();
    await failCi(first, { job: "unit", runId: 1 });
    first.clock.advance(10 * s);
    await first.app.worker.runDue();
    expect(chatCalls(slack)).toEqual([]);
    await first.stop();
    runtimes.length = 0;

    // A new process on the same data dir, its clock where the old one stopped.
    const second = await boot(new FakeClock(first.clock.now().toISOString()), first.dataDir);
    const seen = { chat: [] as ChatMoment[], mail: [] as number[] };
    const fakes = { slack, smtp };
    await stepUntil(second, fakes, t0, 29 * s, s, seen);
    expect(seen.chat).toEqual([]);
    await stepUntil(second, fakes, t0, 30 * s, s, seen);
    expect(seen.chat).toMatchObject([{ method: "chat.postMessage", at: 30 * s }]);
    expect(seen.mail).toEqual([30 * s]);

    // Not two: nothing else goes out on the group's later ticks either.
    await stepUntil(second, fakes, t0, 30 * min, 30 * s, seen);
    expect(seen.chat).toHaveLength(1);
    expect(seen.mail).toHaveLength(1);
    expect([...slack.messages.values()].flat()).toHaveLength(1);
  });

  it("keeps a Slack message that could not go out across a restart, and posts it once", async () => {
    slack = await startFakeSlack();
    smtp = await startFakeSmtp();
    slack.down();
    const first = await boot(new FakeClock());
    const t0 = first.clock.now().getTime();
    const seen = { chat: [] as ChatMoment[], mail: [] as number[] };
    await failCi(first, { job: "unit", runId: 1 });
    await stepUntil(first, { slack, smtp }, t0, 45 * s, s, seen);
    expect(slack.requests.some((r) => r.faulted)).toBe(true);
    expect(seen.chat).toEqual([]);
    expect(seen.mail).toEqual([30 * s]);
    await first.stop();
    runtimes.length = 0;

    slack.up();
    const second = await boot(new FakeClock(first.clock.now().toISOString()), first.dataDir);
    await stepUntil(second, { slack, smtp }, t0, 30 * min, s, seen);
    expect(seen.chat.map((c) => c.method)).toEqual(["chat.postMessage"]);
    expect(seen.mail).toEqual([30 * s]);
    expect((await second.backend.store.listGroups()).filter((g) => g.slackPending)).toEqual([]);
  });
});
