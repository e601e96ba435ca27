/** Turns GitHub's job objects into the port's `FailedJob`. */
import type { FailedJob } from "../../ports.js";

/** Job conclusions that count as a failure worth classifying (`cancelled` is a human's or a concurrency group's doing). */
export const FAILED_CONCLUSIONS: ReadonlySet<string> = new Set([
  "failure",
  "timed_out",
  "startup_failure",
]);

/** The fields of a GitHub Actions job we read (ids may be `bigint` beyond 2^53). */
export interface GithubJob {
  id: number | bigint | string;
  name: string;
  conclusion?: string | null;
  html_url?: string | null;
  started_at?: string | null;
  completed_at?: string | null;
  steps?: { name: string; conclusion?: string | null }[] | null;
}

/** Maps one job, with its id as a string so it survives JSON and never loses precision. */
export function toFailedJob(job: GithubJob): FailedJob {
  return {
    jobId: String(job.id),
    name: job.name,
    conclusion: job.conclusion ?? "unknown",
    url: job.html_url ?? null,
    failedStep: failedStepName(job),
    startedAt: job.started_at ?? null,
    completedAt: job.completed_at ?? null,
  };
}

/**
 * The first step that failed. A job that timed out has no failed step: the step that was running
 * when the limit hit ends `cancelled`, so that one is named instead.
 */
export function failedStepName(job: GithubJob): string | null {
  const steps = job.steps ?? [];
  const failed = steps.find((step) => step.conclusion === "failure");
  if (failed) return failed.name;
  if (job.conclusion !== "timed_out") return null;
  return steps.find((step) => step.conclusion === "cancelled")?.name ?? null;
}
