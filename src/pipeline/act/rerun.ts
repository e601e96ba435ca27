import type { JobContext, PipelineDeps } from "../deps.js";
import { runAction } from "./run-action.js";

/**
 * Carries out a scheduled re-run through the CI provider (or its outbox). A re-run whose
 * incidents all resolved while it waited is skipped: re-running the old run would only add noise.
 */
export async function runRerun(
  deps: PipelineDeps,
  actionId: string,
  ctx: JobContext,
): Promise<void> {
  await runAction(
    deps,
    actionId,
    ctx,
    async (action) => {
      const { mode } = await deps.github.rerunFailedJobs(action.repo, action.runId ?? "");
      return {
        mode,
        summary:
          mode === "outbox"
            ? "re-run recorded in the outbox (no GitHub credentials)"
            : `re-ran failed jobs of run ${action.runId}`,
        result: { runId: action.runId },
      };
    },
    { rule: "act.rerun" },
  );
}
