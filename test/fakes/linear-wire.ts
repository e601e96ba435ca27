/**
 * Linear's wire shapes for the fake Linear API (`linear-api.ts`): the entities it keeps, the
 * nodes it answers with (with the nested fields SDK models dereference), GraphQL error answers,
 * and the webhook helpers tests sign deliveries with (integrations.md §2.2, §2.5).
 */
import { createHmac } from "node:crypto";
import type { RecordedRequest } from "./faults.js";

export interface FakeLinearState {
  id: string;
  name: string;
  type: string;
  position: number;
  teamId: string;
}
export interface FakeLinearIssue {
  id: string;
  identifier: string;
  number: number;
  title: string;
  description: string | null;
  priority: number;
  teamId: string;
  stateId: string;
  labelIds: string[];
  url: string;
  createdAt: string;
}
export interface FakeLinearLabel {
  id: string;
  name: string;
  color: string;
  teamId: string | null;
}
export interface FakeLinearAttachment {
  id: string;
  issueId: string;
  url: string;
  title: string;
  subtitle: string | null;
}
export interface FakeLinearComment {
  id: string;
  issueId: string;
  body: string;
}
export interface FakeLinearRelation {
  id: string;
  issueId: string;
  relatedIssueId: string;
  type: string;
}
/** A request with its GraphQL operation name (null when the body was not a document). */
export interface LinearRecordedRequest extends RecordedRequest {
  operation: string | null;
  variables: Record<string, unknown>;
}

export const RATE_LIMIT_BODY = {
  errors: [
    {
      message: "Rate limit exceeded",
      extensions: { type: "ratelimited", code: "RATELIMITED", statusCode: 429 },
    },
  ],
};

/** A GraphQL error answer; handlers throw it. */
export class Failure extends Error {
  constructor(
    readonly status: number,
    readonly error: { message: string; extensions: Record<string, unknown> },
  ) {
    super(error.message);
  }
}

export const invalid = (message: string) =>
  new Failure(400, {
    message,
    extensions: { type: "invalid input", code: "INPUT_ERROR", userError: true },
  });
export const notFound = (entity: string) => invalid(`Entity not found: ${entity}`);

export const NOW = "2026-11-23T10:00:00.000Z";

export function defaultStates(teamId: string): FakeLinearState[] {
  const types: [string, string][] = [
    ["Triage", "triage"],
    ["Backlog", "backlog"],
    ["Todo", "unstarted"],
    ["In Progress", "started"],
    ["Done", "completed"],
    ["Canceled", "canceled"],
  ];
  return types.map(([name, type], position) => ({
    id: `state-${type}`,
    name,
    type,
    position,
    teamId,
  }));
}

/** Linear puts an issue created without a state in the team's default (backlog) state. */
export function defaultStateId(states: FakeLinearState[]): string {
  return (states.find((s) => s.type === "backlog") ?? (states[0] as FakeLinearState)).id;
}

export function issueNode(issue: FakeLinearIssue, state: FakeLinearState) {
  return {
    __typename: "Issue",
    ...issue,
    priorityLabel: ["No priority", "Urgent", "High", "Medium", "Low"][issue.priority] ?? "",
    updatedAt: NOW,
    state: { __typename: "WorkflowState", id: state.id, name: state.name, type: state.type },
    team: { __typename: "Team", id: issue.teamId },
    sharedAccess: {
      isShared: false,
      sharedWithCount: 0,
      viewerHasOnlySharedAccess: false,
      disallowedIssueFields: [],
      sharedWithUsers: [],
    },
    reactions: [],
  };
}

export function labelNode(label: FakeLinearLabel) {
  const { teamId, ...rest } = label;
  return {
    __typename: "IssueLabel",
    ...rest,
    isGroup: false,
    createdAt: NOW,
    updatedAt: NOW,
    team: teamId ? { id: teamId } : null,
  };
}

export function stateNode(state: FakeLinearState) {
  const { teamId, ...rest } = state;
  return {
    __typename: "WorkflowState",
    ...rest,
    color: "#bec2c8",
    createdAt: NOW,
    updatedAt: NOW,
    team: { id: teamId },
  };
}

