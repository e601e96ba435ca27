import { z } from "zod";
import { InputError } from "../../domain/errors.js";

/** Linear's replay window: the signed `webhookTimestamp` must be within 60 s of now. */
export const LINEAR_TIMESTAMP_WINDOW_MS = 60_000;

const label = z.looseObject({ id: z.string(), name: z.string() });

/** The fields of an Issue webhook that triage reads (EntityWebhookPayload, integrations.md §2.5). */
const issueData = z.looseObject({
  id: z.string(),
  identifier: z.string().nullish(),
  title: z.string().nullish(),
  description: z.string().nullish(),
  url: z.string().nullish(),
  stateId: z.string().nullish(),
  state: z.looseObject({ type: z.string().nullish(), name: z.string().nullish() }).nullish(),
  assigneeId: z.string().nullish(),
  assignee: z.looseObject({ name: z.string().nullish() }).nullish(),
  labelIds: z.array(z.string()).nullish(),
  labels: z.array(label).nullish(),
  creatorId: z.string().nullish(),
});

const payload = z.looseObject({
  action: z.string(),
  type: z.string(),
  webhookTimestamp: z.number(),
  webhookId: z.string().nullish(),
  data: z.looseObject({}),
  updatedFrom: z.record(z.string(), z.unknown()).nullish(),
  actor: z.looseObject({ name: z.string().nullish(), id: z.string().nullish() }).nullish(),
});

/** One Linear Issue delivery, reduced to what triage needs (JSON-safe: it is a job payload). */
export interface LinearIssueDelivery {
  action: string;
  issue: z.output<typeof issueData>;
  /** Fields that changed, with their previous values (`stateId`, `assigneeId`, `labelIds`…). */
  updatedFrom: Record<string, unknown>;
  actor: string | null;
}

/**
 * Reads a parsed webhook body: a stale or missing `webhookTimestamp` is 401 (it may be a
 * replay), a malformed body 400, a type other than Issue is `ignored`.
 */
export function readLinearDelivery(
  body: unknown,
  now: Date,
):
  | { kind: "issue"; delivery: LinearIssueDelivery; timestamp: number }
  | { kind: "ignored"; reason: string } {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new InputError(400, "body-invalid", "the body is not a JSON object");
  }
  const stamp = (body as { webhookTimestamp?: unknown }).webhookTimestamp;
  if (typeof stamp !== "number" || !Number.isFinite(stamp)) {
    throw new InputError(401, "timestamp-missing", "webhookTimestamp (Unix ms) is missing");
  }
  if (Math.abs(now.getTime() - stamp) > LINEAR_TIMESTAMP_WINDOW_MS) {
    throw new InputError(401, "timestamp-stale", "webhookTimestamp is more than 60 s from now");
  }
  const parsed = payload.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(
      400,
      "body-invalid",
      `${issue?.path.join(".") || "body"}: ${issue?.message}`,
    );
  }
  if (parsed.data.type !== "Issue") {
    return { kind: "ignored", reason: `${parsed.data.type} events are not used` };
  }
  const issue = issueData.safeParse(parsed.data.data);
  if (!issue.success) {
    const first = issue.error.issues[0];
    throw new InputError(400, "body-invalid", `data.${first?.path.join(".")}: ${first?.message}`);
  }
  return {
    kind: "issue",
    timestamp: stamp,
    delivery: {
      action: parsed.data.action,
      issue: issue.data,
      updatedFrom: parsed.data.updatedFrom ?? {},
      actor: parsed.data.actor?.name ?? null,
    },
  };
}
