import { afterEach, describe, expect, it } from "vitest";
import {
  auditKinds,
  cacheDeletes,
  fail,
  fake,
  master,
  other,
  pass,
  remaining,
  repo,
  rerunPosts,
  runId,
  runtime,
  seedCaches,
  start,
  stopRecoveryApp,
} from "../support/recovery-app.js";

afterEach(stopRecoveryApp);

describe("acceptance: recover rung — clear the failing ecosystem's caches, then re-run", () => {
  it("purges only master's node/npm caches, re-runs once, and resolves as auto-recovered", async () => {
    await start();
    seedCaches();

    await fail(1);

    expect(remaining()).toEqual([
      `${master} pip-Linux-3.12-0c9b8a7f`,
      `${other} node-cache-Linux-x64-npm-5d3c1b0a`,
      `${other} npm-deps-Linux-e5d4c3b2`,
    ]);
    expect(cacheDeletes()).toHaveLength(3);
    // The repair re-runs the run itself; no plain retry besides it, now or later.
    expect(rerunPosts().map((r) => r.path)).toEqual([
      `/repos/${repo}/actions/runs/${runId}/rerun-failed-jobs`,
    ]);
    runtime.clock.advance(60 * 60_000);
    await runtime.app.worker.runDue();
    expect(rerunPosts()).toHaveLength(1);
    expect(await runtime.backend.store.listActions({ kind: "retry" })).toEqual([]);

    const incident = await runtime.backend.store.getIncident("PC-1");
    expect(incident).toMatchObject({
      status: "recovering",
      branch: "master",
      classification: {
        type: "dependency_install",
        ruleId: "dependency-cache-corrupt",
        suggestedAction: "clear_cache",
      },
    });
    expect(incident?.recoveries).toHaveLength(1);
    const [recovery] = incident?.recoveries ?? [];
    expect(recovery).toMatchObject({
      strategy: "clear_cache",
      runId,
      outcome: "pending",
      outcomeEventId: null,
      details: { deleted: 3, kept: 1, branch: "master", rerunRunId: runId },
    });
    expect(recovery?.ranAt).toEqual(expect.any(String));
    expect(incident?.decisions.map((d) => `${d.rung}:${d.kind}:${d.rule}`)).toEqual([
      "retry:ignore:retry.types",
      "recover:clear_cache:recover.clear_cache",
    ]);
    expect(await runtime.backend.store.listActions({ kind: "clear_cache" })).toMatchObject([
      { status: "succeeded", mode: "live", runId, params: { ecosystem: "node" } },
    ]);

    runtime.clock.advance(5 * 60_000);
    await pass(2);

    const resolved = await runtime.backend.store.getIncident("PC-1");
    expect(resolved).toMatchObject({ status: "resolved", resolution: "auto-recovered" });
    expect(resolved?.recoveries).toMatchObject([
      { strategy: "clear_cache", outcome: "succeeded", outcomeEventId: expect.any(String) },
    ]);
    expect(resolved?.decisions.at(-1)?.reason).toMatch(/passed after pitcrew's clear_cache/);
    expect(await auditKinds("PC-1")).toEqual(
      expect.arrayContaining([
        "action.succeeded:act.recover",
        "incident.resolved:resolve.auto-recovered",
        "recovery.succeeded:recover.clear_cache.outcome",
      ]),
    );

    const response = await fetch(`${runtime.url}/api/recoveries`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      items: [
        {
          strategy: "clear_cache",
          tried: 1,
          succeeded: 1,
          failed: 0,
          pending: 0,
          successRate: 1,
        },
      ],
    });
  });

  it("records a repair that did not help as failed and never tries that strategy again", async () => {
    await start();
    seedCaches();

    await fail(1);
    expect(cacheDeletes()).toHaveLength(3);
    // The re-run saves fresh caches; a second purge would delete them again.
    fake.addCache(repo, { id: 105, key: "node-cache-Linux-x64-npm-5d3c1b0a", ref: master });
    fake.addCache(repo, { id: 106, key: "npm-deps-Linux-9f8e7d6c", ref: master });

    runtime.clock.advance(5 * 60_000);
    await fail(2);
    runtime.clock.advance(60 * 60_000);
    await runtime.app.worker.runDue();

    const incident = await runtime.backend.store.getIncident("PC-1");
    expect(incident?.count).toBe(2);
    expect(incident?.recoveries).toMatchObject([
      { strategy: "clear_cache", outcome: "failed", outcomeEventId: expect.any(String) },
    ]);
    expect(incident?.status).not.toBe("recovering");
    expect(await auditKinds("PC-1")).toContain("recovery.failed:recover.clear_cache.outcome");
    expect(cacheDeletes()).toHaveLength(3);
    expect(remaining()).toContain(`${master} node-cache-Linux-x64-npm-5d3c1b0a`);
    expect(rerunPosts()).toHaveLength(1);
    expect(await runtime.backend.store.listActions({ kind: "clear_cache" })).toHaveLength(1);
    expect(incident?.decisions.filter((d) => d.rung === "recover")).toHaveLength(1);

    // A third failure does not bring it back either.
    runtime.clock.advance(5 * 60_000);
    await fail(3);
    expect(cacheDeletes()).toHaveLength(3);
    expect(await runtime.backend.store.listActions({ kind: "clear_cache" })).toHaveLength(1);

    const stats = (await (await fetch(`${runtime.url}/api/recoveries`)).json()) as {
      items: unknown[];
    };
    expect(stats.items).toEqual([
      { strategy: "clear_cache", tried: 1, succeeded: 0, failed: 1, pending: 0, successRate: 0 },
    ]);
  });
});
