/** Linear integration: the `IssueTracker` adapter, its settings, GraphQL calls and error mapping. */
export {
  createLinearApi,
  type LinearApi,
  type LinearApiOptions,
  type LinearLabel,
  type LinearRunner,
  type LinearState,
} from "./client.js";
export { type LinearConfig, linearConfigSchema } from "./config.js";
export {
  type LinearErrorContext,
  linearErrorMapper,
  rateLimitRetryAt,
  scrub,
  toLinearError,
} from "./errors.js";
export { createLookups, type LinearLookups, pickState } from "./lookups.js";
export { createOutboxIssueTracker, type OutboxTrackerOptions } from "./outbox.js";
export {
  createLinearIssueTracker,
  idempotentUuid,
  type LinearIssueTrackerOptions,
} from "./tracker.js";
