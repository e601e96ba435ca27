import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IntegrationError } from "../../domain/errors.js";
import type { Logger } from "../../ports.js";
import { createHttpLogFetcher } from "./index.js";

const NOW = new Date("2026-11-23T12:00:00Z");
const LOG = "step 1\nstep 2\nerror: boom\n";
const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };
let server: Server;
let base: string;
let bigBodyBytesSent = 0;

/** Routes of the fake CI server: a path → what it answers. */
const routes: Record<string, (res: import("node:http").ServerResponse) => void> = {
  "/log": (res) => res.writeHead(200, { "content-type": "text/plain" }).end(LOG),
  "/redirect": (res) => res.writeHead(302, { location: "/log" }).end(),
  "/big": (res) => {
    // 4 MB in 64 KB chunks, the last line being the error the classifier needs.
    res.writeHead(200, { "content-type": "text/plain" });
    const chunk = "x".repeat(65_535).concat("\n");
    for (let i = 0; i < 64; i++) res.write(chunk);
    res.end("FATAL: out of memory\n");
    bigBodyBytesSent = 64 * 65_536;
  },
  "/utf8": (res) => res.writeHead(200).end("ééééé"),
  "/500": (res) => res.writeHead(500).end("<html>internal error</html>"),
  "/429": (res) => res.writeHead(429, { "retry-after": "120" }).end("slow down"),
  "/403": (res) => res.writeHead(403).end("forbidden"),
  "/404": (res) => res.writeHead(404).end("no such job"),
  "/reset": (res) => res.socket?.resetAndDestroy(),
  "/hang": () => {},
};

beforeAll(async () => {
  server = createServer((req, res) => {
    const route = routes[new URL(req.url ?? "/", "http://x").pathname];
    if (route) route(res);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function fetcher(maxLogBytes = 1_000_000, timeoutMs = 5_000) {
  return createHttpLogFetcher({
    timeoutMs,
    maxLogBytes,
    logger: silent,
    clock: { now: () => NOW },
  });
}

async function failure(url: string, timeoutMs?: number): Promise<IntegrationError> {
  const error = await fetcher(undefined, timeoutMs)
    .fetchLog(url)
    .then(
      () => null,
      (e: unknown) => e,
    );
  expect(error).toBeInstanceOf(IntegrationError);
  return error as IntegrationError;
}

describe("createHttpLogFetcher", () => {
  it("returns the log text, following redirects", async () => {
    expect(await fetcher().fetchLog(`${base}/log`)).toBe(LOG);
    expect(await fetcher().fetchLog(`${base}/redirect`)).toBe(LOG);
  });

  it("keeps only the last maxLogBytes of a large streamed log", async () => {
    const text = await fetcher(10_000).fetchLog(`${base}/big`);
    expect(bigBodyBytesSent).toBeGreaterThan(4_000_000);
    expect(Buffer.byteLength(text)).toBe(10_000);
    expect(text.endsWith("FATAL: out of memory\n")).toBe(true);
  });

  it("does not cut a multi-byte character in half", async () => {
    expect(await fetcher(5).fetchLog(`${base}/utf8`)).toBe("éé");
  });

  it.each([
    ["/500", "server", true],
    ["/403", "auth", false],
    ["/404", "not_found", false],
  ] as const)("maps %s to %s", async (path, errorType, retryable) => {
    const error = await failure(`${base}${path}`);
    expect(error).toMatchObject({ service: "ci-log", errorType, retryable });
  });

  it("maps 429 to rate_limit with retryAt from retry-after", async () => {
    const error = await failure(`${base}/429`);
    expect(error).toMatchObject({ errorType: "rate_limit", status: 429 });
    expect(error.retryAt).toEqual(new Date(NOW.getTime() + 120_000));
  });

  it("maps a connection reset to network and a silent server to timeout", async () => {
    expect((await failure(`${base}/reset`)).errorType).toBe("network");
    expect((await failure(`${base}/hang`, 200)).errorType).toBe("timeout");
  });

  it("never echoes the query of the URL, which may hold a token", async () => {
    const error = await failure(`${base}/404?private_token=glpat-SECRET`);
    expect(error.message).toContain(`${base}/404`);
    expect(error.message).not.toContain("SECRET");
  });

  it("refuses URLs that are not http(s)", async () => {
    expect(await failure("file:///etc/passwd")).toMatchObject({ errorType: "validation" });
    expect(await failure("not a url")).toMatchObject({ errorType: "validation" });
  });
});
