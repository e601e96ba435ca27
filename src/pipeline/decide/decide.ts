import type { Classification, Decision, FailureType } from "../../domain/types.js";
import { fullJitterDelay } from "../../lib/backoff.js";

/** The re-run part of the policy (config `retry`). */
export interface RetryPolicy {
  maxAutomaticReruns: number;
  baseDelayMs: number;
  maxDelayMs: number;
  types: readonly FailureType[];
}

/** Everything `decide` looks at; nothing else is read. */
export interface DecideInput {
  /** The failed job's verdict. */
  classification: Classification;
  /** Verdicts of every failed job of the same run (including this one). */
  runClassifications: readonly { job: string; classification: Classification }[];
  /** Automatic re-runs already requested for this run. */
  rerunsOfRun: number;
  /** Whether the provider can re-run (the generic CI endpoint cannot yet). */
  canRerun: boolean;
  policy: RetryPolicy;
  now: Date;
  /** A number in [0, 1) for the jitter, passed in so `decide` stays pure. */
  random: number;
}

/**
 * Decides whether to re-run one failed job (the ladder's first rung). Pure: the same input gives the same decisions,
 * and each decision names the rule or threshold that produced it (it goes to the audit log).
 */
export function decide(input: DecideInput): Decision[] {
  const numbers = {
    rerunsOfRun: input.rerunsOfRun,
    maxAutomaticReruns: input.policy.maxAutomaticReruns,
    confidence: input.classification.confidence,
  };
  return decideRetry(input).map((decision) => ({ ...decision, rung: "retry", numbers }));
}

function decideRetry(input: DecideInput): Decision[] {
  const { classification: c, policy, now } = input;
  const at = now.toISOString();
  const label = `${c.type} (rule ${c.ruleId ?? "none"}, confidence ${c.confidence.toFixed(2)})`;
  if (!c.retryable || !policy.types.includes(c.type)) {
    return [ignore(at, `${label} is not transient: not re-run`, "retry.types")];
  }
  const blocker = input.runClassifications.find(
    (other) => !other.classification.retryable || !policy.types.includes(other.classification.type),
  );
  if (blocker) {
    const why = `job ${blocker.job} of the same run failed with persistent ${blocker.classification.type}`;
    return [ignore(at, `${why}: a re-run cannot turn the run green`, "retry.whole-run")];
  }
  if (input.rerunsOfRun >= policy.maxAutomaticReruns) {
    const spent = `${input.rerunsOfRun} of ${policy.maxAutomaticReruns}`;
    return [
      ignore(
        at,
        `re-run budget spent (${spent} automatic re-runs of this run)`,
        "retry.max-automatic-reruns",
      ),
    ];
  }
  if (!input.canRerun) {
    return [
      ignore(
        at,
        `${label} is transient, but this CI provider cannot be re-run by pitcrew`,
        "retry.provider",
      ),
    ];
  }
  const delayMs = fullJitterDelay(
    input.rerunsOfRun,
    policy.baseDelayMs,
    policy.maxDelayMs,
    input.random,
  );
  const runAt = new Date(now.getTime() + delayMs).toISOString();
  const nth = `${input.rerunsOfRun + 1} of ${policy.maxAutomaticReruns}`;
  return [
    {
      kind: "retry",
      reason: `${label} is transient: re-run ${nth} in ${Math.round(delayMs / 1000)} s`,
      rule: "retry.transient",
      at,
      runAt,
    },
  ];
}

function ignore(at: string, reason: string, rule: string): Decision {
  return { kind: "ignore", reason, rule, at };
}
