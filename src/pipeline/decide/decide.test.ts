import { describe, expect, it } from "vitest";
import type { Classification, FailureType } from "../../domain/types.js";
import { type DecideInput, decide } from "./decide.js";

const now = new Date("2026-11-23T10:00:00.000Z");
const policy = {
  maxAutomaticReruns: 2,
  baseDelayMs: 30_000,
  maxDelayMs: 900_000,
  types: [
    "network",
    "rate_limit",
    "infrastructure",
    "timeout",
    "flaky_test",
    "disk_full",
  ] as FailureType[],
};

function verdict(type: FailureType, retryable: boolean): Classification {
  return {
    type,
    category: retryable ? "transient" : "persistent",
    severity: "medium",
    retryable,
    confidence: 0.9,
    suggestedAction: retryable ? "retry" : "fix_code",
    ruleId: `rule-${type}`,
    fingerprint: `v1:${type}`,
    evidence: [],
  };
}

function input(overrides: Partial<DecideInput> & { classification: Classification }): DecideInput {
  return {
    runClassifications: [{ job: "build", classification: overrides.classification }],
    rerunsOfRun: 0,
    canRerun: true,
    policy,
    now,
    random: 0.5,
    ...overrides,
  };
}

describe("pipeline/decide/decide", () => {
  it.each([
    // type, retryable, reruns so far, random, expected kind, rule, delay in ms
    ["network", true, 0, 0.5, "retry", "retry.transient", 15_000],
    ["network", true, 1, 0.5, "retry", "retry.transient", 30_000],
    ["rate_limit", true, 0, 0.999, "retry", "retry.transient", 29_970],
    ["timeout", true, 0, 0, "retry", "retry.transient", 0],
    ["network", true, 2, 0.5, "ignore", "retry.max-automatic-reruns", null],
    ["test_failure", false, 0, 0.5, "ignore", "retry.types", null],
    ["compilation", false, 0, 0.5, "ignore", "retry.types", null],
    ["out_of_memory", false, 0, 0.5, "ignore", "retry.types", null],
    ["dependency_install", true, 0, 0.5, "ignore", "retry.types", null],
    ["unknown", false, 0, 0.5, "ignore", "retry.types", null],
  ] as const)(
    "%s (retryable %s, %i re-runs, random %d) → %s by %s",
    (type, retryable, reruns, random, kind, rule, delay) => {
      const decisions = decide(
        input({ classification: verdict(type, retryable), rerunsOfRun: reruns, random }),
      );

      expect(decisions).toHaveLength(1);
      expect(decisions[0]).toMatchObject({ kind, rule, at: now.toISOString() });
      if (delay === null) expect(decisions[0]?.runAt).toBeUndefined();
      else expect(Date.parse(decisions[0]?.runAt ?? "") - now.getTime()).toBe(delay);
    },
  );

  it("does not re-run when another job of the run failed persistently", () => {
    const network = verdict("network", true);
    const runClassifications = [
      { job: "e2e", classification: network },
      { job: "unit", classification: verdict("test_failure", false) },
    ];

    const [decision] = decide(input({ classification: network, runClassifications }));

    expect(decision).toMatchObject({ kind: "ignore", rule: "retry.whole-run" });
    expect(decision?.reason).toContain("job unit");
  });

  it("caps the delay at maxDelay however many re-runs came before", () => {
    const tight = { ...policy, maxAutomaticReruns: 20, maxDelayMs: 60_000 };

    const [decision] = decide(
      input({
        classification: verdict("network", true),
        rerunsOfRun: 10,
        random: 0.999,
        policy: tight,
      }),
    );

    expect(Date.parse(decision?.runAt ?? "") - now.getTime()).toBe(59_940);
  });

  it("records the rule and the numbers that fired in the reason", () => {
    const [decision] = decide(input({ classification: verdict("network", true), rerunsOfRun: 1 }));

    expect(decision?.reason).toMatch(
      /network \(rule rule-network, confidence 0\.90\) is transient: re-run 2 of 2 in 30 s/,
    );
  });

  it("does not re-run a transient failure the provider cannot re-run", () => {
    const [decision] = decide(input({ classification: verdict("network", true), canRerun: false }));

    expect(decision).toMatchObject({ kind: "ignore", rule: "retry.provider" });
  });

  it("respects a policy that takes a type off the re-run list", () => {
    const noTimeouts = { ...policy, types: policy.types.filter((t) => t !== "timeout") };

    const [decision] = decide(
      input({ classification: verdict("timeout", true), policy: noTimeouts }),
    );

    expect(decision).toMatchObject({ kind: "ignore", rule: "retry.types" });
  });
});
