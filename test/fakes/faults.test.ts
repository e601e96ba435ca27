import { afterEach, describe, expect, it } from "vitest";
import { createGithubClient } from "../../src/integrations/github/client.js";
import type { Logger } from "../../src/ports.js";
import { type FakeDestination, startFakeDestination } from "./fake-destination.js";
import { FaultPlan, hang, reset, status } from "./faults.js";
import { type FakeGithub, startFakeGithub } from "./github-api.js";

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };
const RERUN = /\/rerun-failed-jobs$/;

let dest: FakeDestination | undefined;
let github: FakeGithub | undefined;
afterEach(async () => {
  await dest?.close();
  await github?.close();
  dest = undefined;
  github = undefined;
});

const send = (body: unknown = { text: "hi" }, signal?: AbortSignal) =>
  fetch(dest?.sendUrl ?? "", { method: "POST", body: JSON.stringify(body), signal });

/** The rejection of `promise`, failing the test if it resolves. */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.fail("expected a rejection"),
    (e: unknown) => e,
  );
}

describe("fault kinds on the wire", () => {
  it("a status fault sends its status, Retry-After and a JSON body", async () => {
    dest = await startFakeDestination("chat");
    dest.faults.next(status(429, { "retry-after": "2" }));
    const response = await send();
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("2");
    expect(await response.json()).toEqual({ message: "Injected 429" });
    expect(dest.received.map((r) => r.faulted)).toEqual([true]);
    expect(dest.delivered).toEqual([]);
  });

  it("a string body goes out as is", async () => {
    dest = await startFakeDestination("chat");
    dest.faults.next(status(502, { "content-type": "text/html" }, "<html>Bad Gateway</html>"));
    const response = await send();
    expect([response.status, await response.text()]).toEqual([502, "<html>Bad Gateway</html>"]);
  });

  // Node 20.19 (undici 6.x) reports a TCP RST as "read ECONNRESET"; a plain destroy() (FIN)
  // would surface as SocketError "other side closed" with code UND_ERR_SOCKET instead.
  it("reset: fetch fails with a TypeError caused by ECONNRESET", async () => {
    dest = await startFakeDestination("chat");
    dest.faults.next(reset);
    const error = await rejection(send());
    expect(error).toBeInstanceOf(TypeError);
    expect(error).toMatchObject({ message: "fetch failed", cause: { code: "ECONNRESET" } });
    expect((await send()).status).toBe(200);
  });

  it("hang: only the client's timeout ends it, and close() does not wait for it", async () => {
    dest = await startFakeDestination("chat");
    dest.faults.next(hang);
    const started = Date.now();
    const error = await rejection(send({}, AbortSignal.timeout(200)));
    expect(error).toMatchObject({ name: "TimeoutError" });
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(dest.received).toHaveLength(1);
  });

  it("hang: closing the server while a request still hangs ends it at once", async () => {
    dest = await startFakeDestination("chat");
    dest.faults.always(hang);
    const pending = rejection(send({}, AbortSignal.timeout(10_000)));
    await until(() => dest?.received.length === 1);
    const started = Date.now();
    await dest.close();
    dest = undefined;
    expect(await pending).toBeInstanceOf(TypeError);
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});

describe("FaultPlan", () => {
  it("next(fault, 2) faults exactly two requests, then the normal answer returns", async () => {
    dest = await startFakeDestination("chat");
    dest.faults.next(status(503), 2);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await send()).status);
    expect(statuses).toEqual([503, 503, 200]);
    expect(dest.received.map((r) => r.faulted)).toEqual([true, true, false]);
    expect(dest.faults.pending).toBe(0);
  });

  it("always() holds until clear(); one-shot faults go first", async () => {
    dest = await startFakeDestination("chat");
    dest.faults.always(status(500)).next(status(429));
    expect((await send()).status).toBe(429);
    expect((await send()).status).toBe(500);
    expect((await send()).status).toBe(500);
    dest.faults.clear();
    expect((await send()).status).toBe(200);
  });

  it("filters by exact pathname, by pattern on path + query, and by method", () => {
    const plan = new FaultPlan()
      .next(status(501), 1, { path: "/a" })
      .next(status(502), 1, { path: /\?page=2$/ })
      .next(status(503), 1, { method: "post" });
    expect(plan.take({ method: "GET", path: "/b" })).toBeNull();
    expect(plan.take({ method: "GET", path: "/b?page=2" })).toMatchObject({ status: 502 });
    expect(plan.take({ method: "GET", path: "/a?x=1" })).toMatchObject({ status: 501 });
    expect(plan.take({ method: "GET", path: "/a" })).toBeNull();
    expect(plan.take({ method: "POST", path: "/a" })).toMatchObject({ status: 503 });
    expect(plan.take()).toBeNull();
  });

  it("take() without a request matches only unfiltered faults", () => {
    const plan = new FaultPlan().next(reset, 1, { path: "/x" }).next(hang);
    expect(plan.take()).toEqual(hang);
    expect(plan.take()).toBeNull();
    expect(plan.pending).toBe(1);
  });

  it("a /g pattern matches every time, not every other time", () => {
    const plan = new FaultPlan().always(reset, { path: /rerun/g });
    const request = { method: "POST", path: "/rerun" };
    expect([plan.take(request), plan.take(request), plan.take(request)]).toEqual([
      reset,
      reset,
      reset,
    ]);
  });
});

