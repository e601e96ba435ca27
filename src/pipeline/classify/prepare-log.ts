/**
 * Turns a raw CI log into the lines the rule engine scans: original 1-based line numbers kept,
 * terminal and CI decoration removed, and only a bounded tail kept so that a huge log costs a
 * bounded amount of time (the cause of a failure is almost always near the end).
 */

/** One cleaned, non-blank line; `line` is its 1-based number in the log as given. */
export interface LogLine {
  line: number;
  text: string;
  /** A generic "something failed with exit code N" line: never evidence when a real error exists. */
  wrapper: boolean;
}

export interface PreparedLog {
  /** Non-blank lines of the scanned window, in log order. */
  lines: LogLine[];
  /** Number of lines of the whole log (a trailing newline does not start a new line). */
  totalLines: number;
  /** True when lines before the window were not scanned. */
  truncated: boolean;
  /** Exit code named by the last wrapper line that names one (GHA, GitLab, docker…), if any. */
  exitCode: number | null;
}

export interface PrepareOptions {
  /** Scan at most this many lines from the end (default 20 000). */
  maxLines?: number;
  /** Scan at most this many characters from the end (default 2 000 000, about 2 MB). */
  maxBytes?: number;
}

export const defaultMaxLines = 20_000;
export const defaultMaxBytes = 2_000_000;

// ESC-introduced sequences: CSI (colours, cursor, erase), OSC (titles, links) and 2-byte escapes.
const ansiPattern =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping ESC sequences is the point.
  /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-Z\\-_]/g;
// GitHub Actions prefixes each line with an ISO timestamp; GitLab adds a stream tag after it.
const timestampPrefix = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z ?(?:\d{2}[OE]\+? )?/;
const groupMarker = /^##\[(?:group|endgroup)\]/;

/**
 * Lines that only repeat that a command failed. Every tool prints one after the real error, so a
 * rule must never land on them (PyTorch's classifier drops the first one for the same reason).
 */
const wrapperPatterns: RegExp[] = [
  /^(?:##\[error\])?(?:Error: )?Process completed with exit code -?\d+\.?$/,
  /^##\[error\]Executing the custom container implementation failed/,
  /^npm (?:ERR!|error) (?:code (?:ELIFECYCLE|\d+)$|errno |Exit status|Failed at the |This is probably not a problem|A complete log of this run|Lifecycle script .* failed|command failed|command sh -c|path \/|workspace |location |\S+@\S+ [\w:.-]+: |Test failed\.)/,
  /^npm (?:ERR!|error)\s*$/,
  /^make(?:\[\d+\])?: \*\*\* .*(?:Error -?\d+|Killed)\s*$/,
  /\bexited with (?:exit )?(?:code |status )?-?\d+\b/i,
  /^\s*ELIFECYCLE\s+(?:Command|Test) failed/,
  /\bERR_PNPM_RECURSIVE_(?:RUN|EXEC)_FIRST_FAIL\b/,
  /^error Command failed with exit code \d+\.?$/,
  /^info Visit https:\/\/yarnpkg\.com\/en\/docs\/cli\//,
  /^ERROR: Job failed: exit (?:code|status) -?\d+\s*$/,
  /^(?:##\[error\])?(?:Error: )?The process '.*' failed with exit code -?\d+$/,
  /^Command exited with non-zero status -?\d+$/,
  /^\[ERROR\] (?:-> \[Help 1\]|Re-run Maven using|For more information about the errors|To see the full stack trace|\[Help 1\] http|\s*$)/,
  /^FAILURE: Build failed with an exception\.?$/,
  /^BUILD FAILED in /,
];
const exitCodeInWrapper =
  /\b(?:exit (?:code|status)|exited with (?:exit )?(?:code |status )?)\s*(-?\d+)/i;

/** Prepare the tail window of `log` for matching. Pure and linear in the log's length. */
export function prepareLog(log: string, options: PrepareOptions = {}): PreparedLog {
  const maxBytes = options.maxBytes ?? defaultMaxBytes;
  const maxLines = options.maxLines ?? defaultMaxLines;
  const start = windowStart(log, maxBytes);
  const rawLines = log.slice(start).split("\n");
  // "a\nb\n" is two lines: the empty string after the final newline is not a line.
  if (rawLines.length > 0 && rawLines[rawLines.length - 1] === "") rawLines.pop();
  const skippedByBytes = countNewlines(log, start);
  const firstKept = Math.max(0, rawLines.length - maxLines);
  const lines: LogLine[] = [];
  let exitCode: number | null = null;
  for (let i = firstKept; i < rawLines.length; i++) {
    const text = cleanLine(rawLines[i] ?? "");
    if (text.trim() === "") continue;
    const wrapper = isWrapperLine(text);
    if (wrapper) exitCode = exitCodeOf(text) ?? exitCode;
    lines.push({ line: skippedByBytes + i + 1, text, wrapper });
  }
  return {
    lines,
    totalLines: skippedByBytes + rawLines.length,
    truncated: start > 0 || firstKept > 0,
    exitCode,
  };
}

/**
 * The text a reader would see for one raw line: after the last carriage return (progress bars
 * redraw the line; a CRLF ending is not a redraw), without timestamp, ANSI codes or group markers.
 */
export function cleanLine(raw: string): string {
  let text = raw.replace(/\r+$/, "");
  const cr = text.lastIndexOf("\r");
  if (cr !== -1) text = text.slice(cr + 1);
  text = text
    .replace(/^\uFEFF/, "")
    .replace(timestampPrefix, "")
    .replace(ansiPattern, "");
  return text.replace(groupMarker, "").trimEnd();
}

export function isWrapperLine(text: string): boolean {
  return wrapperPatterns.some((pattern) => pattern.test(text));
}

const errorWords =
  /\b(?:error|errors|failed|failure|failures|fatal|exception|traceback|panic|denied|killed)\b|\bnot ok\b|✖|✗|❌|##\[error\]/i;
const noErrorWords = /\b(?:0|no) (?:errors?|failures?|failed)\b|\berrors?: 0\b|^##\[warning\]/i;

/** The naive "does this line look like an error" test used when no rule matched. */
export function isErrorLooking(text: string): boolean {
  return errorWords.test(text) && !noErrorWords.test(text);
}

function exitCodeOf(text: string): number | null {
  const match = exitCodeInWrapper.exec(text);
  return match?.[1] === undefined ? null : Number.parseInt(match[1], 10);
}

/**
 * Index where the scanned window begins: the first line start at most `maxBytes` from the end,
 * or mid-line when the last line alone is longer than that (its tail is still worth scanning).
 */
function windowStart(log: string, maxBytes: number): number {
  if (log.length <= maxBytes) return 0;
  const cut = log.length - maxBytes;
  const newline = log.indexOf("\n", cut - 1);
  return newline === -1 || newline === log.length - 1 ? cut : newline + 1;
}

/** Newlines in log[0, end): the number of lines that lie entirely before `end`. */
function countNewlines(log: string, end: number): number {
  let count = 0;
  let at = log.indexOf("\n");
  while (at !== -1 && at < end) {
    count++;
    at = log.indexOf("\n", at + 1);
  }
  return count;
}
