import { afterEach, describe, expect, it } from "vitest";
import { eintegrityLog } from "../fixtures/logs/index.js";
import {
  cacheDeletes,
  fail,
  fake,
  pass,
  repo,
  rerunPosts,
  runId,
  runtime,
  seedCaches,
  start,
  stopRecoveryApp,
} from "../support/recovery-app.js";

afterEach(stopRecoveryApp);

describe("acceptance: recover rung — repairs that cannot tell or cannot run", () => {
  it("leaves the incident open, not recovering, once its repair did not help", async () => {
    await start({ config: "escalation:\n  codegen:\n    enabled: false\n" });
    seedCaches();
    await fail(1);
    expect(await runtime.backend.store.getIncident("PC-1")).toMatchObject({ status: "recovering" });

    runtime.clock.advance(5 * 60_000);
    await fail(2);

    const incident = await runtime.backend.store.getIncident("PC-1");
    expect(incident?.recoveries).toMatchObject([{ strategy: "clear_cache", outcome: "failed" }]);
    expect(incident?.status).toBe("open");
  });

  it("shares one purge and one re-run among the failed jobs of a run", async () => {
    await start();
    seedCaches();

    await fail(1, eintegrityLog, 3);

    expect(rerunPosts()).toHaveLength(1);
    expect(cacheDeletes()).toHaveLength(3);
    const actions = await runtime.backend.store.listActions({ kind: "clear_cache" });
    expect(actions).toMatchObject([{ status: "succeeded", mode: "live" }]);
    expect([...(actions[0]?.incidentIds ?? [])].sort()).toEqual(["PC-1", "PC-2", "PC-3"]);
    for (const id of ["PC-1", "PC-2", "PC-3"]) {
      const incident = await runtime.backend.store.getIncident(id);
      expect(incident?.recoveries).toMatchObject([
        { strategy: "clear_cache", actionId: actions[0]?.id, outcome: "pending" },
      ]);
      expect(incident?.recoveries[0]?.ranAt).toEqual(expect.any(String));
    }

    runtime.clock.advance(5 * 60_000);
    await pass(2);
    for (const id of ["PC-1", "PC-2", "PC-3"]) {
      expect(await runtime.backend.store.getIncident(id)).toMatchObject({
        status: "resolved",
        resolution: "auto-recovered",
        recoveries: [{ outcome: "succeeded" }],
      });
    }
    const stats = (await (await fetch(`${runtime.url}/api/recoveries`)).json()) as {
      items: unknown[];
    };
    expect(stats.items).toEqual([
      { strategy: "clear_cache", tried: 3, succeeded: 3, failed: 0, pending: 0, successRate: 1 },
    ]);
  });

  it("settles a repair whose action died as failed, so it blocks nothing", async () => {
    await start({ config: "escalation:\n  codegen:\n    enabled: false\n" });
    seedCaches();
    const rerunPath = `/repos/${repo}/actions/runs/${runId}/rerun-failed-jobs`;
    fake.failNext(rerunPath, { status: 422, body: { message: "Validation Failed" } });

    await fail(1);

    expect(await runtime.backend.store.listActions({ kind: "clear_cache" })).toMatchObject([
      { status: "dead" },
    ]);
    const incident = await runtime.backend.store.getIncident("PC-1");
    expect(incident?.status).toBe("open");
    expect(incident?.recoveries).toMatchObject([
      {
        strategy: "clear_cache",
        ranAt: null,
        outcome: "failed",
        details: { error: expect.stringMatching(/422/) },
      },
    ]);

    // A pass afterwards is not the dead repair's success.
    runtime.clock.advance(5 * 60_000);
    await pass(2);
    expect(await runtime.backend.store.getIncident("PC-1")).toMatchObject({
      status: "resolved",
      resolution: "passed",
    });
  });

  it("forgets a repair skipped because a newer pass resolved its incident first", async () => {
    await start();
    seedCaches();
    const listPath = `/repos/${repo}/actions/caches`;
    for (let i = 0; i < 10; i += 1) fake.failNext(listPath, { status: 502 });

    await fail(1);
    expect(await runtime.backend.store.listActions({ kind: "clear_cache" })).toMatchObject([
      { status: "failed" },
    ]);
    await pass(2);
    runtime.clock.advance(60 * 60_000);
    await runtime.app.worker.runDue();

    expect(await runtime.backend.store.listActions({ kind: "clear_cache" })).toMatchObject([
      { status: "skipped" },
    ]);
    expect(await runtime.backend.store.getIncident("PC-1")).toMatchObject({
      status: "resolved",
      resolution: "passed",
      recoveries: [],
    });
    expect(rerunPosts()).toHaveLength(0);
    expect(fake.caches(repo)).toHaveLength(6);
    const stats = (await (await fetch(`${runtime.url}/api/recoveries`)).json()) as {
      items: unknown[];
    };
    expect(stats.items).toEqual([]);
  });

  it("does not claim a repair that only went to the outbox (no GITHUB_TOKEN)", async () => {
    await start({ env: { GITHUB_TOKEN: "" } });
    seedCaches();

    await fail(1);

    expect(rerunPosts()).toHaveLength(0);
    expect(fake.caches(repo)).toHaveLength(6);
    expect(
      (await runtime.backend.store.listOutbox()).map((e) => `${e.destination}:${e.operation}`),
    ).toEqual(["github:purge-caches", "github:rerun-failed-jobs"]);
    const incident = await runtime.backend.store.getIncident("PC-1");
    expect(incident?.status).toBe("open");
    expect(incident?.recoveries).toEqual([]);

    runtime.clock.advance(5 * 60_000);
    await pass(2);
    expect(await runtime.backend.store.getIncident("PC-1")).toMatchObject({
      status: "resolved",
      resolution: "passed",
    });
    const stats = (await (await fetch(`${runtime.url}/api/recoveries`)).json()) as {
      items: unknown[];
    };
    expect(stats.items).toEqual([]);
  });
});
