import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { StoreLockedError } from "../../domain/errors.js";
import type { FailureEvent } from "../../domain/types.js";
import { type JsonBackend, openJsonBackend } from "./index.js";

const opened: JsonBackend[] = [];
afterEach(async () => {
  for (const backend of opened.splice(0)) await backend.store.close();
});

async function open(dataDir: string, maxLogBytes = 1024 * 1024): Promise<JsonBackend> {
  const backend = await openJsonBackend({ dataDir, maxLogBytes, maxJobAttempts: 3 });
  opened.push(backend);
  return backend;
}

function event(id: string): FailureEvent {
  return {
    id,
    provider: "ci",
    source: "gitlab",
    deliveryId: `d-${id}`,
    repo: "acme/api",
    workflow: "ci",
    job: "test",
    branch: "main",
    sha: "9f2c",
    runId: "8812",
    attempt: 1,
    url: null,
    conclusion: "failure",
    exitCode: 1,
    environment: null,
    startedAt: null,
    finishedAt: null,
    receivedAt: "2026-11-23T10:00:00.000Z",
    logRef: null,
    logUrl: null,
  };
}

const job = {
  kind: "process-event",
  payload: { eventId: "ev_1" },
  runAt: "2026-11-23T10:00:00.000Z",
};

describe("store/json", () => {
  it("accepts a delivery once, with its event and job, and survives a reopen", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pitcrew-store-"));
    const first = await open(dir);

    expect(
      await first.store.acceptDelivery({
        deliveryKey: "github:1",
        event: event("ev_1"),
        log: null,
        job,
      }),
    ).toBe("accepted");
    expect(
      await first.store.acceptDelivery({
        deliveryKey: "github:1",
        event: event("ev_2"),
        log: null,
        job,
      }),
    ).toBe("duplicate");
    await first.store.close();
    opened.length = 0;
    const second = await open(dir);

    expect(await second.store.getEvent("ev_1")).toMatchObject({ repo: "acme/api" });
    expect(await second.store.getEvent("ev_2")).toBeNull();
    expect(await second.queue.pendingCount()).toBe(1);
  });

  it("keeps raw logs as capped files beside the JSON, not inside it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pitcrew-store-"));
    const backend = await open(dir, 2048);
    const log = Array.from({ length: 200 }, (_, i) => `line ${i} ${"x".repeat(20)}`).join("\n");

    await backend.store.acceptDelivery({ deliveryKey: "ci:1", event: event("ev_1"), log, job });
    const stored = await backend.store.getEvent("ev_1");
    const text = await backend.store.readLog(stored?.logRef ?? "");

    expect(Buffer.byteLength(text ?? "")).toBeLessThanOrEqual(2048);
    expect(text).toMatch(/^line \d+ x+\n/);
    expect(text?.endsWith(`line 199 ${"x".repeat(20)}`)).toBe(true);
    expect(readFileSync(join(dir, "pitcrew.json"), "utf8")).not.toContain("line 199");
    expect(await backend.store.readLog("../pitcrew.json")).toBeNull();
  });

  it("refuses a second opener of the same data dir, naming the holder", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pitcrew-store-"));
    await open(dir);

    await expect(
      openJsonBackend({ dataDir: dir, maxLogBytes: 1024, maxJobAttempts: 3 }),
    ).rejects.toThrow(StoreLockedError);
  });

  it("refuses a data dir locked by another live process, and takes over a dead one's lock", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pitcrew-store-"));
    writeFileSync(join(dir, "pitcrew.lock"), `${process.ppid}\n`);

    await expect(
      openJsonBackend({ dataDir: dir, maxLogBytes: 1024, maxJobAttempts: 3 }),
    ).rejects.toThrow(new RegExp(`in use by another pitcrew process \\(pid ${process.ppid}\\)`));

    writeFileSync(join(dir, "pitcrew.lock"), "999999999\n");
    const backend = await open(dir);
    expect(await backend.store.ping()).toBe(true);
  });

  it("opens read-only beside a lock holder and refuses to write", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pitcrew-store-"));
    const writer = await open(dir);
    await writer.store.acceptDelivery({
      deliveryKey: "ci:1",
      event: event("ev_1"),
      log: null,
      job,
    });

    const reader = await openJsonBackend({
      dataDir: dir,
      maxLogBytes: 1024,
      maxJobAttempts: 3,
      readOnly: true,
    });

    expect(await reader.store.getEvent("ev_1")).not.toBeNull();
    await expect(reader.store.nextIncidentId()).rejects.toThrow(/read-only/);
  });

  it("stores incident ids as PC-n and never hands out internal objects", async () => {
    const backend = await open(mkdtempSync(join(tmpdir(), "pitcrew-store-")));

    expect(await backend.store.nextIncidentId()).toBe("PC-1");
    expect(await backend.store.nextIncidentId()).toBe("PC-2");
    const entry = await backend.store.addOutbox({
      at: "t",
      destination: "github",
      operation: "rerun",
      payload: { a: 1 },
      idempotencyKey: "k",
    });
    const again = await backend.store.addOutbox({
      at: "t",
      destination: "github",
      operation: "rerun",
      payload: { a: 2 },
      idempotencyKey: "k",
    });
    expect(again.id).toBe(entry.id);
    expect(await backend.store.listOutbox()).toHaveLength(1);
  });
});

