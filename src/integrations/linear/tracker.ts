/** Linear behind the `IssueTracker` port: live with credentials, the outbox without them. */
import { createHash } from "node:crypto";
import { IssueRelationType } from "@linear/sdk";
import type { Outbound } from "../../outbound/outbound.js";
import type { Clock, IssueTracker, Logger, Store, TrackerIssue } from "../../ports.js";
import { createLinearApi, type LinearApi, type LinearRunner } from "./client.js";
import type { LinearConfig } from "./config.js";
import { linearErrorMapper, SERVICE } from "./errors.js";
import { createLookups, type LinearLookups } from "./lookups.js";
import { createOutboxIssueTracker } from "./outbox.js";

export interface LinearIssueTrackerOptions {
  /** `LINEAR_API_KEY`; null (or the team id null): outbox mode. */
  apiKey: string | null;
  /** `LINEAR_TEAM_ID`: the team issues are created in. */
  teamId: string | null;
  config: LinearConfig;
  clock: Clock;
  logger: Logger;
  outbox: Pick<Store, "addOutbox">;
  /** The resilience layer: Linear registers as its `linear` destination. Absent: direct calls. */
  outbound?: Outbound;
}

/** Creates the tracker; every failure of a live call is thrown as an `IntegrationError`. */
export function createLinearIssueTracker(options: LinearIssueTrackerOptions): IssueTracker {
  const { apiKey, teamId } = options;
  if (!apiKey || !teamId) return createOutboxIssueTracker(options);
  const api = createLinearApi({
    apiKey,
    apiUrl: options.config.apiUrl,
    run: runner(apiKey, options),
  });
  return liveTracker(api, createLookups(api, teamId, options.config), teamId, options.logger);
}

/** Through the `linear` destination's policies when there is one; else directly, with a timeout. */
function runner(apiKey: string, options: LinearIssueTrackerOptions): LinearRunner {
  const mapError = linearErrorMapper(apiKey, options.clock);
  const destination = options.outbound?.register(SERVICE, {
    mapError,
    timeoutMs: options.config.timeout,
  });
  return async (operation, fn) => {
    if (destination) return destination.call(operation, fn);
    try {
      return await fn(AbortSignal.timeout(options.config.timeout));
    } catch (error) {
      throw mapError(error, operation);
    }
  };
}

function liveTracker(
  api: LinearApi,
  lookups: LinearLookups,
  teamId: string,
  logger: Logger,
): IssueTracker {
  return {
    findByAttachmentUrl: (url) => api.issueByAttachmentUrl(url),

    async createIssue(input) {
      // A client-chosen id makes the create repeatable: a retried job finds the issue an earlier
      // attempt created, even when that attempt failed before the attachment was added.
      const id = idempotentUuid(input.idempotencyKey);
      const existing = await api.issueForCreate(input.attachment.url, id);
      if (existing.attached) return { mode: "live", issue: existing.attached };
      const issue = existing.created ?? (await create(api, lookups, teamId, id, input));
      if (input.relatedIssueId) {
        const type = IssueRelationType.Related;
        await api.createRelation({ issueId: issue.id, relatedIssueId: input.relatedIssueId, type });
      }
      // Last, because the attachment marks the create as complete (see above).
      const { url, title, subtitle } = input.attachment;
      await api.createAttachment({
        issueId: issue.id,
        url,
        title,
        ...(subtitle ? { subtitle } : {}),
      });
      logger.info({ issue: issue.identifier, url }, "created Linear issue");
      return { mode: "live", issue };
    },

    async addComment(issueId, body) {
      await api.createComment({ issueId, body });
      return { mode: "live" };
    },

    async reopen(issueId, comment) {
      await api.updateIssue(issueId, { stateId: await lookups.stateId("reopen") });
      await api.createComment({ issueId, body: comment });
      logger.info({ issueId }, "reopened Linear issue");
      return { mode: "live" };
    },

    async updateIssue(issueId, input) {
      const labelIds = input.addLabels?.length
        ? await unionLabels(api, lookups, issueId, input.addLabels)
        : undefined;
      const change = {
        ...(input.priority === undefined ? {} : { priority: input.priority }),
        ...(labelIds ? { labelIds } : {}),
      };
      if (Object.keys(change).length > 0) await api.updateIssue(issueId, change);
      return { mode: "live" };
    },
  };
}

async function create(
  api: LinearApi,
  lookups: LinearLookups,
  teamId: string,
  id: string,
  input: Parameters<IssueTracker["createIssue"]>[0],
): Promise<TrackerIssue> {
  const labelIds = await lookups.labelIds(input.labels);
  const stateId = await lookups.stateId("triage");
  const { title, description, priority } = input;
  return api.createIssue({ id, teamId, title, description, priority, labelIds, stateId });
}

/** `labelIds` replaces the issue's labels, so the current ones are read and kept. */
async function unionLabels(
  api: LinearApi,
  lookups: LinearLookups,
  issueId: string,
  names: readonly string[],
): Promise<string[]> {
  const current = await api.issueLabelIds(issueId);
  return [...new Set([...current, ...(await lookups.labelIds(names))])];
}

/** A UUID v4-shaped id derived from the key (Linear accepts client-chosen v4 UUIDs as issue ids). */
export function idempotentUuid(key: string): string {
  const hex = createHash("sha256").update(`pitcrew:linear:${key}`).digest("hex");
  const variant = ((Number.parseInt(hex[16] as string, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
