import { describe, expect, it } from "vitest";
import {
  type LadderBuild,
  ladderInput,
  recoveryAttempt,
} from "../../../test/support/ladder-input.js";
import type { CodegenState, RecoveryAttempt } from "../../domain/escalation.js";
import type { Classification, Decision } from "../../domain/types.js";
import { escalationLevel, ladder, mergeDecisions } from "./ladder.js";
import type { LadderInput } from "./ladder-types.js";

const now = new Date("2026-11-23T10:00:00.000Z");
const ago = (ms: number) => new Date(now.getTime() - ms).toISOString();
const hour = 3_600_000;
const day = 24 * hour;

type Build = LadderBuild;

function build(b: Build = {}): LadderInput {
  return ladderInput(b, {
    now,
    classification: { ruleId: "jest-fail", severity: "medium" },
    incident: { workflow: "ci", branch: "feature/x", firstSeenAt: ago(hour), lastSeenAt: ago(0) },
  });
}

const link = (lastCommentAt: string | null) => ({
  ...{ id: "lin_1", identifier: "ENG-12", url: "https://linear.app/i/ENG-12" },
  ...{ createdAt: ago(2 * hour), lastCommentAt, reportedCount: 5, linkedByTriage: false },
});
const previous = (resolvedAgoMs: number) => ({
  incidentId: "PC-3",
  linear: link(null),
  resolvedAt: ago(resolvedAgoMs),
});
const recovery = (strategy: RecoveryAttempt["strategy"], outcome: RecoveryAttempt["outcome"]) =>
  recoveryAttempt(strategy, outcome, ago(hour));
const past = (rule: string, kind: Decision["kind"] = "ignore"): Decision => ({
  ...{ kind, rule, reason: "earlier", at: ago(hour) },
});
const run = (status: CodegenState["status"], attempts: number) => ({
  codegen: { runId: "cg_1", startedAt: ago(hour), status, attempts } as CodegenState,
});
const codegen = (options: Record<string, unknown>) => ({ policy: { codegen: options } });
const usage = (runsLastHourInRepo: number, runsThisMonth: number) => ({
  input: { codegenUsage: { runsLastHourInRepo, runsThisMonth } },
});
const onMain = { incident: { branch: "main" }, ...codegen({ branches: { deny: ["main"] } }) };
const noBudget = codegen({ monthlyBudget: 0 });
const cache: Partial<Classification> = {
  type: "dependency_install",
  suggestedAction: "clear_cache",
};
const pr = { url: "https://github.com/acme/api/pull/9", number: 9, branch: "fix" };
const silence = {
  ...{ id: "sil_1", matchers: { repo: "acme/api" }, createdAt: ago(hour), endsAt: null },
  ...{ author: "ana", reason: "migrating runners", expiredAt: null },
};

