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

async function fail(runId: number): Promise<void> {
  const posted = await postCi(runtime.url, {
    source: "gitlab",
    repo: "acme/api",
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
});
