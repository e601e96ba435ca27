import { loadConfig } from "../config/load-config.js";
import type { Incident } from "../domain/types.js";
import { templatesOf } from "../pipeline/report/template-miner.js";
import type { Store } from "../ports.js";
import { type JsonBackend, openJsonBackend } from "../store/json/index.js";
import { print, table } from "./output.js";

/** Opens the store and its queue without the lock, so reading works while the server runs. */
export async function withReadOnlyBackend<T>(
  env: NodeJS.ProcessEnv,
  use: (backend: JsonBackend) => Promise<T>,
): Promise<T> {
  const { config } = loadConfig(env);
  const backend = await openJsonBackend({
    dataDir: config.store.dataDir,
    maxLogBytes: config.store.maxLogBytes,
    maxJobAttempts: config.jobs.maxAttempts,
    readOnly: true,
  });
  try {
    return await use(backend);
  } finally {
    await backend.store.close();
  }
}

function withReadOnlyStore<T>(
  env: NodeJS.ProcessEnv,
  use: (store: Store) => Promise<T>,
): Promise<T> {
  return withReadOnlyBackend(env, (backend) => use(backend.store));
}

/** `pitcrew incidents [--all] [--json]`: open incidents with their decisions (the audit trail). */
export async function listIncidentsCommand(
  env: NodeJS.ProcessEnv,
  opts: { all?: boolean; json?: boolean },
): Promise<void> {
  const items = await withReadOnlyStore(env, (store) =>
    store.listIncidents({ includeResolved: opts.all ?? false }),
  );
  print(opts.json ?? false, { items }, () => describeIncidents(items, opts.all ?? false));
}

function describeIncidents(items: Incident[], all: boolean): string {
  if (items.length === 0)
    return all ? "No incidents." : "No open incidents (--all shows resolved ones).";
  const rows = [
    ["ID", "STATUS", "TYPE", "COUNT", "REPO", "WORKFLOW/JOB", "BRANCH", "LAST DECISION"],
  ];
  for (const i of items) {
    const last = i.decisions[i.decisions.length - 1];
    rows.push([
      i.id,
      i.resolution ? `${i.status} (${i.resolution})` : i.status,
      i.classification.type,
      String(i.count),
      i.repo,
      `${i.workflow}/${i.job}`,
      i.branch ?? "-",
      last ? `${last.kind}: ${last.reason}` : "-",
    ]);
  }
  return table(rows);
}

/** `pitcrew outbox [--json]`: what integrations without credentials would have sent. */
export async function listOutboxCommand(
  env: NodeJS.ProcessEnv,
  opts: { json?: boolean },
): Promise<void> {
  const items = await withReadOnlyStore(env, (store) => store.listOutbox());
  print(opts.json ?? false, { items }, () => {
    if (items.length === 0) return "The outbox is empty.";
    return table([
      ["AT", "DESTINATION", "OPERATION", "PAYLOAD"],
      ...items.map((e) => [e.at, e.destination, e.operation, JSON.stringify(e.payload)]),
    ]);
  });
}

/** `pitcrew templates [--json]`: evidence-line templates mined across incidents, most frequent first. */
export async function listTemplatesCommand(
  env: NodeJS.ProcessEnv,
  opts: { json?: boolean },
): Promise<void> {
  const state = await withReadOnlyStore(env, (store) => store.loadTemplates());
  const items = (state ? templatesOf(state) : []).map(({ id, template, count }) => ({
    id,
    template,
    count,
  }));
  print(opts.json ?? false, { items }, () => {
    if (items.length === 0) return "No templates yet: they are mined from incidents' evidence.";
    return table([
      ["ID", "COUNT", "TEMPLATE"],
      ...items.map((t) => [t.id, String(t.count), t.template]),
    ]);
  });
}
