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
import { codeAt, type LineTable, type LogLine, tableOf, textOf } from "./line-table.js";

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
  const table = tableOf(lines);
  const blocks = new HeaderBlocks(table);
  let start = -1;
  let sawStart = false;
  for (let index = 0; index < table.count; index++) {
    if (isStepStart(table, index, blocks)) {
      start = index;
      sawStart = true;
      continue;
    }
    const code = footerCode(table, index);
    if (code === undefined) continue;
    if (code !== 0) return { start, end: index, exitCode: code };
    start = -1;
  }
  // No failed footer: the step still running when the log ended (a time-out, a lost runner).
  return sawStart && start !== -1 ? { start, end: table.count, exitCode: null } : null;
}

/**
 * "$ cmd" (Travis, GitLab), or "Run cmd" when it is a GitHub Actions step header: the cleaned
 * `##[group]Run …` is followed by the step's `shell:`, `with:` or `env:` block, which tells it
 * from tools that print "Run with --info…" or "Run options: --seed 1".
 */
function isStepStart(table: LineTable, index: number, blocks: HeaderBlocks): boolean {
  const first = codeAt(table, index, 0);
  if (first === 36) return codeAt(table, index, 1) === 32 && !Number.isNaN(codeAt(table, index, 2));
  if (first !== 82 || codeAt(table, index, 1) !== 117) return false;
  if (codeAt(table, index, 2) !== 110 || codeAt(table, index, 3) !== 32) return false;
  return blocks.within(index + 1, Math.min(table.count, index + stepHeaderLines));
}

/** How far after `Run …` a GitHub step header's `shell:`/`with:`/`env:` block may begin. */
const stepHeaderLines = 40;
const stepHeaderBlock = /^(?:shell: \S|with:$|env:$)/;

/**
 * Where the `shell:`/`with:`/`env:` lines are, for queries that move forward through the log:
 * each line is looked at once, however many `Run …` lines look ahead over it (a log that prints
 * thousands of "Run …" lines without a step block would otherwise cost 40 tests per line).
 */
class HeaderBlocks {
  /** Lines below this index have been looked at. */
  private scanned = 0;
  /** The last block line found; every block line below `scanned` is at or before it. */
  private found = -1;

  constructor(private readonly table: LineTable) {}

  /** Whether a block line lies in [from, to); `from` must not decrease between calls. */
  within(from: number, to: number): boolean {
    if (this.found >= from) return this.found < to;
    for (let at = Math.max(from, this.scanned); at < to; at++) {
      const head = codeAt(this.table, at, 0);
      // `shell:`, `with:`, `env:`: most lines fail on their first character.
      if (
        (head === 115 || head === 119 || head === 101) &&
        stepHeaderBlock.test(textOf(this.table, at))
      ) {
        this.found = at;
        this.scanned = at + 1;
        return true;
      }
    }
    this.scanned = Math.max(this.scanned, to);
    return false;
  }
}

/** The exit code a footer names (null: a cancellation or time-out), undefined if no footer. */
function footerCode(table: LineTable, index: number): number | null | undefined {
  // Each footer has its own first two characters: `Th` or `" ` (Travis), `##` (GitHub), `ER`
  // (GitLab), so most lines are told apart without making their text.
  const first = codeAt(table, index, 0);
  const second = codeAt(table, index, 1);
  let footer: RegExp;
  if ((first === 84 && second === 104) || (first === 34 && second === 32)) footer = travisFooter;
  else if (first === 35 && second === 35) footer = githubFooter;
  else if (first === 69 && second === 82) footer = gitlabFooter;
  else return undefined;
  const match = footer.exec(textOf(table, index));
  if (match === null) return undefined;
  return match[1] === undefined ? null : Number.parseInt(match[1], 10);
}
