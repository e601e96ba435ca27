/**
 * The possible first characters of a `^`-anchored pattern, so the prefilter can run it only on
 * lines that start with one of them: `^npm ERR!` needs an `n` at column 0, `^\s*● ` needs a `●`
 * as the first non-blank character. Null when the start is not that simple.
 */

/** Where to look and what may be there. */
export interface AnchoredStart {
  /** True when blanks may come first (`^\s*`, `^\s+`, `^ *`): look at the first non-blank. */
  skipBlanks: boolean;
  /** Every character a matching line can have at that place (both cases when ignoreCase). */
  firsts: string[];
}

/** More first characters than this are not worth a dispatch entry. */
const maxFirsts = 16;
const blanksPrefix = /^(?:\\s[*+]|\\s\{\d*(?:,\d*)?\}| [*+])\??/;

export function anchoredStart(source: string, ignoreCase: boolean): AnchoredStart | null {
  if (!source.startsWith("^")) return null;
  let rest = source.slice(1);
  const blanks = blanksPrefix.exec(rest);
  if (blanks) rest = rest.slice(blanks[0].length);
  const firsts = firstChars(rest);
  if (firsts === null) return null;
  const all = ignoreCase ? firsts.flatMap((c) => [c.toLowerCase(), c.toUpperCase()]) : firsts;
  const unique = [...new Set(all)];
  return unique.length > maxFirsts ? null : { skipBlanks: blanks !== null, firsts: unique };
}

/** First characters of whatever `source` starts with, or null when it may be empty or wide. */
function firstChars(source: string): string[] | null {
  const atom = leadingAtom(source);
  if (atom === null) return null;
  // An atom that may repeat zero times does not decide the first character.
  if (/^(?:[*?]|\{0[,}])/.test(source.slice(atom.length))) return null;
  return atom.firsts;
}

function leadingAtom(source: string): { length: number; firsts: string[] } | null {
  const c = source[0];
  if (c === undefined || "|)*+?{^$.".includes(c)) return null;
  if (c === "\\") {
    const e = source[1] ?? "";
    if (e === "d") return { length: 2, firsts: [..."0123456789"] };
    return /^[^A-Za-z0-9]$/.test(e) ? { length: 2, firsts: [e] } : null;
  }
  if (c === "[") return leadingClass(source);
  if (c === "(") return leadingGroup(source);
  return { length: 1, firsts: [c] };
}

/** `[abc]` or `[0-9A-F]`: its members; a negated class or one with escapes is too wide. */
function leadingClass(source: string): { length: number; firsts: string[] } | null {
  const close = source.indexOf("]", 2);
  if (close === -1 || source[1] === "^" || source.slice(1, close).includes("\\")) return null;
  const body = source.slice(1, close);
  const firsts: string[] = [];
  for (let i = 0; i < body.length; i++) {
    const from = body.charCodeAt(i);
    if (body[i + 1] === "-" && i + 2 < body.length) {
      const to = body.charCodeAt(i + 2);
      for (let code = from; code <= to; code++) firsts.push(String.fromCharCode(code));
      i += 2;
    } else firsts.push(body[i] ?? "");
  }
  return firsts.length > maxFirsts ? null : { length: close + 1, firsts };
}

/** `(?:ab|cd)` or `(ab|cd)`: the union of its branches' first characters. */
function leadingGroup(source: string): { length: number; firsts: string[] } | null {
  let open = 1;
  if (source.startsWith("(?:")) open = 3;
  else if (source.startsWith("(?")) return null;
  const branches: string[] = [];
  let depth = 0;
  let start = open;
  for (let i = open; i < source.length; i++) {
    const c = source[i];
    if (c === "\\") i++;
    else if (c === "[") i = source.indexOf("]", i + 2);
    else if (c === "(") depth++;
    else if (c === ")" && depth > 0) depth--;
    else if ((c === "|" || c === ")") && depth === 0) {
      branches.push(source.slice(start, i));
      start = i + 1;
      if (c === ")") {
        const firsts = branches.map(firstChars);
        if (firsts.some((f) => f === null)) return null;
        return { length: i + 1, firsts: [...new Set(firsts.flat() as string[])] };
      }
    }
    if (i === -1) return null;
  }
  return null;
}
