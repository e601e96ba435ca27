import { z } from "zod";
import { InputError } from "../../domain/errors.js";
import type { Conclusion, FailureEvent } from "../../domain/types.js";

/** The fields of a `workflow_run` delivery we read (integrations.md §4.2); the rest is ignored. */
const id = z.union([z.number(), z.string(), z.bigint()]).transform((value) => String(value));
const workflowRunPayload = z.looseObject({
  action: z.string(),
  workflow_run: z.looseObject({
    id,
    name: z.string().nullish(),
    path: z.string().nullish(),
    conclusion: z.string().nullable(),
    run_attempt: z.number().int().positive().nullish(),
    head_branch: z.string().nullish(),
    head_sha: z.string().nullish(),
    html_url: z.string().nullish(),
    run_started_at: z.string().nullish(),
    updated_at: z.string().nullish(),
  }),
  workflow: z.looseObject({ name: z.string().nullish() }).nullish(),
  repository: z.looseObject({ full_name: z.string().min(1) }),
});

const handledConclusions: Record<string, Conclusion> = {
  failure: "failure",
  timed_out: "timed_out",
  startup_failure: "startup_failure",
  success: "success",
};

/** Outcome of reading a GitHub delivery: an event to process, or why it is ignored. */
export type GithubReading =
  | { kind: "event"; event: FailureEvent }
  | { kind: "ignored"; reason: string };

/** Normalises a GitHub delivery into a `FailureEvent`; throws `InputError` (400) on a bad shape. */
export function readGithubDelivery(input: {
  eventName: string;
  deliveryId: string;
  payload: unknown;
  receivedAt: Date;
  newEventId: () => string;
}): GithubReading {
  if (input.eventName !== "workflow_run") {
    return { kind: "ignored", reason: `event ${input.eventName} is not handled` };
  }
  const parsed = workflowRunPayload.safeParse(input.payload);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first ? first.path.join(".") : "payload";
    throw new InputError(
      400,
      "payload-invalid",
      `workflow_run payload: ${where}: ${first?.message}`,
    );
  }
  const { action, workflow_run: run, repository, workflow } = parsed.data;
  if (action !== "completed") return { kind: "ignored", reason: `workflow_run ${action}` };
  const conclusion = handledConclusions[run.conclusion ?? ""];
  if (!conclusion)
    return { kind: "ignored", reason: `conclusion ${run.conclusion} is not handled` };
  const event: FailureEvent = {
    id: input.newEventId(),
    provider: "github",
    source: "github",
    deliveryId: input.deliveryId,
    repo: repository.full_name,
    workflow: run.name || workflow?.name || run.path || "workflow",
    job: null,
    branch: run.head_branch ?? null,
    sha: run.head_sha ?? null,
    runId: run.id,
    attempt: run.run_attempt ?? 1,
    url: run.html_url ?? null,
    conclusion,
    exitCode: null,
    environment: null,
    startedAt: run.run_started_at ?? null,
    finishedAt: run.updated_at ?? null,
    receivedAt: input.receivedAt.toISOString(),
    logRef: null,
    logUrl: null,
  };
  return { kind: "event", event };
}
