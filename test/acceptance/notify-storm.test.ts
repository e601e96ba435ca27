/**
 * A notification storm through the real app: failure events over 10 simulated minutes across 20
 * repositories and 50 fingerprints, fingerprint #0 in 15 of them (a mass failure). The scenario is
 * `runStorm` of bench/notify-storm.ts (`npm run bench:notify` runs the same 10 000 events and
 * writes the counts into docs/benchmarks.md; ~35 s, the JSON store kept in memory). Checked:
 *
 * - every failure is recorded on its incident: per (repo, fingerprint) the incident's count is
 *   the number of events the generator sent, and the counts sum to the events;
 * - every failure is in the digests: the last Slack message and the last email naming each
 *   incident show its final count, so those counts sum to the events (a group whose incidents
 *   failed again since its last notice is refreshed at its next group_interval tick);
 * - counts shown never go down between messages and never exceed what the incident had;
 * - the mass failure is one umbrella group per receiver, and one Slack message names all 15 repos'
 *   incidents of fingerprint #0;
 * - no Slack channel gets more than `burst` messages in any second, nor more than `perSecond`
 *   sustained (fake-clock send times);
 * - the storm sends a small fraction of one-message-per-failure.
 */
import { beforeAll, describe, expect, it } from "vitest";
import {
  accounting,
  pacing,
  pairKey,
  runStorm,
  type StormResult,
  stormPairs,
  stormShape,
} from "../../bench/notify-storm.js";

const events = 10_000;
let storm: StormResult;

beforeAll(async () => {
  storm = await runStorm({ events });
}, 300_000);

describe("acceptance: notification storm (10 000 failures in 10 minutes)", () => {
  it("records every failure on its incident", () => {
    const sent = [...storm.sentPerPair.values()].reduce((a, b) => a + b, 0);
    expect(sent).toBe(events);
    expect(storm.deadJobs).toBe(0);
    expect(storm.repos).toBe(stormShape.repos);
    expect(storm.distinctFingerprints).toBe(stormShape.fingerprints);
    // One incident per (repo, fingerprint) that failed, its count = the events of that pair.
    expect(storm.incidents).toHaveLength(storm.sentPerPair.size);
    expect(storm.sentPerPair.size).toBe(stormPairs().length);
    for (const incident of storm.incidents) {
      expect(incident.fingerprintIndex).toBeGreaterThanOrEqual(0);
      const key = pairKey(incident.repo, incident.fingerprintIndex);
      expect({ key, count: incident.count }).toEqual({ key, count: storm.sentPerPair.get(key) });
    }
    expect(accounting(storm).failures).toBe(events);
  });

  it.each([
    ["Slack", (r: StormResult) => r.slack],
    ["email", (r: StormResult) => r.emails],
  ] as const)(
    "accounts for every failure in %s: the last message naming an incident shows its final count",
    (_name, messagesOf) => {
      const messages = messagesOf(storm);
      const final = new Map(storm.incidents.map((i) => [i.id, i.count]));
      const lastShown = new Map<string, number>();
      for (const { counts } of messages) {
        for (const [id, shown] of counts) {
          // Every count shown is one the incident had: ≥ 1, never less than before, ≤ final.
          expect(final.has(id)).toBe(true);
          expect(shown).toBeGreaterThanOrEqual(lastShown.get(id) ?? 1);
          expect(shown).toBeLessThanOrEqual(final.get(id) ?? 0);
          lastShown.set(id, shown);
        }
      }
      expect(Object.fromEntries(lastShown)).toEqual(Object.fromEntries(final));
      expect([...lastShown.values()].reduce((a, b) => a + b, 0)).toBe(events);
      // Nothing is left unlisted ("… and N more"): the storm lists up to 100 incidents per email.
      expect(storm.emails.every((e) => e.more === 0)).toBe(true);
    },
  );

  it("announces the mass failure as one umbrella group per receiver", () => {
    const shared = storm.incidents.filter((i) => i.fingerprintIndex === 0);
    expect(shared).toHaveLength(stormShape.sharedRepos);
    const fingerprint = shared[0]?.fingerprint ?? "";
    expect(storm.groups.filter((g) => g.startsWith("umbrella:")).sort()).toEqual([
      `umbrella:email:${fingerprint}`,
      `umbrella:slack:${fingerprint}`,
    ]);
    // One Slack message names the 15 repositories' incidents of the shared fingerprint.
    const umbrella = storm.slack.filter((w) => shared.every((i) => w.counts.has(i.id)));
    expect(umbrella.length).toBeGreaterThan(0);
  });

  it("never sends a channel more than burst at once or more than perSecond sustained", () => {
    const pace = pacing(storm.slack, storm);
    expect(pace.channels).toBe(1);
    expect(pace.maxInOneSecond).toBeLessThanOrEqual(storm.burst);
    expect(pace.sustainedViolations).toBe(0);
  });

  it("sends a small fraction of one message per failure", () => {
    const posts = storm.slack.filter((w) => w.method === "chat.postMessage").length;
    // At most one post per group (20 repos + the umbrella); the rest are edits in place.
    expect(posts).toBeLessThanOrEqual(stormShape.repos + 1);
    expect(storm.slack.length).toBeLessThan(events / 20);
    expect(storm.emails.length).toBeLessThan(events / 10);
    expect(storm.otherSlackCalls).toBe(0);
  });
});
