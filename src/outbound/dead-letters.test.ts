import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { FakeClock } from "../../test/support/fake-clock.js";
import { InputError } from "../domain/errors.js";
import type { Job, NewJob } from "../ports.js";
import { type JsonBackend, openJsonBackend } from "../store/json/index.js";
import { DeadLetters } from "./dead-letters.js";

const opened: JsonBackend[] = [];
afterEach(async () => {
  for (const backend of opened.splice(0)) await backend.store.close();
});

async function setup() {
  const backend = await openJsonBackend({
    dataDir: mkdtempSync(join(tmpdir(), "pitcrew-dlq-")),
    maxLogBytes: 1024,
    maxJobAttempts: 3,
  });
  opened.push(backend);
  const clock = new FakeClock();
  const dlq = new DeadLetters({ store: backend.store, queue: backend.queue, clock });
  /** Runs a due job through the real queue and gives it up, as the worker does. */
  const giveUp = async (job?: Partial<NewJob>): Promise<Job> => {
    if (job)
      await backend.queue.enqueue({
        kind: "linear-issue",
        payload: { actionId: "act_1" },
        lane: "linear",
        key: "linear:PC-1:issue",
        runAt: clock.now().toISOString(),
        ...job,
      });
    const [claimed] = await backend.queue.claimDue(clock.now(), 1);
    if (!claimed) throw new Error("no job due");
    await backend.queue.fail(claimed.id, "boom", null, clock.now());
    return claimed;
  };
  const succeed = async (): Promise<Job> => {
    const [claimed] = await backend.queue.claimDue(clock.now(), 1);
    if (!claimed) throw new Error("no job due");
    await backend.queue.complete(claimed.id, clock.now());
    return claimed;
  };
  return { backend, clock, dlq, giveUp, succeed };
}

const auth = { errorType: "auth", message: "401 Unauthorized" } as const;
const rejected = (status: number, code: string) =>
  expect.objectContaining({ constructor: InputError, status, code });

