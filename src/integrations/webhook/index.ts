/** Outgoing webhooks: the `RunbookCaller` adapter (signed JSON POSTs to operator-configured URLs). */
export {
  createRunbookCaller,
  mapRunbookError,
  RUNBOOK_SERVICE,
  type RunbookCallerOptions,
  runbookHeaders,
} from "./runbook.js";
