/**
 * What `pitcrew incidents show` says comes next: the lowest rung above the highest one this
 * incident reached, and what would trigger it. Rungs that can never apply to this incident are
 * named and passed over, so the sentence ends at something that can actually happen. Pure.
 */
import { type Rung, rungs } from "../../domain/escalation.js";
import {
  type ConditionFailure,
  type ConditionSubject,
  checkConditions,
  formatDuration,
  plural,
  type RungConditions,
  subjectOf,
} from "./conditions.js";
import { codegenVerdict } from "./gates.js";
import type { LadderInput, NextRung } from "./ladder-types.js";
import { chooseRecovery } from "./recovery-choice.js";

type Input = Omit<LadderInput, "retry">;
/** A rung either is the answer, or is passed over (with a note when a human should know why). */
type Step = { next: NextRung } | { skip: string | null };

export function nextRung(input: Input): NextRung {
  if (input.silence) {
    const s = input.silence;
    return { rung: null, atFailures: null, trigger: `silenced by ${s.author}: ${s.reason}` };
  }
  const reached = input.incident.decisions
    .filter((d) => d.rung !== undefined && d.kind !== "ignore")
    .map((d) => rungs.indexOf(d.rung as Rung));
  const highest = Math.max(0, ...reached);
  const notes: string[] = [];
  for (const rung of rungs.slice(highest + 1)) {
    const step = describe(rung, input);
    if ("next" in step) {
      return { ...step.next, trigger: [...notes, step.next.trigger].join(". ") };
    }
    if (step.skip) notes.push(step.skip);
  }
  const trigger =
    notes.length > 0 ? `${notes.join(". ")}. No further rung applies` : "top rung reached";
  return { rung: null, atFailures: null, trigger };
}

function describe(rung: Rung, input: Input): Step {
  if (rung === "recover") return recoverStep(input);
  if (rung === "codegen") return codegenStep(input);
  if (rung === "linear") return linearStep(input);
  if (rung === "reset") return resetStep(input);
  return { skip: null };
}

function recoverStep(input: Input): Step {
  const policy = input.policy.recover;
  if (!policy.enabled) return { skip: null };
  if (!input.canRecover) return { skip: "Recover: not available for this CI provider" };
  const pending = input.incident.recoveries.find((r) => r.outcome === "pending");
  if (pending) {
    const trigger = `Recover: waiting for the outcome of ${pending.strategy}`;
    return { next: { rung: "recover", atFailures: null, trigger } };
  }
  const failed = eligibility(policy, input);
  if (failed.length > 0) return { skip: `Recover: not eligible (${reasons(failed)})` };
  // Ask the recover rung itself as if the count were reached: same strategy rules, no copy.
  const reachedCount = Math.max(input.failuresInWindow, policy.atFailures);
  const choice = chooseRecovery({ ...input, retry: [], failuresInWindow: reachedCount });
  if (!choice) return { skip: "Recover: no repair fits (or it already failed)" };
  return countStep("recover", `Recover (${choice.kind})`, policy.atFailures, input);
}

function codegenStep(input: Input): Step {
  const policy = input.policy.codegen;
  if (!policy.enabled) return { skip: null };
  const verdict = codegenVerdict(input, eligibility(policy, input));
  if (verdict.outcome === "hold") {
    return { next: { rung: "codegen", atFailures: null, trigger: `Codegen: ${verdict.reason}` } };
  }
  if (verdict.outcome === "ineligible") {
    return { skip: `Codegen: not eligible (${reasons(verdict.failed)})` };
  }
  if (verdict.outcome === "refused") {
    const { gate, reason } = verdict.refusal;
    const text = `Codegen: refused by the ${gate} gate (${reason})`;
    // Rate and budget refusals lift with time; attempts and protected branches never do.
    if (gate === "rate-limit" || gate === "budget") {
      return { next: { rung: "codegen", atFailures: null, trigger: text } };
    }
    return { skip: text };
  }
  return countStep("codegen", "Codegen fix PR", policy.atFailures, input);
}

function linearStep(input: Input): Step {
  const policy = input.policy.linear;
  if (!policy.enabled) return { skip: null };
  const link = input.incident.linear;
  if (link)
    return { skip: `Linear issue: already created ${link.identifier}; recurrences are comments` };
  const failed = eligibility(policy, input);
  if (failed.length > 0) return { skip: `Linear issue: not eligible (${reasons(failed)})` };
  const previous = input.previousIssue;
  const age = previous ? input.now.getTime() - Date.parse(previous.resolvedAt) : null;
  if (previous && age !== null && age <= policy.reopenWindow) {
    const within = formatDuration(policy.reopenWindow);
    const trigger = `Linear issue: reopens ${previous.linear.identifier} at the next failure (resolved within ${within})`;
    return { next: { rung: "linear", atFailures: null, trigger } };
  }
  return countStep("linear", "Linear issue", policy.atFailures, input);
}

function resetStep(input: Input): Step {
  const policy = input.policy.reset;
  if (!policy.enabled) return { skip: null };
  if (input.incident.recoveries.some((r) => r.strategy === "reset")) return { skip: null };
  const failed = eligibility(policy, input);
  if (failed.length > 0) return { skip: `Reset: not eligible (${reasons(failed)})` };
  return countStep("reset", "Reset (purge caches, urgent email)", policy.atFailures, input);
}

/** "Codegen fix PR at 2 failures in 24h (1 so far): 1 more failure". */
function countStep(rung: Rung, label: string, atFailures: number, input: Input): Step {
  const s: ConditionSubject = subjectOf(input);
  const head = `${label} at ${plural(atFailures, "failure")} in ${formatDuration(s.windowMs)} (${s.failuresInWindow} so far)`;
  const missing = atFailures - s.failuresInWindow;
  const tail = missing > 0 ? plural(missing, "more failure") : "due at the next failure";
  return { next: { rung, atFailures, trigger: `${head}: ${tail}` } };
}

/** Conditions that do not depend on the count: those decide whether a rung can ever apply. */
function eligibility(rung: RungConditions, input: Input): ConditionFailure[] {
  return checkConditions(rung, subjectOf(input)).filter((f) => f.condition !== "failures");
}

function reasons(failed: ConditionFailure[]): string {
  return failed.map((f) => f.reason).join("; ");
}
