/**
 * Silences (issue 6, DESIGN §2): add, list, expire by hand, end `untilGreen` ones when the job
 * passes on the default branch, and purge expired ones past their retention. A silenced incident
 * is still recorded and counted; the ladder only records the `silence` decision.
 */
import { parseDuration } from "../../config/duration.js";
import { InputError } from "../../domain/errors.js";
import type { Silence, SilenceMatchers } from "../../domain/escalation.js";
import type { FailureEvent } from "../../domain/types.js";
import { newId } from "../../lib/ids.js";
import type { Clock, Store } from "../../ports.js";
import { isActive, matchesValue, regexSource, silenceMatcherKeys } from "../decide/silence.js";

/** Expired silences are kept this long for the audit (config `notifications.silenceRetention`). */
export const silenceRetentionMs = 30 * 86_400_000;

/** A silence with the defaults of older records filled in. */
export type FullSilence = Silence & {
  startsAt: string;
  untilGreen: boolean;
  expiredBy: string | null;
};

/** What the silences need. */
export interface SilenceDeps {
  store: Store;
  clock: Clock;
}

/** A new silence as the API and the CLI take it. End by `endsAt` or `duration`, not both. */
export interface SilenceInput {
  matchers: Record<string, string | undefined>;
  /** ISO time; default now. */
  startsAt?: string | null;
  endsAt?: string | null;
  /** `2h`, `30m`, `7d` (from `startsAt`). */
  duration?: string | null;
  untilGreen?: boolean;
  author: string;
  reason: string;
}

/** Reads a stored silence: `startsAt` defaults to `createdAt`, `untilGreen` to false. */
export function normaliseSilence(silence: Silence): FullSilence {
  return {
    ...silence,
    startsAt: silence.startsAt ?? silence.createdAt,
    untilGreen: silence.untilGreen ?? false,
    expiredBy: silence.expiredBy ?? null,
  };
}

/** When a silence stopped being in force (expired by hand or ended), or null while it is not over. */
export function endedAt(silence: Silence, now: Date): string | null {
  if (silence.expiredAt !== null) return silence.expiredAt;
  if (silence.endsAt !== null && Date.parse(silence.endsAt) <= now.getTime()) return silence.endsAt;
  return null;
}

/** `active`, `pending` (starts later) or `expired` (by hand, by a passing run, or by its end). */
export function silenceState(silence: Silence, now: Date): "active" | "pending" | "expired" {
  if (endedAt(silence, now) !== null) return "expired";
  return isActive(silence, now) ? "active" : "pending";
}

/** The silences to keep: every one not over, and those over for less than `retentionMs`. Pure. */
export function silencesToKeep<T extends Silence>(
  silences: readonly T[],
  now: Date,
  retentionMs: number,
): T[] {
  return silences.filter((silence) => {
    const ended = endedAt(silence, now);
    return ended === null || Date.parse(ended) > now.getTime() - retentionMs;
  });
}

/** Branches taken for the default branch: events carry no default-branch field (yet). */
export const defaultBranches: readonly string[] = ["main", "master"];

/**
 * Whether a success event ends an `untilGreen` silence: its repo matcher matches, it ran on the
 * default branch (`main`/`master`, or the silence's branch matcher when it has one), the workflow
 * matcher (if any) matches, and the job matcher matches one of the jobs that passed. Pure.
 */
export function untilGreenEnds(
  matchers: SilenceMatchers,
  event: Pick<FailureEvent, "repo" | "branch" | "workflow">,
  passedJobs: ReadonlySet<string>,
): boolean {
  const { repo, branch, workflow, job } = matchers;
  if (repo === undefined || job === undefined || !matchesValue(repo, event.repo)) return false;
  const onBranch =
    branch === undefined
      ? event.branch !== null && defaultBranches.includes(event.branch)
      : matchesValue(branch, event.branch);
  if (!onBranch) return false;
  if (workflow !== undefined && !matchesValue(workflow, event.workflow)) return false;
  return [...passedJobs].some((name) => matchesValue(job, name));
}

