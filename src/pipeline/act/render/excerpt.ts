/**
 * The part of a job log worth showing: the lines around the evidence, numbered, with every secret
 * redacted. Everything that leaves the process with log text goes through here (DESIGN §8).
 */
import { redactedMarker, redactSecrets } from "../../classify/redact.js";

export interface ExcerptOptions {
  /** Lines shown before each evidence line. */
  before?: number;
  /** Lines shown after each evidence line. */
  after?: number;
  /** Budget of the whole excerpt; lines farthest from the evidence go first. */
  maxChars?: number;
}

export const defaultExcerpt = { before: 20, after: 10, maxChars: 6000 } as const;

/** One log line longer than this is cut: a minified bundle must not eat the whole budget. */
const MAX_LINE_CHARS = 1000;
// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI colour codes start with ESC.
const ANSI = /\u001b\[[0-9;?]*[A-Za-z]/g;

/**
 * Numbered lines around `evidenceLines` (1-based; none: the log's tail), `>` marking evidence,
 * `…` marking skipped lines. Redacted line by line before anything is cut, so a cut can never
 * leave half a token that the patterns no longer recognise; then once more as a whole.
 */
export function logExcerpt(
  logText: string | null | undefined,
  evidenceLines: readonly number[],
  options: ExcerptOptions = {},
): string {
  if (!logText) return "";
  const { before, after, maxChars } = { ...defaultExcerpt, ...options };
  const lines = logText.split("\n");
  if (lines.length > 1 && lines.at(-1) === "") lines.pop();
  const anchors = evidenceLines.filter((n) => Number.isInteger(n) && n >= 1 && n <= lines.length);
  // Without evidence the end of the log is where CI failures usually explain themselves.
  const targets = anchors.length > 0 ? anchors : [lines.length];
  const marked = new Set(anchors);
  const width = String(lines.length).length;
  const inKey = privateKeyLines(lines, Math.min(...targets) - before, Math.max(...targets) + after);
  const render = (n: number): string => {
    const raw = inKey.has(n) ? redactedMarker : (lines[n - 1] ?? "");
    const text = clip(redactSecrets(raw.replace(ANSI, "").replace(/\r$/, "")));
    return `${marked.has(n) ? ">" : " "} ${String(n).padStart(width)} | ${text}`;
  };
  const chosen = chooseLines(targets, lines.length, before, after, maxChars, render);
  return capChars(redactSecrets(joinWithGaps(chosen, lines.length)), maxChars);
}

/** How far back a private key's BEGIN line is looked for (a 4096-bit RSA key is ~50 lines). */
const KEY_LOOKBACK = 200;
const KEY_BEGIN = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY/;
const KEY_END = /-----END [A-Z0-9 ]*PRIVATE KEY/;

/**
 * Lines (1-based, within `from..to`) that belong to a PEM private key block. Line-by-line
 * redaction alone would miss a block's short last line; the BEGIN line may lie before the window.
 */
function privateKeyLines(lines: string[], from: number, to: number): Set<number> {
  const inside = new Set<number>();
  let open = false;
  for (let n = Math.max(1, from - KEY_LOOKBACK); n <= Math.min(lines.length, to); n++) {
    const line = lines[n - 1] ?? "";
    if (!open && KEY_BEGIN.test(line)) open = true;
    if (open && n >= from) inside.add(n);
    if (open && KEY_END.test(line)) open = false;
  }
  return inside;
}

/** Lines in the windows, nearest to an evidence line first, while they fit in the budget. */
function chooseLines(
  targets: number[],
  total: number,
  before: number,
  after: number,
  maxChars: number,
  render: (n: number) => string,
): Map<number, string> {
  const distance = new Map<number, number>();
  for (const target of targets) {
    const from = Math.max(1, target - before);
    const to = Math.min(total, target + after);
    for (let n = from; n <= to; n++) {
      const d = Math.abs(n - target);
      distance.set(n, Math.min(distance.get(n) ?? d, d));
    }
  }
  const byNearness = [...distance.keys()].sort(
    (a, b) => (distance.get(a) ?? 0) - (distance.get(b) ?? 0) || a - b,
  );
  const chosen = new Map<number, string>();
  let used = 0;
  for (const n of byNearness) {
    const line = render(n);
    if (chosen.size > 0 && used + line.length + 1 > maxChars) continue;
    chosen.set(n, line);
    used += line.length + 1;
  }
  return chosen;
}

/** The chosen lines in log order, with a marker wherever lines were left out. */
function joinWithGaps(chosen: Map<number, string>, total: number): string {
  const numbers = [...chosen.keys()].sort((a, b) => a - b);
  const out: string[] = [];
  let previous = 0;
  for (const n of numbers) {
    if (n > previous + 1) out.push(`  … ${n - previous - 1} line(s) not shown …`);
    out.push(chosen.get(n) ?? "");
    previous = n;
  }
  if (previous < total) out.push(`  … ${total - previous} line(s) not shown …`);
  return out.join("\n");
}

function clip(line: string): string {
  return line.length <= MAX_LINE_CHARS
    ? line
    : `${line.slice(0, MAX_LINE_CHARS)} … (${line.length - MAX_LINE_CHARS} more characters)`;
}

/** A hard cap for the rare case where one (clipped) line alone exceeds the budget. */
function capChars(text: string, maxChars: number): string {
  return text.length <= maxChars ? text : `${text.slice(0, Math.max(0, maxChars - 1))}…`;
}
