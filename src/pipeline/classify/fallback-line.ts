/**
 * The evidence line when no rule matched in the failing step: the line a reader of the step
 * would point at, found with what most tools share when they fail rather than with any one
 * tool's format. In order:
 *
 * 1. A cancelled or timed-out step (a footer without exit code): that footer, nothing failed.
 * 2. The first decisive line: error-marked (errorMarker, failedStatus) and not noise. A Python
 *    traceback stands for the exception line that ends it, "1) name" for its last copy (runners
 *    that number failures print them again, with details, in their report), and a summary met
 *    before any error ("FAILURE!!! 1 files…", "recipe for target 'x' failed") for the line just
 *    before it: the last thing it sums up.
 * 3. The first error-looking line (isErrorLooking) that is not noise.
 * 4. The first compiler or linter diagnostic (`file.ext:12:5: …`, `File.cs(12,5): …`).
 * 5. In a step closed by its footer, the last block of output before the trailers (npm ERR!,
 *    make ***, advice): its first line in plain failure words ("cannot", "not found"), else its
 *    first line.
 *
 * Without steps (an excerpt), the last error-marked line, else the last error-looking one.
 * Noise: wrappers, echoed commands (`+ cmd`, `$ cmd`), passing lines ("… OK", "✓ …", "PASSED"),
 * summaries and counts ("3 failed"), retry notices, advice ("Try …", "See …"). Before a line is
 * tested, mentions of an error word that report none are blanked: names (`errors.go`,
 * `error_log`, `Text.Pandoc.Error`, `-Werror`), zero counts ("0 errors", "Errors: 0"), "(ignored)".
 *
 * Chosen with every rule disabled on development folds 1–4, developed on one half and checked on
 * the other: line hit@1 41.9% → 67.9% on folds 1–2 and 35.9% → 60.3% on folds 3–4.
 */
import type { FailingStep } from "./failing-step.js";
import { isErrorLooking, type LogLine } from "./prepare-log.js";

const errorMarker =
  /^\s*(?:\[?(?:error|fatal)\b|ERROR\b|FAIL(?:ED|URE)?\b|--- FAIL\b|Exception\b|Traceback\b|\S*(?:Error|Exception)\b:|✗|✖|×|not ok\b|E\s{2,}|!\s)|\b(?:error|fatal|exception)\b:|❌|(?<!\.)\.{3,}\s*failed\.?$|^\s*1\) \S/i;
/** A status after the name of what was checked: "Chrome 75 (Mac OS X) ERROR", "test72 FAILED". */
const failedStatus = /\s(?:ERROR|FAILED|FAIL)[.!]?$/;

/**
 * A line that closes a failed run: a count of what failed ("1 files were unable to be parsed"),
 * make's or npm's note that a command failed. Met before any error, the line above it is the
 * last thing it sums up.
 */
const closing =
  /^\s*\d+ (?:failed|failing|errors?|problems?|failures?)\b|^\S+:\d+: recipe for target .* failed$|^\S*make(?:\[\d+\])?: \*\*\* |^npm (?:ERR!|error) |^BUILD FAILED|^FAILURE!*\s+\d/i;
/** A count of failures anywhere in a line ("40 tests, 6 failures", "found 3 failures!"). */
const counted =
  /(?<![/\d])\b[1-9]\d* (?:tests? )?(?:failures?|errors?|problems?|failed|failing)\b|\bFAILED:\s+\d/i;
const echo = /^(?:\+{1,3} ?\S|\$ \S)/;
const passing =
  /(?:\bOK|\bpassed|✓|✔)\s*$|\bPASSED\b(?:\s*\[\s*\d+%\])?\s*$|\bOK \([\d.]+m?s\)\s*$|(?<!\.)\.{3,}\s*(?:ok|passed)\b|^\s*[✓✔]/i;
const advice = /^\s*(?:Try|Please|See|Run with|For more|Consider|Hint|You can|Did you)\b/;
const retrying = /\bretrying\b/i;

/** Mentions of an error word that report none: names, flags, zero counts, ignored failures. */
const benign =
  /(?<=[._/-])(?:errors?|failures?|failed|exceptions?)(?![:\w])|\b(?:errors?|failures?|exceptions?)[_./-]\w+|-Werror\S*|\b(?:errors?|failures?|failed)\s*[:=]?\s*0\s*$|\b(?:errors?|failures?|failed)\s*[:=]\s*0\b|\b(?:0|no) (?:errors?|failures?|failed)\b|\(ignored\)|\b(?:allow|ignor)\w* (?:\w+ )?errors\b/gi;

function isNoise(line: LogLine): boolean {
  const { text } = line;
  return (
    line.wrapper ||
    echo.test(text) ||
    passing.test(text) ||
    closing.test(text) ||
    counted.test(text) ||
    advice.test(text) ||
    retrying.test(text)
  );
}

function isErrorMarked(text: string): boolean {
  const kept = text.replace(benign, " ");
  return errorMarker.test(kept) || failedStatus.test(kept);
}
const isErrorish = (text: string) => isErrorLooking(text.replace(benign, " "));

/** A compiler's or linter's diagnostic: `path/file.ext:12:5: …`, `File.cs(12,5): …`. */
const location = /^\s*(\S+?)(?::\d+(?::\d+)?:|\(\d+(?:,\d+)?\):)\s/;
const fileName = /\w\.[A-Za-z]\w*$/;

function isLocated(text: string): boolean {
  const path = location.exec(text)?.[1];
  return path !== undefined && fileName.test(path);
}

