import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { Silence } from "../../src/domain/escalation.js";
import { exampleRun } from "../fixtures/webhooks/workflow-run.js";
import { ciSecret, postCi } from "../support/deliveries.js";
import { app, failRun, start, stopLinearTriageApp } from "../support/linear-triage-app.js";
import { runCli } from "../support/spawn-cli.js";
import { startTestRuntime, type TestRuntime } from "../support/test-runtime.js";
import { outboxWithoutNotices } from "../support/work.js";

const runtimes: TestRuntime[] = [];
afterEach(async () => {
  await stopLinearTriageApp();
  for (const runtime of runtimes.splice(0)) await runtime.stop();
});

async function addSilence(url: string, body: Record<string, unknown>): Promise<Silence> {
  const response = await fetch(`${url}/api/silences`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as Silence;
}

const pytestLog = [
  "$ pytest -q",
  "FAILED tests/test_checkout.py::test_pay - assert 3 == 4",
  "========================= 1 failed, 3 passed in 0.12s =========================",
  "ERROR: Job failed: exit code 1",
].join("\n");

const json = (run: { stdout: string }) => JSON.parse(run.stdout);

describe("acceptance: silences", () => {
  it("a silenced incident is recorded and counted, the ladder says silence, Linear and Codegen hear nothing", async () => {
    const { linear } = await start({ issueAt: 1 });
    const silence = await addSilence(app().url, {
      matchers: { repo: exampleRun.repo, job: "/^te/" },
      duration: "4h",
      author: "ana",
      reason: "runner migration",
    });

    await failRun();
    app().clock.advance(10 * 60_000);
    const incident = await failRun("289782452", "gh-again");

    expect(incident).toMatchObject({ status: "silenced", count: 2, lastRunId: "289782452" });
    expect(incident.decisions.at(-1)).toMatchObject({
      kind: "ignore",
      rule: "silence",
      reason: expect.stringContaining("silenced by ana until"),
    });
    expect(incident.decisions.filter((d) => d.rule === "silence")).toHaveLength(2);
    expect(incident.decisions.map((d) => d.kind)).not.toContain("linear_issue");
    expect(incident.decisions.map((d) => d.kind)).not.toContain("codegen_fix");
    expect(linear.requests).toEqual([]);
    expect(await outboxWithoutNotices(app().backend.store)).toEqual([]);
    // Still listed (and so counted) like any other incident.
    const listed = (await fetch(`${app().url}/api/incidents`).then((r) => r.json())) as {
      items: unknown[];
    };
    expect(listed.items).toMatchObject([{ id: incident.id, count: 2, status: "silenced" }]);
    expect((await app().backend.store.listSilences())[0]).toMatchObject({
      id: silence.id,
      expiredAt: null,
    });
  });

  it("an until-green silence ends when that job passes on main; the next failure escalates", async () => {
    const runtime = await startTestRuntime({ CI_WEBHOOK_SECRET: ciSecret });
    runtimes.push(runtime);
    let run = 8800;
    const deliver = async (status: "failure" | "success", branch = "main") => {
      run += 1;
      const posted = await postCi(runtime.url, {
        ...{ source: "gitlab", repo: "acme/api", workflow: "ci", job: "e2e-chrome", branch },
        ...{ runId: String(run), status, log: pytestLog },
      });
      expect(posted.status).toBe(202);
      await runtime.app.worker.runDue();
      runtime.clock.advance(60_000);
    };
    const silence = await addSilence(runtime.url, {
      matchers: { repo: "acme/api", job: "/^e2e-/" },
      untilGreen: true,
      reason: "e2e grid down",
    });
    expect(silence).toMatchObject({ untilGreen: true, endsAt: null, author: "api" });

    await deliver("failure");
    await deliver("failure");
    await deliver("success", "feat/x");
    const [held] = await runtime.backend.store.listSilences();
    expect(held?.expiredAt).toBeNull();
    expect(await outboxWithoutNotices(runtime.backend.store)).toEqual([]);

    await deliver("success");
    const [ended] = await runtime.backend.store.listSilences();
    expect(ended).toMatchObject({ expiredBy: "until-green", expiredAt: expect.any(String) });
    const audit = await runtime.backend.store.listAudit(silence.id);
    expect(audit.at(-1)).toMatchObject({
      kind: "silence.expired",
      reason: "acme/api ci/e2e-chrome passed on main",
    });

    await deliver("failure");
    await deliver("failure");
    const outbox = await outboxWithoutNotices(runtime.backend.store);
    expect(outbox.map((e) => `${e.destination}:${e.operation}`)).toEqual([
      "codegen:create-agent-run",
    ]);
  });

  it("pitcrew silence add|list|expire in-process: usage errors exit 2, unknown ids 1", {
    timeout: 90_000,
  }, async () => {
    const env = { PITCREW_DATA_DIR: mkdtempSync(join(tmpdir(), "pitcrew-silence-cli-")) };
    const args = ["silence", "add", "--match", "repo=acme/api", "--match", "job=/^e2e-/"];

    // Writers in-process take the data dir's lock: one at a time (usage errors never open it).
    const [added, badKey, twoEnds, noMatch] = await Promise.all([
      runCli([...args, "--for", "2h", "--reason", "grid", "--json"], env),
      runCli(["silence", "add", "--match", "team=x", "--reason", "x"], env),
      runCli([...args, "--for", "1h", "--until-green", "--reason", "x"], env),
      runCli(["silence", "add", "--reason", "x"], env),
    ]);
    expect(added.code).toBe(0);
    const silence = json(added) as Silence;
    expect(silence).toMatchObject({
      matchers: { repo: "acme/api", job: "/^e2e-/" },
      untilGreen: false,
      author: "cli",
      reason: "grid",
    });
    expect(Date.parse(silence.endsAt ?? "") - Date.parse(silence.startsAt ?? "")).toBe(7_200_000);
    expect(badKey.code).toBe(2);
    expect(badKey.stderr).toContain("unknown key team");
    expect(twoEnds.code).toBe(2);
    expect(noMatch.code).toBe(2);

    const [list, badRegex] = await Promise.all([
      runCli(["silence", "list", "--json"], env),
      runCli(["silence", "add", "--match", "job=/[/", "--reason", "x"], env),
    ]);
    expect(json(list).items.map((s: Silence) => s.id)).toEqual([silence.id]);
    expect(badRegex.code).toBe(2);
    expect(badRegex.stderr).toContain("matcher job:");

    const expired = await runCli(["silence", "expire", silence.id, "--by", "bo", "--json"], env);
    expect(json(expired)).toMatchObject({ id: silence.id, expiredBy: "bo" });
    const [again, current, all] = await Promise.all([
      runCli(["silence", "expire", silence.id], env),
      runCli(["silence", "list"], env),
      runCli(["silence", "list", "--all"], env),
    ]);
    const unknown = await runCli(["silence", "expire", "sil_nope", "--json"], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("already expired");
    expect(unknown.code).toBe(1);
    expect(json(unknown)).toEqual({ error: "silence-not-found", message: "no silence sil_nope" });
    expect(current.stdout).toContain("No current silences");
    expect(all.stdout).toMatch(new RegExp(`${silence.id}\\s+expired`));
  });

  it("goes through the running server's API when a server holds the data dir", {
    timeout: 60_000,
  }, async () => {
    const runtime = await startTestRuntime({ PITCREW_API_TOKEN: "t0ken" });
    runtimes.push(runtime);
    const env = {
      PITCREW_DATA_DIR: runtime.dataDir,
      PITCREW_URL: runtime.url,
      PITCREW_API_TOKEN: "t0ken",
    };
    const add = ["silence", "add", "--match", "repo=acme/api", "--match", "job=e2e"];

    const added = await runCli([...add, "--until-green", "--reason", "grid", "--json"], env);
    expect(added.code).toBe(0);
    const { id } = json(added) as Silence;
    // The server's fake clock stamped it: the server, not the CLI, wrote it.
    expect(await runtime.backend.store.listSilences()).toMatchObject([
      { id, untilGreen: true, createdAt: "2026-11-23T10:00:00.000Z" },
    ]);
    const list = await runCli(["silence", "list", "--json"], env);
    const [expired, wrongToken] = await Promise.all([
      runCli(["silence", "expire", id, "--json"], env),
      runCli([...add, "--reason", "x"], { ...env, PITCREW_API_TOKEN: "nope" }),
    ]);
    expect(json(list).items.map((s: Silence) => s.id)).toEqual([id]);
    expect(json(expired)).toMatchObject({ id, expiredAt: "2026-11-23T10:00:00.000Z" });
    expect(wrongToken.code).toBe(1);
    expect(wrongToken.stderr).toContain("bearer token");
    const badRegex = await runCli(["silence", "add", "--match", "job=/(/", "--reason", "x"], env);
    expect(badRegex.code).toBe(2);
  });
});
