/**
 * Cleaning one line of a CI log: the timestamp prefix, CI markers, ANSI codes, group markers and
 * `\r` redraws go; trailing whitespace goes. Most lines of a big log carry none of these beyond
 * the timestamp and trailing blanks, so prepare-log.ts keeps their text as a span of the log
 * (`plainSpanStart`, `trimmedEnd`) and calls `cleanText` only on the lines `decoration` finds.
 */

/**
 * What makes a line's cleaned text more than a trimmed span of it: ESC and 8-bit CSI, a `\r`
 * with something visible after it (a bare `\r` before the line end only trims), a colour code
 * that lost its ESC, CI markers. Global, so one search serves every line up to its next match.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: ESC and CSI are what it looks for.
export const decoration = /[\u001b\u009b]|\r(?![^\S\n]*(?:\n|$))|\[\d|travis_|section_/g;

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
// A cheap test in front of the replaces of cleanText: it hits every line one of them changes.
// biome-ignore lint/suspicious/noControlCharactersInRegex: ESC and CSI are what it looks for.
const decorated = /[\r\u001b\u009b[]|travis_|section_/;

/**
 * The text a reader would see for one raw line (timestamp already removed): CI markers, ANSI
 * codes and group markers removed, and of a line redrawn with `\r` (progress bars) only its last
 * visible state. Trailing whitespace is trimmed, so a blank line comes back as "".
 */
export function cleanText(line: string): string {
  let text = line;
  if (decorated.test(text)) {
    if (text.includes("travis_") || text.includes("section_")) text = text.replace(ciMarker, "");
    if (text.includes("\r")) text = lastVisibleSegment(text);
    text = stripAnsi(text);
    if (text.startsWith("##[")) text = text.replace(groupMarker, "");
  }
  return text.trimEnd();
}

/**
 * The last `\r`-separated state of a redrawn line that shows something: a terminal would show
 * an erase-line (`text\r\e[0K`) as blank, but losing the text is worse than keeping it here.
 */
function lastVisibleSegment(text: string): string {
  return text.split("\r").findLast((segment) => stripAnsi(segment).trim() !== "") ?? "";
}

function stripAnsi(text: string): string {
  const escaped = text.includes("\u001b") || text.includes("\u009b");
  const plain = escaped ? text.replace(ansiPattern, "") : text;
  return plain.includes("[") ? plain.replace(bareAnsi, "") : plain;
}

/**
 * Length of the BOM, the GitHub Actions timestamp (GitLab adds a stream tag after it) and a
 * BuildKit step prefix at `at`. The timestamp is
 * `\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z ?(?:\d\d[OE]\+? )?`, read by hand because a regex
 * call per line cost more than the rest of reading the line.
 */
export function prefixLength(text: string, at: number): number {
  const from = at === 0 && text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const stamp = timestampEnd(text, at + from);
  const start = stamp === -1 ? at + from : stamp;
  return buildkitEnd(text, start) - at;
}

/**
 * After BuildKit's plain-progress prefix `#12 3.456 ` (step number, seconds), where the output
 * of a `RUN` in `docker build` starts; else `at`. Without it no `^`-anchored rule (npm, gcc,
 * pytest…) could see a tool's output inside a Docker build. Step headers (`#12 [2/5] RUN …`)
 * and results (`#12 ERROR: …`, `#12 DONE 0.1s`) carry no seconds and stay as they are.
 */
function buildkitEnd(text: string, at: number): number {
  if (text.charCodeAt(at) !== 35) return at;
  let k = at + 1;
  while (isDigit(text.charCodeAt(k))) k++;
  if (k === at + 1 || text.charCodeAt(k) !== 32) return at;
  const seconds = ++k;
  while (isDigit(text.charCodeAt(k))) k++;
  if (k === seconds || text.charCodeAt(k) !== 46 || !isDigit(text.charCodeAt(k + 1))) return at;
  k += 2;
  while (isDigit(text.charCodeAt(k))) k++;
  if (text.charCodeAt(k) === 32) return k + 1;
  return k === text.length || text.charCodeAt(k) === 10 || text.charCodeAt(k) === 13 ? k : at;
}

/** Offsets of the digits of `dddd-dd-ddTdd:dd:dd`; its separators are checked first. */
const stampDigits = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18];

function timestampEnd(text: string, at: number): number {
  if (text.charCodeAt(at + 10) !== 84 || text.charCodeAt(at + 4) !== 45) return -1;
  if (text.charCodeAt(at + 7) !== 45 || text.charCodeAt(at + 13) !== 58) return -1;
  if (text.charCodeAt(at + 16) !== 58) return -1;
  for (let k = 0; k < stampDigits.length; k++) {
    if (!isDigit(text.charCodeAt(at + (stampDigits[k] as number)))) return -1;
  }
  let end = at + 19;
  if (text.charCodeAt(end) === 46) {
    if (!isDigit(text.charCodeAt(end + 1))) return -1;
    end += 2;
    while (isDigit(text.charCodeAt(end))) end++;
  }
  if (text.charCodeAt(end) !== 90) return -1;
  end++;
  if (text.charCodeAt(end) === 32) end++;
  const tag = text.charCodeAt(end + 2);
  const stream = tag === 79 || tag === 69;
  if (stream && isDigit(text.charCodeAt(end)) && isDigit(text.charCodeAt(end + 1))) {
    const space = text.charCodeAt(end + 3) === 43 ? end + 4 : end + 3;
    if (text.charCodeAt(space) === 32) end = space + 1;
  }
  return end;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** Where the text of an undecorated line starts: after a leading `##[group]`/`##[endgroup]`. */
export function plainSpanStart(text: string, at: number): number {
  if (text.charCodeAt(at) !== 35) return at;
  if (text.startsWith("##[group]", at)) return at + 9;
  if (text.startsWith("##[endgroup]", at)) return at + 12;
  return at;
}

/** End of text[from, to) without its trailing whitespace (what trimEnd removes). */
export function trimmedEnd(text: string, from: number, to: number): number {
  let end = to;
  while (end > from && isBlank(text.charCodeAt(end - 1))) end--;
  return end;
}

/** Exactly the characters of JavaScript's `\s` (and of what `trim` removes). */
export function isBlank(code: number): boolean {
  if (code <= 32) return code === 32 || (code >= 9 && code <= 13);
  if (code < 160) return false;
  return (
    code === 160 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

/**
 * The first match of a global regex at or after a position, for positions that only grow: one
 * search serves every line before that match, so a pattern that few lines hold costs one pass
 * over the log instead of one call per line.
 */
export class NextMatch {
  private found = -1;

  constructor(
    private readonly pattern: RegExp,
    private readonly text: string,
  ) {}

  /** Index of the first match starting at or after `from` (text.length when none). */
  from(from: number): number {
    if (this.found >= from) return this.found;
    this.pattern.lastIndex = from;
    const match = this.pattern.exec(this.text);
    this.found = match === null ? this.text.length : match.index;
    return this.found;
  }
}
