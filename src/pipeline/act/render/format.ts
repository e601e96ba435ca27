/** Small markdown helpers shared by the renderers: untrusted text must not break the layout. */
import type { Incident } from "../../../domain/types.js";
import { redactSecrets } from "../../classify/redact.js";

/** `2026-11-23T12:00:05.123Z` → `2026-11-23 12:00 UTC`; people read these, seconds are noise. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return "unknown";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** Text cut to `max` characters with an ellipsis, whitespace runs collapsed (titles, one-liners). */
export function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= max ? flat : `${flat.slice(0, Math.max(0, max - 1)).trimEnd()}…`;
}

/**
 * A fenced code block whose fence is longer than any backtick run inside, so a log line with
 * ``` cannot close it early and turn the rest of the log into markdown.
 */
export function fence(text: string, lang = ""): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = "`".repeat(Math.max(3, longest + 1));
  return `${ticks}${lang}\n${text.replace(/\n+$/, "")}\n${ticks}`;
}

/** Inline code that survives backticks in the value (job names, branches come from CI payloads). */
export function code(value: string | null | undefined): string {
  if (value === null || value === undefined || value === "") return "—";
  const flat = value.replace(/\s+/g, " ");
  const longest = Math.max(0, ...[...flat.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = "`".repeat(longest + 1);
  const pad = flat.startsWith("`") || flat.endsWith("`") ? " " : "";
  return `${ticks}${pad}${flat}${pad}${ticks}`;
}

/** A markdown table cell: one line, pipes escaped. */
export function cell(value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === "") return "—";
  return String(value).replace(/\s+/g, " ").replaceAll("|", "\\|");
}

/** `0.873` → `87%`. */
export function percent(confidence: number): string {
  return `${Math.round(confidence * 100)}%`;
}

/** Longest evidence line shown; a minified bundle on one line would drown the message. */
const MAX_EVIDENCE_CHARS = 500;

/** The incident's evidence, redacted and trimmed, for display. */
export function evidenceOf(incident: Incident): { line: number; text: string }[] {
  return incident.classification.evidence.map(({ line, text }) => ({
    line,
    text: oneLine(redactSecrets(text), MAX_EVIDENCE_CHARS),
  }));
}

/** Evidence as `L812: text` lines, for code blocks. */
export function evidenceBlock(incident: Incident): string {
  const lines = evidenceOf(incident).map(({ line, text }) => `L${line}: ${text}`);
  return lines.length > 0 ? lines.join("\n") : "(no evidence line found)";
}
