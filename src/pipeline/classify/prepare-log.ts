/**
 * Turns a raw CI log into the lines the rule engine scans: original 1-based line numbers kept,
 * terminal and CI decoration removed, and only a bounded tail kept so that a huge log costs a
 * bounded amount of time (the cause of a failure is almost always near the end).
 */
import {
  cleanText,
  decoration,
  NextMatch,
  plainSpanStart,
  prefixLength,
  trimmedEnd,
} from "./clean-line.js";
import { LineTableBuilder, type LogLine, linesOf } from "./line-table.js";

export type { LogLine } from "./line-table.js";

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
const wrapperWords = /exit|ERR|[Ee]rr|make|Visit|FAIL|[Ff]ail/;
const wrapperWordsAnywhere = new RegExp(wrapperWords.source, "g");
const exitCodeInWrapper =
  /\b(?:exit (?:code|status)|exited with (?:exit )?(?:code |status )?)\s*(-?\d+)/i;

/**
 * Prepare the tail window of `log` for matching: linear in the window, plus one newline count.
 * A line is kept as a span of the log unless `decoration` finds something cleanText must remove.
 */
export function prepareLog(log: string, options: PrepareOptions = {}): PreparedLog {
  const maxBytes = options.maxBytes ?? defaultMaxBytes;
  const maxLines = options.maxLines ?? defaultMaxLines;
  const start = windowStart(log, maxBytes, maxLines);
  // Sized for CI logs' typical line length; a log of shorter lines grows it.
  const table = new LineTableBuilder(log, Math.ceil((log.length - start) / 48));
  const decorated = new NextMatch(decoration, log);
  const wordy = new NextMatch(wrapperWordsAnywhere, log);
  let exitCode: number | null = null;
  let number = countNewlines(log, start);
  let at = start;
  // A line ends at "\n" only (`\r\r\n` and bare `\r` stay inside it); "a\n" is one line.
  while (at < log.length) {
    const newline = log.indexOf("\n", at);
    const end = newline === -1 ? log.length : newline;
    const from = at + prefixLength(log, at);
    number++;
    at = end + 1;
    let text = "";
    let wrapper = false;
    if (decorated.from(from) < end) {
      text = cleanText(log.slice(from, end));
      if (text === "") continue;
      wrapper = isWrapperLine(text);
      table.text(number, text, wrapper);
    } else {
      const textStart = plainSpanStart(log, from);
      const textEnd = trimmedEnd(log, textStart, end);
      if (textEnd === textStart) continue;
      // Wrapper words are rare: one search tells most lines apart, without a slice.
      if (wordy.from(textStart) < textEnd) {
        text = log.slice(textStart, textEnd);
        wrapper = isWrapperLine(text);
      }
      table.span(number, textStart, textEnd, wrapper);
    }
    const code = wrapper ? exitCodeInWrapper.exec(text)?.[1] : undefined;
    if (code !== undefined) exitCode = Number.parseInt(code, 10);
  }
  const lines = linesOf(table.table);
  return { lines, totalLines: number, truncated: start > 0, exitCode };
}

/**
 * The text a reader would see for one raw line: CI markers, timestamp, ANSI codes and group
 * markers removed, and of a line redrawn with `\r` (progress bars) only its last visible state.
 * Trailing whitespace is trimmed, so a blank line comes back as "".
 */
export function cleanLine(raw: string): string {
  return cleanText(raw.slice(prefixLength(raw, 0)));
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
 * Index where the scanned window begins: the later of the start of the last `maxLines` lines,
 * found by walking newlines back from the end so a huge log is never split whole, and the first
 * line start at most `maxBytes` from the end (mid-line when the last line alone is longer: its
 * tail is still worth scanning).
 */
function windowStart(log: string, maxBytes: number, maxLines: number): number {
  let floor = 0;
  if (log.length > maxBytes) {
    const cut = log.length - Math.max(0, maxBytes);
    const newline = log.indexOf("\n", cut - 1);
    floor = newline === -1 || newline === log.length - 1 ? cut : newline + 1;
  }
  if (!(maxLines < log.length)) return floor;
  // A final "\n" ends the last line; it does not start another one.
  let end = log.endsWith("\n") ? log.length - 1 : log.length;
  for (let kept = 0; kept < maxLines; kept++) {
    const newline = end <= floor ? -1 : log.lastIndexOf("\n", end - 1);
    if (newline === -1) return floor;
    end = newline;
  }
  return Math.max(floor, end + 1);
}

/** Newlines in log[0, end): indexOf jumps between them (memchr-fast), nothing is allocated. */
function countNewlines(log: string, end: number): number {
  let count = 0;
  for (let at = log.indexOf("\n"); at !== -1 && at < end; at = log.indexOf("\n", at + 1)) count++;
  return count;
}
