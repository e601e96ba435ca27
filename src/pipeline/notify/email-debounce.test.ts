import { describe, expect, it } from "vitest";
import type { Digest, EmailBatch, NoticeItem } from "../../domain/notify.js";
import { emailDue, enqueueEmail, recipientKey, sent } from "./email-debounce.js";

const t0 = Date.parse("2026-12-07T10:00:00.000Z");
const at = (sec: number) => new Date(t0 + sec * 1000);
const cfg = {
  minDelay: 300_000,
  incrementDelay: 30_000,
  maxDelay: 1_800_000,
  urgentMinDelay: 60_000,
  maxItems: 50,
};

function item(incidentId: string, state: NoticeItem["state"] = "firing"): NoticeItem {
  return {
    incidentId,
    state,
    repo: "acme/api",
    workflow: "CI",
    job: "test",
    branch: "main",
    type: "test_failure",
    severity: "high",
    count: 1,
    evidence: null,
    done: [],
    next: "",
    links: { incident: "", run: null, linear: null, pr: null },
    silenced: false,
  };
}

function digest(groupId: string, items: NoticeItem[] = [item("A")], reason = "1 new"): Digest {
  const firing = items.filter((i) => i.state === "firing").length;
  const totals = { firing, resolved: items.length - firing, silenced: 0 };
  return {
    id: `d_${groupId}`,
    groupId,
    receiver: "email",
    labels: {},
    at: "",
    reason,
    items,
    totals,
  };
}

/** `q` queues a digest (of group g unless named), `!` an urgent one, `send` sends what is due. */
type Step = [sec: number, op: "q" | "!" | "send", group?: string];

/** Runs the steps; returns the send time (seconds after t0) after each queue, "sent" per send. */
function run(steps: Step[]): string[] {
  let batch: EmailBatch | null = null;
  const seen: string[] = [];
  for (const [sec, op, group = "g"] of steps) {
    if (op === "send") {
      if (batch && emailDue(batch, at(sec))) batch = sent(batch, batch, at(sec), cfg);
      seen.push(batch?.lastSentAt === at(sec).toISOString() ? "sent" : "not due");
      continue;
    }
    batch = enqueueEmail(batch, digest(group), at(sec), cfg, { urgent: op === "!", to: ["a@x"] });
    seen.push(String((Date.parse(batch.sendAt ?? "") - t0) / 1000));
  }
  return seen;
}

