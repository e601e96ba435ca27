/**
 * The tracker without credentials (no LINEAR_API_KEY or LINEAR_TEAM_ID): every write is recorded
 * in the outbox with what would have been sent, nothing reaches Linear, and no issue is found.
 */
import { createHash } from "node:crypto";
import { outboxRecorder } from "../../outbound/outbox-recorder.js";
import type { Clock, IssueTracker, Logger, Store } from "../../ports.js";
import { SERVICE } from "./errors.js";

export interface OutboxTrackerOptions {
  teamId: string | null;
  clock: Clock;
  logger: Logger;
  outbox: Pick<Store, "addOutbox">;
}

export function createOutboxIssueTracker(options: OutboxTrackerOptions): IssueTracker {
  const recordEntry = outboxRecorder(options, SERVICE, "no Linear credentials");
  const record = async (
    operation: string,
    payload: Record<string, unknown>,
    idempotencyKey: string,
  ): Promise<{ mode: "outbox" }> => {
    await recordEntry(operation, payload, idempotencyKey);
    return { mode: "outbox" };
  };

  return {
    findByAttachmentUrl: async () => null,
    createIssue: async ({ idempotencyKey, ...input }) => {
      const payload = { teamId: options.teamId, ...input, labels: [...input.labels] };
      await record("create-issue", payload, idempotencyKey);
      return { mode: "outbox", issue: null };
    },
    addComment: (issueId, body, idempotencyKey) =>
      record("add-comment", { issueId, body }, idempotencyKey),
    reopen: (issueId, comment, idempotencyKey) =>
      record("reopen", { issueId, comment }, idempotencyKey),
    updateIssue: (issueId, input) => {
      const payload = { issueId, ...input, addLabels: [...(input.addLabels ?? [])] };
      // The port gives no key here: the same change to the same issue is the same entry.
      return record("update-issue", payload, `${SERVICE}:update-issue:${digest(payload)}`);
    },
  };
}

function digest(value: unknown): string {
  return createHash("sha256").update(JSON.stringify(value)).digest("hex").slice(0, 16);
}
