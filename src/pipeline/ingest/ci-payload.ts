import { z } from "zod";
import { InputError } from "../../domain/errors.js";
import type { FailureEvent } from "../../domain/types.js";

/** The generic CI payload of `POST /webhooks/ci` (DESIGN §7.1; README "Generic CI webhook"). */
export const ciPayload = z
  .looseObject({
    source: z.string().min(1),
    repo: z.string().min(1),
    workflow: z.string().min(1).nullish(),
    job: z.string().min(1),
    branch: z.string().nullish(),
    sha: z.string().nullish(),
    runId: z.union([z.string().min(1), z.number()]).transform((value) => String(value)),
    attempt: z.number().int().positive().nullish(),
    url: z.string().nullish(),
    status: z.enum(["failure", "success", "cancelled", "timed_out"]),
    exitCode: z.number().int().nullish(),
    environment: z.string().nullish(),
    startedAt: z.string().nullish(),
    finishedAt: z.string().nullish(),
    log: z.string().nullish(),
    logUrl: z.url({ protocol: /^https?$/ }).nullish(),
    deliveryId: z.string().min(1).nullish(),
  })
  .describe("Generic CI webhook payload");

/** A generic delivery read into an event, the log text it carried, and its delivery id. */
export interface CiReading {
  kind: "event" | "ignored";
  event: FailureEvent;
  log: string | null;
  reason?: string;
}

/** Normalises a generic CI payload; throws `InputError` (400) naming every missing/bad field. */
export function readCiDelivery(input: {
  payload: unknown;
  deliveryId: string | null;
  receivedAt: Date;
  newEventId: () => string;
}): CiReading {
  const parsed = ciPayload.safeParse(input.payload);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`);
    throw new InputError(400, "payload-invalid", `invalid CI payload: ${problems.join("; ")}`);
  }
  const p = parsed.data;
  const attempt = p.attempt ?? 1;
  const event: FailureEvent = {
    id: input.newEventId(),
    provider: "ci",
    source: p.source,
    deliveryId:
      input.deliveryId ??
      p.deliveryId ??
      `${p.source}:${p.repo}:${p.runId}:${p.job}:${attempt}:${p.status}`,
    repo: p.repo,
    workflow: p.workflow ?? "ci",
    job: p.job,
    branch: p.branch ?? null,
    sha: p.sha ?? null,
    runId: p.runId,
    attempt,
    url: p.url ?? null,
    conclusion: p.status,
    exitCode: p.exitCode ?? null,
    environment: p.environment ?? null,
    startedAt: p.startedAt ?? null,
    finishedAt: p.finishedAt ?? null,
    receivedAt: input.receivedAt.toISOString(),
    logRef: null,
    logUrl: p.logUrl ?? null,
  };
  if (p.status === "cancelled") {
    return { kind: "ignored", event, log: null, reason: "cancelled runs are not failures" };
  }
  return { kind: "event", event, log: p.log ?? null };
}
