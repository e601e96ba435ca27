/**
 * The Linear GraphQL calls pitcrew makes, typed and validated. Requests go through the SDK's own
 * transport (`LinearGraphQLClient.rawRequest`, with `LinearClient`'s header and URL rules), so
 * errors arrive as the SDK's `LinearError` classes; each call gets its own AbortSignal.
 */
import { LinearClient, type LinearDocument, LinearGraphQLClient } from "@linear/sdk";
import { z } from "zod";
import { ConfigError, IntegrationError } from "../../domain/errors.js";
import type { TrackerIssue } from "../../ports.js";
import * as doc from "./documents.js";
import { SERVICE } from "./errors.js";

/** Runs one call: through the resilience layer's destination, or directly with a timeout. */
export type LinearRunner = <T>(
  operation: string,
  fn: (signal: AbortSignal) => Promise<T>,
) => Promise<T>;

export interface LinearApiOptions {
  apiKey: string;
  apiUrl: string;
  run: LinearRunner;
}

/** A workflow state of the team. */
export interface LinearState {
  id: string;
  name: string;
  type: string;
  position: number;
}

/** A label as `issueLabels` lists it; `teamId` null for a workspace label. */
export interface LinearLabel {
  id: string;
  name: string;
  teamId: string | null;
}

const issueSchema = z.object({
  id: z.string(),
  identifier: z.string(),
  url: z.string(),
  state: z.object({ type: z.string() }).nullish(),
});
const attachmentsSchema = z.object({
  nodes: z.array(z.object({ issue: issueSchema.nullish() })),
});
const idSchema = z.object({ id: z.string() });
/** Every mutation answers `{<root>: {success, <entity>}}`. */
const payloadSchema = z.record(z.string(), z.looseObject({ success: z.boolean() }));

