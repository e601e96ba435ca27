/**
 * Email digests debounced per recipient list, the Sentry way (reference §b3): the first digest
 * goes at once; later ones wait at least `minDelay` after the last send, each new digest pushes the
 * send `incrementDelay` later, and nothing waits past `maxDelay` after the last send. Pure.
 */
import type { Digest, EmailBatch, NoticeItem } from "../../domain/notify.js";
import { digestTotals } from "./notice.js";
import type { NotifyConfig } from "./notify-config.js";

export type EmailDebounce = NotifyConfig["email"];

export interface EnqueueOptions {
  /** The reset rung's page: skip the debounce and send everything waiting now. */
  urgent?: boolean;
  /** Recipients of a new batch (ignored when `batch` exists: its `to` is the key). */
  to?: readonly string[];
}

/** Normalised recipient list: trimmed, lower-cased, deduplicated, sorted, comma-joined. */
export function recipientKey(to: readonly string[]): string {
  const clean = to.map((address) => address.trim().toLowerCase()).filter(Boolean);
  return [...new Set(clean)].sort().join(",");
}

/** Adds a digest to the recipient list's batch and sets when the batch goes out. */
export function enqueueEmail(
  batch: EmailBatch | null,
  digest: Digest,
  now: Date,
  cfg: EmailDebounce,
  options: EnqueueOptions = {},
): EmailBatch {
  const current = batch ?? emptyBatch(recipientKey(options.to ?? []));
  const urgent = options.urgent === true || current.urgent;
  const at = urgent
    ? urgentTime(current, now.getTime(), cfg)
    : sendTime(current, now.getTime(), cfg);
  return {
    ...current,
    pending: withDigest(current.pending, digest),
    sendAt: new Date(at).toISOString(),
    urgent,
  };
}

/**
 * Urgent notices skip the debounce, but pages of a storm still arrive at most one per
 * `urgentMinDelay`: each page carries everything waiting, so none is lost by waiting a minute.
 */
function urgentTime(batch: EmailBatch, now: number, cfg: EmailDebounce): number {
  const last = batch.lastSentAt === null ? null : Date.parse(batch.lastSentAt);
  return last === null ? now : Math.max(now, last + cfg.urgentMinDelay);
}

function emptyBatch(to: string): EmailBatch {
  return { to, pending: [], sendAt: null, lastSentAt: null, urgent: false };
}

/**
 * Sentry's formula: min(last + max, max(last + min, (sendAt ?? now) + increment)), never in the
 * past. Without a recent send the first digest goes now, and one arriving before it went out
 * joins it rather than delaying it.
 */
function sendTime(batch: EmailBatch, now: number, cfg: EmailDebounce): number {
  const pending = batch.sendAt === null ? null : Date.parse(batch.sendAt);
  const last = batch.lastSentAt === null ? null : Date.parse(batch.lastSentAt);
  if (last === null || now - last > cfg.maxDelay) return Math.max(pending ?? now, now);
  const pushed = (pending ?? now) + cfg.incrementDelay;
  const at = Math.min(last + cfg.maxDelay, Math.max(last + cfg.minDelay, pushed));
  return Math.max(at, now);
}

/**
 * One pending digest per group: a newer digest of the same group replaces the older one, because
 * the newest state of an incident wins (a digest lists every firing member of its group). Items
 * only the older digest has (incidents it announced as resolved, which left the group) are kept,
 * so an email never loses a resolution that Slack showed.
 */
function withDigest(pending: readonly Digest[], digest: Digest): Digest[] {
  const older = pending.find((d) => d.groupId === digest.groupId);
  const others = pending.filter((d) => d.groupId !== digest.groupId);
  return [...others, older ? merged(older, digest) : digest];
}

function merged(older: Digest, newer: Digest): Digest {
  const ids = new Set(newer.items.map((item) => item.incidentId));
  const kept: NoticeItem[] = older.items.filter((item) => !ids.has(item.incidentId));
  if (kept.length === 0) return newer;
  const items = [...kept, ...newer.items];
  const reason = `${older.reason}, then ${newer.reason}`;
  // Add the kept items to the newer totals: silenced incidents are counted there, never listed.
  const extra = digestTotals(kept);
  const totals = {
    firing: newer.totals.firing + extra.firing,
    resolved: newer.totals.resolved + extra.resolved,
    silenced: newer.totals.silenced + extra.silenced,
  };
  return { ...newer, items, reason, totals };
}

/** Whether the batch should go out now. */
export function emailDue(batch: EmailBatch, now: Date): boolean {
  if (batch.sendAt === null || batch.pending.length === 0) return false;
  return Date.parse(batch.sendAt) <= now.getTime();
}

/**
 * The batch after `delivered` went out: its digests leave, the debounce counts from now. Digests
 * that joined while the email was on the wire (`current` is the batch as stored now) stay and go
 * at the debounce's next time: `minDelay` from now, or `urgentMinDelay` for a page.
 */
export function sent(
  current: EmailBatch,
  delivered: EmailBatch,
  now: Date,
  cfg: EmailDebounce,
): EmailBatch {
  const gone = new Set(delivered.pending.map((d) => d.id));
  const pending = current.pending.filter((d) => !gone.has(d.id));
  const urgent = pending.length > 0 && current.urgent && !delivered.urgent;
  const wait = urgent ? cfg.urgentMinDelay : cfg.minDelay;
  const sendAt = pending.length > 0 ? new Date(now.getTime() + wait).toISOString() : null;
  return { ...current, pending, sendAt, lastSentAt: now.toISOString(), urgent };
}
