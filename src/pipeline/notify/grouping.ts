/**
 * Aggregation groups as a state machine (Alertmanager's dispatcher and dedup stage, reference
 * §b1): `observe` schedules a group's flushes, `flush` decides whether a flush notifies. Pure: the
 * caller reads incident states from the store and passes the time in.
 */
import type { NotificationGroup, ReceiverName } from "../../domain/notify.js";
import type { Severity } from "../../domain/types.js";
import type { NotifyRoute } from "./notify-config.js";
import { groupId } from "./routes.js";

type Timers = Pick<NotifyRoute, "group_wait" | "group_interval" | "repeat_interval">;

export interface ObserveInput {
  incidentId: string;
  severity: Severity;
  now: Date;
  route: Timers;
  index: number;
  receiver: ReceiverName;
  labels: Record<string, string>;
}

/**
 * An incident joined (or changed in) the group: add it once and make sure a flush is scheduled.
 * `critical` skips every wait (DESIGN §6 "critical bypasses group_wait"), also on an idle group
 * that flushed recently: a critical failure is worth a notice inside group_interval.
 */
export function observe(group: NotificationGroup | null, input: ObserveInput): NotificationGroup {
  const current = group ?? newGroup(input);
  const incidentIds = current.incidentIds.includes(input.incidentId)
    ? current.incidentIds
    : [...current.incidentIds, input.incidentId];
  return { ...current, incidentIds, nextFlushAt: iso(nextFlush(group, input)) };
}

function newGroup(input: ObserveInput): NotificationGroup {
  return {
    id: groupId(input.index, input.receiver, input.labels),
    route: input.index,
    receiver: input.receiver,
    labels: input.labels,
    incidentIds: [],
    createdAt: input.now.toISOString(),
    nextFlushAt: null,
    lastFlushAt: null,
    lastNotifiedAt: null,
    notifiedFiring: [],
    notifiedResolved: [],
    slack: null,
  };
}

function nextFlush(group: NotificationGroup | null, input: ObserveInput): number {
  const now = input.now.getTime();
  if (input.severity === "critical") return now;
  // Already scheduled (waiting or ticking every group_interval): the new member rides along.
  if (group?.nextFlushAt) return Date.parse(group.nextFlushAt);
  const wait = now + input.route.group_wait;
  if (!group?.lastFlushAt) return wait;
  // An idle group that flushed lately keeps its rhythm: no second notice inside group_interval.
  const tick = Date.parse(group.lastFlushAt) + input.route.group_interval;
  return tick > now ? tick : wait;
}

/** The member incidents' current states, as the store has them (ids unknown to it are left out). */
export interface GroupSnapshot {
  firing: readonly string[];
  resolved: readonly string[];
  /** Failures so far per incident id: a count grown since the last notice refreshes it. */
  counts?: Readonly<Record<string, number>>;
  /**
   * Members no longer shown, and why: matched by a silence, or held back by a mass-failure
   * umbrella. One announced as failing is taken off the message (a change worth a notice).
   */
  withdrawn?: Readonly<Record<string, Withdrawal>>;
}

export type Withdrawal = "silenced" | "mass failure";

export interface FlushResult {
  notify: boolean;
  /** Why it notifies ("2 new, 1 resolved", "reminder: unchanged for 4h"), or why not. */
  reason: string;
  /** What the notice lists: every firing member, and the members newly resolved. */
  firing: string[];
  resolved: string[];
  group: NotificationGroup;
  /** No members left: the group is idle and may be deleted. */
  empty: boolean;
}

/**
 * One flush of a group (Alertmanager's `needsUpdate`): notify when something new fires, when an
 * incident announced as firing has resolved, or as a reminder once `repeat_interval` has passed
 * since the last notice. Unlike Alertmanager, an announced incident that failed again since the
 * last notice refreshes it too ("37 more failures"), so the last notice of a group always shows
 * every failure; a refresh edits the message in place and does not postpone the reminder. Reminders are only checked at flushes, so they come at the first
 * group_interval tick at or after repeat_interval (rounded up, as in Alertmanager). An incident
 * that opened and resolved before it was ever announced is dropped silently.
 */