describe("DeadLetters", () => {
  it("records a given-up job with its lane, kind, payload, key and attempts", async () => {
    const { dlq, giveUp, clock } = await setup();

    const entry = await dlq.record(await giveUp({}), auth);

    expect(entry).toMatchObject({
      destination: "linear",
      action: "linear-issue",
      payload: { actionId: "act_1" },
      idempotencyKey: "linear:PC-1:issue",
      errorType: "auth",
      error: "401 Unauthorized",
      attempts: 1,
      firstFailedAt: clock.now().toISOString(),
      lastFailedAt: clock.now().toISOString(),
      resolved: false,
      retryJobId: null,
    });
    expect(entry.id).toMatch(/^dlq_/);
    expect(await dlq.list()).toEqual([entry]);
  });

  it("retries with the same payload under a fresh job key; a failed retry updates the same entry", async () => {
    const { dlq, giveUp, clock, backend } = await setup();
    const entry = await dlq.record(await giveUp({}), auth);
    clock.advance(60_000);

    const retried = await dlq.retry(entry.id);
    await expect(dlq.retry(entry.id)).rejects.toEqual(rejected(409, "dead-letter-retry-pending"));
    const [job] = await backend.queue.list({ status: "pending" });
    expect(job).toMatchObject({
      id: retried.retryJobId,
      kind: "linear-issue",
      lane: "linear",
      payload: { actionId: "act_1" },
      key: "linear:PC-1:issue:dlq-retry:1",
      runAt: clock.now().toISOString(),
    });

    clock.advance(60_000);
    const again = await dlq.record(await giveUp(), { errorType: "server", message: "502" });
    expect(again).toMatchObject({
      id: entry.id,
      attempts: 2,
      errorType: "server",
      error: "502",
      firstFailedAt: entry.firstFailedAt,
      lastFailedAt: clock.now().toISOString(),
      retryJobId: null,
      retries: 1,
    });
    expect(await dlq.list()).toHaveLength(1);
    await dlq.retry(entry.id);
    const keys = (await backend.queue.list({ status: "pending" })).map((j) => j.key);
    expect(keys).toEqual(["linear:PC-1:issue:dlq-retry:2"]);
  });

  it("resolves the entry when its retry job succeeds, and only then", async () => {
    const { dlq, giveUp, succeed, backend, clock } = await setup();
    const entry = await dlq.record(await giveUp({}), auth);
    await backend.queue.enqueue({ kind: "other", payload: {}, runAt: clock.now().toISOString() });
    expect(await dlq.jobSucceeded(await succeed())).toBeNull();

    await dlq.retry(entry.id);
    const resolved = await dlq.jobSucceeded(await succeed());

    expect(resolved).toMatchObject({
      id: entry.id,
      resolved: true,
      resolvedBy: "retry-succeeded",
      resolvedAt: clock.now().toISOString(),
    });
    await expect(dlq.retry(entry.id)).rejects.toEqual(rejected(409, "dead-letter-resolved"));
  });

  it("resolves by hand with who and a note; unknown ids are 404, a second resolve 409", async () => {
    const { dlq, giveUp } = await setup();
    const entry = await dlq.record(await giveUp({}), auth);

    const resolved = await dlq.resolve(entry.id, { by: "ana", note: "rotated the key" });

    expect(resolved).toMatchObject({ resolved: true, resolvedBy: "ana", note: "rotated the key" });
    await expect(dlq.resolve(entry.id, { by: "bo" })).rejects.toEqual(
      rejected(409, "dead-letter-resolved"),
    );
    await expect(dlq.resolve("dlq_nope", { by: "bo" })).rejects.toEqual(
      rejected(404, "dead-letter-not-found"),
    );
    await expect(dlq.retry("dlq_nope")).rejects.toEqual(rejected(404, "dead-letter-not-found"));
    expect(await dlq.list({ unresolved: true })).toEqual([]);
  });

  it("retries every unresolved entry of one destination, skipping those being retried", async () => {
    const { dlq, giveUp } = await setup();
    const first = await dlq.record(await giveUp({ key: "a" }), auth);
    await dlq.record(await giveUp({ key: "b" }), auth);
    const done = await dlq.record(await giveUp({ key: "c" }), auth);
    await dlq.record(await giveUp({ key: "d", lane: "slack" }), auth);
    await dlq.resolve(done.id, { by: "ana" });
    await dlq.retry(first.id);

    expect(await dlq.retryDestination("linear")).toBe(1);
    expect(await dlq.retryDestination("linear")).toBe(0);
    expect(await dlq.retryDestination("email")).toBe(0);
  });

  it("counts by destination and error type over unresolved entries", async () => {
    const { dlq, giveUp, clock } = await setup();
    const start = clock.now().toISOString();
    await dlq.record(await giveUp({ key: "a" }), auth);
    clock.advance(1000);
    await dlq.record(await giveUp({ key: "b", lane: "slack" }), {
      errorType: "rate_limit",
      message: "429",
    });
    clock.advance(1000);
    const gone = await dlq.record(await giveUp({ key: "c", lane: "email" }), auth);
    await dlq.resolve(gone.id, { by: "ana" });

    expect(await dlq.stats()).toEqual({
      total: 3,
      unresolved: 2,
      byDestination: { linear: 1, slack: 1 },
      byErrorType: { auth: 1, rate_limit: 1 },
      oldest: start,
      newest: new Date(Date.parse(start) + 1000).toISOString(),
    });
  });

  it("purges entries resolved longer ago than the retention, at most once a day when scheduled", async () => {
    const { dlq, giveUp, clock } = await setup();
    const old = await dlq.record(await giveUp({ key: "a" }), auth);
    await dlq.resolve(old.id, { by: "ana" });
    await dlq.record(await giveUp({ key: "b" }), auth);
    const day = 24 * 60 * 60 * 1000;

    clock.advance(29 * day);
    expect(await dlq.purge()).toBe(0);
    expect(await dlq.purgeDue(clock.now())).toBe(0);
    clock.advance(2 * day);
    expect(await dlq.purgeDue(clock.now())).toBe(1);
    const recent = await dlq.record(await giveUp({ key: "c" }), auth);
    await dlq.resolve(recent.id, { by: "ana" });
    clock.advance(23 * 60 * 60 * 1000);
    expect(await dlq.purgeDue(clock.now())).toBeNull();
    expect(await dlq.purge(0)).toBe(1);
    expect((await dlq.list()).map((e) => e.idempotencyKey)).toEqual(["b"]);
  });
});
