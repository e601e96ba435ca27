import { describe, expect, it } from "vitest";
import {
  type ConditionSubject,
  checkConditions,
  formatDuration,
  matchesGlob,
  type RungConditions,
} from "./conditions.js";
import { escalationConfigSchema } from "./escalation-config.js";

const codegen: RungConditions = escalationConfigSchema.parse({}).codegen;
const subject: ConditionSubject = {
  type: "test_failure",
  confidence: 0.9,
  severity: "medium",
  branch: "feature/x",
  environment: null,
  failuresInWindow: 2,
  windowMs: 86_400_000,
};

describe("pipeline/decide/conditions", () => {
  it.each<[string, Partial<RungConditions>, Partial<ConditionSubject>, string[], RegExp | null]>([
    ["all met", {}, {}, [], null],
    ["disabled", { enabled: false }, {}, ["enabled"], /rung disabled/],
    [
      "too few failures",
      {},
      { failuresInWindow: 1 },
      ["failures"],
      /failed 1× in 24h \(threshold 2\)/,
    ],
    ["type not listed", {}, { type: "network" }, ["type"], /type network not in \[compilation, /],
    ["confidence low", {}, { confidence: 0.59 }, ["confidence"], /confidence 0\.59 below 0\.60/],
    ["severity low", { minSeverity: "high" }, {}, ["severity"], /severity medium below high/],
    ["severity equal passes", { minSeverity: "medium" }, {}, [], null],
    ["critical passes high", { minSeverity: "high" }, { severity: "critical" }, [], null],
    [
      "branch denied",
      { branches: { allow: ["**"], deny: ["main", "release/*"] } },
      { branch: "release/1.2" },
      ["branch-deny"],
      /release\/1\.2 is protected/,
    ],
    [
      "deny wins over allow",
      { branches: { allow: ["main"], deny: ["main"] } },
      { branch: "main" },
      ["branch-deny"],
      null,
    ],
    [
      "branch not allowed",
      { branches: { allow: ["main"], deny: [] } },
      {},
      ["branch-allow"],
      /feature\/x not in allow \[main\]/,
    ],
    ["nested branch allowed by **", {}, { branch: "feat/a/b" }, [], null],
    ["null branch with **", {}, { branch: null }, [], null],
    [
      "null branch without **",
      { branches: { allow: ["main"], deny: [] } },
      { branch: null },
      ["branch-allow"],
      /no branch/,
    ],
    ["environment listed", { environments: ["prod*"] }, { environment: "production" }, [], null],
    [
      "environment not listed",
      { environments: ["prod*"] },
      { environment: "staging" },
      ["environment"],
      /environment staging not in \[prod\*\]/,
    ],
    [
      "no environment, list given",
      { environments: ["prod*"] },
      { environment: null },
      ["environment"],
      /no environment/,
    ],
    [
      "several at once",
      { enabled: false },
      { type: "network", failuresInWindow: 0 },
      ["enabled", "failures", "type"],
      null,
    ],
  ])("%s", (_name, rung, s, failed, reason) => {
    const result = checkConditions({ ...codegen, ...rung }, { ...subject, ...s });

    expect(result.map((f) => f.condition)).toEqual(failed);
    if (reason) expect(result.map((f) => f.reason).join("; ")).toMatch(reason);
  });

  it.each([
    ["main", ["main"], true],
    ["feature/x", ["feature/*"], true],
    ["a/b/c", ["**"], true],
    [".hidden", ["**"], true],
    ["acme/api", ["acme/*"], true],
    ["other/api", ["acme/*"], false],
    ["main", [], false],
  ] as const)("matchesGlob(%s, %j) = %s", (value, globs, expected) => {
    expect(matchesGlob(value, globs)).toBe(expected);
  });

  it.each([
    [86_400_000, "24h"],
    [7 * 86_400_000, "7d"],
    [3_600_000, "1h"],
    [1_800_000, "30m"],
    [2 * 86_400_000, "2d"],
    [1500, "1500ms"],
  ])("formatDuration(%i) = %s", (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
