/** Slack integration: the `ChatNotifier` over the Web API, its settings and error mapping. */
export {
  createSlackClient,
  type SlackClient,
  type SlackClientOptions,
  type SlackMessageInput,
  type SlackMessageRef,
} from "./client.js";
export { type SlackConfig, slackConfigSchema } from "./config.js";
export { platformErrorType, SERVICE, scrub, slackErrorMapper, toSlackError } from "./errors.js";
export {
  createSlackNotifier,
  OUTBOX_POST,
  OUTBOX_UPDATE,
  type SlackNotifierOptions,
} from "./notifier.js";
