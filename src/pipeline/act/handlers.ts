import type { JobHandler } from "../../jobs/worker.js";
import type { PipelineDeps } from "../deps.js";
import { linearTriageJobKind, runLinearTriage } from "../triage/apply-triage.js";
import { runCodegenPoll, runCodegenStart } from "./codegen.js";
import { escalationJobs } from "./job-kinds.js";
import { runLinearComment, runLinearIssue, runLinearLink } from "./linear.js";
import { runPage } from "./page.js";
import { runRecovery } from "./recover.js";

/** The job handlers of the escalation ladder and of Linear triage, by job kind. */
export function escalationHandlers(deps: PipelineDeps): Record<string, JobHandler> {
  const byAction =
    (
      run: (deps: PipelineDeps, actionId: string, ctx: Parameters<JobHandler>[1]) => Promise<void>,
    ) =>
    (payload: Record<string, unknown>, ctx: Parameters<JobHandler>[1]) =>
      run(deps, String(payload.actionId), ctx);
  return {
    [escalationJobs.recover.kind]: byAction(runRecovery),
    [escalationJobs.runbook.kind]: byAction(runRecovery),
    [escalationJobs.codegenStart.kind]: byAction(runCodegenStart),
    [escalationJobs.codegenPoll.kind]: (payload, ctx) => runCodegenPoll(deps, payload, ctx),
    [escalationJobs.linearIssue.kind]: byAction(runLinearIssue),
    [escalationJobs.linearComment.kind]: byAction(runLinearComment),
    [escalationJobs.linearLink.kind]: byAction(runLinearLink),
    [escalationJobs.page.kind]: byAction(runPage),
    [linearTriageJobKind]: (payload) => runLinearTriage(deps, payload),
  };
}
