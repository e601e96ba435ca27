/**
 * A notification storm through the real app: failure events over 10 simulated minutes across 20
 * repositories and 50 fingerprints, fingerprint #0 in 15 of them (a mass failure). The scenario is
 * `runStorm` of bench/notify-storm.ts, which `npm run bench:notify` runs with 10 000 events; here
 * 2 000, so `npm test` stays fast (~40 s). What is checked:
 *
 * - every failure is recorded on its incident: per (repo, fingerprint) the incident's count is
 *   the number of events the generator sent, and the counts sum to the events;
 * - every incident is named in some Slack message (post or edit), and every count a message shows
 *   is one the incident really had (≤ its final count, never going down between messages);
 * - every incident is listed in some email or counted in an email's "… and N more";
 * - the mass failure is one umbrella group per receiver, and one Slack message names all 15 repos'
 *   incidents of fingerprint #0;
 * - no Slack channel gets more than `burst` messages in any second, nor more than `perSecond`
 *   sustained (fake-clock send times);
 * - the storm sends a small fraction of one-message-per-failure.
 *
 * What is not checked, because the app does not do it: that the last digest of each incident shows
 * its final count. A group is notified again only when an incident joins or resolves (Alertmanager's
 * rule), so a Slack message keeps the count of its last notice while failures keep coming; the
 * bench reports that gap ("Σ last count shown").
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

const events = 2_000;
let storm: StormResult;

beforeAll(async () => {
  storm = await runStorm({ events });
}, 180_000);

describe("acceptance: notification storm (2 000 failures in 10 minutes)", () => {
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

  it("names every incident in Slack, with counts it really had", () => {
    const acc = accounting(storm);
    expect(acc.incidentsInSlack).toBe(storm.incidents.length);
    const final = new Map(storm.incidents.map((i) => [i.id, i.count]));
    const lastShown = new Map<string, number>();
    for (const write of storm.slack) {
      for (const [id, shown] of write.counts) {
        expect(final.has(id)).toBe(true);
        expect(shown).toBeGreaterThanOrEqual(lastShown.get(id) ?? 1);
        expect(shown).toBeLessThanOrEqual(final.get(id) ?? 0);
        lastShown.set(id, shown);
      }
    }
    expect(acc.shownInSlack).toBeGreaterThan(0);
    expect(acc.shownInSlack).toBeLessThanOrEqual(events);
  });

  it("lists every incident in some email, or counts it in '… and N more'", () => {
    const acc = accounting(storm);
    const unlisted = storm.incidents.filter((i) => !acc.lastEmail.has(i.id)).length;
    const counted = Math.max(0, ...storm.emails.map((e) => e.more));
    expect(unlisted).toBeLessThanOrEqual(counted);
    for (const email of storm.emails) {
      for (const [id, shown] of email.counts) {
        const incident = storm.incidents.find((i) => i.id === id);
        expect(shown).toBeLessThanOrEqual(incident?.count ?? 0);
      }
    }
  });

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
