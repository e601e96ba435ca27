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

/** The scanned window of a log: its cleaned lines plus what the wrapper lines said. */
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

/** How much of the log's tail to scan; `Infinity` for either scans the whole log. */
export interface PrepareOptions {
  /** Scan at most this many lines from the end (default 20 000). */
  maxLines?: number;
  /** Scan at most this many characters from the end (default 2 000 000, about 2 MB). */
  maxBytes?: number;
}

/** Default line budget of the scanned tail. */
export const defaultMaxLines = 20_000;
/** Default size budget of the scanned tail, in UTF-16 code units (≈ bytes for ASCII logs). */
export const defaultMaxBytes = 2_000_000;

// Cheap gate: most lines of a big log carry no decoration, and one test is far cheaper than the
// replaces below. It must hit every line that any of them would change.
const decorated = /[\r\u001b\u009b[]|travis_|section_/;
const markerWords = /travis_|section_/;
// Travis folds and timers and GitLab sections are glued in front of text with `\r` + erase-line.
const ciMarker =
  /(?<=^|\r|\[0?K)(?:travis_(?:fold|time):(?:start|end):|section_(?:start|end):\d+:)\S*?(?:\r|$)/g;
// ESC-introduced sequences: CSI, 8-bit CSI, OSC (titles, links), DCS/PM/APC strings, charset
// selection (`tput sgr0` emits ESC ( B) and 2-byte escapes; a lone ESC goes too.
const ansiPattern =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping ESC sequences is the point.
  /\u001b\[[0-?]*[ -/]*[@-~]|\u009b[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\|$)|\u001b[P^_][^\u001b]*(?:\u001b\\|$)|\u001b[()*+#][0-9A-Za-z]|\u001b[@-Z\\-_=>78c]?/g;
// Colour and erase codes whose ESC byte was lost on the way (LogChunks keeps `[0K`, `[31;1m`).
const bareAnsi = /\[\d{1,3}(?:;\d{1,3})*[mK]/g;
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
  // Travis CI's own footer and step summaries.
  /^The command ".*" (?:exited with -?\d+|failed and exited with -?\d+.*|failed\. Retrying, \d+ of \d+)\.?$/,
  /^Done\. Your build exited with -?\d+\.?$/,
];
// Every wrapper pattern needs one of these words, so a line without them skips the whole list.
const wrapperWords = /exit|ERR|make|Visit|FAIL/i;
const exitCodeInWrapper =
  /\b(?:exit (?:code|status)|exited with (?:exit )?(?:code |status )?)\s*(-?\d+)/i;

/** Prepare the tail window of `log` for matching: linear in the window, plus one newline count. */
export function prepareLog(log: string, options: PrepareOptions = {}): PreparedLog {
  const maxBytes = options.maxBytes ?? defaultMaxBytes;
  const maxLines = options.maxLines ?? defaultMaxLines;
  const byteStart = byteWindowStart(log, maxBytes);
  const start = lineWindowStart(log, maxLines, byteStart);
  const lines: LogLine[] = [];
  let exitCode: number | null = null;
  let number = countNewlines(log, start);
  let at = start;
  // A line ends at "\n" only (`\r\r\n` and bare `\r` stay inside it); "a\n" is one line.
  while (at < log.length) {
    const newline = log.indexOf("\n", at);
    const end = newline === -1 ? log.length : newline;
    number++;
    const text = cleanLine(log.slice(at, end));
    at = end + 1;
    if (text === "") continue;
    const wrapper = isWrapperLine(text);
    if (wrapper) exitCode = exitCodeOf(text) ?? exitCode;
    lines.push({ line: number, text, wrapper });
  }
  return { lines, totalLines: number, truncated: start > 0, exitCode };
}

/**
 * The text a reader would see for one raw line: CI markers, timestamp, ANSI codes and group
 * markers removed, and of a line redrawn with `\r` (progress bars) only its last visible state.
 * Trailing whitespace is trimmed, so a blank line comes back as "".
 */
export function cleanLine(raw: string): string {
  let text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  const stamp = timestampLength(text);
  if (stamp > 0) text = text.slice(stamp);
  // Each step is gated by a cheap test: a 100 MB log has a million lines, most of them plain.
  if (decorated.test(text)) {
    if (markerWords.test(text)) text = text.replace(ciMarker, "");
    if (text.includes("\r")) text = lastVisibleSegment(text);
    text = stripAnsi(text);
    if (text.startsWith("##[")) text = text.replace(groupMarker, "");
  }
  const last = text.charCodeAt(text.length - 1);
  return last > 32 && last < 127 ? text : text.trimEnd();
}

/** Whether `text` (a cleaned line) only says that a command failed with some exit code. */
export function isWrapperLine(text: string): boolean {
  return wrapperWords.test(text) && wrapperPatterns.some((pattern) => pattern.test(text));
}

const errorWords =
  /\b(?:error|errors|failed|failure|failures|fatal|exception|traceback|panic|denied|killed)\b|\bnot ok\b|✖|✗|❌|##\[error\]/i;
const noErrorWords = /\b(?:0|no) (?:errors?|failures?|failed)\b|\berrors?: 0\b|^##\[warning\]/i;

/** The naive "does this line look like an error" test used when no rule matched. */
export function isErrorLooking(text: string): boolean {
  return errorWords.test(text) && !noErrorWords.test(text);
}

/**
 * The last `\r`-separated state of a redrawn line that shows something: a terminal would show
 * an erase-line (`text\r\e[0K`) as blank, but losing the text is worse than keeping it here.
 */
function lastVisibleSegment(text: string): string {
  const segments = text.split("\r");
  for (let i = segments.length - 1; i >= 0; i--) {
    const segment = segments[i] ?? "";
    if (stripAnsi(segment).trim() !== "") return segment;
  }
  return "";
}

function stripAnsi(text: string): string {
  let result = text;
  if (result.includes("\u001b") || result.includes("\u009b")) {
    result = result.replace(ansiPattern, "");
  }
  return result.includes("[") ? result.replace(bareAnsi, "") : result;
}

/**
 * Length of the GitHub Actions timestamp (`2024-01-02T03:04:05.1234567Z `) at the start of a
 * line, with GitLab's stream tag (`00O `) after it; 0 when there is none. Hand-written because
 * it runs on every line of a GHA log and the regex costs several times more.
 */
function timestampLength(text: string): number {
  if (text.length < 20 || text.charCodeAt(10) !== 84) return 0;
  for (let at = 0; at < 19; at++) {
    const code = text.charCodeAt(at);
    const expected = stampShape.charCodeAt(at);
    if (expected === 48 ? code < 48 || code > 57 : code !== expected) return 0;
  }
  let at = 19;
  if (text.charCodeAt(at) === 46)
    do at++;
    while (isDigit(text.charCodeAt(at)));
  if (text.charCodeAt(at) !== 90) return 0;
  at += text.charCodeAt(at + 1) === 32 ? 2 : 1;
  // GitLab: two digits, O(ut) or E(rr), an optional "+" (continued line), a space.
  const stream = text.charCodeAt(at + 2);
  if (isDigit(text.charCodeAt(at)) && isDigit(text.charCodeAt(at + 1))) {
    if (stream === 79 || stream === 69) {
      const space = text.charCodeAt(at + 3) === 43 ? at + 4 : at + 3;
      if (text.charCodeAt(space) === 32) return space + 1;
    }
  }
  return at;
}

/** "0" stands for any digit. */
const stampShape = "0000-00-00T00:00:00";
const isDigit = (code: number) => code >= 48 && code <= 57;

function exitCodeOf(text: string): number | null {
  const match = exitCodeInWrapper.exec(text);
  return match?.[1] === undefined ? null : Number.parseInt(match[1], 10);
}

/**
 * Index where the `maxBytes` window begins: the first line start at most `maxBytes` from the end,
 * or mid-line when the last line alone is longer than that (its tail is still worth scanning).
 */
function byteWindowStart(log: string, maxBytes: number): number {
  if (log.length <= maxBytes) return 0;
  const cut = log.length - Math.max(0, maxBytes);
  const newline = log.indexOf("\n", cut - 1);
  return newline === -1 || newline === log.length - 1 ? cut : newline + 1;
}

/**
 * Index where the last `maxLines` lines begin, found by walking newlines back from the end so a
 * huge log is never split whole. Stops at `floor` (the byte window), which wins when later.
 */
function lineWindowStart(log: string, maxLines: number, floor: number): number {
  if (!(maxLines < log.length)) return floor;
  // A final "\n" ends the last line; it does not start another one.
  let end = log.endsWith("\n") ? log.length - 1 : log.length;
  for (let kept = 0; kept < maxLines; kept++) {
    if (end <= floor) return floor;
    const newline = log.lastIndexOf("\n", end - 1);
    if (newline === -1) return floor;
    end = newline;
  }
  return Math.max(floor, end + 1);
}

/** Newlines in log[0, end): indexOf jumps between them (memchr-fast), nothing is allocated. */
function countNewlines(log: string, end: number): number {
  let count = 0;
  let at = end > 0 ? log.indexOf("\n") : -1;
  while (at !== -1 && at < end) {
    count++;
    at = log.indexOf("\n", at + 1);
  }
  return count;
}
