import { loadConfig } from "../config/load-config.js";
import { InputError } from "../domain/errors.js";
import type { DeadLetter, DeadLetterQuery } from "../domain/types.js";
import { systemClock } from "../lib/clock.js";
import { openRuntime, type Runtime } from "../main.js";
import { type DeadLetterStats, DeadLetters } from "../outbound/dead-letters.js";
import { dataDirHolder } from "../store/json/index.js";
import { print, table } from "./output.js";
import { withReadOnlyBackend } from "./read-only.js";

/** `pitcrew dlq list [--destination d] [--error-type t] [--unresolved|--all]`: unresolved by default. */
export async function dlqListCommand(
  env: NodeJS.ProcessEnv,
  opts: { destination?: string; errorType?: string; all?: boolean; json?: boolean },
): Promise<void> {
  const query: DeadLetterQuery = opts.all ? {} : { unresolved: true };
  if (opts.destination) query.destination = opts.destination;
  if (opts.errorType) query.errorType = opts.errorType;
  const items = await readOnly(env, (dlq) => dlq.list(query));
  print(opts.json ?? false, { items }, () => {
    if (items.length === 0)
      return opts.all
        ? "No dead letters."
        : "No unresolved dead letters (--all shows resolved ones).";
    return table([
      ["ID", "DESTINATION", "ACTION", "ERROR TYPE", "ATTEMPTS", "LAST FAILED", "STATE", "ERROR"],
      ...items.map((e) => [
        e.id,
        e.destination,
        e.action,
        e.errorType,
        String(e.attempts),
        e.lastFailedAt,
        state(e),
        e.error.length > 80 ? `${e.error.slice(0, 79)}…` : e.error,
      ]),
    ]);
  });
}

/** `pitcrew dlq stats`: counts by destination and error type of the unresolved entries. */
export async function dlqStatsCommand(
  env: NodeJS.ProcessEnv,
  opts: { json?: boolean },
): Promise<void> {
  const stats = await readOnly(env, (dlq) => dlq.stats());
  print(opts.json ?? false, stats, () => describeStats(stats));
}

/**
 * `pitcrew dlq retry <id>` or `--destination d`. Without a server it runs in-process and, like
 * `ingest`, runs the jobs due now before returning, so the answer says whether the retry worked.
 */
export async function dlqRetryCommand(
  env: NodeJS.ProcessEnv,
  id: string | undefined,
  opts: { destination?: string; json?: boolean },
): Promise<void> {
  if (opts.destination !== undefined) {
    const destination = opts.destination;
    const outcome = await mutate(
      env,
      `/api/dlq/retry?destination=${encodeURIComponent(destination)}`,
      undefined,
      async (dlq, runtime) => {
        const retried = await dlq.retryDestination(destination);
        await runtime.app.worker.runDue();
        return { destination, retried };
      },
    );
    finish(opts.json ?? false, outcome, (value) => {
      const { retried } = value as { retried: number };
      return `retried ${retried} dead letter(s) of ${destination}`;
    });
    return;
  }
  const entryId = id ?? "";
  const outcome = await mutate(
    env,
    `/api/dlq/${encodeURIComponent(entryId)}/retry`,
    undefined,
    async (dlq, runtime) => {
      await dlq.retry(entryId);
      await runtime.app.worker.runDue();
      return dlq.get(entryId);
    },
  );
  finish(opts.json ?? false, outcome, (value) => {
    const entry = value as DeadLetter;
    return `retried ${entry.id} (${entry.destination} ${entry.action}): ${state(entry)}`;
  });
}

/** `pitcrew dlq resolve <id> [--by who] [--note text]`. */
export async function dlqResolveCommand(
  env: NodeJS.ProcessEnv,
  id: string,
  opts: { by?: string; note?: string; json?: boolean },
): Promise<void> {
  const by = opts.by ?? env.USER ?? "cli";
  const note = opts.note ?? null;
  const outcome = await mutate(
    env,
    `/api/dlq/${encodeURIComponent(id)}/resolve`,
    { by, note },
    (dlq) => dlq.resolve(id, { by, note }),
  );
  finish(
    opts.json ?? false,
    outcome,
    (value) => `${(value as DeadLetter).id}: ${state(value as DeadLetter)}`,
  );
}

