import type { JobHandler } from "../../jobs/worker.js";
import type { PipelineDeps } from "../deps.js";
import { runEmailSend } from "./email-send.js";
import { runFlush } from "./flush-group.js";
import { notifyJobs } from "./jobs.js";
import { runSlackDrain } from "./slack-drain.js";
import { runDigestWebhook } from "./webhook-send.js";

/** The job handlers of the notify stage, by job kind. */
export function notifyHandlers(deps: PipelineDeps): Record<string, JobHandler> {
  return {
    [notifyJobs.flush.kind]: (payload) => runFlush(deps, String(payload.groupId)),
    [notifyJobs.slackDrain.kind]: (payload) => runSlackDrain(deps, String(payload.channel)),
    [notifyJobs.emailSend.kind]: (payload) => runEmailSend(deps, String(payload.to)),
    [notifyJobs.webhook.kind]: (payload) => runDigestWebhook(deps, payload),
  };
}
