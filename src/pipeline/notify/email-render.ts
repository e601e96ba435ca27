/**
 * Renders the email digest of one recipient list (DESIGN §7.1 "Notifications"): one email carries
 * the digests of several groups, as HTML (templates/email/digest.html.eta) and plain text
 * (templates/email/digest.txt.eta). eta does not escape here (autoEscape is off), so every untrusted
 * string of the HTML view is escaped below before the template sees it.
 */
import type { Digest, NoticeItem } from "../../domain/notify.js";
import { createTemplateRenderer, type TemplateRenderer } from "../../lib/templates.js";

export interface EmailDigestOptions {
  /** `PITCREW_PUBLIC_URL`: the dashboard link, and the base of relative incident links. */
  publicUrl: string;
  /** Urgent notices (the reset rung) say so in the subject and the header. */
  urgent?: boolean;
  /** Incidents listed at most; the rest are counted (default 50). */
  maxItems?: number;
  /** Templates (default: the shipped `templates/`). */
  renderer?: TemplateRenderer;
  /** When the digest is sent (default: the latest digest's `at`). */
  now?: Date;
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

/**
 * The templates of an email digest. `.eta`, not `.html`/`.txt`: Biome parses `*.html` and cannot
 * read eta tags. A custom `templates.dir` must provide both.
 */
export const emailTemplateNames = ["email/digest.html.eta", "email/digest.txt.eta"] as const;

const MAX_ITEMS = 50;
const FAILING = { color: "#cf222e", badgeBg: "#ffebe9" };
const RESOLVED = { color: "#1a7f37", badgeBg: "#dafbe1" };

/** Escapes the five HTML-significant characters (text and attribute values). */
export function escapeHtml(value: string): string {
  return value
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

let shared: TemplateRenderer | null = null;

export function renderEmailDigest(digests: Digest[], options: EmailDigestOptions): RenderedEmail {
  shared ??= createTemplateRenderer();
  const renderer = options.renderer ?? shared;
  const all = uniqueItems(digests);
  const listed = all.filter((item) => !item.silenced);
  const firing = listed.filter((item) => item.state === "firing");
  const resolved = listed.filter((item) => item.state === "resolved");
  const ordered = [...firing, ...resolved];
  const max = options.maxItems ?? MAX_ITEMS;
  const shown = ordered.slice(0, max);
  const headline = headlineOf(firing, resolved);
  const subject = oneLine(`[pitcrew] ${options.urgent ? "URGENT: " : ""}${headline}`);
  const at = options.now ?? latest(digests);
  const base = {
    urgent: Boolean(options.urgent),
    more: ordered.length - shown.length,
    moreFailures: failuresOf(ordered.slice(shown.length)),
    silenced: all.length - listed.length,
    sentAt: `${at.toISOString().slice(0, 16).replace("T", " ")} UTC`,
  };
  const view = (esc: (s: string) => string) => ({
    ...base,
    subject: esc(subject),
    headline: esc(headline),
    summary: esc(summaryOf(firing.length, resolved.length, options.urgent)),
    preheader: esc(shown.map((item) => `${item.type} in ${item.repo}`).join(", ")),
    dashboardUrl: esc(safeUrl(options.publicUrl, options.publicUrl) ?? ""),
    cards: shown.map((item) => card(item, options.publicUrl, esc)),
  });
  return {
    subject,
    html: renderer.render(emailTemplateNames[0], view(escapeHtml)),
    text: renderer.render(
      emailTemplateNames[1],
      view((s) => s),
    ),
  };
}

/** "1 failure", "1 234 failures": what the unlisted incidents add up to. */
function failuresOf(items: NoticeItem[]): string {
  const n = items.reduce((sum, item) => sum + item.count, 0);
  return n === 1 ? "1 failure" : `${n} failures`;
}

/** An incident in several groups' digests is listed once (its latest state wins). */
function uniqueItems(digests: Digest[]): NoticeItem[] {
  const byId = new Map<string, NoticeItem>();
  const sorted = [...digests].sort((a, b) => a.at.localeCompare(b.at));
  for (const digest of sorted) for (const item of digest.items) byId.set(item.incidentId, item);
  return [...byId.values()];
}

function latest(digests: Digest[]): Date {
  const times = digests.map((d) => Date.parse(d.at)).filter(Number.isFinite);
  return new Date(times.length ? Math.max(...times) : 0);
}

/** "3 failing in acme/api, 1 resolved": what and how many, for the subject and the header. */
export function headlineOf(firing: NoticeItem[], resolved: NoticeItem[]): string {
  if (firing.length === 0 && resolved.length === 0) return "no incidents to report";
  if (firing.length === 0) return `${resolved.length} resolved in ${where(resolved)}`;
  let text = `${firing.length} failing in ${where(firing)}`;
  const [only] = firing;
  if (firing.length === 1 && only) text += `: ${only.type} in ${only.workflow} / ${only.job}`;
  return resolved.length > 0 ? `${text}, ${resolved.length} resolved` : text;
}

function where(items: NoticeItem[]): string {
  const repos = [...new Set(items.map((item) => item.repo))];
  if (repos.length === 1) return repos[0] as string;
  if (repos.length === 2) return `${repos[0]} and ${repos[1]}`;
  return `${repos.length} repos`;
}

function summaryOf(firing: number, resolved: number, urgent?: boolean): string {
  const parts: string[] = [];
  if (firing > 0) parts.push(`${firing} ${firing === 1 ? "incident is" : "incidents are"} failing`);
  if (resolved > 0) parts.push(`${resolved} resolved since the last digest`);
  const lead = urgent ? "Repairs did not stop these failures: a person is needed. " : "";
  return `${lead}${parts.join("; ") || "Nothing open"}.`;
}

function card(item: NoticeItem, publicUrl: string, esc: (s: string) => string) {
  const palette = item.state === "firing" ? FAILING : RESOLVED;
  const incidentUrl = safeUrl(item.links.incident, publicUrl) ?? publicUrl;
  const links = [
    { label: "Incident", url: incidentUrl },
    { label: "CI run", url: safeUrl(item.links.run, publicUrl) },
    { label: "Linear", url: safeUrl(item.links.linear, publicUrl) },
    { label: "Pull request", url: safeUrl(item.links.pr, publicUrl) },
  ].filter((link): link is { label: string; url: string } => link.url !== null);
  const times = item.count === 1 ? "once" : `${item.count} times`;
  return {
    ...palette,
    id: esc(item.incidentId),
    state: item.state === "firing" ? "failing" : "resolved",
    type: esc(item.type),
    severity: esc(item.severity),
    repo: esc(item.repo),
    workflow: esc(item.workflow),
    job: esc(item.job),
    branch: item.branch === null ? null : esc(item.branch),
    countLine: item.state === "firing" ? `Failed ${times}` : `Resolved after failing ${times}`,
    evidence: item.evidence === null ? null : esc(item.evidence),
    done: item.done.map(esc),
    next: esc(item.next),
    incidentUrl: esc(incidentUrl),
    links: links.map((link) => ({ label: link.label, url: esc(link.url) })),
  };
}

/** An http(s) URL (relative ones resolved against `base`); anything else (javascript:…) is dropped. */
function safeUrl(value: string | null, base: string): string | null {
  if (!value) return null;
  try {
    const url = new URL(value, base);
    return url.protocol === "https:" || url.protocol === "http:" ? url.href : null;
  } catch {
    return null;
  }
}

/** Header-safe: no line breaks or control characters, at most 200 characters. */
function oneLine(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping them is the point
  const flat = text.replace(/[\u0000-\u001f\u007f]+/g, " ").trim();
  return flat.length > 200 ? `${flat.slice(0, 199)}…` : flat;
}