/** `pitcrew dlq purge [--older-than-days 30]`: deletes entries resolved longer ago than that. */
export async function dlqPurgeCommand(
  env: NodeJS.ProcessEnv,
  opts: { olderThanDays: number; json?: boolean },
): Promise<void> {
  const days = opts.olderThanDays;
  const outcome = await mutate(
    env,
    `/api/dlq/purge?olderThanDays=${days}`,
    undefined,
    async (dlq) => ({
      purged: await dlq.purge(days),
    }),
  );
  finish(opts.json ?? false, outcome, (value) => {
    const { purged } = value as { purged: number };
    return `purged ${purged} dead letter(s) resolved more than ${days} day(s) ago`;
  });
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: string; message: string };

function readOnly<T>(env: NodeJS.ProcessEnv, use: (dlq: DeadLetters) => Promise<T>): Promise<T> {
  return withReadOnlyBackend(env, ({ store, queue }) =>
    use(new DeadLetters({ store, queue, clock: systemClock })),
  );
}

/** Through the running server's API when one holds the data dir, else in-process. */
async function mutate(
  env: NodeJS.ProcessEnv,
  path: string,
  body: Record<string, unknown> | undefined,
  run: (dlq: DeadLetters, runtime: Runtime) => Promise<unknown>,
): Promise<Outcome> {
  const { config, secrets } = loadConfig(env);
  if (dataDirHolder(config.store.dataDir) !== null) {
    const base = env.PITCREW_URL ?? `http://127.0.0.1:${config.server.port}`;
    return postToServer(new URL(path, base), secrets.PITCREW_API_TOKEN?.reveal() ?? null, body);
  }
  const runtime = await openRuntime(env);
  try {
    return { ok: true, value: await run(runtime.app.deadLetters, runtime) };
  } catch (error) {
    if (error instanceof InputError)
      return { ok: false, error: error.code, message: error.message };
    throw error;
  } finally {
    await runtime.close();
  }
}

async function postToServer(
  url: URL,
  token: string | null,
  body: Record<string, unknown> | undefined,
): Promise<Outcome> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (token) headers.authorization = `Bearer ${token}`;
  let response: Response;
  try {
    const init: RequestInit = { method: "POST", headers };
    if (body) init.body = JSON.stringify(body);
    response = await fetch(url, init);
  } catch (error) {
    return {
      ok: false,
      error: "server-unreachable",
      message: `another process holds the data dir, but ${url.origin} does not answer (${(error as Error).message}); set PITCREW_URL`,
    };
  }
  const value = (await response.json().catch(() => null)) as Record<string, unknown> | null;
  if (response.ok) return { ok: true, value };
  return {
    ok: false,
    error: typeof value?.error === "string" ? value.error : `http-${response.status}`,
    message:
      typeof value?.message === "string" ? value.message : `the server answered ${response.status}`,
  };
}

/** An unknown id or a refused retry is exit code 1 with the reason (on stdout too under --json). */
function finish(json: boolean, outcome: Outcome, human: (value: unknown) => string): void {
  if (outcome.ok) {
    print(json, outcome.value, () => human(outcome.value));
    return;
  }
  if (json) print(true, { error: outcome.error, message: outcome.message }, () => "");
  console.error(`pitcrew: ${outcome.message}`);
  process.exitCode = 1;
}

function state(entry: DeadLetter): string {
  if (entry.resolved)
    return `resolved by ${entry.resolvedBy ?? "?"}${entry.note ? ` (${entry.note})` : ""}`;
  if (entry.retryJobId) return `retrying (job ${entry.retryJobId})`;
  return "unresolved";
}

function describeStats(stats: DeadLetterStats): string {
  const counts = (byName: Record<string, number>) =>
    Object.entries(byName)
      .sort((a, b) => b[1] - a[1])
      .map(([name, n]) => `${name} ${n}`)
      .join(", ") || "-";
  return [
    `unresolved:     ${stats.unresolved} of ${stats.total}`,
    `by destination: ${counts(stats.byDestination)}`,
    `by error type:  ${counts(stats.byErrorType)}`,
    `oldest:         ${stats.oldest ?? "-"}`,
    `newest:         ${stats.newest ?? "-"}`,
  ].join("\n");
}
