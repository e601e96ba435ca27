import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Incident } from "../../src/domain/types.js";
import { openJsonBackend } from "../../src/store/json/index.js";
import { testClassification, testIncident } from "../support/incident-builder.js";
import { runCli } from "../support/spawn-cli.js";

/** A test failure seen twice in the last hour (real time: the CLI reads the system clock). */
function incident(now: number): Incident {
  const at = (minutesAgo: number) => new Date(now - minutesAgo * 60_000).toISOString();
  return testIncident("PC-1", {
    status: "escalated",
    classification: testClassification({
      evidence: [{ line: 9, text: "● Cart › applies the discount" }],
    }),
    count: 2,
    firstSeenAt: at(60),
    lastSeenAt: at(30),
    occurrences: [at(60), at(30)],
    lastRunId: "12",
    lastUrl: "https://github.com/acme/api/actions/runs/12",
    decisions: [
      {
        kind: "ignore",
        rung: "retry",
        rule: "retry.types",
        reason: "test_failure is not transient: not re-run",
        at: at(60),
      },
      {
        kind: "codegen_fix",
        rung: "codegen",
        rule: "codegen.fix",
        reason: "test_failure failed 2× in 24h (threshold 2): Codegen fix PR",
        at: at(30),
        numbers: { failuresInWindow: 2, atFailures: 2 },
      },
    ],
    escalationLevel: 2,
    codegen: {
      runId: "1001",
      url: "https://codegen.example/run/1001",
      status: "running",
      rawStatus: "RUNNING",
      startedAt: at(30),
      finishedAt: null,
      attempts: 1,
      polls: 2,
    },
  });
}

describe("acceptance: pitcrew incidents show", () => {
  it("prints the ladder so far and the next rung; unknown ids exit 1", {
    timeout: 60_000,
  }, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "pitcrew-show-"));
    const backend = await openJsonBackend({ dataDir, maxLogBytes: 1024, maxJobAttempts: 3 });
    await backend.store.saveIncident(incident(Date.now()));
    await backend.store.close();
    const env = { PITCREW_DATA_DIR: dataDir };

    const [human, json, unknown, usage] = await Promise.all([
      runCli(["incidents", "show", "PC-1"], env),
      runCli(["incidents", "show", "pc-1", "--json"], env),
      runCli(["incidents", "show", "PC-99"], env),
      runCli(["incidents", "frobnicate"], env),
    ]);

    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toContain("failures: 2 in the last 24h");
    expect(human.stdout).toMatch(/codegen\s+codegen_fix\s+codegen\.fix\s+test_failure failed 2×/);
    expect(human.stdout).toMatch(/retry\s+ignore\s+retry\.types/);
    expect(human.stdout).toMatch(
      /next rung: .*Linear issue at 5 failures in 24h \(2 so far\): 3 more/,
    );

    expect(json.code, json.stderr).toBe(0);
    const shown = JSON.parse(json.stdout);
    expect(shown).toMatchObject({
      incident: { id: "PC-1", codegen: { runId: "1001" } },
      failuresInWindow: 2,
      next: { rung: "linear", atFailures: 5 },
    });

    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("no incident PC-99");
    expect(usage.code).toBe(2);
  });
});
