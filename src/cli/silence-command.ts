import { InvalidArgumentError } from "commander";
import { loadConfig } from "../config/load-config.js";
import { InputError } from "../domain/errors.js";
import type { SilenceMatchers } from "../domain/escalation.js";
import { systemClock } from "../lib/clock.js";
import { silenceMatcherKeys } from "../pipeline/decide/silence.js";
import {
  addSilence,
  expireSilence,
  type FullSilence,
  listSilences,
  type SilenceDeps,
  silenceState,
} from "../pipeline/notify/silences.js";
import { dataDirHolder, openJsonBackend } from "../store/json/index.js";
import { print, table } from "./output.js";
import { withReadOnlyBackend } from "./read-only.js";

/** Commander's collector of `--match key=value` (a `/…/` value is a regex); bad input exits 2. */
export function collectMatch(value: string, previous: string[] = []): string[] {
  const at = value.indexOf("=");
  const key = value.slice(0, at);
  if (at <= 0 || at === value.length - 1)
    throw new InvalidArgumentError("expected key=value, e.g. repo=acme/api or 'job=/^e2e-/'");
  if (!(silenceMatcherKeys as readonly string[]).includes(key))
    throw new InvalidArgumentError(`unknown key ${key}: use ${silenceMatcherKeys.join(", ")}`);
  return [...previous, value];
}

/** `pitcrew silence add --match k=v… [--for 2h | --until ISO | --until-green] --reason …`. */
export async function silenceAddCommand(
  env: NodeJS.ProcessEnv,
  opts: {
    match: string[];
    for?: string;
    until?: string;
    untilGreen?: boolean;
    from?: string;
    reason: string;
    author?: string;
    json?: boolean;
  },
): Promise<void> {
  const matchers: Record<string, string> = {};
  for (const pair of opts.match) {
    const at = pair.indexOf("=");
    matchers[pair.slice(0, at) as keyof SilenceMatchers] = pair.slice(at + 1);
  }
  const input = {
    matchers,
    startsAt: opts.from ?? null,
    endsAt: opts.until ?? null,
    duration: opts.for ?? null,
    untilGreen: opts.untilGreen ?? false,
    author: opts.author ?? env.USER ?? "cli",
    reason: opts.reason,
  };
  const outcome = await mutate(env, "/api/silences", input, (deps) => addSilence(deps, input));
  finish(opts.json ?? false, outcome, (s) => `silenced ${s.id}: ${describeMatchers(s)} ${ends(s)}`);
}

/** `pitcrew silence list [--all] [--json]`: current silences; `--all` adds expired ones kept. */
export async function silenceListCommand(
  env: NodeJS.ProcessEnv,
  opts: { all?: boolean; json?: boolean },
): Promise<void> {
  const items = await withReadOnlyBackend(env, ({ store }) =>
    listSilences({ store, clock: systemClock }, { all: opts.all ?? false }),
  );
  print(opts.json ?? false, { items }, () => {
    if (items.length === 0)
      return opts.all ? "No silences." : "No current silences (--all shows expired ones).";
    const now = systemClock.now();
    return table([
      ["ID", "STATE", "MATCHERS", "STARTS", "ENDS", "AUTHOR", "REASON"],
      ...items.map((s) => [
        s.id,
        silenceState(s, now),
        describeMatchers(s),
        s.startsAt,
        ends(s),
        s.author,
        s.reason.length > 60 ? `${s.reason.slice(0, 59)}…` : s.reason,
      ]),
    ]);
  });
}

/** `pitcrew silence expire <id> [--by who]`: ends it now (kept for the audit). */
export async function silenceExpireCommand(
  env: NodeJS.ProcessEnv,
  id: string,
  opts: { by?: string; json?: boolean },
): Promise<void> {
  const by = opts.by ?? env.USER ?? "cli";
  const outcome = await mutate(
    env,
    `/api/silences/${encodeURIComponent(id)}/expire`,
    { by },
    (deps) => expireSilence(deps, id, by),
  );
  finish(opts.json ?? false, outcome, (s) => `expired ${s.id} (${describeMatchers(s)})`);
}

type Outcome =
  | { ok: true; value: FullSilence }
  | { ok: false; status: number; error: string; message: string };

/** Through the running server's API when one holds the data dir, else in-process. */
async function mutate(
  env: NodeJS.ProcessEnv,
  path: string,
  body: Record<string, unknown>,
  run: (deps: SilenceDeps) => Promise<FullSilence>,
): Promise<Outcome> {
  const { config, secrets } = loadConfig(env);
  if (dataDirHolder(config.store.dataDir) !== null) {
    const base = env.PITCREW_URL ?? `http://127.0.0.1:${config.server.port}`;
    return post(new URL(path, base), secrets.PITCREW_API_TOKEN?.reveal() ?? null, body);
  }
  const backend = await openJsonBackend({
    dataDir: config.store.dataDir,
    maxLogBytes: config.store.maxLogBytes,
    maxJobAttempts: config.jobs.maxAttempts,
  });
  try {
    return { ok: true, value: await run({ store: backend.store, clock: systemClock }) };
  } catch (error) {
    if (error instanceof InputError)
      return { ok: false, status: error.status, error: error.code, message: error.message };
    throw error;
  } finally {
    await backend.store.close();
  }
}

async function post(url: URL, token: string | null, body: unknown): Promise<Outcome> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (token) headers.authorization = `Bearer ${token}`;
  let response: Response;
  try {
    response = await fetch(url, { method: "POST", headers, body: JSON.stringify(body) });
  } catch (error) {
    const why = (error as Error).message;
    const message = `another process holds the data dir, but ${url.origin} does not answer (${why}); set PITCREW_URL`;
    return { ok: false, status: 0, error: "server-unreachable", message };
  }
  const value = (await response.json().catch(() => null)) as Record<string, unknown> | null;
  if (response.ok) return { ok: true, value: value as unknown as FullSilence };
  return {
    ok: false,
    status: response.status,
    error: typeof value?.error === "string" ? value.error : `http-${response.status}`,
    message:
      typeof value?.message === "string" ? value.message : `the server answered ${response.status}`,
  };
}

/** Bad input (400) is a usage error, exit 2; unknown id, already expired, refused: exit 1. */
function finish(json: boolean, outcome: Outcome, human: (value: FullSilence) => string): void {
  if (outcome.ok) {
    print(json, outcome.value, () => human(outcome.value));
    return;
  }
  if (json) print(true, { error: outcome.error, message: outcome.message }, () => "");
  console.error(`pitcrew: ${outcome.message}`);
  process.exitCode = outcome.status === 400 ? 2 : 1;
}

function describeMatchers(silence: FullSilence): string {
  return Object.entries(silence.matchers)
    .map(([key, value]) => `${key}=${value}`)
    .join(" ");
}

function ends(silence: FullSilence): string {
  if (silence.expiredAt) return `expired ${silence.expiredAt} by ${silence.expiredBy ?? "?"}`;
  if (silence.untilGreen) return "until green";
  return silence.endsAt ? `until ${silence.endsAt}` : "until expired";
}
