/** The storm's shape and parsing helpers of bench/notify-storm.ts (events, logs, what digests say). */

export interface StormOptions {
  /** Failure events in all (default 10 000). */
  events?: number;
  /** Simulated span of the storm, in seconds (default 600: 10 minutes). */
  seconds?: number;
  /** PRNG seed of who fails when (default 42). */
  seed?: number;
  /**
   * Write the JSON store's file on every update, as the server does (default false: the store
   * keeps its data in memory only). The embedded store rewrites its whole file per update, so with
   * 10 000 events the disk, not the notify stage, would be measured — and take hours.
   */
  persist?: boolean;
  /** Called after each simulated minute of the storm with the events posted so far. */
  onProgress?: (posted: number, wallMs: number) => void;
}

/** One Slack Web API write as the fake received it, at the fake clock's time. */
export interface SlackWrite {
  method: "chat.postMessage" | "chat.update";
  channel: string;
  /** Fake-clock epoch ms when the app sent it. */
  at: number;
  /** Incident id → the count ("N×") each listed section shows. */
  counts: Map<string, number>;
}

/** One email as the fake SMTP server received it. */
export interface EmailSeen {
  at: number;
  /** An urgent page (escalation without Linear, or the reset rung): skips the debounce. */
  urgent: boolean;
  /** Incident id → the count ("Failed N times") each card shows. */
  counts: Map<string, number>;
  /** "… and N more": incidents counted but not listed. */
  more: number;
}

export interface StormResult {
  events: number;
  /** Events the generator sent, per `repo fingerprintIndex` (the ground truth). */
  sentPerPair: Map<string, number>;
  repos: number;
  fingerprints: number;
  /** Distinct classifier fingerprints of the incidents (50 when the log lines differ as meant). */
  distinctFingerprints: number;
  /** Every incident as the store has it at the end. */
  incidents: {
    id: string;
    repo: string;
    fingerprint: string;
    /** The generator's fingerprint number, read back from the evidence line (−1: not found). */
    fingerprintIndex: number;
    count: number;
    status: string;
  }[];
  /** Group ids the store still holds (umbrella ones start with `umbrella:`). */
  groups: string[];
  slack: SlackWrite[];
  emails: EmailSeen[];
  /** Slack Web API calls that were not posts or updates (auth.test …). */
  otherSlackCalls: number;
  /** Jobs that ended dead (should be 0). */
  deadJobs: number;
  /** Simulated ms from the first event to the last send. */
  simulatedMs: number;
  /** Wall ms of the whole run, and of the storm phase only. */
  wallMs: number;
  stormWallMs: number;
  perSecond: number;
  burst: number;
}

export const stormShape = { repos: 20, fingerprints: 50, sharedRepos: 15, sharedShare: 0.3 };

export const start = Date.parse("2026-11-23T10:00:00.000Z");

/** mulberry32: small, seeded, good enough to shuffle a storm. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The classifier's fingerprint drops digits: each test name is spelled in letters instead. */
export function testName(n: number): string {
  // No a–f: "ab", "fe" … read as hex and the fingerprint would fold them together.
  const letters = "ghijklmnopqrstuvwxyz";
  return `${letters[Math.floor(n / 20)] ?? "z"}${letters[n % 20] ?? "z"}`;
}

export function repoName(r: number): string {
  return `storm/service-${testName(r)}`;
}

export function failingLog(fingerprint: number): string {
  const test = testName(fingerprint);
  return [
    "$ pytest -q",
    "....F",
    `FAILED tests/test_${test}.py::test_${test} - AssertionError`,
    "1 failed, 4 passed",
    "ERROR: Job failed: exit code 1",
  ].join("\n");
}

/**
 * Which (repo, fingerprint) pairs fail: fingerprint #0 in repos 0…14 (the mass failure); every
 * other fingerprint k in repo (k−1) mod 20, the odd ones also in repo (k+9) mod 20 — two repos,
 * one short of the umbrella threshold of 3.
 */
export function stormPairs(): { repo: number; fingerprint: number }[] {
  const pairs: { repo: number; fingerprint: number }[] = [];
  for (let r = 0; r < stormShape.sharedRepos; r++) pairs.push({ repo: r, fingerprint: 0 });
  for (let k = 1; k < stormShape.fingerprints; k++) {
    pairs.push({ repo: (k - 1) % stormShape.repos, fingerprint: k });
    if (k % 2 === 1) pairs.push({ repo: (k + 9) % stormShape.repos, fingerprint: k });
  }
  return pairs;
}

/** Key of `sentPerPair`: `storm/service-gh #7`. */
export const pairKey = (repo: number | string, fingerprint: number) =>
  `${typeof repo === "string" ? repo : repoName(repo)} #${fingerprint}`;

export function fingerprintIndexOf(evidence: string): number {
  const name = /tests\/test_([g-z]+)\.py/.exec(evidence)?.[1];
  for (let k = 0; name && k < stormShape.fingerprints; k++) if (testName(k) === name) return k;
  return -1;
}

/** Section "… · 12×" with its `<…/incidents/PC-3|Incident>` link, per incident. */
export function slackCounts(blocks: unknown): Map<string, number> {
  const counts = new Map<string, number>();
  if (!Array.isArray(blocks)) return counts;
  for (const block of blocks as { type?: string; text?: { text?: string } }[]) {
    const text = block.type === "section" ? (block.text?.text ?? "") : "";
    const count = / · (\d+)×/.exec(text)?.[1];
    const id = /\/incidents\/([^|>]+)\|Incident>/.exec(text)?.[1];
    if (count && id) counts.set(id, Number(count));
  }
  return counts;
}

/** Cards of the plain-text email: "[FAILING] … - PC-3" then "Failed 12 times" / "Failed once". */
export function emailCounts(text: string): { counts: Map<string, number>; more: number } {
  const counts = new Map<string, number>();
  const card =
    /^\[(?:FAILING|RESOLVED)\] .* - (\S+)\n.*\n(?:Resolved after failing|Failed) (once|\d+ times)$/gm;
  for (const match of text.matchAll(card)) {
    const times = match[2] === "once" ? 1 : Number.parseInt(match[2] ?? "0", 10);
    if (match[1]) counts.set(match[1], times);
  }
  const more = Number(/^\.\.\. and (\d+) more/m.exec(text)?.[1] ?? 0);
  return { counts, more };
}
