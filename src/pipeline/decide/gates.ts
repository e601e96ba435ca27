/**
 * Whether the Codegen rung may start a fix run (DESIGN §6 "AI gating", §7.1 "Codegen runs";
 * prior art b3 Seer Autofix gating). Conditions decide eligibility; holding states wait for the
 * current run or PR; gates refuse an eligible run, and a refusal goes to a human. Pure.
 */
import type { Incident } from "../../domain/types.js";
import { type BudgetPace, paceBudget } from "./budget.js";
import type { ConditionFailure } from "./conditions.js";
import type { LadderInput } from "./ladder-types.js";

export type GateName = "attempts" | "rate-limit" | "budget" | "protected-branch";

export interface GateRefusal {
  gate: GateName;
  reason: string;
  numbers: Record<string, number | string | null>;
}

export type CodegenVerdict =
  | { outcome: "ineligible"; failed: ConditionFailure[] }
  | { outcome: "hold"; reason: string }
  | { outcome: "refused"; refusal: GateRefusal }
  | { outcome: "run"; pace: BudgetPace };

type GateInput = Pick<LadderInput, "incident" | "codegenUsage" | "policy" | "now">;

/**
 * Holds first (they are states of this incident, not refusals), then eligibility, then the gates.
 * A protected branch is only a gate when it is the sole failed condition: otherwise the rung would
 * not have acted anyway, and nobody needs to hear about it.
 */
export function codegenVerdict(input: GateInput, failed: ConditionFailure[]): CodegenVerdict {
  const hold = codegenHold(input.incident) ?? fingerprintHold(input) ?? massFailureHold(input);
  if (hold) return { outcome: "hold", reason: hold };
  if (failed.length === 1 && failed[0]?.condition === "branch-deny") {
    return { outcome: "refused", refusal: protectedBranchGate(failed[0].reason) };
  }
  if (failed.length > 0) return { outcome: "ineligible", failed };
  const pace = paceBudget(
    input.policy.codegen.monthlyBudget,
    input.codegenUsage.runsThisMonth,
    input.now,
  );
  const refusal = attemptsGate(input) ?? rateLimitGate(input) ?? budgetGate(pace);
  return refusal ? { outcome: "refused", refusal } : { outcome: "run", pace };
}

/**
 * One run per incident at a time (maxOpenRunsPerFingerprint is 1 in this model, so a running run
 * fills it), and no new run while the fix PR it opened is still open.
 */
export function codegenHold(incident: Incident): string | null {
  const run = incident.codegen;
  if (run?.status === "running") return `Codegen run ${run.runId} is still running`;
  if (run?.status === "completed" && incident.pr && incident.status !== "resolved") {
    return `Codegen fix PR ${incident.pr.url} is open: recurrences start no new run`;
  }
  return null;
}

/** Another job's incident of the same fingerprint has a run open: one fix at a time. */
export function fingerprintHold(input: GateInput): string | null {
  const open =
    (input.codegenUsage.openRunsForFingerprint ?? 0) +
    (input.incident.codegen?.status === "running" ? 1 : 0);
  const max = input.policy.codegen.maxOpenRunsPerFingerprint;
  if (open < max) return null;
  return `${open} Codegen run(s) already open for this fingerprint in ${input.incident.repo} (at most ${max})`;
}

/**
 * One fingerprint failing in many repositories at once has one shared cause (a registry outage, a
 * broken shared action): a fix PR per repository would be wasted runs and noise, so they wait.
 */
export function massFailureHold(input: GateInput): string | null {
  const repos = input.codegenUsage.massFailureRepos;
  if (repos === undefined) return null;
  return `the same failure is in ${repos} repositories (mass failure): one shared cause, no fix PR per repository`;
}

export function attemptsGate(input: GateInput): GateRefusal | null {
  const attempts = input.incident.codegen?.attempts ?? 0;
  const max = input.policy.codegen.maxRunsPerIncident;
  if (attempts < max) return null;
  return {
    gate: "attempts",
    reason: `Codegen already ran ${attempts} of ${max} times for this incident: a human takes over`,
    numbers: { attempts, maxRunsPerIncident: max },
  };
}

export function rateLimitGate(input: GateInput): GateRefusal | null {
  const runs = input.codegenUsage.runsLastHourInRepo;
  const limit = input.policy.codegen.maxRunsPerRepoPerHour;
  if (runs < limit) return null;
  return {
    gate: "rate-limit",
    reason: `${runs} Codegen runs in ${input.incident.repo} in the last hour (limit ${limit})`,
    numbers: { runsLastHourInRepo: runs, limit },
  };
}

export function budgetGate(pace: BudgetPace): GateRefusal | null {
  if (!pace.exhausted) return null;
  const numbers = {
    runsThisMonth: pace.runsThisMonth,
    allowedByNow: pace.allowedByNow,
    monthlyBudget: pace.monthlyBudget,
  };
  if (pace.monthlyBudget === 0) {
    return { gate: "budget", reason: "Codegen monthly budget is 0", numbers };
  }
  const percent = Math.floor(pace.elapsed * 100);
  return {
    gate: "budget",
    reason:
      `Codegen budget ahead of pace: ${pace.runsThisMonth} runs this month, ${pace.allowedByNow} ` +
      `allowed by now (${pace.monthlyBudget}/month, ${percent}% of the month elapsed)`,
    numbers,
  };
}

export function protectedBranchGate(conditionReason: string): GateRefusal {
  return {
    gate: "protected-branch",
    reason: `${conditionReason}: Codegen makes no fix there`,
    numbers: {},
  };
}
