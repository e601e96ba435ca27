import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { closeServer, listenLocal, readBody } from "../../../test/fakes/faults.js";
import { IntegrationError } from "../../domain/errors.js";
import { verifyPitcrewSignature } from "../../http/signatures.js";
import { outboundConfigSchema } from "../../outbound/config.js";
import { Outbound } from "../../outbound/outbound.js";
import type { Logger } from "../../ports.js";
import { createRunbookCaller } from "./index.js";

const NOW = new Date("2026-11-23T12:00:00Z");
const SECRET = "runbook-secret";
const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };
const clock = { now: () => NOW };

interface Received {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  raw: Buffer;
}

/** A receiver on 127.0.0.1 answering each request with the next planned reply (default 200). */
let server: Server;
let url: string;
let received: Received[];
let replies: { status: number; headers?: Record<string, string>; body?: string }[];

beforeEach(async () => {
  received = [];
  replies = [];
  server = createServer((req, res) => {
    readBody(req).then((text) => {
      const raw = Buffer.from(text, "utf8");
      received.push({ method: req.method ?? "", path: req.url ?? "", headers: req.headers, raw });
      const reply = replies.shift() ?? { status: 200, body: "ok" };
      res.writeHead(reply.status, reply.headers).end(reply.body ?? "");
    });
  });
  url = `${await listenLocal(server)}/hooks/restart-db?token=abc`;
});
afterEach(async () => {
  await closeServer(server);
});

const payload = { incident: "inc-42", repo: "acme/api", reason: "db connection refused" };

function call(secret: string | null, outbound?: Outbound) {
  const caller = createRunbookCaller({ outbound, clock, logger: silent, timeoutMs: 2_000 });
  return caller.call({ name: "restart-db", url, secret, payload, idempotencyKey: "rb:inc-42:1" });
}

function failure(promise: Promise<unknown>): Promise<IntegrationError> {
  return promise.then(
    () => expect.fail("expected the call to fail"),
    (error: unknown) => {
      expect(error).toBeInstanceOf(IntegrationError);
      return error as IntegrationError;
    },
  );
}

describe("createRunbookCaller", () => {
  it("POSTs the JSON payload with pitcrew's headers and a verifiable signature", async () => {
    expect(await call(SECRET)).toEqual({ mode: "live", status: 200 });
    const [request] = received;
    expect(request?.method).toBe("POST");
    expect(request?.path).toBe("/hooks/restart-db?token=abc");
    expect(JSON.parse(request?.raw.toString() ?? "")).toEqual(payload);
    expect(request?.headers).toMatchObject({
      "content-type": "application/json",
      "user-agent": "pitcrew",
      "x-pitcrew-delivery": "rb:inc-42:1",
      "x-pitcrew-timestamp": String(NOW.getTime() / 1000),
    });
    const signature = String(request?.headers["x-pitcrew-signature"]);
    expect(signature).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verifyPitcrewSignature(SECRET, request?.raw ?? Buffer.alloc(0), signature)).toBe(true);
    expect(verifyPitcrewSignature("wrong", request?.raw ?? Buffer.alloc(0), signature)).toBe(false);
  });

  it("sends no signature header without a secret", async () => {
    replies.push({ status: 202 });
    expect(await call(null)).toEqual({ mode: "live", status: 202 });
    expect(received[0]?.headers["x-pitcrew-signature"]).toBeUndefined();
    expect(received[0]?.headers["x-pitcrew-delivery"]).toBe("rb:inc-42:1");
  });

  it("maps a 500 to a retryable server error", async () => {
    replies.push({ status: 500, body: "boom\n<stack>" });
    const error = await failure(call(SECRET));
    expect(error).toMatchObject({
      service: "runbook",
      errorType: "server",
      status: 500,
      retryable: true,
    });
    expect(error.message).toContain('"restart-db"');
    expect(error.message).toContain("boom");
    expect(error.message).not.toContain("token=abc");
  });

  it("maps a 429 with Retry-After to rate_limit with retryAt", async () => {
    replies.push({ status: 429, headers: { "retry-after": "30" } });
    const error = await failure(call(SECRET));
    expect(error.errorType).toBe("rate_limit");
    expect(error.retryAt).toEqual(new Date(NOW.getTime() + 30_000));
  });

  it("maps a 422 to validation and a redirect to a non-retryable error", async () => {
    replies.push({ status: 422, body: "bad payload" });
    expect((await failure(call(SECRET))).errorType).toBe("validation");
    replies.push({ status: 307, headers: { location: "http://127.0.0.1:9/elsewhere" } });
    const redirected = await failure(call(SECRET));
    expect(redirected).toMatchObject({ errorType: "validation", retryable: false });
    expect(received).toHaveLength(2);
  });

  it("maps a refused connection to network and a URL that is not http(s) to validation", async () => {
    await closeServer(server);
    expect((await failure(call(SECRET))).errorType).toBe("network");
    const caller = createRunbookCaller({ clock, logger: silent, timeoutMs: 1_000 });
    const bad = caller.call({
      name: "x",
      url: "file:///etc/passwd",
      secret: null,
      payload: {},
      idempotencyKey: "k",
    });
    expect((await failure(bad)).errorType).toBe("validation");
  });

  it("maps no answer within timeoutMs to timeout", async () => {
    server.removeAllListeners("request");
    server.on("request", () => {}); // never answers
    const caller = createRunbookCaller({ clock, logger: silent, timeoutMs: 100 });
    const slow = caller.call({ name: "x", url, secret: null, payload: {}, idempotencyKey: "k" });
    expect((await failure(slow)).errorType).toBe("timeout");
  });

  it("goes through the runbook destination, registered once", async () => {
    const outbound = new Outbound({
      config: outboundConfigSchema.parse({ inProcess: { attempts: 1 } }),
      clock,
      random: () => 0,
      logger: silent,
    });
    replies.push({ status: 503 });
    const error = await failure(call(SECRET, outbound));
    expect(error).toMatchObject({ service: "runbook", errorType: "server" });
    const stats = outbound.get("runbook")?.stats;
    expect(stats?.attempts).toBe(1);
    expect(stats?.failures).toBe(1);
  });
});
