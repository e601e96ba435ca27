import { afterEach, describe, expect, it } from "vitest";
import { ciSecret, postCi } from "../support/deliveries.js";
import { startTestRuntime, type TestRuntime } from "../support/test-runtime.js";
import { outboxWithoutNotices } from "../support/work.js";

let runtime: TestRuntime;
afterEach(async () => {
  await runtime?.stop();
});

const pytestLog = [
  "$ pytest -q",
  "..F.",
  "tests/test_cart.py:12: AssertionError",
  "FAILED tests/test_cart.py::test_total - assert 3 == 4",
  "========================= 1 failed, 3 passed in 0.12s =========================",
  "ERROR: Job failed: exit code 1",
].join("\n");

async function fail(runId: number, repo = "acme/api"): Promise<void> {
  const posted = await postCi(runtime.url, {
    source: "gitlab",
    repo,
    workflow: "ci",
    job: "unit",
    branch: "main",
    runId: String(runId),
    url: `https://ci.example/acme/api/-/jobs/${runId}`,
    status: "failure",
    log: pytestLog,
  });
  expect(posted.status).toBe(202);
  await runtime.app.worker.runDue();
}

describe("acceptance: the ladder without credentials (outbox mode)", () => {
  it("records one Codegen run at 2 and one Linear issue at 5, sending nothing", async () => {
    runtime = await startTestRuntime({ CI_WEBHOOK_SECRET: ciSecret });

    for (let run = 1; run <= 6; run++) {
      await fail(8800 + run);
      runtime.clock.advance(60_000);
    }
    await runtime.app.worker.runDue();

    const outbox = await outboxWithoutNotices(runtime.backend.store);
    const operations = outbox.map((entry) => `${entry.destination}:${entry.operation}`);
    expect(operations).toEqual(["codegen:create-agent-run", "linear:create-issue"]);
    expect(String(outbox[0]?.payload.prompt)).toContain("FAILED tests/test_cart.py::test_total");
    const [incident] = await runtime.backend.store.listIncidents();
    expect(incident).toMatchObject({ count: 6, status: "escalated", escalationLevel: 3 });
    expect(incident?.codegen).toMatchObject({ rawStatus: "outbox", attempts: 1 });
    expect(incident?.decisions.filter((d) => d.kind === "linear_issue")).toHaveLength(1);
  });

  it("holds per-repository Codegen runs while the failure is a mass failure, then runs one", async () => {
    runtime = await startTestRuntime({ CI_WEBHOOK_SECRET: ciSecret });
    const repos = ["acme/alpha", "acme/beta", "acme/gamma"];
    // Twice in each of three repositories within 10 minutes: the Codegen rung (2) is reached
    // three times, but the fingerprint is a mass failure.
    for (const round of [0, 1]) {
      for (const [i, repo] of repos.entries()) await fail(9000 + round * 10 + i, repo);
      runtime.clock.advance(60_000);
    }
    const held = await runtime.backend.store.listIncidents();
    expect(held.map((i) => i.count)).toEqual([2, 2, 2]);
    expect(held.every((i) => i.codegen === null)).toBe(true);
    const codegen = (await outboxWithoutNotices(runtime.backend.store)).filter(
      (entry) => entry.destination === "codegen",
    );
    expect(codegen).toEqual([]);

    // Once the outage has passed the window, alpha failing again gets its fix run.
    runtime.clock.advance(15 * 60_000);
    await fail(9100, "acme/alpha");
    const after = (await outboxWithoutNotices(runtime.backend.store)).filter(
      (entry) => entry.destination === "codegen",
    );
    expect(after.map((entry) => entry.operation)).toEqual(["create-agent-run"]);
    const alpha = (await runtime.backend.store.listIncidents({ repo: "acme/alpha" }))[0];
    expect(alpha?.codegen).toMatchObject({ rawStatus: "outbox", attempts: 1 });
  });
});
