/**
 * Required literals of a regular expression: a set of strings such that every text the pattern
 * matches contains at least one of them. The engine's prefilter (prefilter.ts) looks for them
 * first and runs the pattern only on lines that hold one. The analysis is conservative: when it
 * cannot prove a literal is required (a back-reference, an exotic escape), it returns null and
 * the pattern is tested on every line.
 *
 * Among several required literals the cheapest to look for wins: the one with a piece that
 * starts with a character rare in CI logs (see `gatePiece`).
 */

/** Required alternatives; `null` means "none known" (the pattern may match anything). */
export type Required = string[] | null;

/** More alternatives than this cost more to look for than they save. */
// 32, not 8: common rules (the network one) alternate ~17 messages and would otherwise run on
// every line (bench: whole-log classify 3.1 s → 2.6 s on 100 MB).
const maxAlternatives = 32;
/** The gate looks for at most this many characters of a literal. */
const maxPieceLength = 8;
/**
 * Share (per mille) under which a character is rare enough to look for alone: `^`, `!`, `~`,
 * `` ` `` and the like, not `#` (GitHub's `##[…]` and docker's `#5` start many lines).
 */
const rareShare = 0.7;

interface Parser {
  src: string;
  at: number;
  ignoreCase: boolean;
  rareShort: boolean;
}

/**
 * Required literals of `source` (as written; compare case-insensitively when `ignoreCase`).
 * `rareShort` also accepts pieces of one or two characters that start with a rare character
 * (`\^-*\s*SC\d{4}\b` → `^`): for a pattern that would otherwise run on every line.
 */
export function requiredLiterals(source: string, ignoreCase: boolean, rareShort = false): Required {
  const parser: Parser = { src: source, at: 0, ignoreCase, rareShort };
  try {
    const found = parseAlternation(parser).required;
    if (parser.at !== source.length || found === null) return null;
    const pieces = found.map((literal) => gatePiece(literal, ignoreCase, rareShort));
    return pieces.every((piece) => piece !== null) ? found : null;
  } catch {
    return null;
  }
}

/**
 * Printable ASCII characters of CI logs from most to least frequent (measured on Travis CI and
 * GitHub Actions logs): a gate literal that starts with a late one is tried at few positions.
 */
const byFrequency =
  " etsa.inorcl/d-pmu01hgb2:f_v43y65987k)(Sx=Tw[]CEIARPjNOD,U'>F$\"LM+\\B<@*z%{}qH#|KGW!^V;~`J&XZYQ";

/** Measured shares (per mille) at ranks 0, 10, 20, … of `byFrequency`. */
const shareAtRank = [110, 28, 13, 7.6, 4.6, 3.0, 2.0, 1.2, 0.8, 0.3];

/** Approximate share (per mille) of `char` among the characters of a CI log. */
export function frequency(char: string, ignoreCase = false): number {
  const share = (c: string) => {
    const rank = byFrequency.indexOf(c);
    if (rank === -1) return 0.1;
    const step = Math.min(Math.floor(rank / 10), shareAtRank.length - 2);
    const from = shareAtRank[step] ?? 0.1;
    const to = shareAtRank[step + 1] ?? 0.1;
    return from * (to / from) ** ((rank - step * 10) / 10);
  };
  if (!ignoreCase) return share(char);
  const lower = char.toLowerCase();
  const upper = char.toUpperCase();
  return lower === upper ? share(char) : share(lower) + share(upper);
}

/**
 * The piece of a required literal worth looking for: up to 8 characters from the position whose
 * character is rarest. Three characters at least (two-letter pieces such as `TS` occur in most
 * words), any if the first is non-ASCII or, with `rareShort`, rare; null when the literal has
 * no such piece.
 */
export function gatePiece(literal: string, ignoreCase: boolean, rareShort = false): string | null {
  let best: string | null = null;
  let bestCost = Number.POSITIVE_INFINITY;
  for (let at = 0; at < literal.length; at++) {
    const piece = literal.slice(at, at + maxPieceLength);
    const cost = pieceCost(piece, ignoreCase, rareShort);
    if (cost < bestCost) {
      best = piece;
      bestCost = cost;
    }
  }
  return best;
}

/**
 * What looking for a piece costs: how often its first character occurs (the gate tries the piece
 * there), plus a penalty for short pieces (they also occur by chance, and each false candidate
 * costs a pattern test).
 */
