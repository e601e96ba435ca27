import { PitcrewError } from "../../domain/errors.js";
import type { FailureEvent } from "../../domain/types.js";
import { redactSecrets } from "../classify/redact.js";
import type { JobContext, JobMeta, PipelineDeps } from "../deps.js";

/** One failed job of a run with its log, ready to classify. */
export interface JobFailure {
  job: string;
  jobUrl: string | null;
  log: string;
  logRef: string | null;
  meta: JobMeta;
  /** Why the log is missing, when it is. */
  logProblem: string | null;
}

/**
 * Gathers the failed jobs of an event and their logs. A retryable fetch error is thrown so
 * the job queue retries it; on the last attempt (or a permanent error) the failure is
 * classified without its log rather than lost.
 */
export async function collectFailures(
  deps: PipelineDeps,
  event: FailureEvent,
  ctx: JobContext,
): Promise<JobFailure[]> {
  const base: JobMeta = {
    conclusion: event.conclusion,
    provider: event.source,
    branch: event.branch,
    environment: event.environment,
    exitCode: event.exitCode,
  };
  if (event.provider === "ci") {
    const { log, problem } = await fetchOrGiveUp(ctx, () => genericLog(deps, event));
    const logRef =
      event.logRef ?? (log ? await deps.store.saveLog(event.id, "job", redactSecrets(log)) : null);
    return [
      { job: event.job ?? "job", jobUrl: event.url, log, logRef, meta: base, logProblem: problem },
    ];
  }
  const listed = await giveUpOnLast(ctx, () => deps.github.listFailedJobs(event.repo, event.runId));
  if (!listed.ok || listed.value.length === 0) {
    // startup_failure and friends have no jobs, and a run whose jobs cannot be listed is still a
    // failure to record: the run itself stands in for its jobs.
    const logProblem = listed.ok ? "no failed jobs listed" : listed.problem;
    return [{ job: "(run)", jobUrl: event.url, log: "", logRef: null, meta: base, logProblem }];
  }
  const jobs = listed.value;
  const failures: JobFailure[] = [];
  for (const job of jobs) {
    const { log, problem } = await fetchOrGiveUp(ctx, () =>
      deps.github.fetchJobLog(event.repo, job.jobId),
    );
    const logRef = log
      ? await deps.store.saveLog(event.id, `job-${job.jobId}`, redactSecrets(log))
      : null;
    const conclusion = job.conclusion === "timed_out" ? "timed_out" : event.conclusion;
    const meta = { ...base, conclusion, step: job.failedStep } as JobMeta;
    failures.push({ job: job.name, jobUrl: job.url, log, logRef, meta, logProblem: problem });
  }
  return failures;
}

async function genericLog(deps: PipelineDeps, event: FailureEvent): Promise<string> {
  if (event.logRef) return (await deps.store.readLog(event.logRef)) ?? "";
  if (event.logUrl) return deps.logFetcher.fetchLog(event.logUrl);
  return "";
}

type Attempted<T> = { ok: true; value: T } | { ok: false; problem: string };

/** Runs a fetch; a retryable error is rethrown unless this is the job's last attempt. */
async function giveUpOnLast<T>(ctx: JobContext, fetch: () => Promise<T>): Promise<Attempted<T>> {
  try {
    return { ok: true, value: await fetch() };
  } catch (error) {
    const retryable = error instanceof PitcrewError ? error.retryable : true;
    if (retryable && !ctx.isLastAttempt) throw error;
    return { ok: false, problem: `unavailable: ${(error as Error).message}` };
  }
}

async function fetchOrGiveUp(
  ctx: JobContext,
  fetchLog: () => Promise<string>,
): Promise<{ log: string; problem: string | null }> {
  const result = await giveUpOnLast(ctx, fetchLog);
  return result.ok
    ? { log: result.value, problem: null }
    : { log: "", problem: `log ${result.problem}` };
}
