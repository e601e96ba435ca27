import { afterEach, describe, expect, it } from "vitest";
import { type FakeDestination, startFakeDestination } from "./fake-destination.js";
import { status } from "./faults.js";

const started: FakeDestination[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((d) => d.close()));
});

async function destination(name: string, delayMs?: number): Promise<FakeDestination> {
  const dest = await startFakeDestination(name, delayMs === undefined ? {} : { delayMs });
  started.push(dest);
  return dest;
}

const post = (dest: FakeDestination, body: string, signal?: AbortSignal) =>
  fetch(dest.sendUrl, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body,
    signal,
  });

describe("fake destination", () => {
  it("answers POST /send with its own ids and records what it received", async () => {
    const dest = await destination("pager");
    const first = await post(dest, JSON.stringify({ text: "one" }));
    const second = await post(dest, JSON.stringify({ text: "two" }));
    expect(await first.json()).toEqual({ ok: true, id: "pager-1" });
    expect(await second.json()).toEqual({ ok: true, id: "pager-2" });
    expect(dest.received.map((r) => r.json)).toEqual([{ text: "one" }, { text: "two" }]);
    expect(dest.received[0]?.headers["content-type"]).toBe("application/json");
    expect(dest.delivered).toEqual(["pager-1", "pager-2"]);
  });

  it("rejects other routes, other methods and malformed JSON", async () => {
    const dest = await destination("pager");
    expect((await fetch(`${dest.url}/other`, { method: "POST" })).status).toBe(404);
    expect((await fetch(dest.sendUrl)).status).toBe(405);
    const bad = await post(dest, "{not json");
    expect([bad.status, await bad.json()]).toEqual([400, { ok: false, error: "invalid_json" }]);
    expect(dest.delivered).toEqual([]);
  });

  it("a slow destination does not slow down another one", async () => {
    const slow = await destination("slow", 400);
    const fast = await destination("fast");
    const t0 = Date.now();
    const slowAnswer = post(slow, "{}").then(() => Date.now() - t0);
    const fastAnswer = post(fast, "{}").then(() => Date.now() - t0);
    const [slowMs, fastMs] = await Promise.all([slowAnswer, fastAnswer]);
    expect(slowMs).toBeGreaterThanOrEqual(390);
    expect(fastMs).toBeLessThan(300);
  });

  it("the delay also applies to status faults, and setDelay changes it", async () => {
    const dest = await destination("chat", 150);
    dest.faults.next(status(503));
    const t0 = Date.now();
    expect((await post(dest, "{}")).status).toBe(503);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
    dest.setDelay(0);
    const t1 = Date.now();
    expect((await post(dest, "{}")).status).toBe(200);
    expect(Date.now() - t1).toBeLessThan(140);
  });

  it("a client that gives up during the delay is recorded but not delivered", async () => {
    const dest = await destination("chat", 300);
    const error = await post(dest, "{}", AbortSignal.timeout(50)).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "TimeoutError" });
    expect(dest.received).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect(dest.delivered).toEqual([]);
  });

  it("closes at once with an answer still waiting on its delay", async () => {
    const dest = await startFakeDestination("chat", { delayMs: 10_000 });
    const pending = post(dest, "{}").catch((e: unknown) => e);
    while (dest.received.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const t0 = Date.now();
    await dest.close();
    expect(await pending).toBeInstanceOf(TypeError);
    expect(Date.now() - t0).toBeLessThan(1_000);
  });
});