/** The fallback evidence line of the failing step (index into `lines`), -1 when none. */
export function fallbackLine(lines: LogLine[], step: FailingStep | null): number {
  if (step === null) return lastDecisive(lines);
  if (step.exitCode === null && step.end < lines.length) return step.end;
  const from = step.start + 1;
  const to = Math.min(lines.length, step.end);
  const firstWhere = (test: (text: string) => boolean) => {
    for (let index = from; index < to; index++) {
      const line = lines[index] as LogLine;
      if (!isNoise(line) && test(line.text)) return index;
    }
    return -1;
  };
  const found = [
    () => firstDecisive(lines, from, to),
    () => firstWhere(isErrorish),
    () => firstWhere(isLocated),
    // A step the log cut off (no footer) did not fail by itself: its last output proves nothing.
    () => (step.end < lines.length ? tailBlock(lines, from, to) : -1),
  ];
  for (const find of found) {
    const index = find();
    if (index >= 0) return index;
  }
  return step.end < lines.length ? step.end : lastErrorLookingLine(lines);
}

/** Tools print the cause first and the consequences after it: the first error wins. */
function firstDecisive(lines: LogLine[], from: number, to: number): number {
  let errorSeen = false;
  for (let index = from; index < to; index++) {
    const line = lines[index] as LogLine;
    if (line.wrapper) continue;
    if (isNoise(line)) {
      // Only a summary with nothing error-looking before it: after one, it sums that one up.
      if (!errorSeen && closing.test(line.text) && isErrorish(line.text)) {
        return lastNonNoise(lines, from, index);
      }
      continue;
    }
    if (isErrorMarked(line.text)) return reported(lines, raised(lines, index, to), to);
    errorSeen ||= isErrorish(line.text);
  }
  return -1;
}

/** Without steps, the end of the log is what failed: its last error-marked line. */
function lastDecisive(lines: LogLine[]): number {
  for (let index = lines.length - 1; index >= 0; index--) {
    const line = lines[index] as LogLine;
    if (!isNoise(line) && isErrorMarked(line.text)) return raised(lines, index, lines.length);
  }
  return lastErrorLookingLine(lines);
}

function lastNonNoise(lines: LogLine[], from: number, before: number): number {
  for (let index = before - 1; index >= from; index--) {
    if (!isNoise(lines[index] as LogLine)) return index;
  }
  return -1;
}

const firstNumbered = /^\s*1\) \S/;

/** "1) name" (mocha, ExUnit, RSpec, PHPUnit): its last copy, the one in the final report. */
function reported(lines: LogLine[], index: number, to: number): number {
  if (!firstNumbered.test((lines[index] as LogLine).text)) return index;
  for (let at = to - 1; at > index; at--) {
    if (firstNumbered.test((lines[at] as LogLine).text)) return at;
  }
  return index;
}

const traceback = /^\s*Traceback \(most recent call last\):/;
const maxTraceback = 200;

/** A Python traceback: the exception line that ends it (its first unindented line). */
function raised(lines: LogLine[], index: number, to: number): number {
  if (!traceback.test((lines[index] as LogLine).text)) return index;
  for (let at = index + 1; at < to && at <= index + maxTraceback; at++) {
    if (!/^\s/.test((lines[at] as LogLine).text)) return at;
  }
  return index;
}

/** Lines that close a failed command's output without saying what failed. */
const trailer =
  /^npm (?:ERR!|error)|^\s*at |^\s+File "|^\(See full trace|^\s*from \S+:\d+|^Makefile:\d+: recipe for target|^make(?:\[\d+\])?: \*\*\*/;
const isTrailer = (line: LogLine) =>
  line.wrapper || trailer.test(line.text) || advice.test(line.text);
/** A command echoed before its output (`+ cmd`, `$ cmd`, `> cmd`): its output starts after it. */
const command = /^(?:\+{1,3} ?\S|\$ \S|>{1,3} \S)/;
/** How a tool says what went wrong without an error word. */
const plainFailure =
  /\b(?:cannot|can't|could not|couldn't|unable|not found|no such|undefined|unexpected|invalid|denied|refused|timed out|missing|not defined|unknown|does not|doesn't|aborted|exceeded|mismatch|not allowed|rejected|unresolved|not supported|no rule|not installed)\b/i;
/** A block is cut this many lines above its end (a long listing is not one message). */
const maxBlock = 12;

/**
 * The last block of output (lines with no blank line between them, after the last echoed
 * command) before the trailers: its first line in plain failure words, else its first line.
 */
function tailBlock(lines: LogLine[], from: number, to: number): number {
  let end = to - 1;
  while (end >= from && isTrailer(lines[end] as LogLine)) end--;
  if (end < from) return -1;
  let start = end;
  while (start > from && end - start < maxBlock - 1) {
    const line = lines[start] as LogLine;
    const above = lines[start - 1] as LogLine;
    if (above.line !== line.line - 1 || isTrailer(above) || command.test(line.text)) break;
    start--;
  }
  if (start < end && command.test((lines[start] as LogLine).text)) start++;
  for (let at = start; at <= end; at++) {
    if (plainFailure.test((lines[at] as LogLine).text)) return at;
  }
  return start;
}

/** The last error-looking line that is not noise, else the last error-looking wrapper, else -1. */
function lastErrorLookingLine(lines: LogLine[]): number {
  let lastWrapper = -1;
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i] as LogLine;
    if (!isErrorish(line.text)) continue;
    if (!isNoise(line)) return i;
    if (line.wrapper && lastWrapper === -1) lastWrapper = i;
  }
  return lastWrapper;
}
