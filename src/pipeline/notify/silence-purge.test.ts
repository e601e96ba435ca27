import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { FakeClock } from "../../../test/support/fake-clock.js";
import type { Silence } from "../../domain/escalation.js";
import { type JsonBackend, openJsonBackend } from "../../store/json/index.js";
import { dailySilencePurge } from "./silences.js";

let backend: JsonBackend | undefined;
afterEach(async () => backend?.store.close());

const day = 86_400_000;
const silence = (id: string, expiredAt: string | null): Silence => ({
  id,
  matchers: { repo: "acme/api" },
  createdAt: "2026-10-01T00:00:00.000Z",
  startsAt: "2026-10-01T00:00:00.000Z",
  untilGreen: false,
  endsAt: null,
  author: "ana",
  reason: "known",
  expiredAt,
  expiredBy: expiredAt ? "ana" : null,
});

describe("notify/silences: the daily purge", () => {
  it("deletes silences expired more than the retention ago, at most once a day", async () => {
    backend = await openJsonBackend({
      dataDir: mkdtempSync(join(tmpdir(), "pitcrew-purge-")),
      maxLogBytes: 1024,
      maxJobAttempts: 3,
    });
    const clock = new FakeClock("2026-11-23T10:00:00.000Z");
    const store = backend.store;
    await store.saveSilence(silence("old", "2026-10-20T00:00:00.000Z")); // 34 days ago
    await store.saveSilence(silence("recent", "2026-11-10T00:00:00.000Z")); // 13 days ago
    await store.saveSilence(silence("active", null));
    const purge = dailySilencePurge({ store, clock, notify: { silenceRetention: 30 * day } });

    expect(await purge(clock.now())).toBe(1);
    expect((await store.listSilences()).map((s) => s.id)).toEqual(["recent", "active"]);

    clock.advance(20 * day); // "recent" is now 33 days past its expiry
    expect(await purge(new Date(clock.now().getTime() - 20 * day + 1000))).toBeNull();
    expect(await purge(clock.now())).toBe(1);
    expect((await store.listSilences()).map((s) => s.id)).toEqual(["active"]);
  });
});
