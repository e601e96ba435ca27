import type { Silence, SilenceMatchers } from "../../domain/escalation.js";
import type { Incident } from "../../domain/types.js";

/** The fields a silence may match on, in the order they are shown. */
export const silenceMatcherKeys = [
  "repo",
  "branch",
  "workflow",
  "job",
  "type",
  "fingerprint",
  "severity",
] as const satisfies readonly (keyof SilenceMatchers)[];

/** The body of a `/…/` matcher value, or null when the value is compared for equality. */
export function regexSource(pattern: string): string | null {
  return pattern.length >= 2 && pattern.startsWith("/") && pattern.endsWith("/")
    ? pattern.slice(1, -1)
    : null;
}

const compiled = new Map<string, RegExp | null>();

/** The compiled regex of a `/…/` value (null: it does not compile). Cached per source. */
function compile(source: string): RegExp | null {
  if (!compiled.has(source)) {
    let regex: RegExp | null = null;
    try {
      regex = new RegExp(source);
    } catch {
      regex = null;
    }
    if (compiled.size > 1000) compiled.clear();
    compiled.set(source, regex);
  }
  return compiled.get(source) ?? null;
}

/**
 * Whether one matcher value matches a field: equality, or a `/regex/` search (unanchored: the
 * writer anchors it). As in notification routes (and Alertmanager), a missing field (null) is the
 * empty string; a regex that does not compile never matches.
 */
export function matchesValue(pattern: string, value: string | null): boolean {
  const text = value ?? "";
  const source = regexSource(pattern);
  if (source === null) return pattern === text;
  return compile(source)?.test(text) ?? false;
}

/** Whether every matcher matches its field; a silence without matchers matches nothing. */
export function matchersMatch(
  matchers: SilenceMatchers,
  fields: Partial<Record<keyof SilenceMatchers, string | null>>,
): boolean {
  const given = Object.entries(matchers).filter(([, value]) => value !== undefined);
  return (
    given.length > 0 &&
    given.every(([key, value]) =>
      matchesValue(String(value), fields[key as keyof SilenceMatchers] ?? null),
    )
  );
}

/**
 * Whether the silence is in force at `now`: not expired by hand, started (`startsAt`, else
 * `createdAt`, ≤ now) and not past its end (now < `endsAt`).
 */
export function isActive(silence: Silence, now: Date): boolean {
  if (silence.expiredAt !== null) return false;
  const startsAt = Date.parse(silence.startsAt ?? silence.createdAt);
  if (Number.isFinite(startsAt) && startsAt > now.getTime()) return false;
  return silence.endsAt === null || Date.parse(silence.endsAt) > now.getTime();
}

/** The first active silence whose every matcher matches the incident. Pure. */
export function matchingSilence(
  silences: readonly Silence[],
  incident: Incident,
  now: Date,
): Silence | null {
  const fields: Record<keyof SilenceMatchers, string | null> = {
    repo: incident.repo,
    fingerprint: incident.fingerprint,
    branch: incident.branch,
    workflow: incident.workflow,
    job: incident.job,
    type: incident.classification.type,
    severity: incident.classification.severity,
  };
  return (
    silences.find((silence) => isActive(silence, now) && matchersMatch(silence.matchers, fields)) ??
    null
  );
}
