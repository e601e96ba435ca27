import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { TemplateMinerState } from "../../domain/template-state.js";
import type { FlakyObservation } from "../../domain/types.js";
import { addLine, createMiner, templatesOf } from "../../pipeline/report/template-miner.js";
import { maxFlakyExamples } from "./flaky-records.js";
import { type JsonBackend, openJsonBackend } from "./index.js";

const opened: JsonBackend[] = [];
afterEach(async () => {
  for (const backend of opened.splice(0)) await backend.store.close();
});

async function open(dataDir: string): Promise<JsonBackend> {
  const backend = await openJsonBackend({ dataDir, maxLogBytes: 1024, maxJobAttempts: 3 });
  opened.push(backend);
  return backend;
}

async function reopen(backend: JsonBackend, dir: string): Promise<JsonBackend> {
  await backend.store.close();
  opened.splice(opened.indexOf(backend), 1);
  return open(dir);
}

const tempDir = () => mkdtempSync(join(tmpdir(), "pitcrew-history-"));

function seen(incidentId: string, overrides: Partial<FlakyObservation> = {}): FlakyObservation {
  return {
    repo: "acme/api",
    fingerprint: "v1:abc",
    incidentId,
    sha: "9f2c",
    at: `2026-11-23T10:0${incidentId.slice(-1)}:00.000Z`,
    ...overrides,
  };
}

function mineInto(state: TemplateMinerState | null, line: string) {
  const next = state ?? createMiner();
  return { state: next, result: addLine(next, line).templateId };
}

describe("store/json flaky history", () => {
  it("counts each incident once per repo + fingerprint, and survives a reopen", async () => {
    const dir = tempDir();
    const first = await open(dir);

    await first.store.recordFlaky(seen("PC-1", { sha: "aaa" }));
    await first.store.recordFlaky(seen("PC-1", { sha: "aaa" }));
    await first.store.recordFlaky(seen("PC-2", { sha: "bbb" }));
    await first.store.recordFlaky(seen("PC-3", { repo: "acme/web" }));
    const second = await reopen(first, dir);

    expect(await second.store.getFlaky("acme/api", "v1:abc")).toEqual({
      repo: "acme/api",
      fingerprint: "v1:abc",
      count: 2,
      firstSeenAt: "2026-11-23T10:01:00.000Z",
      lastSeenAt: "2026-11-23T10:02:00.000Z",
      incidentIds: ["PC-1", "PC-2"],
      lastSha: "bbb",
    });
    expect(await second.store.getFlaky("acme/web", "v1:abc")).toMatchObject({ count: 1 });
    expect(await second.store.getFlaky("acme/api", "v1:other")).toBeNull();
  });

  it("caps the example incidents but keeps counting", async () => {
    const { store } = await open(tempDir());
    const total = maxFlakyExamples + 3;
    for (let i = 1; i <= total; i += 1) await store.recordFlaky(seen(`PC-${i}`));

    const record = await store.getFlaky("acme/api", "v1:abc");
    expect(record?.count).toBe(total);
    expect(record?.incidentIds).toHaveLength(maxFlakyExamples);
    expect(record?.incidentIds.at(-1)).toBe(`PC-${total}`);
  });

  it("hands out copies", async () => {
    const { store } = await open(tempDir());
    const record = await store.recordFlaky(seen("PC-1"));
    record.count = 99;
    expect((await store.getFlaky("acme/api", "v1:abc"))?.count).toBe(1);
  });

  it("opens a data file written before flaky history and templates existed", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "pitcrew.json"), JSON.stringify({ version: 1, incidents: [] }));
    const { store } = await open(dir);

    expect(await store.getFlaky("acme/api", "v1:abc")).toBeNull();
    expect(await store.loadTemplates()).toBeNull();
  });
});

describe("store/json templates", () => {
  it("persists the miner state as one document and continues it after a reopen", async () => {
    const dir = tempDir();
    const first = await open(dir);

    expect(await first.store.updateTemplates((s) => mineInto(s, "exit code 1"))).toBe("tpl-1");
    expect(await first.store.updateTemplates((s) => mineInto(s, "exit code 2"))).toBe("tpl-1");
    const second = await reopen(first, dir);
    expect(await second.store.updateTemplates((s) => mineInto(s, "other words"))).toBe("tpl-2");

    const state = await second.store.loadTemplates();
    expect(templatesOf(state ?? createMiner())).toMatchObject([
      { id: "tpl-1", template: "exit code <NUM>", count: 2 },
      { id: "tpl-2", template: "other words", count: 1 },
    ]);
    expect(JSON.parse(readFileSync(join(dir, "pitcrew.json"), "utf8")).templates.nextId).toBe(3);
  });

  it("keeps the stored state when a change throws half-way", async () => {
    const { store } = await open(tempDir());
    await store.updateTemplates((s) => mineInto(s, "a b c"));

    await expect(
      store.updateTemplates((s) => {
        if (s) s.nextId = 1000;
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect((await store.loadTemplates())?.nextId).toBe(2);
  });

  it("loses no line when updates run concurrently", async () => {
    const { store } = await open(tempDir());
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => store.updateTemplates((s) => mineInto(s, `n ${i}`))),
    );
    const state = await store.loadTemplates();
    expect(templatesOf(state ?? createMiner())).toMatchObject([{ count: 20 }]);
  });
});
