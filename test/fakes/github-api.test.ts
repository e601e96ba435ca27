import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FakeGithub, startFakeGithub } from "./github-api.js";

let fake: FakeGithub;
beforeEach(async () => {
  fake = await startFakeGithub();
});
afterEach(async () => {
  await fake.close();
});

describe("fake GitHub API", () => {
  it("writes ids beyond 2^53 as raw JSON digits, with steps", async () => {
    fake.addRun({
      repo: "acme/api",
      runId: "8812",
      jobs: [{ id: "9007199254740993", name: "t", conclusion: "failure", failedStep: "Test" }],
    });
    const response = await fetch(`${fake.url}/repos/acme/api/actions/runs/8812/jobs`);
    const text = await response.text();
    expect(response.status).toBe(200);
    expect(text).toContain('"id":9007199254740993');
    expect(text).toContain('"run_id":8812');
    const steps = JSON.parse(text).jobs[0].steps;
    expect(steps[2]).toMatchObject({ name: "Test", number: 3, conclusion: "failure" });
  });

  it("paginates with a GitHub-style link header", async () => {
    const jobs = Array.from({ length: 5 }, (_, i) => ({
      id: i + 1,
      name: `j${i}`,
      conclusion: "success",
    }));
    fake.addRun({ repo: "acme/api", runId: 1, jobs });
    const response = await fetch(`${fake.url}/repos/acme/api/actions/runs/1/jobs?per_page=2`);
    expect(await response.json()).toMatchObject({ total_count: 5 });
    expect(response.headers.get("link")).toBe(
      `<${fake.url}/repos/acme/api/actions/runs/1/jobs?per_page=2&page=2>; rel="next", ` +
        `<${fake.url}/repos/acme/api/actions/runs/1/jobs?per_page=2&page=3>; rel="last"`,
    );
  });

  it("answers unknown routes like GitHub", async () => {
    const response = await fetch(`${fake.url}/nope`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ message: "Not Found" });
  });

  it("injects a failure once, then serves normally; requires auth for re-runs", async () => {
    fake.addRun({ repo: "acme/api", runId: 1, jobs: [] });
    const path = "/repos/acme/api/actions/runs/1/rerun-failed-jobs";
    fake.failNext(path, { status: 503, headers: { "retry-after": "7" } });
    const post = (auth?: string) =>
      fetch(`${fake.url}${path}`, { method: "POST", headers: auth ? { authorization: auth } : {} });
    const first = await post("token x");
    expect([first.status, first.headers.get("retry-after")]).toEqual([503, "7"]);
    expect((await post()).status).toBe(401);
    expect((await post("token x")).status).toBe(201);
    expect(fake.reruns).toEqual([{ repo: "acme/api", runId: "1" }]);
    expect(fake.requests.map((r) => r.method)).toEqual(["POST", "POST", "POST"]);
  });
});
