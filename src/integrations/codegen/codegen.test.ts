import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FakeCodegen, startFakeCodegen } from "../../../test/fakes/codegen-api.js";
import { hang, reset } from "../../../test/fakes/faults.js";
import { failure } from "../../../test/support/rejection.js";
import { outboundConfigSchema } from "../../outbound/config.js";
import { Outbound } from "../../outbound/outbound.js";
import type { Logger } from "../../ports.js";
import {
  CodegenPlanLimitError,
  codegenConfigSchema,
  codegenErrorMapper,
  createCodegenClient,
  isTerminal,
  outcomeOf,
  pollDelayMs,
} from "./index.js";

const NOW = new Date("2026-11-23T12:00:00Z");
const clock = { now: () => NOW };
const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };

let fake: FakeCodegen;
beforeEach(async () => {
  fake = await startFakeCodegen();
});
afterEach(async () => {
  await fake.close();
});

const client = (overrides: { token?: string; orgId?: number; timeoutMs?: number } = {}) =>
  createCodegenClient({
    apiUrl: `${fake.url}/`,
    token: overrides.token ?? fake.token,
    orgId: overrides.orgId ?? fake.orgId,
    clock,
    timeoutMs: overrides.timeoutMs ?? 5_000,
  });

/** Rejection of `promise`, which must be an IntegrationError. */
describe("createRun", () => {
  it("posts the prompt and metadata to the org's agent/run with the bearer token", async () => {
    const run = await client().createRun({
      prompt: "Fix the failing job `test` on acme/api@main and open a PR.",
      metadata: { incidentId: "inc_42" },
    });
    expect(run).toMatchObject({ id: 1001, status: "ACTIVE", pullRequests: [] });
    expect(run.webUrl).toBe("http://fake/agent/trace/1001");
    const [request] = fake.requests;
    expect(request?.method).toBe("POST");
    expect(request?.path).toBe(`/v1/organizations/${fake.orgId}/agent/run`);
    expect(request?.headers.authorization).toBe(`Bearer ${fake.token}`);
    expect(request?.headers["content-type"]).toBe("application/json");
    expect(request?.json).toEqual({
      prompt: "Fix the failing job `test` on acme/api@main and open a PR.",
      metadata: { incidentId: "inc_42" },
    });
  });

  it("answers 402 with a non-retryable plan-limit error so callers escalate to a human", async () => {
    fake.planLimit();
    const error = await failure(client().createRun({ prompt: "p" }));
    expect(error).toBeInstanceOf(CodegenPlanLimitError);
    expect(error).toMatchObject({
      code: "codegen-plan-limit",
      errorType: "validation",
      status: 402,
      retryable: false,
    });
    expect(error.message).toMatch(/billing plan/);
  });

  it("maps 429 with Retry-After to rate_limit with retryAt", async () => {
    fake.rateLimitNext(20);
    const error = await failure(client().createRun({ prompt: "p" }));
    expect(error).toMatchObject({ errorType: "rate_limit", status: 429, retryable: true });
    expect(error.retryAt).toEqual(new Date(NOW.getTime() + 20_000));
  });

  it("waits 30 s on a 429 without Retry-After (Codegen documents none)", async () => {
    fake.rateLimitNext();
    const error = await failure(client().createRun({ prompt: "p" }));
    expect(error.retryAt).toEqual(new Date(NOW.getTime() + 30_000));
  });

  it("maps a wrong token to auth and never shows the token", async () => {
    const token = "cg-secret-token-should-not-leak";
    const error = await failure(client({ token }).createRun({ prompt: token }));
    expect(error).toMatchObject({ errorType: "auth", status: 401, retryable: false });
    expect(error.message).not.toContain(token);
  });

  it("scrubs the token from a server message that echoes it", async () => {
    fake.faults.next({ kind: "status", status: 500, body: { message: `bad ${fake.token}` } });
    const error = await failure(client().createRun({ prompt: "p" }));
    expect(error).toMatchObject({ errorType: "server", retryable: true });
    expect(error.message).toContain("[REDACTED]");
    expect(error.message).not.toContain(fake.token);
  });

  it("maps another org to auth, a reset to network and no answer to timeout", async () => {
    expect((await failure(client({ orgId: 7 }).createRun({ prompt: "p" }))).errorType).toBe("auth");
    fake.faults.next(reset);
    expect((await failure(client().createRun({ prompt: "p" }))).errorType).toBe("network");
    fake.faults.next(hang);
    const slow = client({ timeoutMs: 200 }).createRun({ prompt: "p" });
    expect((await failure(slow)).errorType).toBe("timeout");
  });

  it("reads FastAPI 422 details", async () => {
    fake.faults.next({
      kind: "status",
      status: 422,
      body: { detail: [{ loc: ["body", "prompt"], msg: "Field required", type: "missing" }] },
    });
    const error = await failure(client().createRun({ prompt: "" }));
    expect(error).toMatchObject({ errorType: "validation", status: 422 });
    expect(error.message).toContain("Field required");
  });

  it("refuses a non-integer org id before calling", () => {
    expect(() =>
      createCodegenClient({ apiUrl: fake.url, token: "t", orgId: "acme", clock }),
    ).toThrow(/CODEGEN_ORG_ID/);
  });

  it("rejects a non-integer run id without calling", async () => {
    await expect(client().getRun("12; drop")).rejects.toThrow(/integer/);
    expect(fake.requests).toEqual([]);
  });
});