describe("store/json job queue", () => {
  it("runs a delayed job only at its time, retries, then marks it dead", async () => {
    const { queue } = await open(mkdtempSync(join(tmpdir(), "pitcrew-queue-")));
    const created = await queue.enqueue({
      kind: "rerun",
      payload: {},
      runAt: "2026-11-23T10:00:30.000Z",
      key: "k1",
    });

    expect(
      (
        await queue.enqueue({
          kind: "rerun",
          payload: {},
          runAt: "2026-11-23T10:00:00.000Z",
          key: "k1",
        })
      ).id,
    ).toBe(created.id);
    expect(await queue.claimDue(new Date("2026-11-23T10:00:29.999Z"), 10)).toEqual([]);
    expect(await queue.nextDueAt()).toEqual(new Date("2026-11-23T10:00:30.000Z"));
    const [claimed] = await queue.claimDue(new Date("2026-11-23T10:00:30.000Z"), 10);
    expect(claimed).toMatchObject({ id: created.id, status: "running", attempts: 1 });
    expect(await queue.claimDue(new Date("2026-11-23T10:00:30.000Z"), 10)).toEqual([]);

    await queue.fail(created.id, "boom", new Date("2026-11-23T10:01:00.000Z"), new Date());
    expect(await queue.list({ status: "pending" })).toMatchObject([
      { runAt: "2026-11-23T10:01:00.000Z", lastError: "boom" },
    ]);
    await queue.claimDue(new Date("2026-11-23T10:01:00.000Z"), 10);
    await queue.fail(created.id, "boom", new Date("2026-11-23T10:02:00.000Z"), new Date());
    await queue.claimDue(new Date("2026-11-23T10:02:00.000Z"), 10);
    await queue.fail(created.id, "boom again", new Date("2026-11-23T10:03:00.000Z"), new Date());

    expect(await queue.list({ status: "dead" })).toMatchObject([
      { attempts: 3, lastError: "boom again" },
    ]);
  });

  it("puts jobs a crashed process had claimed back to pending at the next open", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pitcrew-queue-"));
    const first = await open(dir);
    await first.queue.enqueue({
      kind: "process-event",
      payload: { eventId: "ev_1" },
      runAt: "2026-11-23T10:00:00.000Z",
    });
    await first.queue.claimDue(new Date("2026-11-23T10:00:00.000Z"), 10);
    await first.store.close();
    opened.length = 0;

    const second = await open(dir);

    expect(second.recovered).toBe(1);
    expect(await second.queue.claimDue(new Date("2026-11-23T10:00:00.000Z"), 10)).toMatchObject([
      { attempts: 2 },
    ]);
  });
});
