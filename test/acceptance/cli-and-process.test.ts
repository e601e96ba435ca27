import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { collect, freePort, runCli, spawnServer, waitForOk } from "../support/spawn-cli.js";

const jestLog = fileURLToPath(new URL("../fixtures/logs/gha-jest-failure.log", import.meta.url));
const children: ReturnType<typeof spawnServer>[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill("SIGKILL");
});

const tempDir = () => mkdtempSync(join(tmpdir(), "pitcrew-cli-"));
const ciPayload = {
  source: "jenkins",
  repo: "acme/api",
  job: "unit",
  branch: "main",
  status: "failure",
  runId: "42",
  log: "> jest\nFAIL src/cart.test.js\n  ● Cart › applies the discount\nTests: 1 failed, 3 total\n",
};

describe("acceptance: the pitcrew CLI", () => {
  it("classify --json prints exactly the contract object", async () => {
    const run = await runCli(["classify", jestLog, "--json"], { PITCREW_DATA_DIR: tempDir() });

    expect(run.code).toBe(0);
    const verdict = JSON.parse(run.stdout);
    expect(Object.keys(verdict).sort()).toEqual([
      "category",
      "confidence",
      "evidence",
      "fingerprint",
      "retryable",
      "ruleId",
      "severity",
      "suggestedAction",
      "type",
    ]);
    expect(verdict).toMatchObject({ type: "test_failure" });
    expect(verdict.evidence[0]).toEqual({ line: 8, text: "● Cart › applies the discount" });
    expect(verdict.fingerprint).toMatch(/^v1:/);
  });

  it("classify - reads stdin", async () => {
    const run = await runCli(
      ["classify", "-", "--json", "--exit-code", "137"],
      { PITCREW_DATA_DIR: tempDir() },
      "Killed\n",
    );

    expect(JSON.parse(run.stdout)).toMatchObject({ type: "out_of_memory" });
  });

  it("ingest runs the pipeline in-process; incidents and outbox read it back", async () => {
    const dataDir = tempDir();
    const payload = join(tempDir(), "payload.json");
    writeFileSync(payload, JSON.stringify(ciPayload));

    const ingest = await runCli(["ingest", payload, "--provider", "ci", "--json"], {
      PITCREW_DATA_DIR: dataDir,
    });
    const again = await runCli(["ingest", payload, "--provider", "ci", "--json"], {
      PITCREW_DATA_DIR: dataDir,
    });
    const incidents = await runCli(["incidents", "--json"], { PITCREW_DATA_DIR: dataDir });
    const human = await runCli(["incidents"], { PITCREW_DATA_DIR: dataDir });
    const outbox = await runCli(["outbox", "--json"], { PITCREW_DATA_DIR: dataDir });

    expect(JSON.parse(ingest.stdout)).toMatchObject({
      status: 202,
      incidents: [{ id: "PC-1", status: "open" }],
    });
    expect(JSON.parse(again.stdout)).toMatchObject({
      status: 200,
      response: { status: "duplicate" },
      incidents: [],
    });
    expect(JSON.parse(incidents.stdout).items).toMatchObject([
      {
        id: "PC-1",
        classification: { type: "test_failure" },
        decisions: [{ kind: "ignore", rule: "retry.types" }],
      },
    ]);
    expect(human.stdout).toMatch(/PC-1\s+open\s+test_failure/);
    expect(JSON.parse(outbox.stdout)).toEqual({ items: [] });
  });

  it("exits non-zero listing every config problem", async () => {
    const config = join(tempDir(), "bad.yaml");
    writeFileSync(config, "server:\n  port: high\nretry:\n  baseDelay: soon\n");

    const run = await runCli(["incidents"], {
      PITCREW_CONFIG: config,
      PITCREW_DATA_DIR: tempDir(),
    });

    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/server\.port: .*\n.*retry\.baseDelay: expected a duration/);
  });
});

describe("acceptance: the server process", () => {
  it("serves, refuses a second process on the same data dir, answers the CLI, and stops cleanly", async () => {
    const dataDir = tempDir();
    const port = await freePort();
    const server = spawnServer({ PORT: String(port), PITCREW_DATA_DIR: dataDir });
    children.push(server);
    const exited = collect(server);
    await waitForOk(`http://127.0.0.1:${port}/readyz`);

    const second = await collect(
      spawnServer({ PORT: String(await freePort()), PITCREW_DATA_DIR: dataDir }),
    );
    expect(second.code).toBe(2);
    expect(second.stderr).toMatch(
      /data directory is in use by another pitcrew process \(pid \d+\)/,
    );

    const payload = join(tempDir(), "payload.json");
    writeFileSync(payload, JSON.stringify(ciPayload));
    const ingest = await runCli(["ingest", payload, "--provider", "ci", "--json"], {
      PORT: String(port),
      PITCREW_DATA_DIR: dataDir,
    });
    expect(JSON.parse(ingest.stdout)).toMatchObject({
      status: 202,
      response: { status: "accepted" },
    });
    await expect
      .poll(
        async () =>
          JSON.parse((await runCli(["incidents", "--json"], { PITCREW_DATA_DIR: dataDir })).stdout)
            .items.length,
        { timeout: 10_000 },
      )
      .toBe(1);

    server.kill("SIGTERM");
    expect((await exited).code).toBe(0);
    expect(existsSync(join(dataDir, "pitcrew.lock"))).toBe(false);
  });
});
