import { access, constants } from "node:fs/promises";
import type { Silence } from "../../domain/escalation.js";
import type { EmailBatch, NotificationGroup } from "../../domain/notify.js";
import type { TemplateMinerState } from "../../domain/template-state.js";
import type {
  Action,
  AuditEntry,
  DeadLetter,
  DeadLetterQuery,
  FlakyObservation,
  FlakyRecord,
  Incident,
  OutboxEntry,
} from "../../domain/types.js";
import { newId } from "../../lib/ids.js";
import type { AcceptDelivery, AcceptJob, IncidentHead, IncidentQuery, Store } from "../../ports.js";
import { addDeadLetterInto, matchesDeadLetter, purgeDeadLettersIn } from "./dead-letter-records.js";
import { recordFlakyInto } from "./flaky-records.js";
import type { JsonDb } from "./json-db.js";
import { enqueueInto } from "./json-job-queue.js";
import type { LogFiles } from "./log-files.js";

/** `Store` on the embedded lowdb file. */
export class JsonStore implements Store {
  readonly #db: JsonDb;
  readonly #logs: LogFiles;
  readonly #maxAttempts: number;

  constructor(db: JsonDb, logs: LogFiles, maxAttempts: number) {
    this.#db = db;
    this.#logs = logs;
    this.#maxAttempts = maxAttempts;
  }

  async acceptDelivery(input: AcceptDelivery): Promise<"accepted" | "duplicate"> {
    if (this.#db.data.deliveries[input.deliveryKey]) return "duplicate";
    // The log file is written first: if we crash before the JSON lands, the delivery is
    // simply not recorded yet and a redelivery is accepted; an orphan log file is harmless.
    const event = input.log
      ? { ...input.event, logRef: await this.#logs.save(input.event.id, "payload", input.log) }
      : input.event;
    return this.#db.update((data) => {
      if (data.deliveries[input.deliveryKey]) return "duplicate";
      data.deliveries[input.deliveryKey] = event.receivedAt;
      data.events.push(event);
      enqueueInto(data, input.job, new Date(event.receivedAt), this.#maxAttempts);
      return "accepted";
    });
  }

  acceptJob(input: AcceptJob): Promise<"accepted" | "duplicate"> {
    return this.#db.update((data) => {
      if (data.deliveries[input.deliveryKey]) return "duplicate";
      data.deliveries[input.deliveryKey] = input.receivedAt;
      enqueueInto(data, input.job, new Date(input.receivedAt), this.#maxAttempts);
      return "accepted";
    });
  }

  async saveSilence(silence: Silence): Promise<void> {
    await this.#db.update((data) => upsertById(data.silences, silence));
  }

