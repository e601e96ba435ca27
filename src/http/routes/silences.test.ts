import { afterEach, describe, expect, it } from "vitest";
import { type HttpApp, startHttpApp } from "../../../test/support/http-app.js";

const opened: HttpApp[] = [];
afterEach(async () => {
  for (const app of opened.splice(0)) await app.close();
});

const token = "s3cret-token";

/** The real route table over a real store and a fake clock. */
async function setup(apiToken: string | null = token) {
  const app = await startHttpApp(apiToken, token);
  opened.push(app);
  const { http, backend, clock, call } = app;
  const add = (body: unknown) =>
    call({
      method: "POST",
      url: "/api/silences",
      headers: { "content-type": "application/json" },
      payload: JSON.stringify(body),
    });
  return { http, backend, clock, call, add };
}

describe("silence routes", () => {
  it("creates (201), lists, shows and expires a silence", async () => {
    const { call, add, clock } = await setup();

    const created = await add({
      matchers: { repo: "acme/api", job: "/^e2e-/" },
      duration: "2h",
      author: "ana",
      reason: "runner move",
    });
    expect(created.statusCode).toBe(201);
    const silence = created.json();
    expect(silence).toMatchObject({
      matchers: { repo: "acme/api", job: "/^e2e-/" },
      startsAt: "2026-11-23T10:00:00.000Z",
      endsAt: "2026-11-23T12:00:00.000Z",
      untilGreen: false,
      author: "ana",
      reason: "runner move",
      expiredAt: null,
    });
    clock.advance(1000);
    const anonymous = (await add({ matchers: { repo: "acme/web" }, reason: "r" })).json();
    expect(anonymous.author).toBe("api");

    const list = await call({ method: "GET", url: "/api/silences" });
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((s: { id: string }) => s.id)).toEqual([anonymous.id, silence.id]);
    const one = await call({ method: "GET", url: `/api/silences/${silence.id}` });
    expect(one.json()).toEqual(silence);

    clock.advance(59_000);
    const expired = await call({
      method: "POST",
      url: `/api/silences/${silence.id}/expire`,
      headers: { "content-type": "application/json" },
      payload: JSON.stringify({ by: "bo" }),
    });
    expect(expired.statusCode).toBe(200);
    expect(expired.json()).toMatchObject({
      id: silence.id,
      expiredAt: "2026-11-23T10:01:00.000Z",
      expiredBy: "bo",
    });
    const noBody = await call({ method: "POST", url: `/api/silences/${anonymous.id}/expire` });
    expect(noBody.json()).toMatchObject({ expiredBy: "api" });

    expect((await call({ method: "GET", url: "/api/silences" })).json()).toEqual({ items: [] });
    const all = await call({ method: "GET", url: "/api/silences?all=1" });
    expect(all.json().items).toHaveLength(2);
  });

  it("answers 400 naming the problem, 404 for an unknown id, 409 when already expired", async () => {
    const { call, add } = await setup();

    const badRegex = await add({ matchers: { job: "/[/" }, reason: "r" });
    const noMatchers = await add({ matchers: {}, reason: "r" });
    const wrongType = await add({ matchers: { repo: 1 }, reason: "r" });
    const extra = await add({ matchers: { repo: "a" }, reason: "r", until: "x" });
    const noReason = await add({ matchers: { repo: "a" } });
    const notJson = await call({ method: "POST", url: "/api/silences", payload: "{nope" });
    const greenNoJob = await add({ matchers: { repo: "a" }, reason: "r", untilGreen: true });
    const unknown = await call({ method: "POST", url: "/api/silences/sil_nope/expire" });
    const unknownGet = await call({ method: "GET", url: "/api/silences/sil_nope" });
    const badAll = await call({ method: "GET", url: "/api/silences?all=maybe" });

    expect(badRegex.statusCode).toBe(400);
    expect(badRegex.json().message).toContain("matcher job:");
    expect(noMatchers.json().message).toContain("at least one matcher");
    expect(wrongType.statusCode).toBe(400);
    expect(wrongType.json().message).toContain("matchers.repo");
    expect(extra.statusCode).toBe(400);
    expect(extra.json().message).toContain("until");
    expect(noReason.json().message).toContain("reason");
    expect(notJson.statusCode).toBe(400);
    expect(notJson.json().error).toBe("body-not-json");
    expect(greenNoJob.json().message).toContain("needs a repo and a job matcher");
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toEqual({ error: "silence-not-found", message: "no silence sil_nope" });
    expect(unknownGet.statusCode).toBe(404);
    expect(badAll.statusCode).toBe(400);

    const made = (await add({ matchers: { repo: "a" }, reason: "r" })).json();
    await call({ method: "POST", url: `/api/silences/${made.id}/expire` });
    const twice = await call({ method: "POST", url: `/api/silences/${made.id}/expire` });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error).toBe("silence-expired");
  });

  it("needs the bearer token when one is set; without one, loopback callers only", async () => {
    const { http } = await setup();
    const open = await setup(null);

    const none = await http.inject({ method: "GET", url: "/api/silences" });
    const wrong = await http.inject({
      method: "POST",
      url: "/api/silences",
      headers: { authorization: "Bearer nope" },
      payload: JSON.stringify({ matchers: { repo: "a" }, reason: "r" }),
    });
    const loopback = await open.http.inject({ method: "GET", url: "/api/silences" });
    const remote = await open.http.inject({
      method: "GET",
      url: "/api/silences",
      remoteAddress: "203.0.113.9",
    });

    expect(none.statusCode).toBe(401);
    expect(wrong.statusCode).toBe(401);
    expect(loopback.statusCode).toBe(200);
    expect(remote.statusCode).toBe(401);
  });
});
