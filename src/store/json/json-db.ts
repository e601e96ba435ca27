import { mkdirSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { Low } from "lowdb";
import { JSONFile } from "lowdb/node";
import type { Silence } from "../../domain/escalation.js";
import { normaliseIncident } from "../../domain/incident.js";
import type { EmailBatch, NotificationGroup } from "../../domain/notify.js";
import type { TemplateMinerState } from "../../domain/template-state.js";
import type {
  Action,
  AuditEntry,
  DeadLetter,
  FailureEvent,
  FlakyRecord,
  Incident,
  OutboxEntry,
} from "../../domain/types.js";
import type { Job } from "../../ports.js";
import { FileLock } from "./file-lock.js";

/** Everything the embedded store keeps in its one JSON file. */
export interface JsonData {
  version: 1;
  counters: { incident: number };
  deliveries: Record<string, string>;
  events: FailureEvent[];
  incidents: Incident[];
  actions: Action[];
  audit: AuditEntry[];
  outbox: OutboxEntry[];
  jobs: Job[];
  /** Flaky history per repo + fingerprint. */
  flaky: FlakyRecord[];
  /** The template miner's state; null until the first evidence line is mined. */
  templates: TemplateMinerState | null;
  /** The dead-letter queue. */
  deadLetters: DeadLetter[];
  /** Circuit-breaker state per destination (serialised cockatiel state). */
  breakers: Record<string, string>;
  /** Silences, active and expired (kept for the audit). */
  silences: Silence[];
  /** Notification groups (Alertmanager aggregation groups) with their timers and Slack message. */
  groups: NotificationGroup[];
  /** Email digests waiting per recipient list (Sentry's debounce). */
  emailBatches: EmailBatch[];
}

function emptyData(): JsonData {
  return {
    version: 1,
    counters: { incident: 0 },
    deliveries: {},
    events: [],
    incidents: [],
    actions: [],
    audit: [],
    outbox: [],
    jobs: [],
    flaky: [],
    templates: null,
    deadLetters: [],
    breakers: {},
    silences: [],
    groups: [],
    emailBatches: [],
  };
}

/**
 * The lowdb file plus its lock. Single process only: a second writer is refused at open.
 * Read-only opens (CLI while the server runs) skip the lock and refuse to write.
 */
export class JsonDb {
  readonly dir: string;
  readonly readOnly: boolean;
  readonly #low: Low<JsonData>;
  readonly #lock: FileLock;

  private constructor(dir: string, readOnly: boolean) {
    this.dir = dir;
    this.readOnly = readOnly;
    this.#low = new Low<JsonData>(new JSONFile<JsonData>(join(dir, "pitcrew.json")), emptyData());
    this.#lock = new FileLock(join(dir, "pitcrew.lock"));
  }

  /** Opens (creating) the data dir; takes the lock unless read-only. */
  static async open(dir: string, options: { readOnly?: boolean } = {}): Promise<JsonDb> {
    const absolute = resolve(dir);
    mkdirSync(absolute, { recursive: true });
    const db = new JsonDb(absolute, options.readOnly ?? false);
    if (!db.readOnly) db.#lock.acquire();
    try {
      await db.#read();
    } catch (error) {
      db.#lock.release();
      throw error;
    }
    return db;
  }

  /** Pid of the live process holding this data dir, if any. */
  static lockHolder(dir: string): number | null {
    return new FileLock(join(resolve(dir), "pitcrew.lock")).holder();
  }

  get data(): JsonData {
    return this.#low.data;
  }

  /** Applies `change` in memory and persists the whole file before resolving. */
  async update<T>(change: (data: JsonData) => T): Promise<T> {
    if (this.readOnly) throw new Error("the store was opened read-only");
    const result = change(this.#low.data);
    await this.#low.write();
    return result;
  }

  async reload(): Promise<void> {
    await this.#read();
  }

  close(): void {
    this.#lock.release();
  }

  async #read(): Promise<void> {
    try {
      await this.#low.read();
    } catch (error) {
      const file = join(this.dir, "pitcrew.json");
      const text = await readFile(file, "utf8").catch(() => "");
      if (text.trim() === "") return;
      throw new Error(`cannot read ${file}: ${(error as Error).message}`);
    }
    const data = { ...emptyData(), ...this.#low.data };
    data.incidents = data.incidents.map(normaliseIncident);
    this.#low.data = data;
  }
}
