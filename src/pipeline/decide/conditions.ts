/**
 * The conditions every rung of the escalation ladder shares (DESIGN §6): enabled, failure count
 * in the window, type, confidence, severity, branch and environment. Each failed condition comes
 * back with a readable reason, so the ladder can explain itself and `nextRung` can say what is
 * missing. Pure.
 */
import picomatch from "picomatch";
import type { FailureType, Severity } from "../../domain/types.js";
import { severities } from "../../domain/types.js";
import type { EscalationPolicy } from "./escalation-config.js";
import type { LadderInput } from "./ladder-types.js";

/** The shared conditions, as every rung's policy section carries them. */
export type RungConditions = Pick<
  EscalationPolicy["recover"],
  "enabled" | "atFailures" | "types" | "minConfidence" | "minSeverity" | "branches" | "environments"
>;

/** What the conditions are checked against. */
export interface ConditionSubject {
  type: FailureType;
  confidence: number;
  severity: Severity;
  branch: string | null;
  environment: string | null;
  failuresInWindow: number;
  windowMs: number;
}

/** `branch-deny` is kept apart from `branch-allow`: a protected branch is a Codegen gate. */
export type ConditionName =
  | "enabled"
  | "failures"
  | "type"
  | "confidence"
  | "severity"
  | "branch-deny"
  | "branch-allow"
  | "environment";

export interface ConditionFailure {
  condition: ConditionName;
  reason: string;
}

/** Branch names hold `/`, and dot segments are legal in them: match them like paths, dots included. */
export function matchesGlob(value: string, globs: readonly string[]): boolean {
  return globs.length > 0 && picomatch.isMatch(value, [...globs], { dot: true });
}

export function subjectOf(
  input: Pick<LadderInput, "incident" | "environment" | "failuresInWindow" | "policy">,
): ConditionSubject {
  const c = input.incident.classification;
  return {
    type: c.type,
    confidence: c.confidence,
    severity: c.severity,
    branch: input.incident.branch,
    environment: input.environment,
    failuresInWindow: input.failuresInWindow,
    windowMs: input.policy.window,
  };
}

/** Every condition of `rung` that `subject` fails, in a fixed order (empty: the rung applies). */
export function checkConditions(rung: RungConditions, s: ConditionSubject): ConditionFailure[] {
  const failures: (ConditionFailure | null)[] = [
    rung.enabled ? null : { condition: "enabled", reason: "rung disabled" },
    s.failuresInWindow >= rung.atFailures
      ? null
      : { condition: "failures", reason: `failed ${countText(s, rung.atFailures)}` },
    rung.types.includes(s.type)
      ? null
      : { condition: "type", reason: `type ${s.type} not in [${rung.types.join(", ")}]` },
    s.confidence >= rung.minConfidence
      ? null
      : {
          condition: "confidence",
          reason: `confidence ${s.confidence.toFixed(2)} below ${rung.minConfidence.toFixed(2)}`,
        },
    severities.indexOf(s.severity) >= severities.indexOf(rung.minSeverity)
      ? null
      : { condition: "severity", reason: `severity ${s.severity} below ${rung.minSeverity}` },
    branchFailure(rung.branches, s.branch),
    environmentFailure(rung.environments, s.environment),
  ];
  return failures.filter((f): f is ConditionFailure => f !== null);
}

/** Deny wins over allow; a run without a branch (a tag, a manual run) passes only an allow-all. */
function branchFailure(
  branches: RungConditions["branches"],
  branch: string | null,
): ConditionFailure | null {
  if (branch === null) {
    return branches.allow.includes("**")
      ? null
      : {
          condition: "branch-allow",
          reason: `no branch (allow is [${branches.allow.join(", ")}])`,
        };
  }
  if (matchesGlob(branch, branches.deny)) {
    const deny = branches.deny.join(", ");
    return { condition: "branch-deny", reason: `branch ${branch} is protected (deny [${deny}])` };
  }
  if (matchesGlob(branch, branches.allow)) return null;
  const allow = branches.allow.join(", ");
  return { condition: "branch-allow", reason: `branch ${branch} not in allow [${allow}]` };
}

/** An empty list means any environment, including none. */
function environmentFailure(globs: readonly string[], env: string | null): ConditionFailure | null {
  if (globs.length === 0) return null;
  if (env !== null && matchesGlob(env, globs)) return null;
  const list = globs.join(", ");
  const what = env === null ? "no environment" : `environment ${env}`;
  return { condition: "environment", reason: `${what} not in [${list}]` };
}

/** "2× in 24h (threshold 2)": how often the fingerprint failed, against the rung's threshold. */
export function countText(s: Pick<ConditionSubject, "failuresInWindow" | "windowMs">, at: number) {
  return `${s.failuresInWindow}× in ${formatDuration(s.windowMs)} (threshold ${at})`;
}

export function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

const units: [string, number][] = [
  ["d", 86_400_000],
  ["h", 3_600_000],
  ["m", 60_000],
  ["s", 1000],
];

/** 24h, 7d, 1h, 30m: days only from two days on, because "24h" reads better than "1d". */
export function formatDuration(ms: number): string {
  for (const [unit, size] of units) {
    if (unit === "d" && ms < 2 * size) continue;
    if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}
