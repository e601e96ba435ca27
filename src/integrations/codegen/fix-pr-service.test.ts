import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FakeCodegen, startFakeCodegen } from "../../../test/fakes/codegen-api.js";
import { IntegrationError, PitcrewError } from "../../domain/errors.js";
import type { OutboxEntry } from "../../domain/types.js";
import { outboundConfigSchema } from "../../outbound/config.js";
import { Outbound } from "../../outbound/outbound.js";
import type { FixPrService, Logger } from "../../ports.js";
import {
  CodegenNotConfiguredError,
  CodegenPlanLimitError,
  codegenConfigSchema,
  createCodegenFixPrService,
} from "./index.js";

const NOW = new Date("2026-11-23T12:00:00Z");
const clock = { now: () => NOW };
const warnings: string[] = [];
const logger: Logger = {
  debug() {},
  info() {},
  warn: (_obj, msg) => warnings.push(msg ?? ""),
  error() {},
};

let fake: FakeCodegen;
let outbox: Omit<OutboxEntry, "id">[];
let outbound: Outbound;
beforeEach(async () => {
  fake = await startFakeCodegen();
  outbox = [];
  warnings.length = 0;
  outbound = new Outbound({
    config: outboundConfigSchema.parse({}),
    clock,
    random: () => 0.5,
    logger,
  });
});
afterEach(async () => {
  await fake.close();
});

const store = {
  addOutbox: async (entry: Omit<OutboxEntry, "id">) => {
    outbox.push(entry);
    return { ...entry, id: `ob_${outbox.length}` };
  },
};

function service(credentials: { token: string | null; orgId: string | null }): FixPrService {
  return createCodegenFixPrService({
    ...credentials,
    config: codegenConfigSchema.parse({ apiUrl: fake.url, timeout: "5s" }),
    clock,
    logger,
    outbox: store,
    outbound,
  });
}
const live = () => service({ token: fake.token, orgId: String(fake.orgId) });
const input = {
  prompt: "Fix acme/api CI/test and open a pull request against main.",
  metadata: { incidentId: "PC-7", attempt: 1 },
  idempotencyKey: "codegen:PC-7:1",
};

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => null,
    (e: unknown) => e,
  );
}

describe("live mode", () => {
  it("starts a run with the key in its metadata and polls it to a PR with its head branch", async () => {
    const fix = live();
    const started = await fix.startRun(input);
    expect(started).toEqual({
      mode: "live",
      run: {
        id: "1001",
        status: "running",
        rawStatus: "ACTIVE",
        webUrl: "http://fake/agent/trace/1001",
        pullRequests: [],
      },
    });
    expect(fake.runs.get(1001)?.metadata).toEqual({
      ...input.metadata,
      idempotencyKey: input.idempotencyKey,
    });
    expect(fake.runs.get(1001)?.prompt).toBe(input.prompt);

    const running = await fix.getRun("1001");
    expect(running).toMatchObject({ status: "running", rawStatus: "RUNNING" });
    const done = await fix.getRun("1001");
    expect(done).toEqual({
      id: "1001",
      status: "completed",
      rawStatus: "COMPLETE",
      webUrl: "http://fake/agent/trace/1001",
      pullRequests: [
        { url: "https://github.com/o/r/pull/1", number: 1, branch: "codegen-bot/fix-1001" },
      ],
    });
    expect(outbound.get("codegen")?.stats.attempts).toBe(3);
    expect(outbox).toEqual([]);
  });

  it("reports a FAILED run as failed", async () => {
    fake.script(["ACTIVE", "FAILED"]);
    const fix = live();
    await fix.startRun(input);
    expect(await fix.getRun("1001")).toMatchObject({
      status: "failed",
      rawStatus: "FAILED",
      pullRequests: [],
    });
  });

  it("surfaces 402 as the non-retryable CodegenPlanLimitError, so the caller escalates", async () => {
    fake.planLimit();
    const error = await failure(live().startRun(input));
    expect(error).toBeInstanceOf(CodegenPlanLimitError);
    expect(error).toMatchObject({ code: "codegen-plan-limit", status: 402, retryable: false });
    // Not retried in process: one request reached Codegen.
    expect(fake.requests).toHaveLength(1);
  });

  it("hands a 429 back to the job queue as a retryable rate_limit with retryAt", async () => {
    fake.rateLimitNext();
    const error = await failure(live().startRun(input));
    expect(error).toBeInstanceOf(IntegrationError);
    expect(error).toMatchObject({ errorType: "rate_limit", status: 429, retryable: true });
    expect((error as IntegrationError).retryAt).toEqual(new Date(NOW.getTime() + 30_000));
    expect(fake.runs.size).toBe(0);
  });

  it("works without the resilience layer", async () => {
    const fix = createCodegenFixPrService({
      token: fake.token,
      orgId: String(fake.orgId),
      config: codegenConfigSchema.parse({ apiUrl: fake.url }),
      clock,
      logger,
      outbox: store,
    });
    const started = await fix.startRun(input);
    expect(started.mode).toBe("live");
  });

  it("refuses a non-numeric org id at construction", () => {
    expect(() => service({ token: "t", orgId: "acme" })).toThrow(/CODEGEN_ORG_ID/);
  });
});

describe("pollDelayMs", () => {
  it("backs off from the configured interval to its cap, never below 10 s", () => {
    const fix = createCodegenFixPrService({
      token: null,
      orgId: null,
      config: codegenConfigSchema.parse({ pollInterval: "15s", maxPollInterval: "1m" }),
      clock,
      logger,
      outbox: store,
      random: () => 1,
    });
    expect([0, 1, 2, 3].map((polls) => fix.pollDelayMs(polls))).toEqual([
      15_000, 30_000, 60_000, 60_000,
    ]);
    const floor = createCodegenFixPrService({
      token: null,
      orgId: null,
      config: codegenConfigSchema.parse({ pollInterval: "1s" }),
      clock,
      logger,
      outbox: store,
      random: () => 0,
    });
    expect(floor.pollDelayMs(5)).toBe(10_000);
  });
});

describe("outbox mode", () => {
  it("records the request under its idempotency key and calls nothing", async () => {
    const fix = service({ token: null, orgId: null });
    expect(await fix.startRun(input)).toEqual({ mode: "outbox" });
    expect(outbox).toEqual([
      {
        at: NOW.toISOString(),
        destination: "codegen",
        operation: "create-agent-run",
        payload: {
          prompt: input.prompt,
          metadata: { ...input.metadata, idempotencyKey: input.idempotencyKey },
        },
        idempotencyKey: input.idempotencyKey,
      },
    ]);
    expect(fake.requests).toEqual([]);
    expect(outbound.get("codegen")).toBeUndefined();
    expect(warnings).toEqual([]);
  });

  it("rejects getRun with a clear, non-retryable error", async () => {
    const error = await failure(service({ token: null, orgId: null }).getRun("1001"));
    expect(error).toBeInstanceOf(CodegenNotConfiguredError);
    expect(error).toBeInstanceOf(PitcrewError);
    expect((error as PitcrewError).retryable).toBe(false);
    expect((error as Error).message).toMatch(/CODEGEN_API_TOKEN.*CODEGEN_ORG_ID/);
  });

  it("warns when only half of the credentials is set", async () => {
    const fix = service({ token: fake.token, orgId: null });
    expect(await fix.startRun(input)).toEqual({ mode: "outbox" });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/both/);
  });
});
