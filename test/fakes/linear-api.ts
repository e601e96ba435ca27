/**
 * A fake Linear GraphQL API: a real HTTP server on 127.0.0.1 (the SDK refuses other http hosts)
 * speaking the wire format of integrations.md §2.2. Requests are dispatched on the operation
 * name in the document head (`mutation createIssue(`); answers are supersets of what pitcrew and
 * the SDK select, including the nested fields SDK models dereference (`sharedAccess`, `reactions`).
 */
import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import { closeServer, FaultPlan, listenLocal, readBody, status } from "./faults.js";
import {
  authFailure,
  connection,
  defaultStateId,
  defaultStates,
  Failure,
  type FakeLinearAttachment,
  type FakeLinearComment,
  type FakeLinearIssue,
  type FakeLinearLabel,
  type FakeLinearRelation,
  type FakeLinearState,
  failure,
  filterLabels,
  invalid,
  issueNode,
  type LinearRecordedRequest,
  labelNode,
  NOW,
  notFound,
  payload,
  RATE_LIMIT_BODY,
  record,
  stateNode,
} from "./linear-wire.js";

export {
  type FakeLinearAttachment,
  type FakeLinearComment,
  type FakeLinearIssue,
  type FakeLinearLabel,
  type FakeLinearRelation,
  type FakeLinearState,
  type LinearIssueWebhookInput,
  type LinearRecordedRequest,
  linearIssueWebhook,
  RATE_LIMIT_BODY,
  signLinearWebhook,
} from "./linear-wire.js";

export interface FakeLinear {
  /** The full GraphQL endpoint, e.g. `http://127.0.0.1:PORT/graphql`. */
  url: string;
  apiKey: string;
  team: { id: string; key: string; name: string };
  states: FakeLinearState[];
  issues: FakeLinearIssue[];
  labels: FakeLinearLabel[];
  attachments: FakeLinearAttachment[];
  comments: FakeLinearComment[];
  relations: FakeLinearRelation[];
  requests: LinearRecordedRequest[];
  /** Operation names of the requests so far, in order. */
  operations(): (string | null)[];
  faults: FaultPlan;
  /** The next request answers Linear's rate-limit rejection: HTTP 400, `retry-after: 30`. */
  rateLimitNext(): void;
  /** Moves an issue (id or identifier) to the team's first state of `type`. */
  setState(issueId: string, type: string): void;
  /** The state an issue is in. */
  stateOf(issueId: string): FakeLinearState;
  close(): Promise<void>;
}

type Vars = Record<string, unknown>;
type Handler = (variables: Vars) => unknown;

