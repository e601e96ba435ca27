import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from "node:fs";
import { StoreLockedError } from "../../domain/errors.js";

/**
 * A pid lock file. Written by hand because the libraries (proper-lockfile) judge staleness by
 * mtime and need a refresh timer; a pid check is exact for the single-host embedded store.
 */
/** Lock files this process holds: a second open in the same process is refused too. */
const heldHere = new Set<string>();

export class FileLock {
  readonly #path: string;
  #held = false;

  constructor(path: string) {
    this.#path = path;
  }

  /** Takes the lock or throws `StoreLockedError` naming the live holder. */
  acquire(): void {
    if (heldHere.has(this.#path)) throw new StoreLockedError(this.#path, process.pid);
    for (let tries = 0; tries < 2; tries += 1) {
      try {
        const fd = openSync(this.#path, "wx");
        writeSync(fd, `${process.pid}\n`);
        closeSync(fd);
        this.#held = true;
        heldHere.add(this.#path);
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
        const holder = readHolder(this.#path);
        if (holder !== null && holder !== process.pid && isAlive(holder)) {
          throw new StoreLockedError(this.#path, holder);
        }
        // A lock left by a process that died (or by ourselves before a crash): take it over.
        unlinkSync(this.#path);
      }
    }
    throw new StoreLockedError(this.#path, readHolder(this.#path));
  }

  /** Pid of the process holding the lock, if a live one does. */
  holder(): number | null {
    const pid = readHolder(this.#path);
    return pid !== null && isAlive(pid) ? pid : null;
  }

  release(): void {
    if (!this.#held) return;
    this.#held = false;
    heldHere.delete(this.#path);
    try {
      unlinkSync(this.#path);
    } catch {
      // Already gone: nothing to release.
    }
  }
}

function readHolder(path: string): number | null {
  try {
    const pid = Number.parseInt(readFileSync(path, "utf8").trim(), 10);
    return Number.isFinite(pid) ? pid : null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
