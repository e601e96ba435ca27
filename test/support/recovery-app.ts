import { mkdtempSync, writeFileSync } from "node:fs";
import type { Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "vitest";
import { closeServer } from "../fakes/faults.js";
import { type FakeGithub, startFakeGithub } from "../fakes/github-api.js";
import { eintegrityLog } from "../fixtures/logs/index.js";
import { exampleRun, workflowRunPayload } from "../fixtures/webhooks/workflow-run.js";
import { githubSecret, postGithub } from "./deliveries.js";
import { startTestRuntime, type TestRuntime } from "./test-runtime.js";

/*
 * Shared setup of the recover/reset rung acceptance tests. The state below is module-level:
 * vitest isolates test files, so each file that imports this module has its own copy. `fake`
 * and `runtime` are live bindings, reassigned by `start()`; each file calls `stopRecoveryApp`
 * in its afterEach.
 */
export let fake: FakeGithub;
export let runtime: TestRuntime;
/** Extra servers a test starts (e.g. a runbook endpoint); closed by `stopRecoveryApp`. */
export const servers: Server[] = [];

export async function stopRecoveryApp(): Promise<void> {
  await runtime?.stop();
  await fake?.close();
  for (const server of servers.splice(0)) await closeServer(server);
}

export const { repo, runId } = exampleRun;
export const master = "refs/heads/master";
export const other = "refs/heads/feature/login";

/** Starts the fake GitHub and the app; `config` is written as the PITCREW_CONFIG yaml. */
export async function start(options: { config?: string; env?: Record<string, string> } = {}) {
  fake = await startFakeGithub();
  const env: Record<string, string> = {
    GITHUB_WEBHOOK_SECRET: githubSecret,
    GITHUB_API_URL: fake.url,
    GITHUB_TOKEN: "ghp_testtoken",
    ...options.env,
  };
  if (options.config) {
    const file = join(mkdtempSync(join(tmpdir(), "pitcrew-cfg-")), "pitcrew.yaml");
    writeFileSync(file, options.config);
    env.PITCREW_CONFIG = file;
  }
  runtime = await startTestRuntime(env);
}

/** node/npm caches on master, a pip cache on master, node caches of another branch. */
export function seedCaches() {
  fake.addCache(repo, { id: 101, key: "node-cache-Linux-x64-npm-5d3c1b0a", ref: master });
  fake.addCache(repo, { id: 102, key: "npm-deps-Linux-9f8e7d6c", ref: master });
  fake.addCache(repo, { id: 103, key: "node-modules-Linux-1a2b3c4d", ref: master });
  fake.addCache(repo, { id: 104, key: "pip-Linux-3.12-0c9b8a7f", ref: master });
  fake.addCache(repo, { id: 201, key: "node-cache-Linux-x64-npm-5d3c1b0a", ref: other });
  fake.addCache(repo, { id: 202, key: "npm-deps-Linux-e5d4c3b2", ref: other });
}

/** Attempt `attempt` of the example run: its `build` job (and `jobs` - 1 more) failed with `log`. */
export async function fail(attempt: number, log = eintegrityLog, jobs = 1) {
  fake.addRun({
    repo,
    runId,
    headBranch: "master",
    jobs: ["build", "test", "lint"].slice(0, jobs).map((name, i) => ({
      id: 8000 + attempt * 10 + i,
      name,
      conclusion: "failure",
      log,
      failedStep: "Run npm ci",
    })),
  });
  const posted = await postGithub(
    runtime.url,
    workflowRunPayload({ conclusion: "failure", attempt }),
    { delivery: `d-fail-${attempt}` },
  );
  expect(posted.status).toBe(202);
  await runtime.app.worker.runDue();
}

export async function pass(attempt: number) {
  const posted = await postGithub(
    runtime.url,
    workflowRunPayload({ conclusion: "success", attempt }),
    { delivery: `d-pass-${attempt}` },
  );
  expect(posted.status).toBe(202);
  await runtime.app.worker.runDue();
}

export const rerunPosts = () =>
  fake.requests.filter((r) => r.method === "POST" && r.path.endsWith("/rerun-failed-jobs"));
export const cacheDeletes = () =>
  fake.requests.filter((r) => r.method === "DELETE" && r.path.includes("/actions/caches"));
export const remaining = () => fake.caches(repo).map((c) => `${c.ref} ${c.key}`);
export const auditKinds = async (id: string) =>
  (await runtime.backend.store.listAudit(id)).map((e) => `${e.kind}:${e.rule}`);
