/**
 * Turns a `Digest` into one Slack message (Block Kit + plain-text fallback): a header saying what
 * and how many, one section per incident (what failed, where, how often, the evidence line, what
 * pitcrew did, what is next, links), a link row and a context footer. Within Slack's limits
 * (integrations.md §3.6): ≤ `maxBlocks` blocks, ≤ `maxChars` text characters in all (Slack rejects
 * ~13 k with `msg_blocks_too_long`), section text ≤ 3000, header ≤ 150; what does not fit is
 * summed up as "…and N more — see the report". Untrusted text is mrkdwn-escaped. Pure.
 */
import type { Digest, NoticeItem } from "../../domain/notify.js";
import type { ChatMessage } from "../../ports.js";

export interface SlackBlocksOptions {
  /** Blocks per message (Slack: 50). */
  maxBlocks?: number;
  /** Text characters per message, all blocks together. */
  maxChars?: number;
  /** The HTML report of this digest (or the dashboard), linked from the tail and the link row. */
  reportUrl?: string | null;
  /** pitcrew's dashboard. */
  dashboardUrl?: string | null;
}

type Block = Record<string, unknown>;

export const SECTION_MAX = 3000;
export const HEADER_MAX = 150;
const EVIDENCE_MAX = 300;
const FIELD_MAX = 120;
const DONE_LINES = 5;
const FALLBACK_MAX = 3000;

const severityRank = { critical: 0, high: 1, medium: 2, low: 3 } as const;
const severityIcon = {
  critical: ":rotating_light:",
  high: ":red_circle:",
  medium: ":large_orange_circle:",
  low: ":large_yellow_circle:",
} as const;

/** Escapes Slack's mrkdwn control characters (`&`, `<`, `>`) in untrusted text. */
export function escapeMrkdwn(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

/** Cuts `text` to `max` characters, marking the cut with "…". */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}

/** The digest as a Slack message. */
export function digestToSlackMessage(
  digest: Digest,
  options: SlackBlocksOptions = {},
): ChatMessage {
  const maxBlocks = options.maxBlocks ?? 50;
  const maxChars = options.maxChars ?? 12_000;
  const items = listed(digest);
  const title = headline(digest);
  const header: Block = {
    type: "header",
    text: { type: "plain_text", text: truncate(title, HEADER_MAX), emoji: true },
  };
  const footer: Block[] = [];
  const row = linkRow(options);
  if (row) footer.push(row);
  footer.push(contextFooter(digest));
  const sections = items.map(itemSection);

  // The longest prefix of incidents that fits, with room for the tail when some are left out.
  const fixedChars = textLength([header, ...footer]);
  let shown = 0;
  let chars = fixedChars;
  for (const section of sections) {
    const rest = sections.length - shown - 1;
    const tail = rest > 0 ? textLength(tailSection(rest, options)) : 0;
    const blocks = 1 + footer.length + shown + 1 + (rest > 0 ? 1 : 0);
    const size = textLength(section);
    if (blocks > maxBlocks || chars + size + tail > maxChars) break;
    chars += size;
    shown += 1;
  }
  const more = sections.length - shown;
  const blocks = [
    header,
    ...sections.slice(0, shown),
    ...(more > 0 ? [tailSection(more, options)] : []),
    ...footer,
  ];
  return { text: fallback(title, items, more, options), blocks };
}

/** Listed items (silenced ones are only counted): firing first, most severe first. */
function listed(digest: Digest): NoticeItem[] {
  return digest.items
    .filter((item) => !item.silenced)
    .map((item, index) => ({ item, index }))
    .sort(
      (a, b) =>
        Number(a.item.state === "resolved") - Number(b.item.state === "resolved") ||
        severityRank[a.item.severity] - severityRank[b.item.severity] ||
        a.index - b.index,
    )
    .map(({ item }) => item);
}

/** "acme/api: 3 failing, 1 resolved". */
export function headline(digest: Digest): string {
  const labels = Object.entries(digest.labels);
  const what =
    digest.labels.repo ?? (labels.length > 0 ? labels.map(([, v]) => v).join(" / ") : "pitcrew");
  const { firing, resolved } = digest.totals;
  const counts = [
    ...(firing > 0 ? [`${firing} failing`] : []),
    ...(resolved > 0 ? [`${resolved} resolved`] : []),
  ];
  return `${what}: ${counts.length > 0 ? counts.join(", ") : "nothing open"}`;
}

/** Where it failed: "CI / test on main" (escaped, each part cut). */
function where(item: NoticeItem): string {
  const part = (text: string) => escapeMrkdwn(truncate(text, FIELD_MAX));
  const branch = item.branch ? ` on \`${part(item.branch).replaceAll("`", "'")}\`` : "";
  return `${part(item.repo)} ${part(item.workflow)} / ${part(item.job)}${branch}`;
}