/** Supports the comparators pitcrew sends: `name: {eq | in | eqIgnoreCase}`. */
export function filterLabels(labels: FakeLinearLabel[], filter: unknown): FakeLinearLabel[] {
  const name = (
    filter as { name?: { eq?: string; in?: string[]; eqIgnoreCase?: string } } | undefined
  )?.name;
  if (!name) return labels;
  return labels.filter(
    (l) =>
      (name.eq === undefined || l.name === name.eq) &&
      (name.in === undefined || name.in.includes(l.name)) &&
      (name.eqIgnoreCase === undefined || l.name.toLowerCase() === name.eqIgnoreCase.toLowerCase()),
  );
}

export function connection<T>(nodes: T[]) {
  return {
    nodes,
    pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
  };
}

export function payload(root: string, entity: Record<string, unknown>) {
  return { [root]: { __typename: `${root}Payload`, success: true, lastSyncId: 1, ...entity } };
}

export function authFailure(): Failure {
  return new Failure(401, {
    message: "Authentication required, not authenticated",
    extensions: {
      type: "authentication error",
      code: "AUTHENTICATION_ERROR",
      statusCode: 401,
      userPresentableMessage: "You need to authenticate to access this operation.",
    },
  });
}

export function failure(error: Failure): { status: number; body: unknown } {
  return { status: error.status, body: { errors: [error.error] } };
}

export function record(
  method: string,
  path: string,
  headers: RecordedRequest["headers"],
  body: string,
): LinearRecordedRequest {
  let json: unknown;
  try {
    json = body === "" ? undefined : JSON.parse(body);
  } catch {
    json = undefined;
  }
  const { query, variables } = (json ?? {}) as { query?: unknown; variables?: unknown };
  const head = typeof query === "string" ? /^\s*(?:query|mutation)\s+(\w+)/.exec(query) : null;
  return {
    method,
    path,
    headers,
    body,
    json,
    faulted: false,
    operation: head?.[1] ?? null,
    variables: (variables ?? {}) as Record<string, unknown>,
  };
}

/** `linear-signature`: hex HMAC-SHA256 of the raw body with the webhook's signing secret. */
export function signLinearWebhook(secret: string, body: string): string {
  return createHmac("sha256", secret).update(body).digest("hex");
}

/** What `linearIssueWebhook` fills in; everything has a default. */
export interface LinearIssueWebhookInput {
  action?: "create" | "update" | "remove";
  issue?: Partial<FakeLinearIssue>;
  state?: { id: string; name: string; type: string };
  labels?: { id: string; name: string }[];
  assignee?: { id: string; name: string; email?: string } | null;
  creatorId?: string;
  /** Previous values of the changed fields (e.g. `{ stateId }`), for `update`. */
  updatedFrom?: Record<string, unknown>;
  /** Unix ms; the SDK rejects deliveries more than 60 s away from now. */
  webhookTimestamp?: number;
}

/** An `EntityWebhookPayload` of type `Issue` (integrations.md §2.5), as Linear POSTs it. */
export function linearIssueWebhook(input: LinearIssueWebhookInput = {}) {
  const issue = { id: "issue-1", identifier: "ENG-1", title: "CI failure", ...input.issue };
  const state = input.state ?? { id: "state-triage", name: "Triage", type: "triage" };
  const labels = input.labels ?? [];
  const url = issue.url ?? `https://linear.app/fake/issue/${issue.identifier}`;
  const timestamp = input.webhookTimestamp ?? Date.now();
  return {
    action: input.action ?? "update",
    type: "Issue",
    createdAt: new Date(timestamp).toISOString(),
    organizationId: "org-fake",
    webhookId: "webhook-fake",
    webhookTimestamp: timestamp,
    url,
    ...(input.updatedFrom ? { updatedFrom: input.updatedFrom } : {}),
    data: {
      id: issue.id,
      identifier: issue.identifier,
      title: issue.title,
      description: issue.description ?? null,
      priority: issue.priority ?? 0,
      stateId: state.id,
      state,
      teamId: issue.teamId ?? "team-eng",
      labelIds: labels.map((l) => l.id),
      labels,
      assigneeId: input.assignee?.id ?? null,
      ...(input.assignee ? { assignee: input.assignee } : {}),
      creatorId: input.creatorId ?? "user-pitcrew",
      url,
    },
  };
}
