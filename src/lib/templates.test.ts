import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  createTemplateRenderer,
  defaultTemplatesDir,
  renderTemplate,
  TemplateNotFoundError,
} from "./templates.js";

function customDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "pitcrew-templates-"));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

describe("templates", () => {
  it("finds the repo's templates/ dir from this module", () => {
    expect(defaultTemplatesDir.replace(/[\\/]$/, "")).toMatch(/[\\/]templates$/);
    expect(createTemplateRenderer().dir).toBe(defaultTemplatesDir.replace(/[\\/]$/, ""));
  });

  it("renders markdown without HTML escaping, keeping lines", () => {
    const dir = customDir({
      "linear/triage.md":
        "<% /* comment */ -%>\n# <%= it.title %>\n<% if (it.show) { -%>\nshown <b>\n<% } -%>\nend `<%= it.code %>`\n",
    });
    const text = createTemplateRenderer({ dir }).render("linear/triage.md", {
      title: "a < b & c",
      show: true,
      code: "x > y",
    });
    expect(text).toBe("# a < b & c\nshown <b>\nend `x > y`\n");
  });

  it("caches compiled templates: a changed file is not re-read", () => {
    const dir = customDir({ "codegen/fix-prompt.md": "one" });
    const renderer = createTemplateRenderer({ dir });
    expect(renderer.render("codegen/fix-prompt.md", {})).toBe("one");
    writeFileSync(join(dir, "codegen/fix-prompt.md"), "two");
    expect(renderer.render("codegen/fix-prompt.md", {})).toBe("one");
    expect(createTemplateRenderer({ dir }).render("codegen/fix-prompt.md", {})).toBe("two");
  });

  it("renders a shipped template through the shared renderer", () => {
    const text = renderTemplate("linear/recurrence.md", {
      code: (v: string) => `\`${v}\``,
      newFailures: 2,
      failureWord: "failures",
      since: "then",
      count: 5,
      lastSeen: "now",
      latestRunUrl: null,
      evidenceBlock: "```\nL1: boom\n```",
      dashboardUrl: null,
      reopened: false,
    });
    expect(text).toContain("**2 more failures since then**");
  });

  it("names the missing template and where it was looked for", () => {
    const dir = customDir({});
    const renderer = createTemplateRenderer({ dir });
    expect(() => renderer.render("linear/issue.md", {})).toThrow(TemplateNotFoundError);
    expect(() => renderer.render("linear/issue.md", {})).toThrow(join(dir, "linear", "issue.md"));
    expect(() => renderer.render("../../etc/passwd", {})).toThrow(/outside the templates dir/);
  });

  it("ships every template the renderers use", () => {
    for (const name of [
      "codegen/fix-prompt.md",
      "linear/issue.md",
      "linear/recurrence.md",
      "linear/triage.md",
    ] as const) {
      expect(existsSync(join(defaultTemplatesDir, name)), name).toBe(true);
    }
  });
});