describe("pipeline/notify/email-debounce", () => {
  it.each<[string, Step[], string[]]>([
    ["the first digest goes at once", [[0, "q"]], ["0"]],
    [
      "a second digest before the first went out joins it",
      [
        [0, "q"],
        [0, "q", "h"],
      ],
      ["0", "0"],
    ],
    [
      "after a send, the next waits at least minDelay",
      [
        [0, "q"],
        [0, "send"],
        [60, "q"],
      ],
      ["0", "sent", "300"],
    ],
    [
      "each new digest pushes the send 30 s later",
      [
        [0, "q"],
        [0, "send"],
        [60, "q"],
        [90, "q", "h"],
        [100, "q", "i"],
      ],
      ["0", "sent", "300", "330", "360"],
    ],
    [
      "a digest long after minDelay waits only incrementDelay",
      [
        [0, "q"],
        [0, "send"],
        [1000, "q"],
      ],
      ["0", "sent", "1030"],
    ],
    [
      "never later than maxDelay after the last send",
      [
        [0, "q"],
        [0, "send"],
        [1700, "q"],
        [1750, "q", "h"],
        [1790, "q", "i"],
      ],
      ["0", "sent", "1730", "1760", "1790"],
    ],
    [
      "the cap holds while digests keep coming",
      [
        [0, "q"],
        [0, "send"],
        [1780, "q"],
        [1790, "q", "h"],
      ],
      ["0", "sent", "1800", "1800"],
    ],
    [
      "more than maxDelay after the last send: at once again",
      [
        [0, "q"],
        [0, "send"],
        [2000, "q"],
      ],
      ["0", "sent", "2000"],
    ],
    [
      "urgent skips the debounce and takes what waits with it",
      [
        [0, "q"],
        [0, "send"],
        [60, "q"],
        [90, "!", "h"],
        [90, "send"],
      ],
      ["0", "sent", "300", "90", "sent"],
    ],
    [
      "urgent pages in a storm: at most one per urgentMinDelay, each taking what waits",
      [
        [0, "!"],
        [0, "send"],
        [10, "!", "h"],
        [20, "!", "i"],
        [60, "send"],
        [70, "!", "j"],
      ],
      ["0", "sent", "60", "60", "sent", "120"],
    ],
    [
      "not due before sendAt",
      [
        [0, "q"],
        [0, "send"],
        [60, "q"],
        [200, "send"],
        [300, "send"],
      ],
      ["0", "sent", "300", "not due", "sent"],
    ],
  ])("%s", (_name, steps, expected) => {
    expect(run(steps)).toEqual(expected);
  });

  it.each<[string, Digest[], string[][], string]>([
    [
      "digests of different groups wait side by side",
      [digest("g"), digest("h", [item("B")])],
      [["A"], ["B"]],
      "1 new",
    ],
    [
      "a newer digest of the same group replaces the older",
      [digest("g"), digest("g", [item("A"), item("B")], "1 new")],
      [["A", "B"]],
      "1 new",
    ],
    [
      "a resolution only the older digest had is kept",
      [digest("g", [item("A", "resolved"), item("B")], "1 resolved"), digest("g", [item("B")])],
      [["A", "B"]],
      "1 resolved, then 1 new",
    ],
  ])("%s", (_name, digests, items, lastReason) => {
    let batch: EmailBatch | null = null;
    for (const d of digests) batch = enqueueEmail(batch, d, at(0), cfg, { to: ["a@x"] });
    const pending = batch?.pending ?? [];
    expect(pending.map((d) => d.items.map((i) => i.incidentId))).toEqual(items);
    expect(pending.at(-1)?.reason).toBe(lastReason);
  });

  it("counts the kept items in the merged totals", () => {
    const older = digest("g", [item("A", "resolved"), item("B")], "1 resolved");
    const newer = { ...digest("g", [item("B")]), totals: { firing: 1, resolved: 0, silenced: 2 } };
    const batch = enqueueEmail(enqueueEmail(null, older, at(0), cfg), newer, at(1), cfg);
    expect(batch.pending[0]?.totals).toEqual({ firing: 1, resolved: 1, silenced: 2 });
  });

  it("sent empties the batch and clears urgency", () => {
    const batch = enqueueEmail(null, digest("g"), at(0), cfg, { urgent: true, to: ["a@x"] });
    expect(sent(batch, batch, at(5), cfg)).toEqual({
      to: "a@x",
      pending: [],
      sendAt: null,
      lastSentAt: at(5).toISOString(),
      urgent: false,
    });
  });

  it("sent keeps digests that joined while the email was on the wire", () => {
    const delivered = enqueueEmail(null, digest("g"), at(0), cfg, { to: ["a@x"] });
    const joined = enqueueEmail(delivered, digest("h"), at(1), cfg);
    const after = sent(joined, delivered, at(2), cfg);
    expect(after.pending.map((d) => d.groupId)).toEqual(["h"]);
    expect([after.sendAt, after.lastSentAt, after.urgent]).toEqual([
      at(2 + 300).toISOString(),
      at(2).toISOString(),
      false,
    ]);
    // A page that arrived meanwhile keeps its urgency and its shorter wait.
    const paged = enqueueEmail(delivered, digest("h"), at(1), cfg, { urgent: true });
    const afterPage = sent(paged, delivered, at(2), cfg);
    expect([afterPage.sendAt, afterPage.urgent]).toEqual([at(2 + 60).toISOString(), true]);
  });

  it.each<[string[], string]>([
    [["B@x.org", " a@x.org", "b@x.org", ""], "a@x.org,b@x.org"],
    [[], ""],
  ])("recipientKey(%j) = %s", (to, key) => {
    expect(recipientKey(to)).toBe(key);
  });
});
