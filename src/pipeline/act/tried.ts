import type { Incident } from "../../domain/types.js";

/** What pitcrew already did about the incident, one line each, for prompts and issue texts. */
export function whatWasTried(incident: Incident): string[] {
  const tried: string[] = [];
  const reruns = incident.decisions.filter((d) => d.kind === "retry").length;
  if (reruns > 0) tried.push(`re-ran the failed jobs ${reruns}× (the failure came back)`);
  for (const recovery of incident.recoveries) {
    const outcome =
      recovery.outcome === "pending"
        ? recovery.ranAt
          ? "ran; waiting for the next run"
          : "scheduled"
        : recovery.outcome === "failed"
          ? "did not help"
          : "worked";
    tried.push(`${recovery.strategy.replaceAll("_", " ")}: ${outcome}`);
  }
  const codegen = incident.codegen;
  if (codegen && codegen.attempts > 1) {
    tried.push(`${codegen.attempts - 1} earlier Codegen run(s) did not fix it`);
  }
  if (codegen?.status === "failed" && codegen.runId) {
    tried.push(`Codegen run ${codegen.runId} ended ${codegen.rawStatus ?? "failed"}`);
  }
  return tried;
}
