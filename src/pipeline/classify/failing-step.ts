/**
 * The failing step of a job: the lines between the command that failed and the CI's note that it
 * failed. A human reading a red log looks there first: setup noise before it and clean-up or
 * upload steps after it are not the cause.
 *
 * - Travis CI prints `$ command` before each command and `The command "…" exited with N.` after
 *   it; the first footer with N ≠ 0 closes the failing step.
 * - GitHub Actions prints `##[group]Run …` (cleaned to `Run …`) before a step and
 *   `##[error]Process completed with exit code N.` after a failed one (or a cancellation or
 *   time-out notice).
 * - GitLab CI prints `$ command` lines and ends a failed job with `ERROR: Job failed: exit code N`.
 */
import type { LogLine } from "./prepare-log.js";

/** Indexes into the prepared lines: the command line, and the footer (or lines.length). */
export interface FailingStep {
  /** Index of the line that starts the step (`$ cmd`, `Run …`), or -1 when none was printed. */
  start: number;
  /** Index of the footer that names the exit code; lines.length when the log ends first. */
  end: number;
  /** The exit code the footer names; null without a footer or for a cancellation/time-out. */
  exitCode: number | null;
}

const travisFooter = /^(?:The command "[\s\S]*"|") (?:failed and )?exited with (-?\d+)/;
const githubFooter =
  /^##\[error\](?:Process completed with exit code (-?\d+)|The operation was canceled|The action .* has timed out after)/;
const gitlabFooter = /^ERROR: Job failed: exit (?:code|status) (-?\d+)/;

/** The first failed step, or null when the log shows no step structure at all. */
export function findFailingStep(lines: LogLine[]): FailingStep | null {
  let start = -1;
  let sawStart = false;
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] as LogLine;
    const text = line.text;
    if (isStepStart(lines, index)) {
      start = index;
      sawStart = true;
      continue;
    }
    const code = footerCode(text);
    if (code === undefined) continue;
    if (code !== 0) return { start, end: index, exitCode: code };
    start = -1;
  }
  // No failed footer: the step still running when the log ended (a time-out, a lost runner).
  return sawStart && start !== -1 ? { start, end: lines.length, exitCode: null } : null;
}

/**
 * "$ cmd" (Travis, GitLab), or "Run cmd" when it is a GitHub Actions step header: the cleaned
 * `##[group]Run …` is followed by the step's `shell:`, `with:` or `env:` block, which tells it
 * from tools that print "Run with --info…" or "Run options: --seed 1".
 */
function isStepStart(lines: LogLine[], index: number): boolean {
  const text = (lines[index] as LogLine).text;
  const first = text.charCodeAt(0);
  if (first === 36) return text.charCodeAt(1) === 32 && text.length > 2;
  if (first !== 82 || !text.startsWith("Run ")) return false;
  const last = Math.min(lines.length, index + stepHeaderLines);
  for (let at = index + 1; at < last; at++) {
    if (stepHeaderBlock.test((lines[at] as LogLine).text)) return true;
  }
  return false;
}

/** How far after `Run …` a GitHub step header's `shell:`/`with:`/`env:` block may begin. */
const stepHeaderLines = 40;
const stepHeaderBlock = /^(?:shell: \S|with:$|env:$)/;

/** The exit code a footer names (null: a cancellation or time-out), undefined if no footer. */
function footerCode(text: string): number | null | undefined {
  const first = text.charCodeAt(0);
  // Cheap gate: every footer starts with `T`, `"`, `#` or `E`.
  if (first !== 84 && first !== 34 && first !== 35 && first !== 69) return undefined;
  const match = travisFooter.exec(text) ?? githubFooter.exec(text) ?? gitlabFooter.exec(text);
  if (match === null) return undefined;
  return match[1] === undefined ? null : Number.parseInt(match[1], 10);
}
