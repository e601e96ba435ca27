import { afterEach, describe, expect, it } from "vitest";
import { ciSecret, postCi } from "../support/deliveries.js";
import { runCli } from "../support/spawn-cli.js";
import { startTestRuntime, type TestRuntime } from "../support/test-runtime.js";

let runtime: TestRuntime;
afterEach(async () => {
  await runtime?.stop();
});

const jestLog = (test: string) =>
  `> jest\nFAIL src/cart.test.js\n  ● Cart › applies the ${test}\nTests: 1 failed, 3 total\n`;

async function fail(runId: string, job: string, log: string) {
  const payload = { source: "gitlab", repo: "acme/api", job, runId, status: "failure", log };
  expect((await postCi(runtime.url, payload)).status).toBe(202);
  await runtime.app.worker.runDue();
}

type Templates = { items: { id: string; template: string; count: number }[] };

describe("acceptance: evidence lines mined into templates", () => {
  it("groups same-shaped evidence of different incidents; API and CLI list the templates", async () => {
    runtime = await startTestRuntime({ CI_WEBHOOK_SECRET: ciSecret });
    await fail("1", "unit", jestLog("discount"));
    await fail("2", "unit", jestLog("discount"));
    await fail("3", "unit", jestLog("tax"));
    await fail("4", "build", "Step 3/9 : RUN make\nmake: *** [all] Error 2\nERROR: Job failed\n");

    const incidents = await runtime.backend.store.listIncidents();
    const byEvidence = (text: RegExp) =>
      incidents.find((i) => text.test(i.classification.evidence[0]?.text ?? ""));
    const discount = byEvidence(/discount/);
    const tax = byEvidence(/tax/);
    expect(discount?.count).toBe(2);
    expect(discount?.fingerprint).not.toBe(tax?.fingerprint);
    expect(discount?.templateId).toBeTruthy();
    expect(tax?.templateId).toBe(discount?.templateId);

    const response = await fetch(`${runtime.url}/api/templates`);
    expect(response.status).toBe(200);
    const api = (await response.json()) as Templates;
    expect(api.items[0]).toEqual({
      id: discount?.templateId,
      template: "● Cart › applies the <*>",
      count: 3,
    });
    expect(api.items.reduce((sum, t) => sum + t.count, 0)).toBe(
      incidents.reduce((sum, i) => sum + (i.classification.evidence.length > 0 ? i.count : 0), 0),
    );

    const env = { PITCREW_DATA_DIR: runtime.dataDir };
    const json = await runCli(["templates", "--json"], env);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual(api);
    const human = await runCli(["templates"], env);
    expect(human.stdout).toMatch(/tpl-\d+\s+3\s+● Cart › applies the <\*>/);
  });

  it("answers /api/templates with an empty list before any incident, behind the token", async () => {
    runtime = await startTestRuntime({ CI_WEBHOOK_SECRET: ciSecret, PITCREW_API_TOKEN: "t0ken" });

    expect((await fetch(`${runtime.url}/api/templates`)).status).toBe(401);
    const ok = await fetch(`${runtime.url}/api/templates`, {
      headers: { authorization: "Bearer t0ken" },
    });
    expect(await ok.json()).toEqual({ items: [] });
  });
});
