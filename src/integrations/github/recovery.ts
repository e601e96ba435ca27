/**
 * GitHub Actions behind the `CiRecovery` port: purge caches of a ref, start a workflow_dispatch
 * workflow (integrations.md §4.3). Built by `createGithubCiProvider` from its own Octokit and
 * `call` wrapper, so recovery shares the provider's "github" destination (breaker, bulkhead).
 */
import { createHash } from "node:crypto";
import type { Octokit } from "@octokit/rest";
import type { CacheEntry, CiRecovery, Clock, Logger, Store } from "../../ports.js";
import type { GithubAuth } from "./config.js";
import { invalidGithubInput } from "./errors.js";

/** The provider's wrapper: runs one call under the destination's policies and maps its errors. */
export type GithubCall = <T>(operation: string, run: () => Promise<T>) => Promise<T>;

/** What recovery needs from the provider that builds it. */
export interface GithubRecoveryDeps {
  octokit: Octokit;
  call: GithubCall;
  /** Null: writes are recorded in the outbox instead of sent. */
  auth: GithubAuth;
  /** The provider's `owner/name` splitter, so both reject a malformed repo the same way. */
  repoParams: (repo: string) => { owner: string; repo: string };
  clock: Clock;
  logger: Logger;
  outbox: Pick<Store, "addOutbox">;
}

type PurgeInput = Parameters<CiRecovery["purgeCaches"]>[1];
type DispatchInput = Parameters<CiRecovery["dispatchWorkflow"]>[1];

/** Builds the two recovery methods; every failure is thrown as an `IntegrationError`. */
export function createGithubRecovery(deps: GithubRecoveryDeps): CiRecovery {
  const { octokit, call } = deps;

  async function listCaches(repo: string, ref: string): Promise<CacheEntry[]> {
    // No `key` filter: `kept` must count every cache of the ref, and prefixes may be several.
    const caches = await call("list-caches", () =>
      octokit.paginate(octokit.rest.actions.getActionsCacheList, {
        ...deps.repoParams(repo),
        ref,
        per_page: 100,
      }),
    );
    return caches.map(toCacheEntry);
  }

  async function deleteCache(repo: string, cache: CacheEntry): Promise<void> {
    await call("delete-cache", async () => {
      try {
        await octokit.rest.actions.deleteActionsCacheById({
          ...deps.repoParams(repo),
          // A digit string: ids may exceed 2^53 and Octokit only puts it in the URL.
          cache_id: cache.id as unknown as number,
        });
      } catch (error) {
        // Already gone (evicted, or deleted by a concurrent purge): what we wanted. Caught
        // inside the call so the destination does not count it as a failure.
        if (statusOf(error) !== 404) throw error;
      }
    });
  }

  return {
    async purgeCaches(repo, input) {
      const ref = fullRef(input.ref);
      const keyPrefixes = checkPrefixes(input.keyPrefixes);
      deps.repoParams(repo);
      if (deps.auth === null) {
        await record(deps, "purge-caches", { repo, ref, keyPrefixes }, [repo, ref, keyPrefixes]);
        return { mode: "outbox", deleted: [], kept: 0 };
      }
      const caches = await listCaches(repo, ref);
      const selected = caches.filter((cache) => selects(keyPrefixes, cache.key));
      // One at a time: a purge is small, and deletes count 5 points each against GitHub's
      // per-endpoint secondary limit, which a burst would hit first.
      for (const cache of selected) await deleteCache(repo, cache);
      const kept = caches.length - selected.length;
      deps.logger.info({ repo, ref, deleted: selected.length, kept }, "purged GitHub caches");
      return { mode: "live", deleted: selected, kept };
    },

    async dispatchWorkflow(repo, input) {
      const params = dispatchParams(deps, repo, input);
      if (deps.auth === null) {
        const payload = { repo, workflow: input.workflow, ref: params.ref, inputs: input.inputs };
        const inputs = Object.entries(input.inputs).sort(([a], [b]) => (a < b ? -1 : 1));
        await record(deps, "dispatch-workflow", payload, [
          repo,
          input.workflow,
          params.ref,
          inputs,
        ]);
        return { mode: "outbox" };
      }
      await call("dispatch-workflow", () => octokit.rest.actions.createWorkflowDispatch(params));
      deps.logger.info({ repo, workflow: input.workflow, ref: params.ref }, "dispatched workflow");
      return { mode: "live" };
    },
  };
}

function dispatchParams(deps: GithubRecoveryDeps, repo: string, input: DispatchInput) {
  if (input.workflow.trim() === "")
    throw invalidGithubInput("workflow must be a file name or an id");
  // `ref` is a branch or tag name here; GitHub also accepts `refs/heads/…`, so pass it as given.
  if (input.ref.trim() === "") throw invalidGithubInput("ref must not be empty");
  return {
    ...deps.repoParams(repo),
    workflow_id: input.workflow,
    ref: input.ref,
    inputs: input.inputs,
  };
}

/** Cache refs are full refs (`refs/heads/main`, `refs/pull/7/merge`); a bare name is a branch. */
export function fullRef(ref: string): string {
  const trimmed = ref.trim();
  if (trimmed === "") throw invalidGithubInput("ref must not be empty");
  return trimmed.startsWith("refs/") ? trimmed : `refs/heads/${trimmed}`;
}

/** An empty prefix would select every cache: "all" must be said explicitly. */
function checkPrefixes(prefixes: PurgeInput["keyPrefixes"]): PurgeInput["keyPrefixes"] {
  if (prefixes === "all") return prefixes;
  if (prefixes.some((prefix) => prefix === "")) {
    throw invalidGithubInput('an empty key prefix would select every cache: pass "all" instead');
  }
  return [...prefixes];
}

function selects(prefixes: PurgeInput["keyPrefixes"], key: string): boolean {
  return prefixes === "all" || prefixes.some((prefix) => key.startsWith(prefix));
}

/** Octokit parses ids beyond 2^53 as `bigint` (its types say `number`): keep digit strings. */
function toCacheEntry(cache: {
  id?: unknown;
  key?: string;
  ref?: string;
  size_in_bytes?: number;
  last_accessed_at?: string;
}): CacheEntry {
  return {
    id: String(cache.id),
    key: cache.key ?? "",
    ref: cache.ref ?? "",
    sizeInBytes: Number(cache.size_in_bytes ?? 0),
    lastAccessedAt: cache.last_accessed_at ?? null,
  };
}

/**
 * Without credentials GitHub would refuse the write: record what would have been sent. The key
 * is the request's content, so recording the same repair twice (a retried job) adds one entry.
 */
async function record(
  deps: GithubRecoveryDeps,
  operation: string,
  payload: Record<string, unknown>,
  identity: unknown[],
): Promise<void> {
  const digest = createHash("sha256").update(JSON.stringify(identity)).digest("hex").slice(0, 16);
  await deps.outbox.addOutbox({
    at: deps.clock.now().toISOString(),
    destination: "github",
    operation,
    payload,
    idempotencyKey: `github:${operation}:${payload.repo}:${digest}`,
  });
  deps.logger.info({ ...payload, operation }, "no GitHub credentials: recorded in the outbox");
}

function statusOf(error: unknown): number | null {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === "number" ? status : null;
}