describe("pipeline/decide/ladder", () => {
  // name, input, expected rules (space-separated, in order)
  it.each<[string, Build, string]>([
    ["1 failure: below every rung", {}, ""],
    ["2 failures: Codegen", { failures: 2 }, "codegen.fix"],
    ["5 failures: Codegen + Linear", { failures: 5 }, "codegen.fix linear.create"],
    ["10: + reset", { failures: 10 }, "codegen.fix linear.create reset.purge-caches reset.page"],
    [
      "order: recover, codegen, linear, reset",
      { failures: 10, classification: cache },
      "recover.clear_cache codegen.fix linear.create reset.purge-caches reset.page",
    ],
    // Codegen conditions, one failing per row.
    ["codegen: type not eligible", { failures: 2, classification: { type: "network" } }, ""],
    ["codegen: confidence too low", { failures: 2, classification: { confidence: 0.5 } }, ""],
    ["codegen: severity too low", { failures: 2, ...codegen({ minSeverity: "high" }) }, ""],
    [
      "codegen: branch not allowed",
      { failures: 2, ...codegen({ branches: { allow: ["main"] } }) },
      "",
    ],
    [
      "codegen: no branch, allow is not **",
      { failures: 2, incident: { branch: null }, ...codegen({ branches: { allow: ["main"] } }) },
      "",
    ],
    [
      "codegen: environment not listed",
      { failures: 2, ...codegen({ environments: ["prod*"] }) },
      "",
    ],
    [
      "codegen: environment listed",
      { failures: 2, input: { environment: "prod-eu" }, ...codegen({ environments: ["prod*"] }) },
      "codegen.fix",
    ],
    ["codegen: disabled", { failures: 2, ...codegen({ enabled: false }) }, ""],
    // Holding states.
    [
      "hold: the Linear issue is on its way (or in the outbox)",
      {
        failures: 6,
        incident: {
          ...run("running", 1),
          decisions: [{ ...past("linear.create", "linear_issue"), rung: "linear" }],
        },
      },
      "",
    ],
    ["hold: a run is running", { failures: 3, incident: run("running", 1) }, ""],
    ["hold: its PR is open", { failures: 3, incident: { ...run("completed", 1), pr } }, ""],
    [
      "completed without a PR: again",
      { failures: 3, incident: run("completed", 1) },
      "codegen.fix",
    ],
    ["failed run: another run", { failures: 3, incident: run("failed", 2) }, "codegen.fix"],
    // Gates: each refusal goes to a human, below linear's threshold.
    [
      "gate: attempts",
      { failures: 3, incident: run("failed", 3) },
      "codegen.gate.attempts linear.codegen-refused.attempts",
    ],
    [
      "gate: rate limit",
      { failures: 2, ...usage(20, 0) },
      "codegen.gate.rate-limit linear.codegen-refused.rate-limit",
    ],
    [
      "gate: budget ahead of pace",
      { failures: 2, ...usage(0, 150) },
      "codegen.gate.budget linear.codegen-refused.budget",
    ],
    ["budget on pace: run", { failures: 2, ...usage(0, 149) }, "codegen.fix"],
    [
      "gate: budget 0",
      { failures: 2, ...noBudget },
      "codegen.gate.budget linear.codegen-refused.budget",
    ],
    [
      "gate: protected branch",
      { failures: 2, ...onMain },
      "codegen.gate.protected-branch linear.codegen-refused.protected-branch",
    ],
    ["protected branch below atFailures: nothing", { failures: 1, ...onMain }, ""],
    [
      "protected branch and ineligible type: nothing",
      { failures: 2, ...onMain, classification: { type: "network" } },
      "",
    ],
    [
      "refusal not repeated, issue still wanted",
      { failures: 2, incident: { decisions: [past("codegen.gate.budget")] }, ...noBudget },
      "linear.codegen-refused.budget",
    ],
    [
      "refusal with an issue: recorded, then comment",
      { failures: 2, incident: { linear: link(null) }, ...noBudget },
      "codegen.gate.budget linear.comment",
    ],
    [
      "refusal with an issue, not new: comment only",
      {
        failures: 2,
        incident: { linear: link(null), decisions: [past("codegen.gate.budget")] },
        ...noBudget,
      },
      "linear.comment",
    ],
    [
      "refusal without Linear: notify",
      { failures: 2, policy: { codegen: { monthlyBudget: 0 }, linear: { enabled: false } } },
      "codegen.gate.budget codegen.refused.budget",
    ],
    // Linear.
    ["linear: linked, first recurrence", { incident: { linear: link(null) } }, "linear.comment"],
    [
      "linear: last comment 10 min ago",
      { incident: { linear: link(ago(600_000)) } },
      "linear.comment.batched",
    ],
    [
      "linear: last comment 2h ago",
      { incident: { linear: link(ago(2 * hour)) } },
      "linear.comment",
    ],
    ["linear: disabled", { failures: 5, policy: { linear: { enabled: false } } }, "codegen.fix"],
    ["reopen within 7d", { input: { previousIssue: previous(3 * day) } }, "linear.reopen"],
    ["reopen at exactly 7d", { input: { previousIssue: previous(7 * day) } }, "linear.reopen"],
    ["no reopen after 7d, below threshold", { input: { previousIssue: previous(8 * day) } }, ""],
    [
      "after 7d at threshold: a related issue",
      { failures: 5, input: { previousIssue: previous(8 * day) } },
      "codegen.fix linear.create-related",
    ],
    [
      "reopen wins over a refusal's new issue",
      { failures: 2, ...noBudget, input: { previousIssue: previous(day) } },
      "codegen.gate.budget linear.reopen",
    ],
    // Reset.
    [
      "reset once: a reset recovery exists",
      { failures: 11, incident: { recoveries: [recovery("reset", "failed")] } },
      "codegen.fix linear.create",
    ],
    [
      "reset once: already decided",
      { failures: 11, incident: { decisions: [past("reset.purge-caches", "clear_cache")] } },
      "codegen.fix linear.create",
    ],
    [
      "reset acknowledged: no page",
      { failures: 10, incident: { status: "acknowledged", acknowledgedBy: "ana" } },
      "codegen.fix linear.create reset.purge-caches reset.page.acknowledged",
    ],
    // Recover and silence.
    ["recover: clear cache", { classification: cache }, "recover.clear_cache"],
    ["recover: provider cannot", { classification: cache, input: { canRecover: false } }, ""],
    [
      "recover: hold while pending",
      { classification: cache, incident: { recoveries: [recovery("runbook", "pending")] } },
      "",
    ],
    ["silence: nothing but the silence", { failures: 10, input: { silence } }, "silence"],
  ])("%s", (_name, b, rules) => {
    const decisions = ladder(build(b));

    expect(decisions.map((d) => d.rule).join(" ")).toBe(rules);
    for (const d of decisions) {
      expect(d.at).toBe(now.toISOString());
      expect(d.reason.length).toBeGreaterThan(10);
    }
  });

  it.each<[string, string | null, string | undefined]>([
    // lastCommentAt, expected runAt (undefined: now)
    ["first recurrence comments at once", null, undefined],
    ["10 min after the last: at last + 1h", ago(600_000), ago(-50 * 60_000)],
    ["exactly 1h after: now", ago(hour), undefined],
    ["3h after: now, never in the past", ago(3 * hour), undefined],
  ])("comment batching: %s", (_name, lastCommentAt, runAt) => {
    const [comment] = ladder(build({ failures: 1, incident: { linear: link(lastCommentAt) } }));

    expect(comment?.kind).toBe("linear_comment");
    expect(comment?.runAt).toBe(runAt);
  });

  it("states the numbers of a Codegen fix", () => {
    const [fix] = ladder(build({ failures: 2, ...usage(3, 5) }));

    expect(fix?.reason).toContain("test_failure failed 2× in 24h (threshold 2): Codegen fix PR");
    expect(fix?.numbers).toEqual({
      ...{ attempt: 1, failuresInWindow: 2, atFailures: 2, confidence: 0.9 },
      ...{ runsLastHourInRepo: 3, runsThisMonth: 5 },
      allowedByNow: 150, // ceil(200 × 22d10h / 30d)
    });
  });

  it("names the silence's author and reason, without a rung", () => {
    const [decision] = ladder(build({ input: { silence } }));

    expect(decision).toMatchObject({ kind: "ignore", rule: "silence" });
    expect(decision?.rung).toBeUndefined();
    expect(decision?.reason).toMatch(/ana.*migrating runners/);
  });

  it("says why Codegen was refused on the issue, and purges every cache on reset", () => {
    const refused = ladder(build({ failures: 2, ...noBudget }));
    const reset = ladder(build({ failures: 10 })).find((d) => d.rule === "reset.purge-caches");

    expect(refused[1]?.reason).toContain("Codegen monthly budget is 0");
    expect(reset?.numbers?.prefixes).toBe("*");
  });

  const retry: Decision = { kind: "retry", rule: "retry.transient", reason: "r", at: "t" };
  const noRetry: Decision = { kind: "ignore", rule: "retry.types", reason: "r", at: "t" };
  const repair: Decision = {
    ...retry,
    kind: "clear_cache",
    rung: "recover",
    rule: "recover.clear_cache",
  };
  const fix: Decision = { ...retry, kind: "codegen_fix", rung: "codegen", rule: "codegen.fix" };

  it.each<[string, Decision[], Decision[], string]>([
    ["retry then ladder", [retry], [fix], "retry.transient codegen.fix"],
    ["a repair replaces the re-run", [retry], [repair, fix], "recover.clear_cache codegen.fix"],
    ["a repair keeps a retry ignore", [noRetry], [repair], "retry.types recover.clear_cache"],
    ["empty ladder", [retry], [], "retry.transient"],
    ["silence after the retry", [retry], [past("silence")], "retry.transient silence"],
  ])("mergeDecisions: %s", (_name, retries, steps, rules) => {
    expect(
      mergeDecisions(retries, steps)
        .map((d) => d.rule)
        .join(" "),
    ).toBe(rules);
  });

  it.each<[string, Decision[], Decision[], number]>([
    ["nothing", [], [], 0],
    ["a retry", [], [retry], 0],
    ["recover", [], [repair], 1],
    ["codegen earlier, nothing new", [fix], [], 2],
    [
      "an ignore does not reach its rung",
      [],
      [{ ...past("codegen.gate.budget"), rung: "linear" }],
      0,
    ],
    ["reset now", [fix], [{ ...repair, rung: "reset" }], 4],
  ])("escalationLevel: %s", (_name, earlier, decisions, level) => {
    const incident = build({ incident: { decisions: earlier } }).incident;

    expect(escalationLevel(decisions, incident)).toBe(level);
  });
});
