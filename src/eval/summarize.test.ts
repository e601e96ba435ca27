import { describe, expect, it } from "vitest";
import type { Classification } from "../domain/types.js";
import type { LogChunksEntry } from "./corpus.js";
import { formatMisses, missOf } from "./misses.js";
import { logchunksOutcome } from "./outcome.js";
import { summarize } from "./summarize.js";

function entry(id: string, over: Partial<LogChunksEntry> = {}): LogChunksEntry {
  return {
    id,
    repository: "o/r",
    log_file: `${id}.log.gz`,
    chunk_start_line: 3,
    chunk_end_line: 4,
    chunk_span_verified: true,
    same_chunk_group: "g1",
    silver_type: "test_failure",
    silver_category: "persistent",
    silver_retryable: "no",
    silver_action: "fix_code",
    silver_confidence: "high",
    ...over,
  };
}

function verdict(over: Partial<Classification> = {}): Classification {
  return {
    type: "test_failure",
    category: "persistent",
    severity: "medium",
    retryable: false,
    confidence: 0.9,
    suggestedAction: "fix_code",
    ruleId: "r1",
    fingerprint: "fp1",
    evidence: [{ line: 3, text: "FAIL x" }],
    ...over,
  };
}

const outcomes = [
  logchunksOutcome(entry("a"), 1, 100, verdict()),
  logchunksOutcome(entry("b"), 1, 100, verdict({ evidence: [{ line: 9, text: "x" }] })),
  logchunksOutcome(
    entry("c", { silver_type: "network", silver_retryable: "yes", same_chunk_group: "g2" }),
    1,
    300,
    verdict({ type: "unknown", confidence: 0.2, fingerprint: "fp2", evidence: [] }),
  ),
  logchunksOutcome(
    entry("d", { chunk_span_verified: false, silver_confidence: "low", silver_type: "lint" }),
    1,
    100,
    verdict({ retryable: true }),
  ),
];

describe("summarize", () => {
  it("computes every metric of a hand-made subset", () => {
    const m = summarize(outcomes);
    expect(m.logs).toBe(4);
    expect(m.bytes).toBe(600);
    expect(m.line.scored).toBe(3);
    expect(m.line.hit1).toMatchObject({ hits: 1, total: 3 });
    expect(m.type.high.accuracy).toMatchObject({ hits: 2, total: 3 });
    expect(m.type.highMedium.n).toBe(3);
    expect(m.retryable).toMatchObject({ tp: 0, fp: 1, fn: 1 });
    // Pairs ab, bd, ad share a fingerprint; ab, ad, bd share a group → 3 TP; c is alone in both.
    expect(m.fingerprints).toMatchObject({ tp: 3, fp: 0, fn: 0 });
    expect(m.calibration.atThreshold).toEqual({ n: 2, correct: 2, accuracy: 1 });
    expect(m.abstention).toMatchObject({ hits: 1, total: 4 });
    expect(m.passed).toMatchObject({ hits: 1, total: 4 });
  });
});

describe("misses", () => {
  it("records line and type misses with the gold chunk's first line, never for fold 0", () => {
    const log = "one\ntwo\n\u001b[31mthree\u001b[0m\r\nfour\n";
    const bad = verdict({ type: "lint", evidence: [{ line: 1, text: "one" }] });
    const outcome = logchunksOutcome(entry("x"), 2, 10, bad);
    const miss = missOf(outcome, bad, log);
    expect(miss).toMatchObject({ lineMiss: true, typeMiss: true, goldText: "three" });
    expect(missOf(logchunksOutcome(entry("x"), 0, 10, bad), bad, log)).toBeNull();
    const right = logchunksOutcome(entry("y"), 2, 10, verdict());
    expect(missOf(right, verdict(), log)).toBeNull();
    const text = formatMisses(miss ? [miss] : []);
    expect(text).toContain(
      "x (fold 2)  gold 3-4 test_failure/high  →  1 lint [r1] 0.90  line✗ type✗",
    );
    expect(text).toContain("gold:   three");
    expect(text).toContain("1  test_failure → lint");
  });
});