function itemSection(item: NoticeItem): Block {
  const icon = item.state === "resolved" ? ":white_check_mark:" : severityIcon[item.severity];
  const state = item.state === "resolved" ? " — resolved" : "";
  const lines = [
    `${icon} *${escapeMrkdwn(truncate(item.type, FIELD_MAX))}* in ${where(item)} · ${item.count}×${state}`,
  ];
  if (item.evidence) lines.push(`\`${codeSpan(truncate(item.evidence, EVIDENCE_MAX))}\``);
  if (item.done.length > 0) {
    const done = item.done.slice(0, DONE_LINES).map((d) => escapeMrkdwn(truncate(d, 200)));
    const extra = item.done.length - DONE_LINES;
    lines.push(`*Done:* ${done.join("; ")}${extra > 0 ? `; and ${extra} more` : ""}`);
  }
  lines.push(`*Next:* ${escapeMrkdwn(truncate(item.next, 300))}`);
  const links = [
    link(item.links.incident, "Incident"),
    link(item.links.run, "Run"),
    link(item.links.linear, "Linear issue"),
    link(item.links.pr, "PR"),
  ].filter((l) => l !== null);
  const withLinks = [...lines, links.join(" · ")].join("\n");
  // Long URLs are the only thing that can still push a section over: then drop the links.
  const text =
    withLinks.length <= SECTION_MAX ? withLinks : truncate(lines.join("\n"), SECTION_MAX);
  return { type: "section", text: { type: "mrkdwn", text } };
}

/** Evidence in a code span: escaped, backticks replaced (a code span cannot hold one). */
function codeSpan(text: string): string {
  return escapeMrkdwn(text.replaceAll("`", "'").replace(/\s+/g, " ").trim());
}

/** `<url|label>`; null for a missing or non-http(s) URL. */
function link(url: string | null | undefined, label: string): string | null {
  if (!url || !/^https?:\/\//i.test(url) || url.length > 1000) return null;
  return `<${escapeMrkdwn(url).replaceAll("|", "%7C")}|${label}>`;
}

function tailSection(more: number, options: SlackBlocksOptions): Block {
  const report = link(options.reportUrl ?? options.dashboardUrl, "report");
  const see = report ? ` — see the ${report}` : "";
  return { type: "section", text: { type: "mrkdwn", text: `…and ${more} more${see}` } };
}

/** Link buttons to the report and the dashboard (no interactivity: Slack opens the URL). */
function linkRow(options: SlackBlocksOptions): Block | null {
  const targets = [
    { id: "pitcrew_open_report", label: "Report", url: options.reportUrl },
    { id: "pitcrew_open_dashboard", label: "Dashboard", url: options.dashboardUrl },
  ].filter((t) => t.url && /^https?:\/\//i.test(t.url) && t.url.length <= 3000);
  if (targets.length === 0) return null;
  return {
    type: "actions",
    elements: targets.map((t) => ({
      type: "button",
      action_id: t.id,
      text: { type: "plain_text", text: t.label },
      url: t.url,
    })),
  };
}

function contextFooter(digest: Digest): Block {
  const parts = [`pitcrew · ${escapeMrkdwn(truncate(digest.reason, 200))}`];
  if (digest.totals.silenced > 0) parts.push(`${digest.totals.silenced} silenced`);
  parts.push(`${digest.at.slice(0, 16).replace("T", " ")} UTC`);
  return { type: "context", elements: [{ type: "mrkdwn", text: parts.join(" · ") }] };
}

/** The notification text: the same in one paragraph. */
function fallback(
  title: string,
  items: NoticeItem[],
  more: number,
  options: SlackBlocksOptions,
): string {
  const shown = items.slice(0, items.length - more);
  const firing = shown.filter((i) => i.state === "firing").map(short);
  const resolved = shown.filter((i) => i.state === "resolved").map(short);
  const sentences = [escapeMrkdwn(title)];
  if (firing.length > 0) sentences.push(`Failing: ${firing.join("; ")}`);
  if (resolved.length > 0) sentences.push(`Resolved: ${resolved.join("; ")}`);
  if (more > 0) sentences.push(`And ${more} more`);
  const url = options.reportUrl ?? options.dashboardUrl;
  if (url) sentences.push(`Report: ${escapeMrkdwn(url)}`);
  return truncate(`${sentences.join(". ")}.`, FALLBACK_MAX);
}

function short(item: NoticeItem): string {
  const branch = item.branch ? ` on ${item.branch}` : "";
  return escapeMrkdwn(
    `${item.type} in ${item.repo} ${item.workflow} / ${item.job}${truncate(branch, FIELD_MAX)} (${item.count}×)`,
  );
}

/** Characters of every `text` string in the blocks (what Slack's aggregate cap counts). */
export function textLength(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((sum: number, v) => sum + textLength(v), 0);
  if (value === null || typeof value !== "object") return 0;
  let sum = 0;
  for (const [key, v] of Object.entries(value)) {
    sum += key === "text" && typeof v === "string" ? v.length : textLength(v);
  }
  return sum;
}
