import { afterEach, describe, expect, it } from "vitest";
import { type HttpApp, startHttpApp } from "../../../test/support/http-app.js";

const opened: HttpApp[] = [];
afterEach(async () => {
  for (const app of opened.splice(0)) await app.close();
});

const token = "s3cret-token";

/** The real route table over a real store, with two dead letters: linear/auth and slack/rate_limit. */
async function setup(apiToken: string | null = token) {
  const app = await startHttpApp(apiToken, token);
  opened.push(app);
  const { http, backend, clock, deadLetters, call } = app;
  const fail = async (lane: string, key: string, errorType: "auth" | "rate_limit") => {
    const now = clock.now().toISOString();
    await backend.queue.enqueue({ kind: `${lane}-call`, payload: { key }, lane, key, runAt: now });
    const [job] = await backend.queue.claimDue(clock.now(), 1);
    if (!job) throw new Error("no job");
    await backend.queue.fail(job.id, "boom", null, clock.now());
    return deadLetters.record(job, { errorType, message: `${errorType} failure` });
  };
  const linear = await fail("linear", "linear:PC-1", "auth");
  clock.advance(1000);
  const slack = await fail("slack", "slack:PC-1", "rate_limit");
  return { http, backend, clock, linear, slack, call };
}

describe("dead-letter routes", () => {
  it("GET /api/dlq lists entries in the contract shape, newest first, with filters", async () => {
    const { call, linear, slack } = await setup();

    const all = await call({ method: "GET", url: "/api/dlq" });
    const bySlack = await call({ method: "GET", url: "/api/dlq?destination=slack" });
    const byType = await call({ method: "GET", url: "/api/dlq?errorType=auth&unresolved=true" });
    const resolved = await call({ method: "GET", url: "/api/dlq?unresolved=false" });

    expect(all.statusCode).toBe(200);
    const items = all.json().items;
    expect(items.map((i: { id: string }) => i.id)).toEqual([slack.id, linear.id]);
    expect(items[1]).toMatchObject({
      id: linear.id,
      destination: "linear",
      action: "linear-call",
      errorType: "auth",
      error: "auth failure",
      attempts: 1,
      firstFailedAt: "2026-11-23T10:00:00.000Z",
      lastFailedAt: "2026-11-23T10:00:00.000Z",
      resolved: false,
      resolvedBy: null,
      note: null,
    });
    expect(bySlack.json().items.map((i: { id: string }) => i.id)).toEqual([slack.id]);
    expect(byType.json().items.map((i: { id: string }) => i.id)).toEqual([linear.id]);
    expect(resolved.json()).toEqual({ items: [] });
  });

  it("answers 400 for bad filters, naming what is allowed", async () => {
    const { call } = await setup();

    const type = await call({ method: "GET", url: "/api/dlq?errorType=boom" });
    const flag = await call({ method: "GET", url: "/api/dlq?unresolved=maybe" });
    const twice = await call({ method: "GET", url: "/api/dlq?destination=a&destination=b" });

    expect(type.statusCode).toBe(400);
    expect(type.json().message).toContain("network, timeout");
    expect(flag.statusCode).toBe(400);
    expect(twice.statusCode).toBe(400);
  });

  it("needs the bearer token when one is set; without one, loopback callers only", async () => {
    const { http } = await setup();
    const open = await setup(null);

    const none = await http.inject({ method: "GET", url: "/api/dlq" });
    const wrong = await http.inject({
      method: "POST",
      url: "/api/dlq/dlq_x/retry",
      headers: { authorization: "Bearer nope" },
    });
    const remote = await open.http.inject({
      method: "GET",
      url: "/api/dlq/stats",
      remoteAddress: "10.1.2.3",
    });
    const local = await open.http.inject({ method: "GET", url: "/api/dlq/stats" });

    expect([none.statusCode, wrong.statusCode, remote.statusCode]).toEqual([401, 401, 401]);
    expect(local.statusCode).toBe(200);
  });

  it("GET /api/dlq/stats counts unresolved entries by destination and error type", async () => {
    const { call } = await setup();

    const stats = await call({ method: "GET", url: "/api/dlq/stats" });

    expect(stats.json()).toEqual({
      total: 2,
      unresolved: 2,
      byDestination: { linear: 1, slack: 1 },
      byErrorType: { auth: 1, rate_limit: 1 },
      oldest: "2026-11-23T10:00:00.000Z",
      newest: "2026-11-23T10:00:01.000Z",
    });
  });

  it("POST /api/dlq/:id/retry re-enqueues the job; again while it is pending is 409", async () => {
    const { call, linear, backend } = await setup();

    const first = await call({ method: "POST", url: `/api/dlq/${linear.id}/retry` });
    const second = await call({ method: "POST", url: `/api/dlq/${linear.id}/retry` });
    const unknown = await call({ method: "POST", url: "/api/dlq/dlq_nope/retry" });

    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ id: linear.id, retries: 1 });
    const pending = await backend.queue.list({ status: "pending" });
    expect(pending.map((j) => j.id)).toEqual([first.json().retryJobId]);
    expect(second.statusCode).toBe(409);
    expect(second.json()).toMatchObject({ error: "dead-letter-retry-pending" });
    expect(unknown.statusCode).toBe(404);
  });

  it("POST /api/dlq/retry?destination= retries a whole destination", async () => {
    const { call } = await setup();

    const retried = await call({ method: "POST", url: "/api/dlq/retry?destination=slack" });
    const missing = await call({ method: "POST", url: "/api/dlq/retry" });

    expect(retried.json()).toEqual({ destination: "slack", retried: 1 });
    expect(missing.statusCode).toBe(400);
  });

  it("POST /api/dlq/:id/resolve records who and the note; `by` defaults to api", async () => {
    const { call, linear, slack } = await setup();

    const withBody = await call({
      method: "POST",
      url: `/api/dlq/${linear.id}/resolve`,
      headers: { "content-type": "application/json" },
      payload: JSON.stringify({ by: "ana", note: "key rotated" }),
    });
    const bare = await call({ method: "POST", url: `/api/dlq/${slack.id}/resolve` });
    const again = await call({ method: "POST", url: `/api/dlq/${slack.id}/resolve` });
    const unknown = await call({ method: "POST", url: "/api/dlq/dlq_nope/resolve" });
    const badJson = await call({
      method: "POST",
      url: `/api/dlq/${slack.id}/resolve`,
      payload: "{",
    });
    const badBy = await call({
      method: "POST",
      url: `/api/dlq/${slack.id}/resolve`,
      payload: JSON.stringify({ by: 7 }),
    });

    expect(withBody.json()).toMatchObject({
      resolved: true,
      resolvedBy: "ana",
      note: "key rotated",
    });
    expect(bare.json()).toMatchObject({ resolved: true, resolvedBy: "api", note: null });
    expect(again.statusCode).toBe(409);
    expect(unknown.statusCode).toBe(404);
    expect([badJson.statusCode, badBy.statusCode]).toEqual([400, 400]);
  });

  it("POST /api/dlq/purge deletes entries resolved before the cut-off", async () => {
    const { call, clock, linear } = await setup();
    await call({ method: "POST", url: `/api/dlq/${linear.id}/resolve` });
    clock.advance(31 * 24 * 60 * 60 * 1000);

    const bad = await call({ method: "POST", url: "/api/dlq/purge?olderThanDays=-1" });
    const kept = await call({ method: "POST", url: "/api/dlq/purge?olderThanDays=40" });
    const purged = await call({ method: "POST", url: "/api/dlq/purge" });
    const one = await call({ method: "GET", url: `/api/dlq/${linear.id}` });

    expect(bad.statusCode).toBe(400);
    expect(kept.json()).toEqual({ purged: 0 });
    expect(purged.json()).toEqual({ purged: 1 });
    expect(one.statusCode).toBe(404);
  });
});
