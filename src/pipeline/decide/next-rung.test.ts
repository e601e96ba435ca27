import { describe, expect, it } from "vitest";
import {
  type LadderBuild,
  ladderInput,
  recoveryAttempt,
} from "../../../test/support/ladder-input.js";
import type { Decision } from "../../domain/types.js";
import type { LadderInput } from "./ladder-types.js";
import { nextRung } from "./next-rung.js";

const now = new Date("2026-12-16T12:00:00.000Z");
const day = 86_400_000;

type Build = LadderBuild;

function build(b: Build = {}): Omit<LadderInput, "retry"> {
  return ladderInput(b, {
    now,
    classification: { ruleId: "jest-fail", severity: "medium" },
    incident: { branch: "feature/x" },
  });
}

const reached = (rung: Decision["rung"], kind: Decision["kind"] = "notify"): Decision => ({
  kind,
  rung,
  rule: `${rung}.x`,
  reason: "",
  at: "",
});
const link = {
  id: "l",
  identifier: "ENG-12",
  url: "u",
  createdAt: "",
  lastCommentAt: null,
  reportedCount: 1,
  linkedByTriage: true,
};
const recovery = recoveryAttempt;
const cg = { runId: "cg_1", url: null, rawStatus: null, startedAt: "", finishedAt: null, polls: 0 };

describe("pipeline/decide/next-rung", () => {
  it.each<[string, Build, Decision["rung"] | null, number | null, string]>([
    [
      "nothing yet: Codegen at 2",
      {},
      "codegen",
      2,
      "Codegen fix PR at 2 failures in 24h (1 so far): 1 more failure",
    ],
    [
      "recover first when a repair fits",
      { classification: { type: "dependency_install", suggestedAction: "clear_cache" } },
      "recover",
      1,
      "Recover (clear_cache) at 1 failure in 24h (1 so far): due at the next failure",
    ],
    [
      "recover pending",
      { incident: { recoveries: [recovery("clear_cache", "pending")] } },
      "recover",
      null,
      "Recover: waiting for the outcome of clear_cache",
    ],
    [
      "recover failed: next is Codegen",
      {
        classification: { suggestedAction: "clear_cache" },
        incident: { recoveries: [recovery("clear_cache", "failed")] },
      },
      "codegen",
      2,
      "Recover: no repair fits (or it already failed). Codegen fix PR",
    ],
    [
      "provider cannot recover",
      { classification: { suggestedAction: "clear_cache" }, input: { canRecover: false } },
      "codegen",
      2,
      "Recover: not available for this CI provider. Codegen",
    ],
    [
      "Codegen not eligible: Linear next",
      { classification: { type: "network" } },
      "linear",
      5,
      "Codegen: not eligible (type network not in [compilation, test_failure, lint, dependency_install, configuration]). Linear issue at 5 failures in 24h (1 so far): 4 more failures",
    ],
    [
      "Codegen running",
      { failures: 2, incident: { codegen: { ...cg, status: "running", attempts: 1 } } },
      "codegen",
      null,
      "Codegen: Codegen run cg_1 is still running",
    ],
    [
      "Codegen rate-limited",
      { failures: 2, input: { codegenUsage: { runsLastHourInRepo: 20, runsThisMonth: 0 } } },
      "codegen",
      null,
      "Codegen: refused by the rate-limit gate",
    ],
    [
      "Codegen attempts spent: Linear next",
      { failures: 2, incident: { codegen: { ...cg, status: "failed", attempts: 3 } } },
      "linear",
      5,
      "Codegen: refused by the attempts gate (Codegen already ran 3 of 3 times",
    ],
    [
      "protected branch: Linear next",
      { incident: { branch: "main" }, policy: { codegen: { branches: { deny: ["main"] } } } },
      "linear",
      5,
      "refused by the protected-branch gate",
    ],
    [
      "after Codegen: Linear at 5",
      { failures: 3, incident: { decisions: [reached("codegen", "codegen_fix")] } },
      "linear",
      5,
      "Linear issue at 5 failures in 24h (3 so far): 2 more failures",
    ],
    [
      "a refusal ignore does not count as reached",
      { failures: 3, incident: { decisions: [reached("codegen", "ignore")] } },
      "codegen",
      2,
      "Codegen fix PR at 2 failures in 24h (3 so far): due at the next failure",
    ],
    [
      "linked by triage: reset next",
      { failures: 6, incident: { linear: link, decisions: [reached("codegen", "codegen_fix")] } },
      "reset",
      10,
      "Linear issue: already created ENG-12; recurrences are comments. Reset (purge caches, urgent email) at 10 failures in 24h (6 so far): 4 more failures",
    ],
    [
      "reopen within the window",
      {
        incident: { decisions: [reached("codegen", "codegen_fix")] },
        input: {
          previousIssue: {
            incidentId: "PC-3",
            linear: { ...link, identifier: "ENG-3" },
            resolvedAt: new Date(now.getTime() - 2 * day).toISOString(),
          },
        },
      },
      "linear",
      null,
      "Linear issue: reopens ENG-3 at the next failure (resolved within 7d)",
    ],
    [
      "after Linear: reset at 10",
      { failures: 6, incident: { decisions: [reached("linear", "linear_issue")] } },
      "reset",
      10,
      "Reset (purge caches, urgent email) at 10 failures in 24h (6 so far): 4 more failures",
    ],
    [
      "reset reached",
      { incident: { decisions: [reached("reset", "clear_cache")] } },
      null,
      null,
      "top rung reached",
    ],
    [
      "reset disabled after Linear",
      {
        incident: { decisions: [reached("linear", "linear_issue")] },
        policy: { reset: { enabled: false } },
      },
      null,
      null,
      "top rung reached",
    ],
    [
      "linked, reset disabled",
      {
        incident: { linear: link, decisions: [reached("codegen", "codegen_fix")] },
        policy: { reset: { enabled: false } },
      },
      null,
      null,
      "Linear issue: already created ENG-12; recurrences are comments. No further rung applies",
    ],
    [
      "window in the text",
      { policy: { window: "7d" } },
      "codegen",
      2,
      "Codegen fix PR at 2 failures in 7d",
    ],
  ])("%s", (_name, b, rung, atFailures, trigger) => {
    const next = nextRung(build(b));

    expect(next.rung).toBe(rung);
    expect(next.atFailures).toBe(atFailures);
    expect(next.trigger).toContain(trigger);
  });

  it("says when a silence holds the ladder", () => {
    const silence = {
      id: "s",
      matchers: {},
      createdAt: "",
      endsAt: null,
      author: "ana",
      reason: "runner move",
      expiredAt: null,
    };

    expect(nextRung(build({ input: { silence } }))).toEqual({
      rung: null,
      atFailures: null,
      trigger: "silenced by ana: runner move",
    });
  });
});