describe("getRun", () => {
  it("polls ACTIVE → RUNNING → COMPLETE and reads web_url and the PR", async () => {
    const c = client();
    const { id } = await c.createRun({ prompt: "p" });
    const seen: string[] = [];
    let run = await c.getRun(id);
    seen.push(String(run.status));
    while (!isTerminal(run.status)) {
      run = await c.getRun(id);
      seen.push(String(run.status));
    }
    expect(seen).toEqual(["RUNNING", "COMPLETE"]);
    expect(outcomeOf(run)).toBe("completed");
    expect(run.webUrl).toBe(`http://fake/agent/trace/${id}`);
    expect(run.pullRequests).toEqual([
      {
        url: "https://github.com/o/r/pull/1",
        number: 1,
        title: "Fix failing CI job",
        branch: `codegen-bot/fix-${id}`,
      },
    ]);
    expect(run.result).toMatch(/PR/);
    expect(fake.requests.at(-1)?.path).toBe(`/v1/organizations/${fake.orgId}/agent/run/${id}`);
  });

  it("reports a FAILED run", async () => {
    fake.script(["PENDING", "FAILED"]);
    const c = client();
    const { id } = await c.createRun({ prompt: "p" });
    const run = await c.getRun(id);
    expect(outcomeOf(run)).toBe("failed");
    expect(run.pullRequests).toEqual([]);
  });

  it("accepts lower-case statuses", async () => {
    fake.script(["active", "completed"]);
    const c = client();
    const { id } = await c.createRun({ prompt: "p" });
    expect(outcomeOf(await c.getRun(id))).toBe("completed");
  });

  it("maps an unknown run to not_found", async () => {
    expect((await failure(client().getRun(999))).errorType).toBe("not_found");
  });

  it("goes through the outbound destination when given one", async () => {
    const outbound = new Outbound({
      config: outboundConfigSchema.parse({}),
      clock,
      random: () => 0.5,
      logger: silent,
    });
    const destination = outbound.register("codegen", {
      mapError: codegenErrorMapper(fake.token),
    });
    const c = createCodegenClient({
      apiUrl: fake.url,
      token: fake.token,
      orgId: fake.orgId,
      clock,
      destination,
    });
    const { id } = await c.createRun({ prompt: "p" });
    expect((await c.getRun(id)).status).toBe("RUNNING");
    fake.planLimit();
    expect(await failure(c.createRun({ prompt: "p" }))).toBeInstanceOf(CodegenPlanLimitError);
  });
});

describe("outcomeOf", () => {
  it.each([
    ["COMPLETE", "completed"],
    ["completed", "completed"],
    ["Failed", "failed"],
    ["ERROR", "failed"],
    ["cancelled", "failed"],
    ["STOPPED", "failed"],
    ["ACTIVE", "running"],
    ["pending", "running"],
    [null, "running"],
  ] as const)("%s → %s", (status, outcome) => {
    expect(outcomeOf({ status })).toBe(outcome);
  });
});

describe("pollDelayMs", () => {
  const at = (random: number) => (attempt: number) =>
    pollDelayMs(attempt, { random: () => random });
  it.each([
    [0, 10_000, 10_000],
    [1, 10_000, 20_000],
    [2, 10_000, 40_000],
    [4, 10_000, 160_000],
    [5, 10_000, 300_000],
    [50, 10_000, 300_000],
  ])("attempt %i: between %i and %i ms", (attempt, low, high) => {
    expect(at(0)(attempt)).toBe(low);
    expect(at(0.999_999)(attempt)).toBeCloseTo(high, -1);
  });

  it("never polls sooner than 10 s, even with a smaller configured base", () => {
    expect(pollDelayMs(0, { baseMs: 1_000, random: () => 0 })).toBe(10_000);
    expect(pollDelayMs(3, { baseMs: 1_000, maxMs: 5_000, random: () => 1 })).toBe(10_000);
  });
});

describe("codegenConfigSchema", () => {
  it("has the documented defaults", () => {
    expect(codegenConfigSchema.parse(undefined)).toEqual({
      apiUrl: "https://api.codegen.com",
      timeout: 30_000,
      pollInterval: 10_000,
      maxPollInterval: 300_000,
    });
  });
});
