import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { createServer, type IncomingHttpHeaders } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { verifyPitcrewSignature } from "../../src/http/signatures.js";
import { listenLocal, readBody } from "../fakes/faults.js";
import { helmRolloutLog } from "../fixtures/logs/index.js";
import {
  cacheDeletes,
  fail,
  fake,
  master,
  other,
  remaining,
  repo,
  rerunPosts,
  runId,
  runtime,
  seedCaches,
  servers,
  start,
  stopRecoveryApp,
} from "../support/recovery-app.js";

afterEach(stopRecoveryApp);

describe("acceptance: reset rung — purge every cache of the branch and page, once", () => {
  it("purges all of master's caches and pages at the third failure, and not again at the fourth", async () => {
    await start({ config: "escalation:\n  reset:\n    atFailures: 3\n" });
    seedCaches();

    await fail(1);
    runtime.clock.advance(5 * 60_000);
    await fail(2);
    fake.addCache(repo, { id: 107, key: "gradle-Linux-77aa", ref: master });
    fake.addCache(repo, { id: 108, key: "node-cache-Linux-x64-npm-5d3c1b0a", ref: master });
    expect(await runtime.backend.store.listOutbox()).not.toContainEqual(
      expect.objectContaining({ destination: "email", operation: "page" }),
    );

    runtime.clock.advance(5 * 60_000);
    await fail(3);

    expect(remaining()).toEqual([
      `${other} node-cache-Linux-x64-npm-5d3c1b0a`,
      `${other} npm-deps-Linux-e5d4c3b2`,
    ]);
    const pages = async () =>
      (await runtime.backend.store.listOutbox()).filter(
        (e) => e.destination === "email" && e.operation === "page",
      );
    expect(await pages()).toMatchObject([
      { payload: { urgent: true, incident: "PC-1", reason: expect.stringMatching(/failed 3/) } },
    ]);
    const incident = await runtime.backend.store.getIncident("PC-1");
    expect(incident?.decisions.filter((d) => d.rung === "reset").map((d) => d.rule)).toEqual([
      "reset.purge-caches",
      "reset.page",
    ]);
    expect(incident?.escalationLevel).toBe(4);
    expect(incident?.recoveries.map((r) => r.strategy)).toEqual(["clear_cache", "reset"]);
    // The top rung repairs and pages; it starts no run of its own.
    expect(rerunPosts()).toHaveLength(1);
    const deletesAfterReset = cacheDeletes().length;

    fake.addCache(repo, { id: 109, key: "node-cache-Linux-x64-npm-5d3c1b0a", ref: master });
    runtime.clock.advance(5 * 60_000);
    await fail(4);
    runtime.clock.advance(60 * 60_000);
    await runtime.app.worker.runDue();

    expect(await pages()).toHaveLength(1);
    expect(cacheDeletes()).toHaveLength(deletesAfterReset);
    expect(remaining()).toContain(`${master} node-cache-Linux-x64-npm-5d3c1b0a`);
    const after = await runtime.backend.store.getIncident("PC-1");
    expect(after?.count).toBe(4);
    expect(after?.decisions.filter((d) => d.rung === "reset")).toHaveLength(2);
    expect(await runtime.backend.store.listActions({ kind: "clear_cache" })).toHaveLength(2);
  });
});

describe("acceptance: recover rung — a runbook", () => {
  it("POSTs the incident, signed, to the configured runbook for a deployment failure", async () => {
    const received: { headers: IncomingHttpHeaders; raw: Buffer }[] = [];
    const server = createServer((req, res) => {
      readBody(req).then((text) => {
        received.push({ headers: req.headers, raw: Buffer.from(text, "utf8") });
        res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
      });
    });
    servers.push(server);
    const runbookUrl = `${await listenLocal(server)}/hooks/restart`;
    // No built-in rule says `deployment`: a rule directory of the operator's own adds one.
    const rulesDir = mkdtempSync(join(tmpdir(), "pitcrew-rules-"));
    mkdirSync(rulesDir, { recursive: true });
    writeFileSync(
      join(rulesDir, "deploy.yaml"),
      [
        "rules:",
        "  - id: helm-rollout-failed",
        "    patterns:",
        "      - '^Error: UPGRADE FAILED: (?:context deadline exceeded|timed out waiting for the condition)'",
        "    type: deployment",
        "    category: transient",
        "    retryable: false",
        "    suggestedAction: escalate",
        "    confidence: 0.8",
        "    priority: 60",
        "",
      ].join("\n"),
    );
    await start({
      env: { RUNBOOK_SECRET: "runbook-secret-for-tests" },
      config: [
        "classifier:",
        `  rulesDirs: [${JSON.stringify(rulesDir)}]`,
        "escalation:",
        "  recover:",
        "    runbooks:",
        "      - name: restart",
        '        repo: "**"',
        "        environment: null",
        "        types: [deployment]",
        `        url: ${JSON.stringify(runbookUrl)}`,
        "        secretEnv: RUNBOOK_SECRET",
        "",
      ].join("\n"),
    });

    await fail(1, helmRolloutLog);

    expect(received).toHaveLength(1);
    const [call] = received;
    const signature = String(call?.headers["x-pitcrew-signature"]);
    const raw = call?.raw ?? Buffer.alloc(0);
    expect(verifyPitcrewSignature("runbook-secret-for-tests", raw, signature)).toBe(true);
    expect(verifyPitcrewSignature("another-secret", raw, signature)).toBe(false);
    expect(JSON.parse(raw.toString("utf8"))).toMatchObject({
      kind: "pitcrew.runbook",
      runbook: "restart",
      incident: { id: "PC-1", repo, job: "build", branch: "master", lastRunId: runId },
      classification: { type: "deployment", ruleId: "helm-rollout-failed" },
    });

    const incident = await runtime.backend.store.getIncident("PC-1");
    expect(incident).toMatchObject({ status: "recovering" });
    expect(incident?.recoveries).toMatchObject([
      { strategy: "runbook", runId: null, outcome: "pending", details: { status: 200 } },
    ]);
    expect(incident?.recoveries[0]?.ranAt).toEqual(expect.any(String));
    // A runbook call re-runs nothing by itself, and deletes no cache.
    expect(rerunPosts()).toHaveLength(0);
    expect(cacheDeletes()).toHaveLength(0);

    runtime.clock.advance(60 * 60_000);
    await runtime.app.worker.runDue();
    expect(received).toHaveLength(1);
  });
});