function pieceCost(piece: string, ignoreCase: boolean, rareShort: boolean): number {
  const first = frequency(piece[0] ?? " ", ignoreCase);
  const long = piece.length >= 3;
  const wide = /^[^\x20-\x7e]/.test(piece);
  const rare = rareShort && first < rareShare;
  if (!long && !wide && !rare) return Number.POSITIVE_INFINITY;
  return first + (wide ? 0 : 4 * Math.max(0, 6 - piece.length));
}

/** What looking for the set costs: the sum over its literals of their best piece's cost. */
function setCost(set: string[], ignoreCase: boolean, rareShort: boolean): number {
  let total = 0;
  for (const literal of set) {
    const piece = gatePiece(literal, ignoreCase, rareShort);
    if (piece === null) return Number.POSITIVE_INFINITY;
    total += pieceCost(piece, ignoreCase, rareShort);
  }
  return total;
}

/** What a sub-pattern tells: literals it requires and, when it is a plain literal, its texts. */
interface Part {
  required: Required;
  /** Every text it can match, when that is a short list of literals (`(?:401|403)`), else null. */
  exact: string[] | null;
}

/** `a|b|c` → the union of each branch's literals (null if any branch has none). */
function parseAlternation(p: Parser): Part {
  const branches: Part[] = [parseSequence(p)];
  while (p.src[p.at] === "|") {
    p.at++;
    branches.push(parseSequence(p));
  }
  if (branches.length === 1) return branches[0] ?? { required: null, exact: null };
  return {
    required: union(branches.map((b) => b.required)),
    exact: union(branches.map((b) => b.exact)),
  };
}

function union(sets: Array<string[] | null>): string[] | null {
  const all: string[] = [];
  for (const set of sets) {
    if (set === null) return null;
    for (const literal of set) if (!all.includes(literal)) all.push(literal);
  }
  return all.length > maxAlternatives ? null : all;
}

/** One element of a sequence: zero-width, or a part with its quantifier still to come. */
type Atom = { zeroWidth: true } | ({ zeroWidth: false } & Part);

/**
 * A sequence: runs of literal text, where a run is the product of its parts' texts (`40[13]`
 * gives `401` and `403`; a quantifier that may skip or repeat a part ends the run), and nested
 * groups. The cheapest candidate set to look for wins.
 */
function parseSequence(p: Parser): Part {
  const candidates: string[][] = [];
  let run: string[] = [""];
  let pure = true;
  const endRun = () => {
    if (run.some((text) => text !== "")) candidates.push(run);
    run = [""];
  };
  while (p.at < p.src.length && p.src[p.at] !== "|" && p.src[p.at] !== ")") {
    const atom = parseAtom(p);
    const { min, max } = parseQuantifier(p);
    if (atom.zeroWidth) continue;
    const { exact } = atom;
    if (exact !== null && min >= 1) {
      const once = product(run, exact);
      if (min === 1 && max === 1 && once !== null) {
        run = once;
        continue;
      }
      // Repeated: the first copies extend the run, the last one starts the next run.
      const single = exact.length === 1 ? (exact[0] ?? "") : null;
      const head = single === null ? null : product(run, [single.repeat(min)]);
      if (head !== null) run = head;
      else candidates.push(exact);
      endRun();
      if (max !== min) pure = false;
      if (single !== null && max !== min) run = [single];
      continue;
    }
    pure = false;
    endRun();
    if (min > 0 && atom.required !== null) candidates.push(atom.required);
  }
  const exact = pure && candidates.length === 0 ? run : null;
  endRun();
  return { required: best(candidates, p.ignoreCase, p.rareShort), exact };
}

/** Every concatenation of a text of `left` with one of `right`; null when there are too many. */
function product(left: string[], right: string[]): string[] | null {
  if (left.length * right.length > maxAlternatives) return null;
  return left.flatMap((a) => right.map((b) => a + b));
}

function best(candidates: string[][], ignoreCase: boolean, rareShort: boolean): Required {
  let chosen: string[] | null = null;
  let lowest = Number.POSITIVE_INFINITY;
  for (const set of candidates) {
    const cost = setCost(set, ignoreCase, rareShort);
    if (cost < lowest) {
      chosen = set;
      lowest = cost;
    }
  }
  return chosen;
}

