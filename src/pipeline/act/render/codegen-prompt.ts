/** The prompt of a Codegen fix run: everything an agent needs to fix the failure with one PR. */
import type { Incident } from "../../../domain/types.js";
import { renderTemplate, type TemplateRenderer } from "../../../lib/templates.js";
import { incidentUrl } from "../job-kinds.js";
import { finalText, incidentFacts } from "./facts.js";
import { code } from "./format.js";
import { type TriedStep, triedFromIncident, triedLines } from "./tried.js";

export interface CodegenPromptInput {
  incident: Incident;
  /** The failing job's URL (default: the incident's latest run URL). */
  runUrl?: string | null;
  /** The job log (only a redacted excerpt is used). */
  logText: string | null;
  /** What pitcrew already tried, as steps or ready lines (default: what the incident remembers). */
  tried?: readonly (TriedStep | string)[];
  /** The incident's page in pitcrew, for the link back to it... */
  dashboardUrl?: string;
  /** ...or pitcrew's base URL to build that link from. */
  publicUrl?: string;
}

/** Renders `templates/codegen/fix-prompt.md`; the log in it is redacted. */
export function codegenPrompt(input: CodegenPromptInput, renderer?: TemplateRenderer): string {
  const { incident } = input;
  const facts = incidentFacts(incident, input.logText);
  const data = {
    ...facts,
    runUrl: input.runUrl ?? facts.runUrl,
    branchCode: code(incident.branch),
    // A branch is needed to target the PR; without one the agent must use the default branch.
    target: incident.branch ? code(incident.branch) : "the repository's default branch",
    tried: triedLines(input.tried ?? triedFromIncident(incident)),
    incidentUrl: input.dashboardUrl ?? incidentUrl(input.publicUrl ?? "", incident.id),
  };
  const name = "codegen/fix-prompt.md";
  return finalText(renderer ? renderer.render(name, data) : renderTemplate(name, data));
}