  async listSilences(): Promise<Silence[]> {
    return structuredClone(this.#db.data.silences);
  }

  async deleteSilences(ids: readonly string[]): Promise<number> {
    if (ids.length === 0) return 0;
    return this.#db.update((data) => {
      const before = data.silences.length;
      data.silences = data.silences.filter((s) => !ids.includes(s.id));
      return before - data.silences.length;
    });
  }

  async getGroup(id: string): Promise<NotificationGroup | null> {
    return copy(this.#db.data.groups.find((group) => group.id === id));
  }

  async updateGroup(
    id: string,
    change: (group: NotificationGroup | null) => NotificationGroup | null,
  ): Promise<NotificationGroup | null> {
    return this.#db.update((data) => {
      const at = data.groups.findIndex((group) => group.id === id);
      const after = change(copy(data.groups[at]));
      if (!after) data.groups = data.groups.filter((group) => group.id !== id);
      else if (at === -1) data.groups.push(structuredClone({ ...after, id }));
      else data.groups[at] = structuredClone({ ...after, id });
      return copy(after ?? undefined);
    });
  }

  async listGroups(): Promise<NotificationGroup[]> {
    return structuredClone(this.#db.data.groups);
  }

  async getEmailBatch(to: string): Promise<EmailBatch | null> {
    return copy(this.#db.data.emailBatches.find((batch) => batch.to === to));
  }

  async updateEmailBatch(
    to: string,
    change: (batch: EmailBatch | null) => EmailBatch,
  ): Promise<EmailBatch> {
    return this.#db.update((data) => {
      const after = { ...change(copy(data.emailBatches.find((batch) => batch.to === to))), to };
      data.emailBatches = [...data.emailBatches.filter((b) => b.to !== to), structuredClone(after)];
      return structuredClone(after);
    });
  }

  async getEvent(id: string) {
    return copy(this.#db.data.events.find((event) => event.id === id));
  }

  saveLog(eventId: string, name: string, text: string): Promise<string> {
    return this.#logs.save(eventId, name, text);
  }

  readLog(ref: string): Promise<string | null> {
    return this.#logs.read(ref);
  }

  nextIncidentId(): Promise<string> {
    return this.#db.update((data) => {
      data.counters.incident += 1;
      return `PC-${data.counters.incident}`;
    });
  }

  async saveIncident(incident: Incident): Promise<void> {
    await this.#db.update((data) => upsertById(data.incidents, incident));
  }

  async getIncident(id: string) {
    return copy(this.#db.data.incidents.find((incident) => incident.id === id));
  }

  async findOpenIncident(key: {
    repo: string;
    workflow: string;
    job: string;
    fingerprint: string;
  }) {
    const found = this.#db.data.incidents.find(
      (incident) =>
        incident.status !== "resolved" &&
        incident.repo === key.repo &&
        incident.workflow === key.workflow &&
        incident.job === key.job &&
        incident.fingerprint === key.fingerprint,
    );
    return copy(found);
  }

  async listIncidents(query: IncidentQuery = {}): Promise<Incident[]> {
    return this.#db.data.incidents
      .filter((incident) => incidentMatches(incident, query))
      .map((incident) => structuredClone(incident));
  }

  async listIncidentHeads(query: IncidentQuery & { seenSince: string }): Promise<IncidentHead[]> {
    const since = Date.parse(query.seenSince);
    return this.#db.data.incidents
      .filter((incident) => Date.parse(incident.lastSeenAt) >= since)
      .filter((incident) => incidentMatches(incident, query))
      .map(({ id, repo, fingerprint, status, lastSeenAt }) => ({
        id,
        repo,
        fingerprint,
        status,
        lastSeenAt,
      }));
  }

  async saveAction(action: Action): Promise<void> {
    await this.#db.update((data) => upsertById(data.actions, action));
  }

  async getAction(id: string) {
    return copy(this.#db.data.actions.find((action) => action.id === id));
  }

  async findActionByKey(idempotencyKey: string) {
    return copy(this.#db.data.actions.find((action) => action.idempotencyKey === idempotencyKey));
  }

  async listActions(filter: { repo?: string; runId?: string; kind?: Action["kind"] } = {}) {
    return this.#db.data.actions
      .filter(
        (action) =>
          (!filter.repo || action.repo === filter.repo) &&
          (!filter.runId || action.runId === filter.runId) &&
          (!filter.kind || action.kind === filter.kind),
      )
      .map((action) => structuredClone(action));
  }

  async appendAudit(entry: Omit<AuditEntry, "id">): Promise<void> {
    await this.#db.update((data) => {
      data.audit.push({ id: newId("au"), ...entry });
    });
  }

  async listAudit(subject?: string): Promise<AuditEntry[]> {
    return this.#db.data.audit.filter((entry) => !subject || entry.subject === subject);
  }

  addOutbox(entry: Omit<OutboxEntry, "id">): Promise<OutboxEntry> {
    return this.#db.update((data) => {
      const existing = data.outbox.find((item) => item.idempotencyKey === entry.idempotencyKey);
      if (existing) return existing;
      const stored = { id: newId("ob"), ...entry };
      data.outbox.push(stored);
      return stored;
    });
  }

  async listOutbox(): Promise<OutboxEntry[]> {
    return [...this.#db.data.outbox];
  }

  async recordFlaky(observation: FlakyObservation): Promise<FlakyRecord> {
    return this.#db.update((data) => structuredClone(recordFlakyInto(data.flaky, observation)));
  }

  async addDeadLetter(entry: DeadLetter): Promise<DeadLetter> {
    return this.#db.update((data) =>
      structuredClone(addDeadLetterInto(data.deadLetters, structuredClone(entry))),
    );
  }

  async getDeadLetter(id: string): Promise<DeadLetter | null> {
    return copy(this.#db.data.deadLetters.find((letter) => letter.id === id));
  }

  async saveDeadLetter(entry: DeadLetter): Promise<void> {
    await this.#db.update((data) => {
      const at = data.deadLetters.findIndex((letter) => letter.id === entry.id);
      if (at >= 0) data.deadLetters[at] = structuredClone(entry);
      else data.deadLetters.push(structuredClone(entry));
    });
  }

  async listDeadLetters(query: DeadLetterQuery = {}): Promise<DeadLetter[]> {
    return this.#db.data.deadLetters
      .filter((letter) => matchesDeadLetter(letter, query))
      .map((letter) => structuredClone(letter));
  }

  async purgeDeadLetters(before: Date): Promise<number> {
    return this.#db.update((data) => {
      const { kept, purged } = purgeDeadLettersIn(data.deadLetters, before);
      data.deadLetters = kept;
      return purged;
    });
  }

  async loadBreakerStates(): Promise<Record<string, string>> {
    return { ...this.#db.data.breakers };
  }

  async saveBreakerState(destination: string, state: string): Promise<void> {
    await this.#db.update((data) => {
      data.breakers[destination] = state;
    });
  }

  async getFlaky(repo: string, fingerprint: string) {
    return copy(this.#db.data.flaky.find((r) => r.repo === repo && r.fingerprint === fingerprint));
  }

  async loadTemplates(): Promise<TemplateMinerState | null> {
    return structuredClone(this.#db.data.templates);
  }

  updateTemplates<T>(
    change: (state: TemplateMinerState | null) => { state: TemplateMinerState; result: T },
  ): Promise<T> {
    return this.#db.update((data) => {
      // A copy goes in, so a change that throws half-way leaves the stored state untouched.
      const { state, result } = change(structuredClone(data.templates));
      data.templates = state;
      return result;
    });
  }

  async ping(): Promise<boolean> {
    try {
      await access(this.#db.dir, constants.W_OK);
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    this.#db.close();
  }
}

function upsertById<T extends { id: string }>(list: T[], item: T): void {
  const index = list.findIndex((existing) => existing.id === item.id);
  if (index >= 0) list[index] = structuredClone(item);
  else list.push(structuredClone(item));
}

function incidentMatches(incident: Incident, query: IncidentQuery): boolean {
  return (
    (query.includeResolved || incident.status !== "resolved") &&
    (!query.repo || incident.repo === query.repo) &&
    (!query.workflow || incident.workflow === query.workflow) &&
    (!query.fingerprint || incident.fingerprint === query.fingerprint) &&
    (query.branch === undefined || incident.branch === query.branch) &&
    (!query.status || query.status.includes(incident.status))
  );
}

function copy<T>(value: T | undefined): T | null {
  return value === undefined ? null : structuredClone(value);
}
