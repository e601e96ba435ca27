import { describe, expect, it } from "vitest";
import type { CodegenState } from "../../domain/escalation.js";
import { freshEscalation } from "../../domain/incident.js";
import type { Incident } from "../../domain/types.js";
import type { ConditionFailure } from "./conditions.js";
import { escalationConfigSchema } from "./escalation-config.js";
import { codegenHold, codegenVerdict } from "./gates.js";
import type { CodegenUsage } from "./ladder-types.js";

const now = new Date("2026-12-16T12:00:00.000Z"); // half of December: 100 of 200 allowed

function gateInput(
  incident: Partial<Incident> = {},
  usage: CodegenUsage = { runsLastHourInRepo: 0, runsThisMonth: 0 },
  codegen: Record<string, unknown> = {},
) {
  return {
    incident: {
      ...freshEscalation(),
      repo: "acme/api",
      status: "open",
      decisions: [],
      ...incident,
    } as Incident,
    codegenUsage: usage,
    policy: escalationConfigSchema.parse({ codegen }),
    now,
  };
}

const run = (status: CodegenState["status"], attempts: number): CodegenState => ({
  runId: "cg_1",
  url: null,
  status,
  rawStatus: null,
  startedAt: "2026-12-16T11:00:00.000Z",
  finishedAt: null,
  attempts,
  polls: 0,
});
const pr = { url: "https://github.com/acme/api/pull/9", number: 9, branch: "fix/x" };
const deny: ConditionFailure = {
  condition: "branch-deny",
  reason: "branch main is protected (deny [main])",
};
const type: ConditionFailure = { condition: "type", reason: "type network not in [lint]" };

describe("pipeline/decide/gates", () => {
  it.each<[string, ReturnType<typeof gateInput>, ConditionFailure[], string, RegExp]>([
    ["eligible, under every limit", gateInput(), [], "run", /./],
    ["ineligible", gateInput(), [type], "ineligible", /./],
    [
      "protected branch alone: refused",
      gateInput(),
      [deny],
      "refused:protected-branch",
      /main is protected.*no fix/,
    ],
    ["protected branch and more: ineligible", gateInput(), [deny, type], "ineligible", /./],
    [
      "running run holds",
      gateInput({ codegen: run("running", 1) }),
      [],
      "hold",
      /cg_1 is still running/,
    ],
    [
      "another job's run of the fingerprint holds",
      gateInput({}, { runsLastHourInRepo: 0, runsThisMonth: 0, openRunsForFingerprint: 1 }),
      [],
      "hold",
      /1 Codegen run\(s\) already open for this fingerprint in acme\/api \(at most 1\)/,
    ],
    [
      "two open allowed: one other run does not hold",
      gateInput(
        {},
        { runsLastHourInRepo: 0, runsThisMonth: 0, openRunsForFingerprint: 1 },
        { maxOpenRunsPerFingerprint: 2 },
      ),
      [],
      "run",
      /./,
    ],
    [
      "a mass failure holds per-repo runs",
      gateInput({}, { runsLastHourInRepo: 0, runsThisMonth: 0, massFailureRepos: 15 }),
      [],
      "hold",
      /same failure is in 15 repositories \(mass failure\)/,
    ],
    [
      "open PR holds",
      gateInput({ codegen: run("completed", 1), pr }),
      [],
      "hold",
      /pull\/9 is open/,
    ],
    [
      "resolved incident with PR: run",
      gateInput({ codegen: run("completed", 1), pr, status: "resolved" }),
      [],
      "run",
      /./,
    ],
    ["2 of 3 attempts: run", gateInput({ codegen: run("failed", 2) }), [], "run", /./],
    [
      "3 of 3 attempts",
      gateInput({ codegen: run("failed", 3) }),
      [],
      "refused:attempts",
      /ran 3 of 3 times/,
    ],
    [
      "19 of 20 per hour: run",
      gateInput({}, { runsLastHourInRepo: 19, runsThisMonth: 0 }),
      [],
      "run",
      /./,
    ],
    [
      "20 of 20 per hour",
      gateInput({}, { runsLastHourInRepo: 20, runsThisMonth: 0 }),
      [],
      "refused:rate-limit",
      /20 Codegen runs in acme\/api in the last hour \(limit 20\)/,
    ],
    [
      "99 of 100 paced: run",
      gateInput({}, { runsLastHourInRepo: 0, runsThisMonth: 99 }),
      [],
      "run",
      /./,
    ],
    [
      "100 of 100 paced",
      gateInput({}, { runsLastHourInRepo: 0, runsThisMonth: 100 }),
      [],
      "refused:budget",
      /100 runs this month, 100 allowed by now \(200\/month, 50%/,
    ],
    [
      "budget 0",
      gateInput({}, undefined, { monthlyBudget: 0 }),
      [],
      "refused:budget",
      /budget is 0/,
    ],
    [
      "attempts before rate limit",
      gateInput({ codegen: run("failed", 3) }, { runsLastHourInRepo: 20, runsThisMonth: 0 }),
      [],
      "refused:attempts",
      /./,
    ],
    ["hold before a refusal", gateInput({ codegen: run("running", 3) }), [], "hold", /./],
  ])("%s", (_name, input, failed, outcome, reason) => {
    const verdict = codegenVerdict(input, failed);

    const got = verdict.outcome === "refused" ? `refused:${verdict.refusal.gate}` : verdict.outcome;
    expect(got).toBe(outcome);
    if (verdict.outcome === "refused") expect(verdict.refusal.reason).toMatch(reason);
    if (verdict.outcome === "hold") expect(verdict.reason).toMatch(reason);
  });

  it("gives the numbers of a refusal", () => {
    const verdict = codegenVerdict(gateInput({}, { runsLastHourInRepo: 25, runsThisMonth: 0 }), []);

    expect(verdict).toMatchObject({
      outcome: "refused",
      refusal: { numbers: { runsLastHourInRepo: 25, limit: 20 } },
    });
  });

  it("does not hold a finished run without a PR", () => {
    expect(codegenHold(gateInput({ codegen: run("completed", 1) }).incident)).toBeNull();
  });
});
