/**
 * Translate the rules' JavaScript regular expressions for GNU grep, so the benchmark can compare
 * classify() with grep on the same patterns. Two dialects: PCRE (`grep -P`, nearly the same
 * syntax) and POSIX ERE (`grep -E`, GNU grep's DFA, which has no lookaround: those are dropped,
 * making the pattern match a superset of lines, which costs grep nothing).
 */

/** grep -P: JS syntax is PCRE syntax except for variable-length lookbehind. */
export function toPcre(source: string): string {
  // `(?<!\.pyi?)` → `(?<!\.py)(?<!\.pyi)`: PCRE2 before 10.43 wants fixed-length lookbehind.
  return source.replace(/\(\?<([=!])((?:[^()\\]|\\.)*?)(\\?.)\?\)/g, "(?<$1$2)(?<$1$2$3)");
}

/** PCRE union of several patterns; case-insensitive ones keep their flag as an inline group. */
export function pcreUnion(patterns: RegExp[]): string {
  return patterns
    .map((p) => (p.ignoreCase ? `(?i:${toPcre(p.source)})` : `(?:${toPcre(p.source)})`))
    .join("|");
}

const classInBracket: Record<string, string> = { d: "0-9", w: "[:alnum:]_", s: "[:space:]" };
const classOutside: Record<string, string> = { d: "[0-9]", D: "[^0-9]" };
const lazy = new Set(["*", "+", "?", "}"]);

/**
 * grep -E (GNU ERE): groups made plain, lookarounds dropped, `\d` spelled out, lazy made greedy.
 * `ignoreCase` spells each letter as `[aA]`, since ERE has no inline flag and one grep pass over
 * all patterns is faster than a second `grep -i` pass.
 */
export function toEre(source: string, ignoreCase = false): string {
  let out = "";
  let i = 0;
  while (i < source.length) {
    const ch = source[i] ?? "";
    if (ch === "\\") {
      const next = source[i + 1] ?? "";
      if (classOutside[next]) out += classOutside[next];
      else if (next === "t") out += "\t";
      else if ("sSwWbB".includes(next) || /[.*+?^$()[\]{}|\\]/.test(next)) out += `\\${next}`;
      else out += next; // `\/`, `\-`, `\:` …: the character itself.
      i += 2;
    } else if (ch === "[") {
      const [bracket, end] = translateBracket(source, i, ignoreCase);
      out += bracket;
      i = end;
    } else if (source.startsWith("(?", i)) {
      const kind = source[i + 2];
      if (kind === ":") {
        out += "(";
        i += 3;
      } else if (kind === "<" && /[A-Za-z]/.test(source[i + 3] ?? "")) {
        out += "(";
        i = source.indexOf(">", i) + 1;
      } else {
        i = groupEnd(source, i); // lookahead or lookbehind: dropped.
      }
    } else {
      out += ignoreCase && /[a-z]/i.test(ch) ? `[${ch.toLowerCase()}${ch.toUpperCase()}]` : ch;
      i++;
      // `*?` → `*`: ERE has no lazy quantifiers, and for "does the line match" they are equal.
      if (lazy.has(ch) && source[i] === "?" && out.length > 1) i++;
    }
  }
  return out;
}

/** The bracket expression starting at `start` in ERE form, and the index after it. */
function translateBracket(source: string, start: number, ignoreCase = false): [string, number] {
  let i = start + 1;
  const negate = source[i] === "^";
  if (negate) i++;
  const items: string[] = [];
  let close = false;
  let dash = false;
  while (i < source.length && !(source[i] === "]" && (items.length > 0 || close || dash))) {
    let item = source[i] ?? "";
    if (item === "\\") {
      const next = source[i + 1] ?? "";
      item = classInBracket[next] ?? (next === "t" ? "\t" : next);
      i += 2;
    } else i++;
    if (source[i] === "-" && source[i + 1] !== "]" && item.length === 1) {
      const hi = source[i + 1] === "\\" ? (source[i + 2] ?? "") : (source[i + 1] ?? "");
      i += source[i + 1] === "\\" ? 3 : 2;
      items.push(`${item}-${hi}`);
    } else if (item === "]") close = true;
    else if (item === "-") dash = true;
    else items.push(item);
  }
  if (ignoreCase) items.push(...items.flatMap(otherCase));
  // ERE: "]" must come first and "-" last to be literal.
  const body = `${close ? "]" : ""}${items.join("")}${dash ? "-" : ""}`;
  return [`[${negate ? "^" : ""}${body}]`, i + 1];
}

/** `a` → `A`, `a-z` → `A-Z`; nothing for items without letters. */
function otherCase(item: string): string[] {
  if (/^[a-z](?:-[a-z])?$/.test(item)) return [item.toUpperCase()];
  if (/^[A-Z](?:-[A-Z])?$/.test(item)) return [item.toLowerCase()];
  return [];
}

/** Index just after the group opening at `start` (balanced parentheses, escapes skipped). */
function groupEnd(source: string, start: number): number {
  let depth = 0;
  for (let i = start; i < source.length; i++) {
    const ch = source[i];
    if (ch === "\\") i++;
    else if (ch === "[") i = translateBracket(source, i)[1] - 1;
    else if (ch === "(") depth++;
    else if (ch === ")" && --depth === 0) return i + 1;
  }
  return source.length;
}
