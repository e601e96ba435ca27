/**
 * Turns a `Digest` into one Slack message (Block Kit + plain-text fallback): a header saying what
 * and how many, one section per incident (what failed, where, how often, the evidence line, what
 * pitcrew did, what is next, links), a link row and a context footer. The words come from
 * `templates/slack/` (eta); this typed builder owns the structure and Slack's limits
 * (integrations.md §3.6): ≤ `maxBlocks` blocks, ≤ `maxChars` text characters in all (Slack rejects
 * ~13 k with `msg_blocks_too_long`), section text ≤ 3000, header ≤ 150; what does not fit is
 * summed up as "…and N more — see the report". Untrusted text is mrkdwn-escaped before any
 * template sees it. Pure (templates are read once and cached).
 */
import type { Digest, NoticeItem } from "../../domain/notify.js";
import {
  createTemplateRenderer,
  type TemplateName,
  type TemplateRenderer,
} from "../../lib/templates.js";
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
  /** Templates (default: the shipped `templates/`). */
  renderer?: TemplateRenderer;
}

type Block = Record<string, unknown>;

type SlackTemplate = Extract<TemplateName, `slack/${string}`>;
type Render = (name: SlackTemplate, data: object) => string;

let shared: TemplateRenderer | null = null;

/** Renders with the options' templates; files end with a newline, the texts do not. */
function rendererOf(options: SlackBlocksOptions): Render {
  shared ??= createTemplateRenderer();
  const renderer = options.renderer ?? shared;
  return (name, data) => renderer.render(name, data).trimEnd();
}

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
  const render = rendererOf(options);
  const items = listed(digest);
  const title = headline(digest);
  const { firing, resolved, silenced } = digest.totals;
  const what = { headline: escapeMrkdwn(title), what: escapeMrkdwn(subject(digest)) };
  const heading = render("slack/header.txt", { ...what, firing, resolved, silenced });
  const header: Block = {
    type: "header",
    text: { type: "plain_text", text: truncate(heading, HEADER_MAX), emoji: true },
  };
  const footer: Block[] = [];
  const row = linkRow(options);
  if (row) footer.push(row);
  footer.push(contextFooter(digest, render));
  const sections = items.map((item) => itemSection(item, render));
  const tailSection = (more: number) => tail(more, options, render);

  // The longest prefix of incidents that fits, with room for the tail when some are left out.
  const fixedChars = textLength([header, ...footer]);
  let shown = 0;
  let chars = fixedChars;
  for (const section of sections) {
    const rest = sections.length - shown - 1;
    const tail = rest > 0 ? textLength(tailSection(rest)) : 0;
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
    ...(more > 0 ? [tailSection(more)] : []),
    ...footer,
  ];
  return { text: fallback(title, items, more, options, render), blocks };
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
  const what = subject(digest);
  const { firing, resolved } = digest.totals;
  const counts = [
    ...(firing > 0 ? [`${firing} failing`] : []),
    ...(resolved > 0 ? [`${resolved} resolved`] : []),
  ];
  return `${what}: ${counts.length > 0 ? counts.join(", ") : "nothing open"}`;
}

/** What the group is about: its repo, else its label values ("pitcrew" for none). */
function subject(digest: Digest): string {
  const labels = Object.entries(digest.labels);
  return (
    digest.labels.repo ?? (labels.length > 0 ? labels.map(([, v]) => v).join(" / ") : "pitcrew")
  );
}

/** The data of `slack/incident.md`: every value escaped and cut. */
function itemView(item: NoticeItem) {
  const part = (text: string) => escapeMrkdwn(truncate(text, FIELD_MAX));
  const links = [
    linkOf(item.links.incident, "Incident"),
    linkOf(item.links.run, "Run"),
    linkOf(item.links.linear, "Linear issue"),
    linkOf(item.links.pr, "PR"),
  ].filter((l) => l !== null);
  return {
    icon: item.state === "resolved" ? ":white_check_mark:" : severityIcon[item.severity],
    resolved: item.state === "resolved",
    type: part(item.type),
    repo: part(item.repo),
    workflow: part(item.workflow),
    job: part(item.job),
    branch: item.branch ? part(item.branch).replaceAll("`", "'") : null,
    count: item.count,
    severity: item.severity,
    evidence: item.evidence ? codeSpan(truncate(item.evidence, EVIDENCE_MAX)) : null,
    done: item.done.slice(0, DONE_LINES).map((d) => escapeMrkdwn(truncate(d, 200))),
    moreDone: Math.max(0, item.done.length - DONE_LINES),
    next: escapeMrkdwn(truncate(item.next, 300)),
    links,
  };
}

function itemSection(item: NoticeItem, render: Render): Block {
  const view = itemView(item);
  const withLinks = render("slack/incident.md", view);
  // Long URLs are the only thing that can still push a section over: then drop the links.
  const text =
    withLinks.length <= SECTION_MAX
      ? withLinks
      : truncate(render("slack/incident.md", { ...view, links: [] }), SECTION_MAX);
  return { type: "section", text: { type: "mrkdwn", text } };
}

/** Evidence in a code span: escaped, backticks replaced (a code span cannot hold one). */
function codeSpan(text: string): string {
  return escapeMrkdwn(text.replaceAll("`", "'").replace(/\s+/g, " ").trim());
}

/** A URL ready for `<url|label>` (escaped, `|` encoded); null for a missing or non-http(s) one. */
function safeLinkUrl(url: string | null | undefined): string | null {
  if (!url || !/^https?:\/\//i.test(url) || url.length > 1000) return null;
  return escapeMrkdwn(url).replaceAll("|", "%7C");
}

function linkOf(url: string | null | undefined, label: string) {
  const safe = safeLinkUrl(url);
  return safe === null ? null : { url: safe, label };
}

function tail(more: number, options: SlackBlocksOptions, render: Render): Block {
  const reportUrl = safeLinkUrl(options.reportUrl ?? options.dashboardUrl);
  return {
    type: "section",
    text: { type: "mrkdwn", text: render("slack/more.md", { more, reportUrl }) },
  };
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

function contextFooter(digest: Digest, render: Render): Block {
  const text = render("slack/footer.md", {
    reason: escapeMrkdwn(truncate(digest.reason, 200)),
    silenced: digest.totals.silenced,
    at: digest.at.slice(0, 16).replace("T", " "),
  });
  return { type: "context", elements: [{ type: "mrkdwn", text }] };
}

/** The notification text: the same in one paragraph. */
function fallback(
  title: string,
  items: NoticeItem[],
  more: number,
  options: SlackBlocksOptions,
  render: Render,
): string {
  const shown = items.slice(0, items.length - more);
  const url = options.reportUrl ?? options.dashboardUrl;
  const text = render("slack/fallback.txt", {
    headline: escapeMrkdwn(title),
    failing: shown.filter((i) => i.state === "firing").map(short),
    resolved: shown.filter((i) => i.state === "resolved").map(short),
    more,
    reportUrl: url ? escapeMrkdwn(url) : null,
  });
  return truncate(text, FALLBACK_MAX);
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
