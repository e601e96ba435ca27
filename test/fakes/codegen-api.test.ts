import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FakeCodegen, startFakeCodegen } from "./codegen-api.js";

let fake: FakeCodegen;
beforeEach(async () => {
  fake = await startFakeCodegen();
});
afterEach(async () => {
  await fake.close();
});

const call = (path: string, init: RequestInit = {}, token = fake.token) =>
  fetch(`${fake.url}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
  });
const runs = () => `/v1/organizations/${fake.orgId}/agent/run`;

describe("fake Codegen API", () => {
  it("walks the scripted statuses one GET at a time and stays on the last", async () => {
    fake.script(["ACTIVE", "FAILED"]);
    const created = (await (
      await call(runs(), { method: "POST", body: JSON.stringify({ prompt: "p" }) })
    ).json()) as { id: number };
    expect(created).toMatchObject({
      status: "ACTIVE",
      organization_id: fake.orgId,
      metadata: null,
    });
    const statuses: string[] = [];
    for (let i = 0; i < 3; i++) {
      const run = (await (await call(`${runs()}/${created.id}`)).json()) as { status: string };
      statuses.push(run.status);
    }
    expect(statuses).toEqual(["FAILED", "FAILED", "FAILED"]);
  });

  it("answers 401 without the token, 403 for another org, 422 without a prompt", async () => {
    expect((await call(runs(), { method: "POST" }, "wrong")).status).toBe(401);
    expect((await call("/v1/organizations/1/agent/run/1")).status).toBe(403);
    const invalid = await call(runs(), { method: "POST", body: "{}" });
    expect(invalid.status).toBe(422);
    expect(await invalid.json()).toMatchObject({ detail: [{ msg: "Field required" }] });
  });

  it("plan limit applies to creates only; a 429 carries Retry-After once", async () => {
    fake.planLimit();
    expect((await call(runs(), { method: "POST", body: '{"prompt":"p"}' })).status).toBe(402);
    expect((await call(`${runs()}/1`)).status).toBe(404);
    fake.faults.clear();
    fake.rateLimitNext(5);
    const limited = await call(`${runs()}/1`);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("5");
    expect(fake.requests.map((r) => r.faulted)).toEqual([true, false, true]);
  });
});