export function flush(
  group: NotificationGroup,
  snapshot: GroupSnapshot,
  now: Date,
  route: Timers,
): FlushResult {
  const member = (id: string) => group.incidentIds.includes(id);
  const firing = snapshot.firing.filter(member);
  const resolved = snapshot.resolved.filter(
    (id) => member(id) && group.notifiedFiring.includes(id) && !group.notifiedResolved.includes(id),
  );
  const added = firing.filter((id) => !group.notifiedFiring.includes(id));
  const counts = snapshot.counts ?? {};
  const grown = moreFailures(group, firing, counts);
  const gone = Object.entries(snapshot.withdrawn ?? {})
    .filter(([id]) => member(id) && group.notifiedFiring.includes(id))
    .map(([, why]) => why);
  const change = changeReason(added.length, resolved.length, grown, gone);
  const reason = change ?? reminder(group, firing, now, route) ?? refreshReason(grown);
  // Resolved members leave either way: announced now, or never announced at all.
  const rest = { ...group, incidentIds: firing, lastFlushAt: now.toISOString() };
  const next = firing.length > 0 ? iso(now.getTime() + route.group_interval) : null;
  const base = { firing, resolved, empty: firing.length === 0 };
  if (reason === null) {
    const quiet = { ...rest, nextFlushAt: next };
    return { ...base, notify: false, reason: "unchanged", group: quiet };
  }
  const notified: NotificationGroup = {
    ...rest,
    nextFlushAt: next,
    // A refresh is an edit nobody is pinged by: the reminder still counts from the announcement.
    lastNotifiedAt: change === null && grown > 0 ? group.lastNotifiedAt : now.toISOString(),
    notifiedFiring: firing,
    notifiedResolved: [...group.notifiedResolved, ...resolved],
    notifiedCounts: countsOf([...firing, ...resolved], counts),
  };
  return { ...base, notify: true, reason, group: notified };
}

/**
 * An incident joining, resolving or taken off the message is a change; more failures ride along
 * in its reason.
 */
function changeReason(
  added: number,
  resolved: number,
  grown: number,
  gone: readonly Withdrawal[],
): string | null {
  const silenced = gone.filter((why) => why === "silenced").length;
  const moved = gone.length - silenced;
  if (added === 0 && resolved === 0 && gone.length === 0) return null;
  const parts = [
    added > 0 ? `${added} new` : "",
    resolved > 0 ? `${resolved} resolved` : "",
    silenced > 0 ? `${silenced} silenced` : "",
    moved > 0 ? `${moved} moved to the mass-failure notice` : "",
    refreshReason(grown) ?? "",
  ];
  return parts.filter(Boolean).join(", ");
}

function refreshReason(grown: number): string | null {
  if (grown === 0) return null;
  return grown === 1 ? "1 more failure" : `${grown} more failures`;
}

/**
 * Failures of announced incidents since the last notice. An incident without a recorded count
 * (a group stored before counts were kept) is not counted: it refreshes at its next change.
 */
function moreFailures(
  group: NotificationGroup,
  firing: readonly string[],
  counts: Readonly<Record<string, number>>,
): number {
  const before = group.notifiedCounts ?? {};
  let grown = 0;
  for (const id of firing) {
    const was = before[id];
    const is = counts[id];
    if (was !== undefined && is !== undefined && is > was) grown += is - was;
  }
  return grown;
}

function countsOf(ids: readonly string[], counts: Readonly<Record<string, number>>) {
  const kept: Record<string, number> = {};
  for (const id of ids) if (counts[id] !== undefined) kept[id] = counts[id];
  return kept;
}

function reminder(
  group: NotificationGroup,
  firing: readonly string[],
  now: Date,
  route: Timers,
): string | null {
  if (firing.length === 0 || group.lastNotifiedAt === null) return null;
  const since = now.getTime() - Date.parse(group.lastNotifiedAt);
  return since >= route.repeat_interval ? `reminder: unchanged for ${span(since)}` : null;
}

/** "4h", "4h 5m", "45m": whole minutes, for reasons people read. */
export function span(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `${rest}m`;
  return rest === 0 ? `${hours}h` : `${hours}h ${rest}m`;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
