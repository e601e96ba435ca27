import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { ciSecret, postCi } from "../support/deliveries.js";
import { startTestRuntime, type TestRuntime } from "../support/test-runtime.js";

let runtime: TestRuntime;
let logServer: Server | null = null;
afterEach(async () => {
  await runtime?.stop();
  await new Promise((resolve) => (logServer ? logServer.close(resolve) : resolve(null)));
  logServer = null;
});

const payload = {
  source: "gitlab",
  repo: "acme/api",
  workflow: "ci",
  job: "unit",
  branch: "main",
  sha: "9f2c1e0",
  runId: "8812",
  attempt: 1,
  url: "https://ci.example/acme/api/-/jobs/8812",
  status: "failure",
  exitCode: 1,
};

const pytestLog = [
  "$ pytest -q",
  "..F.",
  "=================================== FAILURES ===================================",
  "________________________________ test_total ____________________________________",
  "    def test_total():",
  ">       assert total([1, 2]) == 4",
  "E       assert 3 == 4",
  "tests/test_cart.py:12: AssertionError",
  "=========================== short test summary info ============================",
  "FAILED tests/test_cart.py::test_total - assert 3 == 4",
  "========================= 1 failed, 3 passed in 0.12s =========================",
  "ERROR: Job failed: exit code 1",
].join("\n");

async function serveLog(text: string): Promise<string> {
  logServer = createServer((_request, response) => {
    response.writeHead(200, { "content-type": "text/plain" });
    response.end(text);
  });
  await new Promise<void>((resolve) => logServer?.listen(0, "127.0.0.1", resolve));
  const address = logServer.address();
  return `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}/trace`;
}

describe("acceptance: generic CI webhook → classified incident", () => {
  it("classifies the log carried in the payload", async () => {
    runtime = await startTestRuntime({ CI_WEBHOOK_SECRET: ciSecret });

    expect((await postCi(runtime.url, { ...payload, log: pytestLog })).status).toBe(202);
    await runtime.app.worker.runDue();

    const [incident] = await runtime.backend.store.listIncidents();
    expect(incident).toMatchObject({
      repo: "acme/api",
      workflow: "ci",
      job: "unit",
      branch: "main",
      status: "open",
    });
    expect(incident?.classification.type).toBe("test_failure");
    expect(incident?.classification.evidence[0]?.line).toBeGreaterThanOrEqual(7);
    expect(incident?.decisions).toMatchObject([{ kind: "ignore", rule: "retry.types" }]);
  });

  it("fetches the log from logUrl", async () => {
    runtime = await startTestRuntime({ CI_WEBHOOK_SECRET: ciSecret });
    const logUrl = await serveLog(
      `Step 3/9 : RUN apt-get update\nE: Failed to fetch http://deb.debian.org/debian/dists/bookworm/InRelease  Could not resolve host: deb.debian.org\ncurl: (6) Could not resolve host: deb.debian.org\nERROR: Job failed: exit code 1\n`,
    );

    await postCi(runtime.url, { ...payload, logUrl });
    await runtime.app.worker.runDue();

    const [incident] = await runtime.backend.store.listIncidents();
    expect(incident?.classification).toMatchObject({ type: "network", retryable: true });
    // The generic endpoint has no re-run adapter: the decision says so instead of pretending.
    expect(incident?.decisions).toMatchObject([{ kind: "ignore", rule: "retry.provider" }]);
    const event = await runtime.backend.store.getEvent(incident?.eventIds[0] ?? "");
    expect(event?.logUrl).toBe(logUrl);
  });

  it("resolves the open incidents of the repo + workflow + branch on success", async () => {
    runtime = await startTestRuntime({ CI_WEBHOOK_SECRET: ciSecret });
    await postCi(runtime.url, { ...payload, log: pytestLog });
    await runtime.app.worker.runDue();
    runtime.clock.advance(10 * 60_000);

    await postCi(runtime.url, { ...payload, runId: "8813", status: "success" });
    await runtime.app.worker.runDue();

    expect(await runtime.backend.store.listIncidents({ includeResolved: true })).toMatchObject([
      { status: "resolved", resolution: "passed", timeToResolveMs: 600_000 },
    ]);
  });
});

describe("acceptance: secrets in logs", () => {
  it("never reach the stored log, the store file or the incident", async () => {
    runtime = await startTestRuntime({ CI_WEBHOOK_SECRET: ciSecret });
    const token = "ghp_0123456789abcdefghijABCDEFGHIJ012345";
    const log = `export NPM_TOKEN=${token}\ncurl -u deploy:hunter2secret@https://registry.example\n${pytestLog}\nAuthorization: Bearer ${token}\n`;

    await postCi(runtime.url, { ...payload, log });
    await runtime.app.worker.runDue();

    const [incident] = await runtime.backend.store.listIncidents();
    const event = await runtime.backend.store.getEvent(incident?.eventIds[0] ?? "");
    const stored = await runtime.backend.store.readLog(event?.logRef ?? "");
    expect(stored).toContain("FAILED tests/test_cart.py::test_total");
    const storeFile = readFileSync(`${runtime.dataDir}/pitcrew.json`, "utf8");
    for (const text of [stored ?? "", storeFile, JSON.stringify(incident)]) {
      expect(text).not.toContain(token);
    }
  });
});
