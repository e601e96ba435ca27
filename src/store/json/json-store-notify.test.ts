import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { testIncident } from "../../../test/support/incident-builder.js";
import type { Silence } from "../../domain/escalation.js";
import type { EmailBatch, NotificationGroup } from "../../domain/notify.js";
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

const group = (id: string): NotificationGroup => ({
  id,
  route: 0,
  receiver: "slack",
  labels: { repo: "acme/api" },
  incidentIds: ["PC-1"],
  createdAt: "2026-11-23T10:00:00.000Z",
  nextFlushAt: "2026-11-23T10:00:30.000Z",
  lastFlushAt: null,
  lastNotifiedAt: null,
  notifiedFiring: [],
  notifiedResolved: [],
  slack: null,
});

const silence = (id: string): Silence =>
  ({
    id,
    matchers: { repo: "acme/api" },
    createdAt: "2026-11-23T10:00:00.000Z",
    endsAt: null,
    author: "ana",
    reason: "known",
    expiredAt: null,
  }) as Silence;

describe("store/json: notification state", () => {
  it("changes one group atomically: concurrent changes each see the other's", async () => {
    const backend = await open(mkdtempSync(join(tmpdir(), "pitcrew-store-")));
    const id = "0:slack:repo=acme/api";
    await backend.store.updateGroup(id, () => ({ ...group(id), incidentIds: [] }));
    const addMember = (incident: string) =>
      backend.store.updateGroup(id, (stored) =>
        stored ? { ...stored, incidentIds: [...stored.incidentIds, incident] } : null,
      );
    await Promise.all(["PC-1", "PC-2", "PC-3"].map(addMember));
    expect((await backend.store.getGroup(id))?.incidentIds.sort()).toEqual([
      "PC-1",
      "PC-2",
      "PC-3",
    ]);
  });

  it("keeps groups and email batches across a restart, and deletes what is asked", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pitcrew-store-"));
    const first = await open(dir);
    await first.store.updateGroup("0:slack:repo=acme/api", () => group("0:slack:repo=acme/api"));
    await first.store.updateGroup("0:email:repo=acme/api", () => group("0:email:repo=acme/api"));
    const edited = await first.store.updateGroup("0:slack:repo=acme/api", (stored) =>
      stored ? { ...stored, slack: { channel: "C1", ts: "1.2" } } : null,
    );
    expect(edited?.slack).toEqual({ channel: "C1", ts: "1.2" });
    const batch: EmailBatch = {
      to: "a@x.io",
      pending: [],
      sendAt: null,
      lastSentAt: null,
      urgent: false,
    };
    await first.store.updateEmailBatch("a@x.io", (stored) => stored ?? batch);
    const changed = await first.store.updateEmailBatch("a@x.io", (stored) => ({
      ...(stored ?? batch),
      lastSentAt: "2026-11-23T10:05:00.000Z",
    }));
    expect(changed.lastSentAt).toBe("2026-11-23T10:05:00.000Z");
    await first.store.saveSilence(silence("sil_1"));
    await first.store.saveSilence(silence("sil_2"));
    expect(await first.store.deleteSilences(["sil_1", "sil_9"])).toBe(1);
    await first.store.close();
    opened.splice(0);

    const second = await open(dir);
    expect((await second.store.listGroups()).map((g) => g.id)).toEqual([
      "0:slack:repo=acme/api",
      "0:email:repo=acme/api",
    ]);
    expect(await second.store.getGroup("0:slack:repo=acme/api")).toMatchObject({
      slack: { channel: "C1", ts: "1.2" },
    });
    expect(await second.store.getEmailBatch("a@x.io")).toMatchObject({
      lastSentAt: "2026-11-23T10:05:00.000Z",
    });
    expect((await second.store.listSilences()).map((s) => s.id)).toEqual(["sil_2"]);

    await second.store.updateGroup("0:email:repo=acme/api", () => null);
    expect(await second.store.getGroup("0:email:repo=acme/api")).toBeNull();
    expect(await second.store.getEmailBatch("nobody@x.io")).toBeNull();
  });
});

describe("store/json: incident heads", () => {
  it("lists where and when incidents failed, seen since a time, without their histories", async () => {
    const backend = await open(mkdtempSync(join(tmpdir(), "pitcrew-store-")));
    const at = (min: number) => new Date(Date.parse("2026-11-23T10:00:00.000Z") + min * 60_000);
    await backend.store.saveIncident(
      testIncident("PC-1", { repo: "acme/a", lastSeenAt: at(0).toISOString() }),
    );
    await backend.store.saveIncident(
      testIncident("PC-2", { repo: "acme/b", lastSeenAt: at(5).toISOString() }),
    );
    await backend.store.saveIncident(
      testIncident("PC-3", { repo: "acme/c", lastSeenAt: at(9).toISOString(), status: "resolved" }),
    );
    const heads = await backend.store.listIncidentHeads({ seenSince: at(5).toISOString() });
    expect(heads.map((h) => h.id)).toEqual(["PC-2"]);
    expect(Object.keys(heads[0] ?? {}).sort()).toEqual([
      "fingerprint",
      "id",
      "lastSeenAt",
      "repo",
      "status",
    ]);
    const all = await backend.store.listIncidentHeads({
      seenSince: at(5).toISOString(),
      includeResolved: true,
    });
    expect(all.map((h) => h.id)).toEqual(["PC-2", "PC-3"]);
  });
});
