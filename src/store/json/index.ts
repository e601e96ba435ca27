import { join } from "node:path";
import type { JobQueue, Store } from "../../ports.js";
import { JsonDb } from "./json-db.js";
import { JsonJobQueue } from "./json-job-queue.js";
import { JsonStore } from "./json-store.js";
import { LogFiles } from "./log-files.js";

/** The embedded store and its job queue, sharing one lowdb file and one lock. */
export interface JsonBackend {
  store: Store;
  queue: JobQueue;
  /** Jobs a crashed process left running and that were put back to pending at open. */
  recovered: number;
}

/** Opens the embedded store in `dataDir` (takes the lock unless `readOnly`). */
export async function openJsonBackend(options: {
  dataDir: string;
  maxLogBytes: number;
  maxJobAttempts: number;
  readOnly?: boolean;
}): Promise<JsonBackend> {
  const db = await JsonDb.open(options.dataDir, { readOnly: options.readOnly ?? false });
  const logs = new LogFiles(join(db.dir, "logs"), options.maxLogBytes);
  const queue = new JsonJobQueue(db, options.maxJobAttempts);
  const recovered = db.readOnly ? 0 : await queue.recover();
  return { store: new JsonStore(db, logs, options.maxJobAttempts), queue, recovered };
}

/** Pid of the live process holding `dataDir`, if any. */
export function dataDirHolder(dataDir: string): number | null {
  return JsonDb.lockHolder(dataDir);
}