/** Starts the fake on a random port of 127.0.0.1. */
export async function startFakeLinear(options: { apiKey?: string } = {}): Promise<FakeLinear> {
  const apiKey = options.apiKey ?? "lin_api_fake0123456789";
  const team = { id: "team-eng", key: "ENG", name: "Engineering" };
  const states = defaultStates(team.id);
  const issues: FakeLinearIssue[] = [];
  const labels: FakeLinearLabel[] = [];
  const attachments: FakeLinearAttachment[] = [];
  const comments: FakeLinearComment[] = [];
  const relations: FakeLinearRelation[] = [];
  const requests: LinearRecordedRequest[] = [];
  const faults = new FaultPlan({
    errorBody: (code) => ({ errors: [{ message: `Injected ${code}` }] }),
  });

  const issue = (idOrKey: unknown): FakeLinearIssue => {
    const found = issues.find((i) => i.id === idOrKey || i.identifier === idOrKey);
    if (!found) throw notFound("Issue");
    return found;
  };
  const stateOf = (id: string): FakeLinearState => {
    const found = states.find((s) => s.id === issue(id).stateId);
    if (!found) throw new Error(`issue ${id} has no state`);
    return found;
  };
  const node = (i: FakeLinearIssue) => issueNode(i, stateOf(i.id));
  const attachmentNode = (a: FakeLinearAttachment) => ({
    __typename: "Attachment",
    ...a,
    metadata: {},
    source: null,
    groupBySource: false,
    createdAt: NOW,
    updatedAt: NOW,
    creator: null,
    issue: node(issue(a.issueId)),
  });
  const attachmentsFor = (url: unknown) =>
    connection(attachments.filter((a) => a.url === url).map(attachmentNode));

  const handlers: Record<string, Handler> = {
    attachmentsForURL: (v) => ({ attachmentsForURL: attachmentsFor(v.url) }),
    issueForCreate: (v) => ({
      attachmentsForURL: attachmentsFor(v.url),
      issues: connection(issues.filter((i) => i.id === v.id).map(node)),
    }),
    issues: (v) => {
      const id = (v.filter as { id?: { eq?: string } } | undefined)?.id?.eq;
      return { issues: connection(issues.filter((i) => !id || i.id === id).map(node)) };
    },
    issue: (v) => ({ issue: node(issue(v.id)) }),
    issueLabels: (v) => ({
      issueLabels: connection(filterLabels(labels, v.filter).map(labelNode)),
    }),
    workflowStates: (v) => {
      const teamId = (v.filter as { team?: { id?: { eq?: string } } } | undefined)?.team?.id?.eq;
      const found = states.filter((s) => !teamId || s.teamId === teamId);
      return { workflowStates: connection(found.map(stateNode)) };
    },
    createIssueLabel: (v) => {
      const input = v.input as { name?: string; color?: string; teamId?: string };
      if (!input.name) throw invalid("Argument Validation Error: name is required");
      if (labels.some((l) => l.name === input.name && l.teamId === (input.teamId ?? null))) {
        throw invalid("Duplicate label name");
      }
      const label = {
        id: randomUUID(),
        name: input.name,
        color: input.color ?? "#bec2c8",
        teamId: input.teamId ?? null,
      };
      labels.push(label);
      return payload("issueLabelCreate", { issueLabel: labelNode(label) });
    },
    createIssue: (v) => {
      const created = createIssue(v.input as Vars);
      return payload("issueCreate", { issue: node(created) });
    },
    updateIssue: (v) => {
      const target = issue(v.id);
      const input = v.input as Partial<Pick<FakeLinearIssue, "stateId" | "priority" | "labelIds">>;
      if (input.stateId !== undefined) target.stateId = checkState(input.stateId).id;
      if (input.priority !== undefined) target.priority = input.priority;
      if (input.labelIds !== undefined) target.labelIds = checkLabels(input.labelIds);
      return payload("issueUpdate", { issue: node(target) });
    },
    createAttachment: (v) => {
      const input = v.input as { issueId: string; url: string; title: string; subtitle?: string };
      const target = issue(input.issueId);
      // The URL is unique: creating again updates the existing attachment (and may move it).
      let attachment = attachments.find((a) => a.url === input.url);
      if (!attachment) {
        attachment = {
          id: randomUUID(),
          issueId: target.id,
          url: input.url,
          title: "",
          subtitle: null,
        };
        attachments.push(attachment);
      }
      Object.assign(attachment, {
        issueId: target.id,
        title: input.title,
        subtitle: input.subtitle ?? null,
      });
      return payload("attachmentCreate", { attachment: attachmentNode(attachment) });
    },
    createIssueRelation: (v) => {
      const input = v.input as { issueId: string; relatedIssueId: string; type: string };
      const relation = {
        id: randomUUID(),
        issueId: issue(input.issueId).id,
        relatedIssueId: issue(input.relatedIssueId).id,
        type: input.type,
      };
      relations.push(relation);
      return payload("issueRelationCreate", {
        issueRelation: { __typename: "IssueRelation", ...relation },
      });
    },
    createComment: (v) => {
      const input = v.input as { issueId: string; body: string };
      const comment = { id: randomUUID(), issueId: issue(input.issueId).id, body: input.body };
      comments.push(comment);
      return payload("commentCreate", {
        comment: {
          __typename: "Comment",
          ...comment,
          createdAt: NOW,
          updatedAt: NOW,
          reactions: [],
        },
      });
    },
  };

  const checkState = (id: unknown): FakeLinearState => {
    const found = states.find((s) => s.id === id);
    if (!found) throw notFound("WorkflowState");
    return found;
  };
  const checkLabels = (ids: unknown): string[] => {
    const list = Array.isArray(ids) ? (ids as string[]) : [];
    for (const id of list) if (!labels.some((l) => l.id === id)) throw notFound("IssueLabel");
    return [...new Set(list)];
  };
  const createIssue = (input: Vars): FakeLinearIssue => {
    if (input.teamId !== team.id) throw notFound("Team");
    if (typeof input.title !== "string" || input.title === "") throw invalid("title is required");
    if (input.id !== undefined && issues.some((i) => i.id === input.id)) {
      throw invalid("Argument Validation Error: an issue with this id already exists");
    }
    const number = issues.length + 1;
    const created: FakeLinearIssue = {
      id: typeof input.id === "string" ? input.id : randomUUID(),
      identifier: `${team.key}-${number}`,
      number,
      title: input.title,
      description: typeof input.description === "string" ? input.description : null,
      priority: typeof input.priority === "number" ? input.priority : 0,
      teamId: team.id,
      stateId: input.stateId === undefined ? defaultStateId(states) : checkState(input.stateId).id,
      labelIds: checkLabels(input.labelIds),
      url: `https://linear.app/fake/issue/${team.key}-${number}`,
      createdAt: NOW,
    };
    issues.push(created);
    return created;
  };

  const answer = (recorded: LinearRecordedRequest): { status: number; body: unknown } => {
    if (recorded.method !== "POST" || recorded.path.split("?")[0] !== "/graphql") {
      return { status: 404, body: "Not Found" };
    }
    if (recorded.headers.authorization !== apiKey) return failure(authFailure());
    const handler = recorded.operation ? handlers[recorded.operation] : undefined;
    if (!handler) {
      return failure(
        new Failure(400, {
          message: `Unknown operation ${recorded.operation ?? "(none)"}`,
          extensions: { type: "graphql error", code: "GRAPHQL_VALIDATION_FAILED" },
        }),
      );
    }
    try {
      return { status: 200, body: { data: handler(recorded.variables) } };
    } catch (error) {
      if (error instanceof Failure) return failure(error);
      throw error;
    }
  };

  const server = createServer((req, res) => {
    readBody(req).then(
      (body) => {
        const recorded = record(req.method ?? "POST", req.url ?? "/", req.headers, body);
        const fault = faults.take(recorded);
        recorded.faulted = fault !== null;
        requests.push(recorded);
        if (fault) return faults.apply(fault, req, res);
        const reply = answer(recorded);
        const text = typeof reply.body === "string";
        res
          .writeHead(reply.status, { "content-type": text ? "text/plain" : "application/json" })
          .end(text ? reply.body : JSON.stringify(reply.body));
      },
      () => req.socket.destroy(),
    );
  });
  const base = await listenLocal(server);
  return {
    url: `${base}/graphql`,
    apiKey,
    team,
    states,
    issues,
    labels,
    attachments,
    comments,
    relations,
    requests,
    operations: () => requests.map((r) => r.operation),
    faults,
    rateLimitNext: () => {
      faults.next(status(400, { "retry-after": "30" }, RATE_LIMIT_BODY));
    },
    setState: (issueId, type) => {
      const target = issue(issueId);
      const state = states.find((s) => s.type === type);
      if (!state) throw new Error(`no state of type ${type}`);
      target.stateId = state.id;
    },
    stateOf,
    close: () => closeServer(server, faults),
  };
}