function parseQuantifier(p: Parser): { min: number; max: number } {
  const c = p.src[p.at];
  let min = 1;
  let max = 1;
  if (c === "*" || c === "+" || c === "?") {
    p.at++;
    min = c === "+" ? 1 : 0;
    max = c === "?" ? 1 : Number.POSITIVE_INFINITY;
  } else if (c === "{") {
    const m = /^\{(\d+)(,(\d*))?\}/.exec(p.src.slice(p.at));
    if (m) {
      p.at += m[0].length;
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] === "" ? Number.POSITIVE_INFINITY : Number(m[3]);
      if (max !== min) max = Number.POSITIVE_INFINITY;
    }
  }
  if (p.src[p.at] === "?" && (c === "*" || c === "+" || c === "?" || c === "{")) p.at++;
  return { min, max };
}

const opaque: Atom = { zeroWidth: false, required: null, exact: null };
const zeroWidth: Atom = { zeroWidth: true };
const literal = (char: string): Atom => ({ zeroWidth: false, required: [char], exact: [char] });

function parseAtom(p: Parser): Atom {
  const c = p.src[p.at] ?? "";
  if (c === "(") return parseGroup(p);
  if (c === "[") return parseClass(p);
  p.at++;
  if (c === "^" || c === "$") return zeroWidth;
  if (c === ".") return opaque;
  if (c === "\\") return parseEscape(p);
  // A brace or bracket where no quantifier or class can start is a literal character.
  if (c === "*" || c === "+" || c === "?") throw new Error("nothing to repeat");
  return literal(c);
}

function parseGroup(p: Parser): Atom {
  const rest = p.src.slice(p.at, p.at + 4);
  let lookaround = false;
  if (rest.startsWith("(?:")) p.at += 3;
  else if (rest.startsWith("(?=") || rest.startsWith("(?!")) {
    p.at += 3;
    lookaround = true;
  } else if (rest.startsWith("(?<=") || rest.startsWith("(?<!")) {
    p.at += 4;
    lookaround = true;
  } else if (rest.startsWith("(?<")) {
    const close = p.src.indexOf(">", p.at);
    if (close === -1) throw new Error("bad group name");
    p.at = close + 1;
  } else if (rest.startsWith("(?")) throw new Error("unsupported group");
  else p.at += 1;
  const inner = parseAlternation(p);
  if (p.src[p.at] !== ")") throw new Error("unclosed group");
  p.at++;
  return lookaround ? zeroWidth : { zeroWidth: false, ...inner };
}

/** A class of a few plain characters (`[×✕]`) is an alternation of them; others are opaque. */
function parseClass(p: Parser): Atom {
  const start = ++p.at;
  const negated = p.src[p.at] === "^";
  if (negated || p.src[p.at] === "]") p.at++;
  let plain = !negated;
  while (p.at < p.src.length && p.src[p.at] !== "]") {
    if (p.src[p.at] === "\\" || p.src[p.at] === "-") plain = false;
    if (p.src[p.at] === "\\") p.at++;
    p.at++;
  }
  if (p.at >= p.src.length) throw new Error("unclosed class");
  const members = [...new Set(p.src.slice(start, p.at))];
  p.at++;
  if (!plain || members.length > maxAlternatives) return opaque;
  return { zeroWidth: false, required: members, exact: members };
}

/** Any escaped character that is not a letter or digit stands for itself. */
const escapedLiteral = /^[^A-Za-z0-9]$/;
const zeroWidthEscapes = new Set(["b", "B"]);
const classEscapes = new Set(["d", "D", "s", "S", "w", "W"]);
const controlEscapes: Record<string, string> = { n: "\n", r: "\r", t: "\t", f: "\f", v: "\v" };

function parseEscape(p: Parser): Atom {
  const c = p.src[p.at] ?? "";
  p.at++;
  if (zeroWidthEscapes.has(c)) return zeroWidth;
  if (classEscapes.has(c)) return opaque;
  const control = controlEscapes[c];
  if (control !== undefined) return literal(control);
  if (c === "u" || c === "x") {
    const width = c === "x" ? 2 : 4;
    const hex = p.src.slice(p.at, p.at + width);
    if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== width) throw new Error("bad escape");
    p.at += width;
    return literal(String.fromCharCode(Number.parseInt(hex, 16)));
  }
  if (escapedLiteral.test(c)) return literal(c);
  throw new Error(`unsupported escape \\${c}`);
}
