/** Codegen integration: the agent-run client, its settings, polling backoff and error mapping. */
export {
  type CodegenClient,
  type CodegenClientOptions,
  type CodegenOutcome,
  type CodegenPullRequest,
  type CodegenRun,
  createCodegenClient,
  isTerminal,
  outcomeOf,
} from "./client.js";
export { type CodegenConfig, codegenConfigSchema } from "./config.js";
export {
  CodegenPlanLimitError,
  codegenErrorMapper,
  codegenHttpError,
  scrub,
  toCodegenError,
} from "./errors.js";
export {
  type CodegenFixPrServiceOptions,
  CodegenNotConfiguredError,
  createCodegenFixPrService,
  OUTBOX_OPERATION,
  toFixRun,
} from "./fix-pr-service.js";
export { MIN_POLL_MS, pollDelayMs } from "./poll.js";
