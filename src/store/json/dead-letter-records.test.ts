import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { DeadLetter } from "../../domain/types.js";
import { type JsonBackend, openJsonBackend } from "./index.js";

const opened: JsonBackend[] = [];
afterEach(async () => {
  for (const backend of opened.splice(0)) await backend.store.close();
});

async function open(dataDir = mkdtempSync(join(tmpdir(), "pitcrew-dlq-store-"))) {
  const backend = await openJsonBackend({ dataDir, maxLogBytes: 1024, maxJobAttempts: 3 });
  opened.push(backend);
  return { store: backend.store, dataDir };
}

function letter(id: string, fields: Partial<DeadLetter> = {}): DeadLetter {
  return {
    id,
    destination: "linear",
    action: "linear-issue",
    payload: { actionId: `act_${id}` },
    idempotencyKey: `key-${id}`,
    errorType: "auth",
    error: "401",
    attempts: 1,
    firstFailedAt: "2026-11-23T10:00:00.000Z",
    lastFailedAt: "2026-11-23T10:00:00.000Z",
    resolved: false,
    resolvedAt: null,
    resolvedBy: null,
    note: null,
    retryJobId: null,
    retries: 0,
    ...fields,
  };
}

describe("store/json dead letters", () => {
  it("adds entries and keeps them across a reopen", async () => {
    const { store, dataDir } = await open();
    await store.addDeadLetter(letter("a"));
    await store.close();
    opened.length = 0;

    const { store: reopened } = await open(dataDir);

    expect(await reopened.getDeadLetter("a")).toEqual(letter("a"));
    expect(await reopened.getDeadLetter("nope")).toBeNull();
  });

  it("updates the unresolved entry of the same idempotency key, keeping its id and first failure", async () => {
    const { store } = await open();
    await store.addDeadLetter(letter("a", { retries: 2 }));

    const merged = await store.addDeadLetter(
      letter("b", {
        idempotencyKey: "key-a",
        errorType: "server",
        error: "502",
        attempts: 3,
        firstFailedAt: "2026-11-23T11:00:00.000Z",
        lastFailedAt: "2026-11-23T11:00:00.000Z",
      }),
    );

    expect(merged).toEqual(
      letter("a", {
        errorType: "server",
        error: "502",
        attempts: 4,
        lastFailedAt: "2026-11-23T11:00:00.000Z",
        retries: 2,
        payload: { actionId: "act_b" },
      }),
    );
    expect(await store.listDeadLetters()).toHaveLength(1);
  });

  it("adds a new entry when the same key's entry is resolved, or when there is no key", async () => {
    const { store } = await open();
    await store.addDeadLetter(letter("a", { resolved: true, resolvedAt: "2026-11-23T10:05:00Z" }));
    await store.addDeadLetter(letter("b", { idempotencyKey: "key-a" }));
    await store.addDeadLetter(letter("c", { idempotencyKey: null }));
    await store.addDeadLetter(letter("d", { idempotencyKey: null }));

    expect((await store.listDeadLetters()).map((l) => l.id)).toEqual(["a", "b", "c", "d"]);
  });

  it("saves changes and filters by destination, error type and resolution", async () => {
    const { store } = await open();
    await store.addDeadLetter(letter("a"));
    await store.addDeadLetter(letter("b", { destination: "slack", errorType: "rate_limit" }));
    await store.addDeadLetter(letter("c", { destination: "slack" }));
    await store.saveDeadLetter(letter("c", { destination: "slack", resolved: true }));
    const ids = async (query: Parameters<typeof store.listDeadLetters>[0]) =>
      (await store.listDeadLetters(query)).map((l) => l.id);

    expect(await ids({})).toEqual(["a", "b", "c"]);
    expect(await ids({ destination: "slack" })).toEqual(["b", "c"]);
    expect(await ids({ errorType: "auth" })).toEqual(["a", "c"]);
    expect(await ids({ unresolved: true })).toEqual(["a", "b"]);
    expect(await ids({ unresolved: false })).toEqual(["c"]);
    expect(await ids({ destination: "slack", errorType: "auth", unresolved: true })).toEqual([]);
  });

  it("purges only entries resolved before the cut-off", async () => {
    const { store } = await open();
    await store.addDeadLetter(
      letter("old", { resolved: true, resolvedAt: "2026-10-01T00:00:00Z" }),
    );
    await store.addDeadLetter(
      letter("new", { resolved: true, resolvedAt: "2026-11-20T00:00:00Z" }),
    );
    await store.addDeadLetter(letter("open", { firstFailedAt: "2026-01-01T00:00:00Z" }));

    expect(await store.purgeDeadLetters(new Date("2026-10-24T00:00:00Z"))).toBe(1);
    expect((await store.listDeadLetters()).map((l) => l.id)).toEqual(["new", "open"]);
  });
});
