/**
 * A small Aho–Corasick automaton: finds every occurrence of a set of literals in one pass over a
 * text, overlapping ones included. ASCII letters are compared case-folded; a literal marked
 * case-insensitive also merges the lower and upper case of its non-ASCII characters, and a
 * case-sensitive one is checked exactly where the folded automaton reports it. Transitions sit
 * in a dense `Int32Array` (states × character classes), built once.
 *
 * The scan is the classifier's hottest loop (one step per character of the log), so a step is
 * one load: the table holds the next state's row offset rather than its number (no multiply),
 * negated (`~row`) when that state ends a literal (no second look-up to learn there is none).
 */

/** One literal to look for; `ignoreCase` as the RegExp flag would compare it. */
export interface AcLiteral {
  text: string;
  ignoreCase: boolean;
}

export interface AhoCorasick {
  literals: AcLiteral[];
  /** Character class of each UTF-16 code unit; 0 for units in no literal. */
  classOf: Uint16Array;
  /** Number of character classes (row width of `next`). */
  width: number;
  /**
   * delta[row + class], row = state × width: the row of the state after reading a unit of that
   * class, or `~row` when that state ends a literal.
   */
  delta: Int32Array;
  /** Literal ids ending at each state: outIds[outStart[s] … outStart[s + 1]). */
  outStart: Int32Array;
  outIds: Int32Array;
}

/** Called for each occurrence: the literal's id (index) and the offset just past its end. */
export type OnHit = (id: number, end: number) => void;

const foldAscii = (code: number) => (code >= 65 && code <= 90 ? code + 32 : code);

/**
 * Character classes: the units of the literals, ASCII letters folded, and the lower and upper
 * case of each non-ASCII unit of a case-insensitive literal joined (union-find over units).
 */
function classesOf(literals: AcLiteral[]): Uint16Array {
  const parent = new Map<number, number>();
  const root = (code: number): number => {
    let at = code;
    for (let up = parent.get(at); up !== undefined && up !== at; up = parent.get(at)) at = up;
    return at;
  };
  const join = (a: number, b: number) => {
    const ra = root(a);
    const rb = root(b);
    if (ra !== rb) parent.set(ra, rb);
  };
  for (const { text, ignoreCase } of literals) {
    for (let i = 0; i < text.length; i++) {
      const code = foldAscii(text.charCodeAt(i));
      if (!parent.has(code)) parent.set(code, code);
      if (!ignoreCase || code < 128) continue;
      for (const variant of [text[i]?.toLowerCase(), text[i]?.toUpperCase()]) {
        if (variant?.length !== 1) continue;
        const other = variant.charCodeAt(0);
        if (!parent.has(other)) parent.set(other, other);
        join(code, other);
      }
    }
  }
  const classOf = new Uint16Array(65536);
  const byRoot = new Map<number, number>();
  for (const code of parent.keys()) {
    const r = root(code);
    const cls = byRoot.get(r) ?? byRoot.size + 1;
    byRoot.set(r, cls);
    classOf[code] = cls;
    if (code >= 97 && code <= 122) classOf[code - 32] = cls;
  }
  return classOf;
}

export function buildAhoCorasick(literals: AcLiteral[]): AhoCorasick {
  const classOf = classesOf(literals);
  let width = 1;
  for (const cls of classOf) if (cls >= width) width = cls + 1;
  // The trie, one child map per state.
  const children: Array<Map<number, number>> = [new Map()];
  const own: number[][] = [[]];
  literals.forEach(({ text }, id) => {
    let state = 0;
    for (let i = 0; i < text.length; i++) {
      const cls = classOf[foldAscii(text.charCodeAt(i))] ?? 0;
      let child = children[state]?.get(cls);
      if (child === undefined) {
        child = children.length;
        children.push(new Map());
        own.push([]);
        children[state]?.set(cls, child);
      }
      state = child;
    }
    own[state]?.push(id);
  });
  // Breadth-first: fail links, the dense table and each state's outputs (its own, then its
  // fail state's, so shorter literals ending at the same offset come after longer ones).
  const states = children.length;
  const next = new Int32Array(states * width);
  const fail = new Int32Array(states);
  const outputs: number[][] = new Array(states);
  outputs[0] = own[0] ?? [];
  const queue = [0];
  for (let head = 0; head < queue.length; head++) {
    const state = queue[head] ?? 0;
    const row = state * width;
    const failRow = (fail[state] ?? 0) * width;
    for (let cls = 1; cls < width; cls++) {
      const child = children[state]?.get(cls);
      if (child === undefined) {
        next[row + cls] = state === 0 ? 0 : (next[failRow + cls] ?? 0);
        continue;
      }
      next[row + cls] = child;
      const childFail = state === 0 ? 0 : (next[failRow + cls] ?? 0);
      fail[child] = childFail;
      outputs[child] = [...(own[child] ?? []), ...(outputs[childFail] ?? [])];
      queue.push(child);
    }
  }
  const outStart = new Int32Array(states + 1);
  for (let s = 0; s < states; s++) outStart[s + 1] = (outStart[s] ?? 0) + (outputs[s]?.length ?? 0);
  const outIds = Int32Array.from(outputs.flat());
  const delta = new Int32Array(next.length);
  for (let at = 0; at < next.length; at++) {
    const state = next[at] as number;
    const ends = (outStart[state + 1] as number) > (outStart[state] as number);
    delta[at] = ends ? ~(state * width) : state * width;
  }
  return { literals, classOf, width, delta, outStart, outIds };
}

/** Reports every occurrence of every literal in `text`, by increasing end offset. */
export function scanAhoCorasick(ac: AhoCorasick, text: string, onHit: OnHit): void {
  const { classOf, delta } = ac;
  let row = 0;
  for (let i = 0; i < text.length; i++) {
    const step = delta[row + (classOf[text.charCodeAt(i)] as number)] as number;
    if (step >= 0) {
      row = step;
      continue;
    }
    row = ~step;
    const state = row / ac.width;
    for (let at = ac.outStart[state] as number; at < (ac.outStart[state + 1] as number); at++) {
      const id = ac.outIds[at] as number;
      if (occursAt(ac, id, text, i + 1)) onHit(id, i + 1);
    }
  }
}

/**
 * Adds to `found` the id of each literal that occurs in text[from, to) and is not in it yet.
 * No callback per hit: this runs once per line of a log.
 */
export function literalsIn(
  ac: AhoCorasick,
  text: string,
  from: number,
  to: number,
  found: number[],
): void {
  const { classOf, delta } = ac;
  let row = 0;
  for (let i = from; i < to; i++) {
    const step = delta[row + (classOf[text.charCodeAt(i)] as number)] as number;
    if (step >= 0) {
      row = step;
      continue;
    }
    row = ~step;
    const state = row / ac.width;
    for (let at = ac.outStart[state] as number; at < (ac.outStart[state + 1] as number); at++) {
      const id = ac.outIds[at] as number;
      if (!found.includes(id) && occursAt(ac, id, text, i + 1)) found.push(id);
    }
  }
}

/** Whether literal `id`, found folded, ends at `end` as written (case-sensitive ones). */
function occursAt(ac: AhoCorasick, id: number, text: string, end: number): boolean {
  const literal = ac.literals[id] as AcLiteral;
  return literal.ignoreCase || text.startsWith(literal.text, end - literal.text.length);
}
