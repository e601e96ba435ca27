/**
 * The prepared lines of a log as columns. A million retained line objects (and as many retained
 * line strings) cost more in garbage collection than everything else the classifier does to a
 * 100 MB log, so a line is kept as numbers: where its text lies in the log, its line number and
 * its flags. Only a line whose cleaning changed more than its ends (ANSI codes removed) keeps a
 * string of its own. The engine (failing-step.ts, prefilter.ts) reads the columns; everyone
 * else reads `LogLine` objects made on access by `linesOf`.
 */

/** One cleaned, non-blank line; `line` is its 1-based number in the log as given. */
export interface LogLine {
  line: number;
  text: string;
  /** A generic "something failed with exit code N" line: never evidence when a real error exists. */
  wrapper: boolean;
}

export interface LineTable {
  count: number;
  /** The text the spans index: the raw log. */
  source: string;
  /** Line i's text is source[start[i], end[i]); with `cleanedFlag`, it is cleaned[start[i]]. */
  start: Int32Array;
  end: Int32Array;
  /** 1-based line numbers. */
  number: Int32Array;
  /** `wrapperFlag`, `cleanedFlag`. */
  flags: Uint8Array;
  /** Texts that are no span of `source`, in line order. */
  cleaned: string[];
}

export const wrapperFlag = 1;
export const cleanedFlag = 2;

/** The text of line `i` (a new slice of the log each time for most lines). */
export function textOf(table: LineTable, i: number): string {
  const start = table.start[i] as number;
  if ((table.flags[i] as number) & cleanedFlag) return table.cleaned[start] as string;
  return table.source.slice(start, table.end[i]);
}

/** The code unit at `k` in line i's text (NaN past its end), without making the text. */
export function codeAt(table: LineTable, i: number, k: number): number {
  const start = table.start[i] as number;
  if ((table.flags[i] as number) & cleanedFlag)
    return (table.cleaned[start] as string).charCodeAt(k);
  const at = start + k;
  return at < (table.end[i] as number) ? table.source.charCodeAt(at) : Number.NaN;
}

export function lineAt(table: LineTable, i: number): LogLine {
  const wrapper = ((table.flags[i] as number) & wrapperFlag) !== 0;
  return { line: table.number[i] as number, text: textOf(table, i), wrapper };
}

/** Appends lines to a table, growing its columns by doubling. */
export class LineTableBuilder {
  readonly table: LineTable;

  constructor(source: string, capacity = 1024) {
    const size = Math.max(1, capacity);
    this.table = {
      count: 0,
      source,
      start: new Int32Array(size),
      end: new Int32Array(size),
      number: new Int32Array(size),
      flags: new Uint8Array(size),
      cleaned: [],
    };
  }

  /** A line whose text is source[start, end). */
  span(number: number, start: number, end: number, wrapper: boolean): void {
    const t = this.table;
    if (t.count === t.start.length) this.grow();
    t.start[t.count] = start;
    t.end[t.count] = end;
    t.number[t.count] = number;
    t.flags[t.count] = wrapper ? wrapperFlag : 0;
    t.count++;
  }

  /** A line whose text is no span of the source. */
  text(number: number, text: string, wrapper: boolean): void {
    const t = this.table;
    this.span(number, t.cleaned.length, text.length, wrapper);
    t.flags[t.count - 1] = (t.flags[t.count - 1] as number) | cleanedFlag;
    t.cleaned.push(text);
  }

  private grow(): void {
    const t = this.table;
    const size = t.start.length * 2;
    const copy = <T extends Int32Array | Uint8Array>(from: T, to: T) => {
      to.set(from);
      return to;
    };
    t.start = copy(t.start, new Int32Array(size));
    t.end = copy(t.end, new Int32Array(size));
    t.number = copy(t.number, new Int32Array(size));
    t.flags = copy(t.flags, new Uint8Array(size));
  }
}

const tables = new WeakMap<object, LineTable>();

/**
 * The lines of `table` as a read-only array whose elements are made on access (a Proxy): callers
 * index it like any array, and the engine gets the columns back with `tableOf`.
 */
export function linesOf(table: LineTable): LogLine[] {
  // The target stays empty: sizing an array to a million holes costs more than the lines.
  const lines = new Proxy<LogLine[]>([], {
    get(target, key, receiver) {
      const i = arrayIndex(key);
      if (i >= 0) return i < table.count ? lineAt(table, i) : undefined;
      return key === "length" ? table.count : Reflect.get(target, key, receiver);
    },
    has(target, key) {
      const i = arrayIndex(key);
      return i < 0 ? Reflect.has(target, key) : i < table.count;
    },
    getOwnPropertyDescriptor(target, key) {
      const i = arrayIndex(key);
      const own = Reflect.getOwnPropertyDescriptor(target, key);
      if (key === "length" && own !== undefined) return { ...own, value: table.count };
      if (i < 0 || i >= table.count) return own;
      return { value: lineAt(table, i), writable: false, enumerable: true, configurable: true };
    },
    ownKeys(target) {
      return [...Array.from({ length: table.count }, (_, i) => `${i}`), ...Reflect.ownKeys(target)];
    },
    set: () => false,
    defineProperty: () => false,
    deleteProperty: () => false,
  });
  tables.set(lines, table);
  return lines;
}

/** The columns behind `lines`: those of `linesOf`, else built from the objects (tests). */
export function tableOf(lines: LogLine[]): LineTable {
  const known = tables.get(lines);
  if (known !== undefined) return known;
  const builder = new LineTableBuilder("", lines.length);
  for (const { line, text, wrapper } of lines) builder.text(line, text, wrapper);
  return builder.table;
}

/** The array index a property key names, else -1. */
function arrayIndex(key: string | symbol): number {
  if (typeof key !== "string") return -1;
  const first = key.charCodeAt(0);
  if (!(first >= 48 && first <= 57)) return -1;
  const i = Number(key);
  return Number.isSafeInteger(i) && `${i}` === key ? i : -1;
}
