import { describe, expect, it } from "vitest";
import { testGroup } from "../../../test/support/notify-group.js";
import type { NotificationGroup, SlackPending } from "../../domain/notify.js";
import { flush } from "./grouping.js";
import { settle } from "./settle.js";

const t = (sec: number) => new Date(Date.parse("2026-12-07T10:00:00.000Z") + sec * 1000);
const iso = (sec: number) => t(sec).toISOString();
const timers = { group_wait: 30_000, group_interval: 300_000, repeat_interval: 14_400_000 };

const group = (overrides: Partial<NotificationGroup> = {}) =>
  testGroup({ nextFlushAt: iso(30), ...overrides });

const message = (queuedAt: number, repost?: boolean): SlackPending => ({
  channel: "C1",
  text: `at ${queuedAt}`,
  blocks: [],
  queuedAt: iso(queuedAt),
  ...(repost ? { repost } : {}),
});

/** Flushes `read` at 30 s with A firing (or resolved), then settles against `stored`. */
function run(read: NotificationGroup, stored: NotificationGroup | null, resolved = false) {
  const snapshot = resolved ? { firing: [], resolved: ["A"] } : { firing: ["A"], resolved: [] };
  const result = flush(read, snapshot, t(30), timers);
  return (m: SlackPending | null) => settle(stored, read, result, m, t(30), 300_000);
}

describe("pipeline/notify/settle", () => {
  it("keeps an incident that joined while the flush ran, and the group ticking", () => {
    const read = group();
    const after = run(read, group({ incidentIds: ["A", "B"] }))(message(30));
    expect(after).toMatchObject({ incidentIds: ["A", "B"], nextFlushAt: iso(330) });
  });

  it("keeps a joiner of a group whose members all resolved, and flushes it next tick", () => {
    const read = group({ notifiedFiring: ["A"], lastNotifiedAt: iso(0) });
    const after = run(read, { ...read, incidentIds: ["A", "B"] }, true)(null);
    expect(after).toMatchObject({ incidentIds: ["B"], nextFlushAt: iso(330) });
  });

  it("keeps a flush time a critical announcement pulled earlier", () => {
    const read = group({ nextFlushAt: iso(30) });
    const stored = group({ incidentIds: ["A", "C"], nextFlushAt: iso(31) });
    expect(run(read, stored)(null)?.nextFlushAt).toBe(iso(31));
  });

  it("keeps the message a drain posted meanwhile, and replaces the waiting text", () => {
    const read = group({ slackPending: message(0) });
    const stored = group({ slack: { channel: "C1", ts: "1.1" }, slackPending: message(0) });
    const after = run(read, stored)(message(30));
    expect([after?.slack, after?.slackPending?.text]).toEqual([
      { channel: "C1", ts: "1.1" },
      "at 30",
    ]);
  });

  it("a reminder not yet posted stays a new message when its text is replaced", () => {
    const read = group({ slackPending: message(0, true) });
    expect(run(read, read)(message(30))?.slackPending).toMatchObject({
      text: "at 30",
      repost: true,
    });
  });

  it("deletes a group with nothing left to flush or send", () => {
    const read = group({ notifiedFiring: ["A"], lastNotifiedAt: iso(0) });
    expect(run(read, read, true)(null)).toBeNull();
    expect(run(read, read, true)(message(30))?.incidentIds).toEqual([]);
  });
});
