import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { DeadLetter } from "../../src/domain/types.js";
import { DeadLetters } from "../../src/outbound/dead-letters.js";
import type { JobQueue } from "../../src/ports.js";
import { openJsonBackend } from "../../src/store/json/index.js";
import { FakeClock } from "../support/fake-clock.js";
import { runCli } from "../support/spawn-cli.js";
import { startTestRuntime, type TestRuntime } from "../support/test-runtime.js";

const runtimes: TestRuntime[] = [];
afterEach(async () => {
  for (const runtime of runtimes.splice(0)) await runtime.stop();
});

/** Gives up one job through the real queue and records it, as the worker does. */
async function deadLetter(
  queue: JobQueue,
  dlq: DeadLetters,
  clock: FakeClock,
  lane: string,
  errorType: "auth" | "server",
): Promise<DeadLetter> {
  const runAt = clock.now().toISOString();
  await queue.enqueue({ kind: `${lane}-call`, payload: { n: 1 }, lane, key: `${lane}:1`, runAt });
  const [job] = await queue.claimDue(clock.now(), 1);
  if (!job) throw new Error("no job due");
  await queue.fail(job.id, "boom", null, clock.now());
  return dlq.record(job, { errorType, message: `${errorType} failure` });
}

/** A data dir holding two unresolved dead letters (linear/auth, then slack/server), no server. */
async function seededDataDir(): Promise<{
  dataDir: string;
  linear: DeadLetter;
  slack: DeadLetter;
}> {
  const dataDir = mkdtempSync(join(tmpdir(), "pitcrew-dlq-cli-"));
  const backend = await openJsonBackend({ dataDir, maxLogBytes: 1024, maxJobAttempts: 3 });
  const clock = new FakeClock();
  const dlq = new DeadLetters({ store: backend.store, queue: backend.queue, clock });
  const linear = await deadLetter(backend.queue, dlq, clock, "linear", "auth");
  clock.advance(1000);
  const slack = await deadLetter(backend.queue, dlq, clock, "slack", "server");
  await backend.store.close();
  return { dataDir, linear, slack };
}

const json = (run: { stdout: string }) => JSON.parse(run.stdout);

describe("acceptance: pitcrew dlq", () => {
  it("lists, counts, resolves and retries in-process; unknown ids exit 1, usage errors 2", {
    timeout: 60_000,
  }, async () => {
    const { dataDir, linear, slack } = await seededDataDir();
    const env = { PITCREW_DATA_DIR: dataDir };

    // Runs that do not write go side by side: each CLI start costs a second or two.
    const [list, bySlack, stats, usage, badType] = await Promise.all([
      runCli(["dlq", "list", "--json"], env),
      runCli(["dlq", "list", "--destination", "slack", "--json"], env),
      runCli(["dlq", "stats", "--json"], env),
      runCli(["dlq", "retry"], env),
      runCli(["dlq", "list", "--error-type", "boom"], env),
    ]);
    const resolve = await runCli(
      ["dlq", "resolve", linear.id, "--by", "ana", "--note", "key rotated", "--json"],
      env,
    );
    const [after, all, unknown] = await Promise.all([
      runCli(["dlq", "list", "--json"], env),
      runCli(["dlq", "list", "--all"], env),
      runCli(["dlq", "resolve", "dlq_nope", "--json"], env),
    ]);
    // No server: the retried job runs before the command returns (and fails again: no handler).
    const retry = await runCli(["dlq", "retry", slack.id, "--json"], env);

    expect(list.code).toBe(0);
    expect(json(list).items.map((e: DeadLetter) => e.id)).toEqual([slack.id, linear.id]);
    expect(json(list).items[1]).toMatchObject({
      destination: "linear",
      action: "linear-call",
      errorType: "auth",
      error: "auth failure",
      attempts: 1,
      resolved: false,
    });
    expect(json(bySlack).items.map((e: DeadLetter) => e.id)).toEqual([slack.id]);
    expect(json(stats)).toEqual({
      total: 2,
      unresolved: 2,
      byDestination: { linear: 1, slack: 1 },
      byErrorType: { auth: 1, server: 1 },
      oldest: linear.firstFailedAt,
      newest: slack.lastFailedAt,
    });
    expect(json(resolve)).toMatchObject({
      id: linear.id,
      resolved: true,
      resolvedBy: "ana",
      note: "key rotated",
    });
    expect(json(after).items.map((e: DeadLetter) => e.id)).toEqual([slack.id]);
    expect(all.stdout).toMatch(new RegExp(`${linear.id}.*resolved by ana \\(key rotated\\)`));
    expect(unknown.code).toBe(1);
    expect(json(unknown)).toEqual({
      error: "dead-letter-not-found",
      message: "no dead letter dlq_nope",
    });
    expect(unknown.stderr).toContain("no dead letter dlq_nope");
    expect(json(retry)).toMatchObject({
      id: slack.id,
      retries: 1,
      retryJobId: null,
      attempts: 2,
      errorType: "unknown",
      error: "no handler for job kind slack-call",
    });
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("--destination");
    expect(badType.code).toBe(2);
  });

  it("goes through the running server's API when a server holds the data dir", {
    timeout: 60_000,
  }, async () => {
    const runtime = await startTestRuntime({ PITCREW_API_TOKEN: "t0ken" });
    runtimes.push(runtime);
    const { queue } = runtime.backend;
    const entry = await deadLetter(queue, runtime.app.deadLetters, runtime.clock, "linear", "auth");
    const env = {
      PITCREW_DATA_DIR: runtime.dataDir,
      PITCREW_URL: runtime.url,
      PITCREW_API_TOKEN: "t0ken",
    };

    const retry = await runCli(["dlq", "retry", entry.id, "--json"], env);
    const again = await runCli(["dlq", "retry", entry.id], env);
    const resolve = await runCli(["dlq", "resolve", entry.id, "--by", "bo", "--json"], env);
    runtime.clock.advance(1);
    const purge = await runCli(["dlq", "purge", "--older-than-days", "0", "--json"], env);
    const wrongToken = await runCli(["dlq", "purge"], { ...env, PITCREW_API_TOKEN: "nope" });

    expect(retry.code).toBe(0);
    expect(json(retry)).toMatchObject({ id: entry.id, retries: 1 });
    expect(json(retry).retryJobId).toMatch(/^job_/);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("already being retried");
    expect(json(resolve)).toMatchObject({ resolved: true, resolvedBy: "bo" });
    expect(json(purge)).toEqual({ purged: 1 });
    expect(await runtime.backend.store.getDeadLetter(entry.id)).toBeNull();
    expect(wrongToken.code).toBe(1);
    expect(wrongToken.stderr).toContain("bearer token");
  });
});
