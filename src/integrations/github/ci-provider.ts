/**
 * GitHub Actions behind the `CiProvider` port (list failed jobs, download logs, re-run failed
 * jobs) and the `CiRecovery` port (purge caches, dispatch a workflow; see recovery.ts). One
 * Octokit and one "github" destination serve both: the resilience layer registers a name once.
 */
import type { Outbound } from "../../outbound/outbound.js";
import type { CiProvider, CiRecovery, Clock, FailedJob, Logger, Store } from "../../ports.js";
import { readTail } from "../ci/read-tail.js";
import { createGithubClient } from "./client.js";
import type { GithubAuth } from "./config.js";
import { invalidGithubInput, toGithubError } from "./errors.js";
import { FAILED_CONCLUSIONS, type GithubJob, toFailedJob } from "./map-job.js";
import { createGithubRecovery } from "./recovery.js";

/** 5 MB: far more than the classifier needs, small enough to keep many in memory at once. */
export const DEFAULT_MAX_LOG_BYTES = 5 * 1024 * 1024;

/** Options and dependencies of the GitHub Actions provider. */
export interface GithubCiProviderOptions {
  /** API root, e.g. `https://api.github.com` (the `GITHUB_API_URL` value). */
  apiUrl: string;
  timeoutMs: number;
  /** Null: reads are tried unauthenticated (public repos) and re-runs go to the outbox. */
  auth: GithubAuth;
  /** Logs larger than this keep only their last `maxLogBytes` bytes. */
  maxLogBytes?: number;
  clock: Clock;
  logger: Logger;
  outbox: Pick<Store, "addOutbox">;
  /**
   * The resilience layer: GitHub registers as its `github` destination, and every call goes
   * through its timeout, retry, breaker and bulkhead. Absent: calls are made directly.
   */
  outbound?: Outbound;
}

/** Creates the GitHub Actions `CiProvider` + `CiRecovery`; every failure is thrown as an `IntegrationError`. */
export function createGithubCiProvider(options: GithubCiProviderOptions): CiProvider & CiRecovery {
  const octokit = createGithubClient(options);
  const maxLogBytes = options.maxLogBytes ?? DEFAULT_MAX_LOG_BYTES;
  const secrets = options.auth && "token" in options.auth ? [options.auth.token] : [];

  const mapError = (error: unknown, operation: string) =>
    toGithubError(error, { operation, now: options.clock.now(), secrets });
  const destination = options.outbound?.register("github", {
    mapError,
    timeoutMs: options.timeoutMs,
  });

  /** Runs one call through the destination's policies (or directly) and maps what it throws. */
  async function call<T>(operation: string, run: () => Promise<T>): Promise<T> {
    if (destination) return destination.call(operation, run);
    try {
      return await run();
    } catch (error) {
      throw mapError(error, operation);
    }
  }

  const recovery = createGithubRecovery({ ...options, octokit, call, repoParams });

  return {
    purgeCaches: recovery.purgeCaches,
    dispatchWorkflow: recovery.dispatchWorkflow,

    listFailedJobs(repo: string, runId: string): Promise<FailedJob[]> {
      return call("list-failed-jobs", async () => {
        const jobs: GithubJob[] = await octokit.paginate(
          octokit.rest.actions.listJobsForWorkflowRun,
          { ...repoParams(repo), run_id: idParam(runId), filter: "latest", per_page: 100 },
        );
        return jobs.filter((job) => FAILED_CONCLUSIONS.has(job.conclusion ?? "")).map(toFailedJob);
      });
    },

    fetchJobLog(repo: string, jobId: string): Promise<string> {
      return call("fetch-job-log", async () => {
        // The API answers 302 to a short-lived URL; fetch follows it. The body is read as a stream
        // so a huge log never sits in memory whole.
        const response = await octokit.rest.actions.downloadJobLogsForWorkflowRun({
          ...repoParams(repo),
          job_id: idParam(jobId),
          request: { parseSuccessResponseBody: false },
        });
        const body = response.data as unknown as ReadableStream<Uint8Array> | null;
        const tail = await readTail(body, maxLogBytes);
        if (tail.truncated) {
          options.logger.info(
            { repo, jobId, totalBytes: tail.totalBytes, keptBytes: maxLogBytes },
            "job log larger than maxLogBytes: kept its tail",
          );
        }
        return tail.text;
      });
    },

    async rerunFailedJobs(repo: string, runId: string): Promise<{ mode: "live" | "outbox" }> {
      const params = { ...repoParams(repo), run_id: idParam(runId) };
      if (options.auth === null) {
        await recordInOutbox(options, repo, runId);
        return { mode: "outbox" };
      }
      await call("rerun-failed-jobs", () => octokit.rest.actions.reRunWorkflowFailedJobs(params));
      options.logger.info({ repo, runId }, "re-ran failed jobs on GitHub");
      return { mode: "live" };
    },
  };
}

/** Without credentials GitHub would refuse the write: record what would have been sent instead. */
async function recordInOutbox(
  options: GithubCiProviderOptions,
  repo: string,
  runId: string,
): Promise<void> {
  const path = `/repos/${repo}/actions/runs/${runId}/rerun-failed-jobs`;
  await options.outbox.addOutbox({
    at: options.clock.now().toISOString(),
    destination: "github",
    operation: "rerun-failed-jobs",
    payload: { repo, runId, method: "POST", path },
    // One entry per run: in outbox mode the run is never re-run, so it cannot need a second one.
    idempotencyKey: `github:rerun-failed-jobs:${repo}:${runId}`,
  });
  options.logger.info({ repo, runId }, "no GitHub credentials: re-run recorded in the outbox");
}

/** Splits `owner/name`; anything else is our caller's bug, not GitHub's. */
function repoParams(repo: string): { owner: string; repo: string } {
  const match = /^([\w.-]+)\/([\w.-]+)$/.exec(repo);
  if (!match?.[1] || !match[2])
    throw invalidGithubInput(`repo must be "owner/name", got "${repo}"`);
  return { owner: match[1], repo: match[2] };
}

/**
 * Octokit types ids as `number`, but GitHub ids can exceed 2^53 and Octokit only interpolates
 * them into the URL, so the digit string is passed through untouched.
 */
function idParam(id: string): number {
  if (!/^\d+$/.test(id)) throw invalidGithubInput(`id must be digits, got "${id}"`);
  return id as unknown as number;
}
