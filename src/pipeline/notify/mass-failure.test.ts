import { describe, expect, it } from "vitest";
import { inhibited, massFailure, type RecentFailure, type Umbrella } from "./mass-failure.js";

const now = new Date("2026-12-07T10:00:00.000Z");
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000).toISOString();
const cfg = { repos: 3, window: 600_000 };

/** `repo fingerprint minutesAgo incidentId` */
function failures(...rows: string[]): RecentFailure[] {
  return rows.map((row) => {
    const [repo = "", fingerprint = "", ago = "0", incidentId = ""] = row.split(" ");
    return { repo, fingerprint, at: minutesAgo(Number(ago)), incidentId };
  });
}

describe("pipeline/notify/mass-failure", () => {
  it.each<[string, RecentFailure[], typeof cfg, Umbrella[]]>([
    ["2 repos are not a mass failure at 3", failures("a fp 1 i1", "b fp 2 i2"), cfg, []],
    [
      "3 repos within the window make an umbrella",
      failures("c fp 1 i3", "a fp 5 i1", "b fp 3 i2"),
      cfg,
      [{ fingerprint: "fp", repos: ["a", "b", "c"], incidentIds: ["i1", "i2", "i3"] }],
    ],
    [
      "2 repos are enough when configured so",
      failures("a fp 1 i1", "b fp 2 i2"),
      { repos: 2, window: 600_000 },
      [{ fingerprint: "fp", repos: ["a", "b"], incidentIds: ["i2", "i1"] }],
    ],
    [
      "one of 3 outside the window: no umbrella",
      failures("a fp 1 i1", "b fp 2 i2", "c fp 11 i3"),
      cfg,
      [],
    ],
    [
      "the window's edge counts",
      failures("a fp 1 i1", "b fp 2 i2", "c fp 10 i3"),
      cfg,
      [{ fingerprint: "fp", repos: ["a", "b", "c"], incidentIds: ["i3", "i2", "i1"] }],
    ],
    [
      "one repo failing often is one repo",
      failures("a fp 1 i1", "a fp 2 i1", "a fp 3 i4", "b fp 2 i2"),
      cfg,
      [],
    ],
    [
      "fingerprints are counted apart",
      failures("a fp 1 i1", "b fp 2 i2", "c other 3 i3", "d other 3 i4", "e other 4 i5"),
      cfg,
      [{ fingerprint: "other", repos: ["c", "d", "e"], incidentIds: ["i5", "i3", "i4"] }],
    ],
    [
      "failures stamped after now are not counted",
      failures("a fp 1 i1", "b fp 2 i2", "c fp -5 i3"),
      cfg,
      [],
    ],
  ])("%s", (_name, recent, config, expected) => {
    expect(massFailure(recent, now, config)).toEqual(expected);
  });

  const umbrella: Umbrella = { fingerprint: "fp", repos: ["a", "b", "c"], incidentIds: [] };
  it.each<[string, string, Umbrella[], boolean]>([
    ["a covered fingerprint is inhibited", "fp", [umbrella], true],
    ["another fingerprint is not", "other", [umbrella], false],
    ["no umbrellas, nothing inhibited", "fp", [], false],
  ])("%s", (_name, fingerprint, umbrellas, expected) => {
    expect(inhibited({ fingerprint }, umbrellas)).toBe(expected);
  });
});
