/**
 * Renders the text humans (and the fix agent) read from the repo's `templates/` folder, with eta.
 * Output is markdown, so nothing is HTML-escaped: callers redact and fence untrusted text.
 */
import { existsSync } from "node:fs";
import { isAbsolute, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Eta } from "eta";
import { PitcrewError } from "../domain/errors.js";

/** The templates pitcrew ships; a custom dir must provide the ones it is used for. */
export type TemplateName =
  | "codegen/fix-prompt.md"
  | "linear/issue.md"
  | "linear/recurrence.md"
  | "linear/triage.md"
  | "email/digest.html.eta"
  | "email/digest.txt.eta"
  | "slack/header.txt"
  | "slack/incident.md"
  | "slack/more.md"
  | "slack/footer.md"
  | "slack/fallback.txt";

/**
 * `templates/` of the repo. This module is two levels below the root both as
 * `src/lib/templates.ts` (tsx, vitest) and as `dist/lib/templates.js` (after build).
 */
export const defaultTemplatesDir = fileURLToPath(new URL("../../templates/", import.meta.url));

/** A template file is missing (a custom `templates.dir` without it): not retryable. */
export class TemplateNotFoundError extends PitcrewError {
  readonly path: string;
  constructor(name: string, path: string) {
    super("template-not-found", `template "${name}" not found: no file at ${path}`, false);
    this.path = path;
  }
}

/** Every template pitcrew renders (a custom dir must hold them all). */
export const templateNames: readonly TemplateName[] = [
  "codegen/fix-prompt.md",
  "linear/issue.md",
  "linear/recurrence.md",
  "linear/triage.md",
  "email/digest.html.eta",
  "email/digest.txt.eta",
  "slack/header.txt",
  "slack/incident.md",
  "slack/more.md",
  "slack/footer.md",
  "slack/fallback.txt",
];

export interface TemplateRenderer {
  /** The directory templates are read from. */
  readonly dir: string;
  render(name: TemplateName | (string & {}), data: object): string;
}

/**
 * A renderer over `dir` (default: the shipped `templates/`), so users can restyle messages by
 * pointing it at a copy. Compiled templates are cached for the renderer's lifetime.
 */
export function createTemplateRenderer(options: { dir?: string } = {}): TemplateRenderer {
  const dir = resolve(options.dir ?? defaultTemplatesDir);
  const eta = new Eta({
    views: dir,
    cache: true,
    autoEscape: false,
    // eta's default also eats the newline after `<%= x %>`, which breaks markdown lines; control
    // tags end in `-%>` instead to drop their own newline.
    autoTrim: false,
    defaultExtension: "",
  });
  return {
    dir,
    render(name, data) {
      const path = join(dir, name);
      const inside = relative(dir, path);
      if (inside.startsWith("..") || isAbsolute(inside)) {
        throw new Error(`template name "${name}" points outside the templates dir ${dir}`);
      }
      // Checked here so the error names the template and where it was looked for.
      if (!existsSync(path)) throw new TemplateNotFoundError(name, path);
      return eta.render(name, data);
    },
  };
}

let shared: TemplateRenderer | null = null;

/** Renders a shipped template (one cached renderer per process). */
export function renderTemplate(name: TemplateName, data: object): string {
  shared ??= createTemplateRenderer();
  return shared.render(name, data);
}