/** Validates and saves a new silence; InputError 400 says what is wrong. */
export async function addSilence(deps: SilenceDeps, input: SilenceInput): Promise<FullSilence> {
  const now = deps.clock.now();
  const matchers = checkMatchers(input.matchers);
  const startsAt = input.startsAt ? isoTime("startsAt", input.startsAt) : now.toISOString();
  const endsAt = end(input, startsAt, now);
  const untilGreen = input.untilGreen ?? false;
  if (untilGreen && endsAt !== null)
    bad("until-green-with-end", "give untilGreen or an end (endsAt, duration), not both");
  if (untilGreen && (matchers.repo === undefined || matchers.job === undefined))
    bad(
      "until-green-matchers",
      "untilGreen needs a repo and a job matcher: the job that must pass",
    );
  const author = text("author", input.author, 200);
  const reason = text("reason", input.reason, 2000);
  const silence: FullSilence = {
    id: newId("sil"),
    matchers,
    createdAt: now.toISOString(),
    startsAt,
    endsAt,
    untilGreen,
    author,
    reason,
    expiredAt: null,
    expiredBy: null,
  };
  await deps.store.saveSilence(silence);
  await audit(deps, silence, "silence.added", `silenced by ${author}: ${reason}`, {
    matchers,
    startsAt,
    endsAt,
    untilGreen,
  });
  return silence;
}

/** Silences not over yet (active and pending), newest first; `all` adds those over, within retention. */
export async function listSilences(
  deps: SilenceDeps,
  opts: { all?: boolean; retentionMs?: number } = {},
): Promise<FullSilence[]> {
  const now = deps.clock.now();
  const stored = (await deps.store.listSilences()).map(normaliseSilence);
  const shown = opts.all
    ? silencesToKeep(stored, now, opts.retentionMs ?? silenceRetentionMs)
    : stored.filter((silence) => endedAt(silence, now) === null);
  return shown.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id));
}

/** One silence; 404 when unknown. */
export async function getSilence(deps: SilenceDeps, id: string): Promise<FullSilence> {
  const found = (await deps.store.listSilences()).find((silence) => silence.id === id);
  if (!found) throw new InputError(404, "silence-not-found", `no silence ${id}`);
  return normaliseSilence(found);
}

/** Ends a silence by hand (kept for the audit); 404 unknown, 409 already over. */
export async function expireSilence(
  deps: SilenceDeps,
  id: string,
  by: string,
): Promise<FullSilence> {
  const now = deps.clock.now();
  const silence = await getSilence(deps, id);
  const ended = endedAt(silence, now);
  if (ended !== null)
    throw new InputError(409, "silence-expired", `silence ${id} is already expired (${ended})`);
  const expired = { ...silence, expiredAt: now.toISOString(), expiredBy: by };
  await deps.store.saveSilence(expired);
  await audit(deps, expired, "silence.expired", `expired by ${by}`, {});
  return expired;
}

/**
 * A success event ends every active `untilGreen` silence whose repo, branch, workflow and job
 * matchers it satisfies (see `untilGreenEnds`). Idempotent; returns the silences it ended.
 */
export async function expireUntilGreen(
  deps: SilenceDeps,
  event: FailureEvent,
): Promise<FullSilence[]> {
  if (event.conclusion !== "success") return [];
  const now = deps.clock.now();
  const candidates = (await deps.store.listSilences())
    .map(normaliseSilence)
    .filter((silence) => silence.untilGreen && isActive(silence, now));
  if (candidates.length === 0) return [];
  // A workflow run without a job name passed as a whole: its jobs are those seen failing in it.
  const jobsOfRun =
    event.job === null
      ? new Set(
          (
            await deps.store.listIncidents({
              repo: event.repo,
              workflow: event.workflow,
              includeResolved: true,
            })
          ).map((incident) => incident.job),
        )
      : new Set([event.job]);
  const ended: FullSilence[] = [];
  for (const silence of candidates) {
    if (!untilGreenEnds(silence.matchers, event, jobsOfRun)) continue;
    const expired = { ...silence, expiredAt: now.toISOString(), expiredBy: "until-green" };
    await deps.store.saveSilence(expired);
    const where = `${event.repo} ${event.workflow}${event.job ? `/${event.job}` : ""}`;
    await audit(deps, expired, "silence.expired", `${where} passed on ${event.branch}`, {
      eventId: event.id,
      runId: event.runId,
    });
    ended.push(expired);
  }
  return ended;
}

