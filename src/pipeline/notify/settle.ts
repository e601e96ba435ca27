import type { NotificationGroup, SlackPending } from "../../domain/notify.js";
import type { FlushResult } from "./grouping.js";

/**
 * The group a flush leaves behind, merged with what changed while the flush ran (announcements
 * and Slack drains run concurrently with it): incidents that joined meanwhile stay and ride on the
 * group's rhythm, a message the drain posted meanwhile is kept, a flush time an announcement
 * pulled earlier (a critical failure) is kept, and a new Slack message replaces the waiting one.
 * Null: nothing left to flush or send, the group is deleted. Pure.
 */
export function settle(
  stored: NotificationGroup | null,
  read: NotificationGroup,
  result: FlushResult,
  message: SlackPending | null,
  now: Date,
  groupInterval: number,
): NotificationGroup | null {
  const current = stored ?? read;
  const flushed = result.group.incidentIds;
  const joined = current.incidentIds.filter(
    (id) => !read.incidentIds.includes(id) && !flushed.includes(id),
  );
  const incidentIds = [...flushed, ...joined];
  const waiting = current.slackPending ?? null;
  // A reminder not yet posted stays a new message when a later change replaces its text.
  const slackPending =
    message && waiting?.repost ? { ...message, repost: true } : (message ?? waiting);
  if (incidentIds.length === 0 && !slackPending) return null;
  // A message still waiting (Slack was down until its drain gave up) is tried again each tick.
  const tick = new Date(now.getTime() + groupInterval).toISOString();
  const due = result.group.nextFlushAt ?? (joined.length > 0 || slackPending ? tick : null);
  const pulled = current.nextFlushAt !== read.nextFlushAt ? current.nextFlushAt : null;
  const nextFlushAt = pulled && (!due || pulled < due) ? pulled : due;
  return { ...result.group, incidentIds, slack: current.slack, slackPending, nextFlushAt };
}
