import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { IntegrationError } from "../../src/domain/errors.js";
import { startTestRuntime, type TestRuntime } from "../support/test-runtime.js";

let runtime: TestRuntime;
const servers: Server[] = [];
afterEach(async () => {
  await runtime?.stop();
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** A real HTTP server on 127.0.0.1; `answer: false` accepts requests and never answers them. */
async function fakeServer(answer: boolean) {
  const received: number[] = [];
  const server = createServer((_req, res) => {
    received.push(Date.now());
    if (answer) res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received };
}

const mapError = (error: unknown, operation: string) =>
  new IntegrationError({
    service: "partner",
    operation,
    errorType: "network",
    message: String(error),
  });

describe("acceptance: one destination down does not hold up another", () => {
  it("serves a second destination on time while GitHub hangs until its timeout", async () => {
    const config = join(mkdtempSync(join(tmpdir(), "pitcrew-cfg-")), "pitcrew.yaml");
    writeFileSync(
      config,
      "outbound:\n  timeouts: { github: 400 }\n  inProcess: { baseDelay: 1ms }\n",
    );
    const github = await fakeServer(false);
    const webhook = await fakeServer(true);
    runtime = await startTestRuntime({ GITHUB_API_URL: github.url, PITCREW_CONFIG: config });
    const { app, backend, clock } = runtime;
    // Adding a destination is one registration plus the handler of its jobs.
    const second = app.outbound.register("partner", { mapError });
    app.worker.handle("partner-post", async (payload) => {
      await second.call("post", (signal) =>
        fetch(`${webhook.url}/send`, { method: "POST", body: JSON.stringify(payload), signal }),
      );
    });
    const githubCalls = app.outbound.get("github");
    app.worker.handle("github-probe", async () => {
      await githubCalls?.call("probe", (signal) => fetch(`${github.url}/rate_limit`, { signal }));
    });
    const runAt = clock.now().toISOString();
    await backend.queue.enqueue({ kind: "github-probe", payload: {}, runAt, lane: "github" });
    await backend.queue.enqueue({
      kind: "partner-post",
      payload: { n: 1 },
      runAt,
      lane: "partner",
    });

    const started = Date.now();
    let githubDone = 0;
    const draining = app.worker.runDue().then(() => {
      githubDone = Date.now();
    });
    await draining;

    expect(github.received.length).toBe(3); // three attempts, each cut at 400 ms
    expect(webhook.received).toHaveLength(1);
    // Served before GitHub's third attempt even started (that one waits for two 400 ms timeouts).
    expect(webhook.received[0] as number).toBeLessThan(github.received[2] as number);
    expect(githubDone - started).toBeGreaterThanOrEqual(1_000);
    const [webhookJob] = (await backend.queue.list()).filter((job) => job.lane === "partner");
    expect(webhookJob?.status).toBe("done");
    const stats = app.outbound.snapshot();
    expect(stats.find((s) => s.destination === "github")).toMatchObject({
      failuresByType: { timeout: 1 },
      attempts: 3,
    });
    expect(stats.find((s) => s.destination === "partner")).toMatchObject({ successes: 1 });
  });
});
