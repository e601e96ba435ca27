import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";

/** Raw logs live as capped files beside the JSON, never inside it (lowdb rewrites the whole file). */
export class LogFiles {
  readonly #root: string;
  readonly #maxBytes: number;

  constructor(root: string, maxBytes: number) {
    this.#root = resolve(root);
    this.#maxBytes = maxBytes;
  }

  /** Writes the tail of `text` (at most maxBytes) and returns a ref relative to the logs root. */
  async save(eventId: string, name: string, text: string): Promise<string> {
    const ref = `${safe(eventId)}/${safe(name)}.log`;
    const path = join(this.#root, ref);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, tail(text, this.#maxBytes), "utf8");
    return ref;
  }

  async read(ref: string): Promise<string | null> {
    const path = resolve(this.#root, ref);
    if (relative(this.#root, path).startsWith("..")) return null;
    try {
      return await readFile(path, "utf8");
    } catch {
      return null;
    }
  }
}

function safe(part: string): string {
  return part.replace(/[^A-Za-z0-9._-]+/g, "_").slice(0, 120) || "_";
}

/** Keeps the last `maxBytes` bytes, cut at a line start so no line is half-kept. */
export function tail(text: string, maxBytes: number): string {
  const buffer = Buffer.from(text, "utf8");
  if (buffer.length <= maxBytes) return text;
  const cut = buffer.subarray(buffer.length - maxBytes).toString("utf8");
  const newline = cut.indexOf("\n");
  return newline >= 0 && newline < cut.length - 1 ? cut.slice(newline + 1) : cut;
}
