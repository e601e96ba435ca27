import type { Decision } from "../../domain/types.js";
import { type DecideInput, decide } from "./decide.js";
import { escalationLevel, ladder, mergeDecisions } from "./ladder.js";
import type { LadderInput } from "./ladder-types.js";

/**
 * Everything `decide` concludes about one failure of an incident: the re-run rung, then the
 * escalation ladder (recover → Codegen → Linear → reset) over the fingerprint's rolling window.
 * Pure: the same input gives the same decisions, each naming its rung, rule and numbers.
 */
export function decideIncident(input: {
  retry: DecideInput;
  ladder: Omit<LadderInput, "retry" | "now">;
}): { decisions: Decision[]; escalationLevel: number } {
  const retry = decide(input.retry);
  const escalation = ladder({ ...input.ladder, retry, now: input.retry.now });
  const decisions = mergeDecisions(retry, escalation);
  return { decisions, escalationLevel: escalationLevel(decisions, input.ladder.incident) };
}
