/** Small formatting helpers shared by the text and markdown reports. */

import { textTable } from "../lib/text-table.js";
import type { Rate } from "./metrics.js";

/** A titled table; `rows[0]` is the header row. */
export interface Section {
  title: string;
  note?: string;
  rows: string[][];
}

/** 0.4213 → "42.1%", null → "–". */
export function pct(value: number | null | undefined): string {
  return value === null || value === undefined ? "–" : `${(value * 100).toFixed(1)}%`;
}

/** A rate with its counts: "42.1% (80/190)". */
export function pctOf(r: Rate): string {
  return `${pct(r.rate)} (${r.hits}/${r.total})`;
}

/** 0.4213 → "0.42", null → "–". */
export function num(value: number | null | undefined, digits = 2): string {
  return value === null || value === undefined ? "–" : value.toFixed(digits);
}

/** Mean ± sd, as percentages ("pct") or fractions ("num"); a single fold has no sd. */
export function spread(value: { mean: number | null; sd: number | null }, kind: "pct" | "num") {
  const show = kind === "pct" ? pct : num;
  if (value.mean === null) return "–";
  return value.sd === null ? show(value.mean) : `${show(value.mean)} ± ${show(value.sd)}`;
}

const shortLabels: Record<string, string> = {
  test_failure: "test",
  compilation: "comp",
  content_check: "cont",
  configuration: "conf",
  dependency_install: "deps",
  network: "net",
  unknown: "unk",
  timeout: "tout",
  infrastructure: "infra",
  vcs_checkout: "vcs",
  auth_permissions: "auth",
  out_of_memory: "oom",
  rate_limit: "rate",
  cancelled: "canc",
  upstream_failure: "upstr",
  disk_full: "disk",
  flaky_test: "flaky",
  deployment: "depl",
};

/** A column-sized name for a failure type (confusion-matrix headers). */
export function shortLabel(label: string): string {
  return shortLabels[label] ?? label.slice(0, 5);
}

/** A GitHub-flavoured markdown table; `|` inside cells is escaped. */
export function markdownTable(rows: string[][]): string {
  const [header = [], ...body] = rows;
  const line = (cells: string[]) => `| ${cells.map((c) => c.replace(/\|/g, "\\|")).join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...body.map(line)].join("\n");
}

/** Sections as plain text: title, optional note, aligned table. */
export function renderText(sections: Section[]): string {
  return sections
    .map((s) => [`== ${s.title}`, ...(s.note ? [s.note] : []), textTable(s.rows)].join("\n"))
    .join("\n\n");
}

/** Sections as markdown: a level-3 heading, optional note, table. */
export function renderMarkdown(sections: Section[]): string {
  return sections
    .map((s) =>
      [`### ${s.title}`, ...(s.note ? ["", s.note] : []), "", markdownTable(s.rows)].join("\n"),
    )
    .join("\n\n");
}