/** Creates the typed calls; throws `ConfigError` for an endpoint the SDK refuses. */
export function createLinearApi(options: LinearApiOptions) {
  const base = sdkOptions(options.apiKey, options.apiUrl);

  const request = <T extends z.ZodType>(
    operation: string,
    schema: T,
    query: string,
    variables: Record<string, unknown>,
  ): Promise<z.output<T>> =>
    options.run(operation, async (signal) => {
      const client = new LinearGraphQLClient(base.apiUrl, { ...base, signal });
      const response = await client.rawRequest<unknown, Record<string, unknown>>(query, variables);
      return parse(schema, response.data, operation);
    });

  /** A mutation's payload: `success: false` without an error is Linear refusing the input. */
  const mutate = async <T extends z.ZodType>(
    operation: string,
    selection: { root: string; field: string; schema: T },
    query: string,
    variables: Record<string, unknown>,
  ): Promise<z.output<T>> => {
    const data = await request(operation, payloadSchema, query, variables);
    const payload = data[selection.root];
    if (payload?.success !== true) throw refused(operation);
    return parse(selection.schema, payload[selection.field], operation);
  };

  return {
    async issueByAttachmentUrl(url: string): Promise<TrackerIssue | null> {
      const schema = z.object({ attachmentsForURL: attachmentsSchema });
      const data = await request("find-by-attachment-url", schema, doc.ATTACHMENTS_FOR_URL, {
        url,
        first: 1,
      });
      return toIssue(data.attachmentsForURL.nodes[0]?.issue);
    },

    /** `attached`: the issue already has the attachment (complete); `created`: only the issue exists. */
    async issueForCreate(
      url: string,
      id: string,
    ): Promise<{ attached: TrackerIssue | null; created: TrackerIssue | null }> {
      const schema = z.object({
        attachmentsForURL: attachmentsSchema,
        issues: z.object({ nodes: z.array(issueSchema) }),
      });
      const data = await request("find-existing-issue", schema, doc.ISSUE_FOR_CREATE, { url, id });
      return {
        attached: toIssue(data.attachmentsForURL.nodes[0]?.issue),
        created: toIssue(data.issues.nodes[0]),
      };
    },

    async labels(names: readonly string[]): Promise<LinearLabel[]> {
      const node = z.object({
        id: z.string(),
        name: z.string(),
        team: z.object({ id: z.string() }).nullish(),
      });
      const schema = z.object({ issueLabels: z.object({ nodes: z.array(node) }) });
      const data = await request("list-labels", schema, doc.ISSUE_LABELS, {
        filter: { name: { in: [...names] } },
        first: 50,
      });
      return data.issueLabels.nodes.map((l) => ({
        id: l.id,
        name: l.name,
        teamId: l.team?.id ?? null,
      }));
    },

    async createLabel(input: LinearDocument.IssueLabelCreateInput): Promise<string> {
      const label = { root: "issueLabelCreate", field: "issueLabel", schema: idSchema };
      return (await mutate("create-label", label, doc.CREATE_ISSUE_LABEL, { input })).id;
    },

    async states(teamId: string): Promise<LinearState[]> {
      const node = z.object({
        id: z.string(),
        name: z.string(),
        type: z.string(),
        position: z.number(),
      });
      const schema = z.object({ workflowStates: z.object({ nodes: z.array(node) }) });
      const data = await request("list-states", schema, doc.WORKFLOW_STATES, {
        filter: { team: { id: { eq: teamId } } },
        first: 50,
      });
      return data.workflowStates.nodes;
    },

    async createIssue(input: LinearDocument.IssueCreateInput): Promise<TrackerIssue> {
      const issue = { root: "issueCreate", field: "issue", schema: issueSchema };
      return toIssue(
        await mutate("create-issue", issue, doc.CREATE_ISSUE, { input }),
      ) as TrackerIssue;
    },

    async createAttachment(input: LinearDocument.AttachmentCreateInput): Promise<void> {
      const attachment = { root: "attachmentCreate", field: "attachment", schema: idSchema };
      await mutate("create-attachment", attachment, doc.CREATE_ATTACHMENT, { input });
    },

    async createRelation(input: LinearDocument.IssueRelationCreateInput): Promise<void> {
      const relation = { root: "issueRelationCreate", field: "issueRelation", schema: idSchema };
      await mutate("create-relation", relation, doc.CREATE_ISSUE_RELATION, { input });
    },

    async createComment(input: LinearDocument.CommentCreateInput): Promise<void> {
      const comment = { root: "commentCreate", field: "comment", schema: idSchema };
      await mutate("create-comment", comment, doc.CREATE_COMMENT, { input });
    },

    async issueLabelIds(id: string): Promise<string[]> {
      const schema = z.object({
        issue: z.object({ id: z.string(), labelIds: z.array(z.string()) }),
      });
      const data = await request("read-issue", schema, doc.ISSUE_LABEL_IDS, { id });
      return data.issue.labelIds;
    },

    async updateIssue(id: string, input: LinearDocument.IssueUpdateInput): Promise<void> {
      const issue = { root: "issueUpdate", field: "issue", schema: issueSchema };
      await mutate("update-issue", issue, doc.UPDATE_ISSUE, { id, input });
    },
  };
}

/** The typed calls `createLinearApi` returns. */
export type LinearApi = ReturnType<typeof createLinearApi>;

/** `LinearClient` checks the URL (https, or http on localhost) and builds the auth headers. */
function sdkOptions(apiKey: string, apiUrl: string): LinearClient["options"] {
  try {
    return new LinearClient({ apiKey, apiUrl }).options;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError([`LINEAR_API_URL is not usable (${apiUrl}): ${reason}`]);
  }
}

function toIssue(issue: z.output<typeof issueSchema> | null | undefined): TrackerIssue | null {
  if (!issue) return null;
  const { id, identifier, url, state } = issue;
  return { id, identifier, url, stateType: state?.type ?? null };
}

/** A 200 whose data is not what we asked for means the API changed under us: not retryable. */
function parse<T extends z.ZodType>(schema: T, data: unknown, operation: string): z.output<T> {
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new IntegrationError({
    service: SERVICE,
    operation,
    errorType: "validation",
    status: 200,
    message: `${SERVICE} ${operation} returned unexpected data at ${issue?.path.join(".") || "(root)"}: ${issue?.message ?? "invalid"}`,
  });
}

function refused(operation: string): IntegrationError {
  return new IntegrationError({
    service: SERVICE,
    operation,
    errorType: "validation",
    status: 200,
    message: `${SERVICE} ${operation} was refused (success: false)`,
  });
}
