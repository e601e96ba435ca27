import { describe, expect, it } from "vitest";
import { testGroup } from "../../../test/support/notify-group.js";
import type { NotificationGroup } from "../../domain/notify.js";
import type { Severity } from "../../domain/types.js";
import { flush, type ObserveInput, observe, span, type Withdrawal } from "./grouping.js";

const t0 = Date.parse("2026-12-07T10:00:00.000Z");
const at = (sec: number) => new Date(t0 + sec * 1000);
const iso = (sec: number) => at(sec).toISOString();
const m = 60;
const h = 3600;
const timers = { group_wait: 30_000, group_interval: 300_000, repeat_interval: 14_400_000 };
type Timers = typeof timers;

function input(id: string, sec: number, severity: Severity = "high", route = timers): ObserveInput {
  const labels = { repo: "acme/api" };
  return { incidentId: id, severity, now: at(sec), route, index: 0, receiver: "slack", labels };
}

/** "4:00:30" from seconds after t0: readable in tables spanning hours. */
function clock(ms: number): string {
  const sec = Math.round((ms - t0) / 1000);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${Math.floor(sec / h)}:${pad(Math.floor((sec % h) / m))}:${pad(sec % m)}`;
}

type Event = [sec: number, what: "fire" | "critical" | "resolve", id: string];

/**
 * Drives one group as the dispatcher would: events change incident states (and observe the group
 * on a failure), flushes run when due, and an empty group is deleted. Returns the notices sent.
 */
function simulate(events: Event[], until: number, route: Timers = timers) {
  const states = new Map<string, "firing" | "resolved">();
  const counts: Record<string, number> = {};
  let group: NotificationGroup | null = null;
  const notices: string[] = [];
  const runFlushes = (upTo: number) => {
    while (group?.nextFlushAt && Date.parse(group.nextFlushAt) <= t0 + upTo * 1000) {
      const now = new Date(group.nextFlushAt);
      const ids = group.incidentIds;
      const snapshot = {
        firing: ids.filter((id) => states.get(id) === "firing"),
        resolved: ids.filter((id) => states.get(id) === "resolved"),
        counts,
      };
      const result = flush(group, snapshot, now, route);
      if (result.notify) {
        const resolved = result.resolved.length > 0 ? `-${result.resolved.join(",")}` : "";
        const listed = [result.firing.join(","), resolved].filter(Boolean).join(" ");
        notices.push(`${clock(now.getTime())} ${result.reason}: ${listed}`);
      }
      group = result.empty ? null : result.group;
    }
  };
  for (const [sec, what, id] of events) {
    runFlushes(sec);
    if (what === "resolve") {
      states.set(id, "resolved");
      continue;
    }
    states.set(id, "firing");
    counts[id] = (counts[id] ?? 0) + 1;
    group = observe(group, input(id, sec, what === "critical" ? "critical" : "high", route));
  }
  runFlushes(until);
  return { notices, group: group as NotificationGroup | null };
}

describe("pipeline/notify/grouping: timelines", () => {
  it.each<[string, Event[], number, Timers, string[]]>([
    [
      "group_wait: two failures 20 s apart make one notice at 30 s",
      [
        [0, "fire", "A"],
        [20, "fire", "B"],
      ],
      4 * m,
      timers,
      ["0:00:30 2 new: A,B"],
    ],
    [
      "a third failure is announced at the next group_interval tick",
      [
        [0, "fire", "A"],
        [20, "fire", "B"],
        [60, "fire", "C"],
      ],
      9 * m,
      timers,
      ["0:00:30 2 new: A,B", "0:05:30 1 new: A,B,C"],
    ],
    [
      "a resolution is announced at the next tick",
      [
        [0, "fire", "A"],
        [20, "fire", "B"],
        [2 * m, "resolve", "A"],
      ],
      9 * m,
      timers,
      ["0:00:30 2 new: A,B", "0:05:30 1 resolved: B -A"],
    ],
    [
      "new and resolved in one tick",
      [
        [0, "fire", "A"],
        [2 * m, "resolve", "A"],
        [3 * m, "fire", "B"],
      ],
      9 * m,
      timers,
      ["0:00:30 1 new: A", "0:05:30 1 new, 1 resolved: B -A"],
    ],
    [
      "unchanged: a reminder only after repeat_interval (4h is a whole number of 5m ticks)",
      [[0, "fire", "A"]],
      4 * h + 10 * m,
      timers,
      ["0:00:30 1 new: A", "4:00:30 reminder: unchanged for 4h: A"],
    ],
    [
      "repeat_interval is rounded up to group_interval ticks (30m on 7m ticks → 35m)",
      [[0, "fire", "A"]],
      40 * m,
      { group_wait: 30_000, group_interval: 420_000, repeat_interval: 1_800_000 },
      ["0:00:30 1 new: A", "0:35:30 reminder: unchanged for 35m: A"],
    ],
    [
      "opened and resolved inside group_wait: never announced",
      [
        [0, "fire", "A"],
        [10, "resolve", "A"],
      ],
      1 * h,
      timers,
      [],
    ],
    [
      "resolved before its first notice while a sibling fires: only the sibling is announced",
      [
        [0, "fire", "A"],
        [5, "fire", "B"],
        [10, "resolve", "A"],
      ],
      4 * m,
      timers,
      ["0:00:30 1 new: B"],
    ],
    ["critical skips group_wait", [[0, "critical", "A"]], 4 * m, timers, ["0:00:00 1 new: A"]],
    [
      "a critical incident pulls a waiting group to now",
      [
        [0, "fire", "A"],
        [10, "critical", "B"],
      ],
      4 * m,
      timers,
      ["0:00:10 2 new: A,B"],
    ],
    [
      "failing again after its notice refreshes it at the next tick",
      [
        [0, "fire", "A"],
        [m, "fire", "A"],
        [2 * m, "fire", "A"],
      ],
      11 * m,
      timers,
      ["0:00:30 1 new: A", "0:05:30 2 more failures: A"],
    ],
    [
      "more failures ride along with a change",
      [
        [0, "fire", "A"],
        [m, "fire", "A"],
        [2 * m, "fire", "B"],
      ],
      9 * m,
      timers,
      ["0:00:30 1 new: A", "0:05:30 1 new, 1 more failure: A,B"],
    ],
    [
      "failures inside group_wait are in the first notice, not a refresh",
      [
        [0, "fire", "A"],
        [10, "fire", "A"],
      ],
      11 * m,
      timers,
      ["0:00:30 1 new: A"],
    ],
    [
      "refreshes do not postpone the reminder",
      [
        [0, "fire", "A"],
        [2 * h, "fire", "A"],
      ],
      4 * h + 10 * m,
      timers,
      ["0:00:30 1 new: A", "2:00:30 1 more failure: A", "4:00:30 reminder: unchanged for 4h: A"],
    ],
    [
      "everything resolved: one last notice, then the group is gone",
      [
        [0, "fire", "A"],
        [m, "resolve", "A"],
      ],
      1 * h,
      timers,
      ["0:00:30 1 new: A", "0:05:30 1 resolved: -A"],
    ],
  ])("%s", (_name, events, until, route, expected) => {
    expect(simulate(events, until, route).notices).toEqual(expected);
  });

  it("deletes the group once everything was announced resolved", () => {
    const events: Event[] = [
      [0, "fire", "A"],
      [m, "resolve", "A"],
    ];
    expect(simulate(events, 1 * h).group).toBeNull();
    expect(simulate(events, 4 * m).group?.incidentIds).toEqual(["A"]);
  });
});

const group = testGroup;

describe("pipeline/notify/grouping: observe", () => {
  it.each<[string, NotificationGroup | null, ObserveInput, string]>([
    ["new group waits group_wait", null, input("A", 0), iso(30)],
    ["new critical group flushes now", null, input("A", 0, "critical"), iso(0)],
    ["scheduled group keeps its time", group({ nextFlushAt: iso(30) }), input("B", 20), iso(30)],
    [
      "critical pulls a scheduled group to now",
      group({ nextFlushAt: iso(300) }),
      input("B", 20, "critical"),
      iso(20),
    ],
    [
      "idle group flushed 1m ago waits for its interval",
      group({ incidentIds: [], lastFlushAt: iso(0) }),
      input("B", 60),
      iso(300),
    ],
    [
      "idle group flushed 10m ago waits group_wait",
      group({ incidentIds: [], lastFlushAt: iso(0) }),
      input("B", 600),
      iso(630),
    ],
    [
      "idle group flushed 1m ago: critical still goes now",
      group({ incidentIds: [], lastFlushAt: iso(0) }),
      input("B", 60, "critical"),
      iso(60),
    ],
  ])("%s", (_name, before, observed, nextFlushAt) => {
    expect(observe(before, observed).nextFlushAt).toBe(nextFlushAt);
  });

  it.each<[string, NotificationGroup | null, string[]]>([
    ["a new group holds the incident", null, ["A"]],
    ["an incident already in the group is added once", group({ incidentIds: ["A"] }), ["A"]],
    ["another incident is appended", group({ incidentIds: ["B"] }), ["B", "A"]],
  ])("%s", (_name, before, ids) => {
    const after = observe(before, input("A", 0));
    expect(after.incidentIds).toEqual(ids);
    expect(after.id).toBe("0:slack:repo=acme/api");
  });
});

describe("pipeline/notify/grouping: flush", () => {
  it.each<[string, NotificationGroup, string[], string[], boolean, string, string[]]>([
    [
      "a resolution already announced is not repeated",
      group({ incidentIds: ["A", "B"], notifiedFiring: ["A"], notifiedResolved: ["B"] }),
      ["A"],
      ["B"],
      false,
      "unchanged",
      ["A"],
    ],
    [
      "an id the store no longer knows leaves the group",
      group({ incidentIds: ["A", "Z"], notifiedFiring: ["A"], lastNotifiedAt: iso(0) }),
      ["A"],
      [],
      false,
      "unchanged",
      ["A"],
    ],
    [
      "ids outside the group are ignored",
      group({ incidentIds: ["A"], notifiedFiring: ["A"], lastNotifiedAt: iso(0) }),
      ["A", "X"],
      [],
      false,
      "unchanged",
      ["A"],
    ],
  ])("%s", (_name, before, firing, resolved, notify, reason, members) => {
    const result = flush(before, { firing, resolved }, at(60), timers);
    expect([result.notify, result.reason, result.group.incidentIds]).toEqual([
      notify,
      reason,
      members,
    ]);
  });

  it("records what a notice announced", () => {
    const before = group({ incidentIds: ["A", "B"], notifiedFiring: ["A", "B"] });
    const result = flush(before, { firing: ["B"], resolved: ["A"] }, at(60), timers);
    expect(result.group).toMatchObject({
      incidentIds: ["B"],
      notifiedFiring: ["B"],
      notifiedResolved: ["A"],
      lastNotifiedAt: iso(60),
      lastFlushAt: iso(60),
      nextFlushAt: iso(360),
    });
  });

  it("a group stored without counts is not refreshed until its next change", () => {
    const before = group({ incidentIds: ["A"], notifiedFiring: ["A"], lastNotifiedAt: iso(0) });
    const result = flush(before, { firing: ["A"], resolved: [], counts: { A: 9 } }, at(60), timers);
    expect([result.notify, result.group.notifiedCounts]).toEqual([false, undefined]);
  });

  it.each<[string, Record<string, Withdrawal>, string[], [boolean, string, string[]]]>([
    ["an announced incident silenced", { A: "silenced" }, ["B"], [true, "1 silenced", ["B"]]],
    [
      "an announced incident held back by an umbrella",
      { A: "mass failure" },
      ["B"],
      [true, "1 moved to the mass-failure notice", ["B"]],
    ],
    ["the last one silenced: a final notice", { A: "silenced" }, [], [true, "1 silenced", []]],
    [
      "a muted incident never announced: no notice",
      { C: "silenced" },
      ["A", "B"],
      [false, "unchanged", ["A", "B"]],
    ],
  ])("takes off the message: %s", (_name, withdrawn, firing, expected) => {
    const before = group({
      incidentIds: ["A", "B", "C"],
      notifiedFiring: ["A", "B"],
      lastNotifiedAt: iso(0),
    });
    const result = flush(before, { firing, resolved: [], withdrawn }, at(60), timers);
    expect([result.notify, result.reason, result.firing]).toEqual(expected);
    expect(result.group.notifiedFiring).toEqual(result.notify ? firing : ["A", "B"]);
  });

  it("records the counts a notice showed", () => {
    const before = group({
      incidentIds: ["A", "B"],
      notifiedFiring: ["A"],
      notifiedCounts: { A: 2 },
    });
    const snapshot = { firing: ["A", "B"], resolved: [], counts: { A: 5, B: 1 } };
    const result = flush(before, snapshot, at(60), timers);
    expect([result.reason, result.group.notifiedCounts]).toEqual([
      "1 new, 3 more failures",
      { A: 5, B: 1 },
    ]);
  });

  it.each<[number, string]>([
    [45 * 60_000, "45m"],
    [4 * 3_600_000, "4h"],
    [4 * 3_600_000 + 5 * 60_000 + 30_000, "4h 5m"],
  ])("span(%i) = %s", (ms, text) => {
    expect(span(ms)).toBe(text);
  });
});