describe("the GitHub fake's fault plan", () => {
  const run = {
    repo: "acme/api",
    runId: 8812,
    jobs: [{ id: 1, name: "t", conclusion: "failure" }],
  };
  const octokit = (timeoutMs = 5_000) =>
    createGithubClient({
      apiUrl: github?.url ?? "",
      timeoutMs,
      auth: { token: "ghp_test" },
      logger: silent,
    });
  const rerun = (timeoutMs?: number) =>
    octokit(timeoutMs).rest.actions.reRunWorkflowFailedJobs({
      owner: "acme",
      repo: "api",
      run_id: 8812,
    });

  it("a 503 on rerun-failed-jobs surfaces from Octokit as an HttpError 503, without a re-run", async () => {
    github = await startFakeGithub();
    github.addRun(run);
    github.faults.next(status(503, { "retry-after": "5" }), 1, { path: RERUN });
    const error = await rejection(rerun());
    expect(error).toMatchObject({ name: "HttpError", status: 503 });
    expect(error).toMatchObject({ response: { headers: { "retry-after": "5" } } });
    expect(error).toMatchObject({ response: { data: { message: "Injected 503" } } });
    expect(github.reruns).toEqual([]);
    expect((await rerun()).status).toBe(201);
    expect(github.reruns).toEqual([{ repo: "acme/api", runId: "8812" }]);
    expect(github.requests.map((r) => r.faulted)).toEqual([true, false]);
  });

  it("a path filter leaves the other routes alone", async () => {
    github = await startFakeGithub();
    github.addRun(run);
    github.faults.always(reset, { path: RERUN });
    const jobs = await octokit().rest.actions.listJobsForWorkflowRun({
      owner: "acme",
      repo: "api",
      run_id: 8812,
    });
    expect(jobs.data.total_count).toBe(1);
    // Octokit reports network failures as status 500, with undici's cause as the message.
    const error = await rejection(rerun());
    expect(error).toMatchObject({ name: "HttpError", status: 500, message: "read ECONNRESET" });
    expect(error).toMatchObject({ cause: { cause: { code: "ECONNRESET" } } });
  });

  it("a hung re-run times out in the client and the fake still closes", async () => {
    github = await startFakeGithub();
    github.addRun(run);
    github.faults.next(hang, 1, { path: RERUN });
    const error = await rejection(rerun(200));
    expect(error).toMatchObject({
      name: "HttpError",
      status: 500,
      cause: { name: "TimeoutError" },
    });
    expect(github.requests).toMatchObject([{ method: "POST", faulted: true }]);
  });

  it("failNext still works and is recorded as faulted", async () => {
    github = await startFakeGithub();
    github.addRun(run);
    github.failNext("/repos/acme/api/actions/runs/8812/rerun-failed-jobs", "reset");
    await rejection(rerun());
    expect((await rerun()).status).toBe(201);
    expect(github.requests.map((r) => r.faulted)).toEqual([true, false]);
  });
});

async function until(condition: () => boolean, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
