/**
 * Notification vocabulary (DESIGN §2 `Digest`, §7.1 "Notifications"; Alertmanager's aggregation
 * groups, Sentry's email digests). Plain JSON-safe data: groups and batches live in the store, so a
 * restart neither loses nor repeats a digest.
 */
import type { Severity } from "./types.js";

/** Where a route's notices go: Slack, email, or one configured generic webhook by name. */
export type ReceiverName = "slack" | "email" | `webhook:${string}`;

/**
 * One aggregation group of one route and receiver: the incidents sharing the route's `group_by`
 * label values, flushed together (Alertmanager semantics).
 */
export interface NotificationGroup {
  /** `<route index>:<receiver>:<label=value,…>`. */
  id: string;
  route: number;
  receiver: ReceiverName;
  /** The `group_by` labels and their values, e.g. `{repo: "acme/api"}`. */
  labels: Record<string, string>;
  /** Incidents in the group: firing ones, and resolved ones not yet announced as resolved. */
  incidentIds: string[];
  createdAt: string;
  /** When the group is flushed next (group_wait, then every group_interval); null: idle. */
  nextFlushAt: string | null;
  lastFlushAt: string | null;
  /** When a notice for this group last went out (repeat_interval counts from it). */
  lastNotifiedAt: string | null;
  /** Incident ids announced as firing by the last notice. */
  notifiedFiring: string[];
  /** Incident ids announced as resolved (never repeated). */
  notifiedResolved: string[];
  /** Each listed incident's failure count as the last notice showed it (a grown one refreshes). */
  notifiedCounts?: Record<string, number>;
  /** The group's Slack message, edited in place once posted. */
  slack: { channel: string; ts: string } | null;
  /**
   * The newest Slack text of the group not yet delivered (a later flush replaces it: Slack shows
   * the latest state). The channel's drain job sends them in `queuedAt` order.
   */
  slackPending?: SlackPending | null;
}

/** A group's Slack message waiting for its channel's drain. */
export interface SlackPending {
  channel: string;
  text: string;
  blocks: Record<string, unknown>[];
  queuedAt: string;
  /** Post a new message rather than edit the group's (a reminder: Slack pings nobody on edits). */
  repost?: boolean;
}

/** What one notice says about one incident (what happened, what was done, what is next). */
export interface NoticeItem {
  incidentId: string;
  state: "firing" | "resolved";
  repo: string;
  workflow: string;
  job: string;
  branch: string | null;
  type: string;
  severity: Severity;
  count: number;
  evidence: string | null;
  /** What pitcrew did already, one line each. */
  done: string[];
  /** What it will do next (next retry time, next rung). */
  next: string;
  links: { incident: string; run: string | null; linear: string | null; pr: string | null };
  silenced: boolean;
}

/** The notices of one group sent together to one receiver. */
export interface Digest {
  id: string;
  groupId: string;
  receiver: ReceiverName;
  labels: Record<string, string>;
  at: string;
  /** Why this flush notifies (new incidents, resolved ones, repeat). */
  reason: string;
  items: NoticeItem[];
  /** Firing and resolved counts, and how many matched a silence (counted, not listed). */
  totals: { firing: number; resolved: number; silenced: number };
}

/** Email digests of one recipient list, debounced the Sentry way (first at once, then batched). */
export interface EmailBatch {
  /** Normalised, sorted, comma-joined recipient list. */
  to: string;
  /** Digests waiting to go out together. */
  pending: Digest[];
  /** When the waiting digests go out (null: nothing waiting). */
  sendAt: string | null;
  lastSentAt: string | null;
  /** Urgent notices skip the debounce (the reset rung's page). */
  urgent: boolean;
}