/** Deletes silences over for longer than the retention (30 days); returns how many went. */
export async function purgeExpired(
  deps: SilenceDeps,
  retentionMs = silenceRetentionMs,
): Promise<number> {
  const silences = await deps.store.listSilences();
  const keep = new Set(silencesToKeep(silences, deps.clock.now(), retentionMs).map((s) => s.id));
  const gone = silences.filter((silence) => !keep.has(silence.id)).map((silence) => silence.id);
  return gone.length === 0 ? 0 : deps.store.deleteSilences(gone);
}

/** `purgeExpired` at most once a day (the worker's timer calls it on every tick). */
export function dailySilencePurge(
  deps: SilenceDeps & { notify: { silenceRetention: number } },
): (now: Date) => Promise<number | null> {
  let lastAt: number | null = null;
  return async (now) => {
    if (lastAt !== null && now.getTime() - lastAt < 86_400_000) return null;
    lastAt = now.getTime();
    return purgeExpired(deps, deps.notify.silenceRetention);
  };
}

function checkMatchers(given: Record<string, string | undefined>): SilenceMatchers {
  const matchers: SilenceMatchers = {};
  for (const [key, value] of Object.entries(given)) {
    if (value === undefined) continue;
    if (!(silenceMatcherKeys as readonly string[]).includes(key))
      bad("matcher-unknown", `unknown matcher ${key}: use ${silenceMatcherKeys.join(", ")}`);
    if (typeof value !== "string" || value.trim() === "" || value.length > 500)
      bad("matcher-invalid", `matcher ${key} needs a value of 1 to 500 characters`);
    const source = regexSource(value);
    if (source !== null) {
      try {
        new RegExp(source);
      } catch (error) {
        bad("matcher-regex-invalid", `matcher ${key}: ${(error as Error).message}`);
      }
    }
    matchers[key as keyof SilenceMatchers] = value;
  }
  if (Object.keys(matchers).length === 0)
    bad("matchers-missing", `give at least one matcher (${silenceMatcherKeys.join(", ")})`);
  return matchers;
}

function end(input: SilenceInput, startsAt: string, now: Date): string | null {
  if (input.endsAt && input.duration) bad("end-twice", "give endsAt or duration, not both");
  let endsAt: string | null = null;
  if (input.endsAt) endsAt = isoTime("endsAt", input.endsAt);
  if (input.duration) {
    const ms = parseDuration(input.duration);
    if (ms === null || ms <= 0)
      bad(
        "duration-invalid",
        `duration must be like 30m, 2h or 7d, got ${JSON.stringify(input.duration)}`,
      );
    endsAt = new Date(Date.parse(startsAt) + ms).toISOString();
  }
  if (endsAt === null) return null;
  if (Date.parse(endsAt) <= now.getTime()) bad("ends-in-past", `endsAt (${endsAt}) is in the past`);
  if (Date.parse(endsAt) <= Date.parse(startsAt))
    bad("ends-before-start", `endsAt (${endsAt}) must be after startsAt (${startsAt})`);
  return endsAt;
}

function isoTime(name: string, value: string): string {
  const ms = Date.parse(value);
  if (typeof value !== "string" || !Number.isFinite(ms))
    bad(
      `${name.toLowerCase()}-invalid`,
      `${name} must be an ISO 8601 time, got ${JSON.stringify(value)}`,
    );
  return new Date(ms).toISOString();
}

function text(name: string, value: string, max: number): string {
  if (typeof value !== "string" || value.trim() === "" || value.length > max)
    bad(`${name}-invalid`, `${name} must be a non-empty string of at most ${max} characters`);
  return value.trim();
}

function bad(code: string, message: string): never {
  throw new InputError(400, code, message);
}

async function audit(
  deps: SilenceDeps,
  silence: FullSilence,
  kind: string,
  reason: string,
  data: Record<string, unknown>,
): Promise<void> {
  await deps.store.appendAudit({
    at: deps.clock.now().toISOString(),
    kind,
    subject: silence.id,
    reason,
    rule: kind,
    data,
  });
}
