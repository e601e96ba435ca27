import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigError } from "../../domain/errors.js";
import { classify } from "./classify.js";
import { buildRuleSet, defaultRulesDir, loadRules } from "./load-rules.js";

const root = mkdtempSync(join(tmpdir(), "pitcrew-rules-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function dirWith(name: string, files: Record<string, string>): string {
  const dir = join(root, name);
  mkdirSync(dir);
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  return dir;
}

function problemsOf(load: () => unknown): string[] {
  try {
    load();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error("expected a ConfigError");
}

const customRule = `
rules:
  - id: licence-check-failed
    patterns: ['^LICENSE CHECK FAILED: ']
    type: content_check
    category: persistent
    retryable: false
    suggestedAction: fix_code
    confidence: 0.9
    priority: 70
`;

describe("the built-in rules", () => {
  const rules = loadRules([defaultRulesDir]);

  it("load from config/rules with unique kebab-case ids", () => {
    expect(defaultRulesDir.replaceAll("\\", "/")).toMatch(/\/config\/rules$/);
    const ids = rules.rules.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeGreaterThan(60);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
  });

  it("number rules in load order", () => {
    expect(rules.rules.map((rule) => rule.order)).toEqual(rules.rules.map((_, i) => i));
  });
});

describe("loadRules problems", () => {
  it("reports every problem of every file at once, with file and rule id", () => {
    const dir = dirWith("bad", {
      "a-broken.yaml": `
rules:
  - id: Not_Kebab
    patterns: ['ok']
    type: network
    category: transient
    retryable: true
    suggestedAction: retry
    confidence: 0.5
    priority: 1
  - id: bad-regex
    patterns: ['(unclosed']
    type: network
    category: transient
    retryable: true
    suggestedAction: retry
    confidence: 1.5
    priority: 1
  - id: bad-enums
    patterns: ['x']
    type: gremlins
    category: transient
    suggestedAction: pray
    confidence: 0.5
    priority: 1
    colour: red
  - id: nothing-to-match
    type: network
    category: transient
    retryable: true
    suggestedAction: retry
    confidence: 0.5
    priority: 1
  - id: twice
    patterns: ['x']
    type: lint
    category: persistent
    retryable: false
    suggestedAction: fix_code
    confidence: 0.5
    priority: 1
`,
      "b-dup.yaml": `
rules:
  - id: twice
    patterns: ['y']
    type: lint
    category: persistent
    retryable: false
    suggestedAction: fix_code
    confidence: 0.5
    priority: 1
`,
      "c-syntax.yaml": "rules:\n  - id: [unclosed\n",
      "d-shape.yaml": "rule: []\n",
      "notes.txt": "not a rule file",
    });
    const problems = problemsOf(() => loadRules([dir]));
    const expected: Array<[string, RegExp]> = [
      ["a-broken.yaml", /rule "Not_Kebab": id: must be kebab-case/],
      ["a-broken.yaml", /rule "bad-regex": patterns\.0: invalid regular expression/],
      ["a-broken.yaml", /rule "bad-regex": confidence: /],
      ["a-broken.yaml", /rule "bad-enums": type: /],
      ["a-broken.yaml", /rule "bad-enums": retryable: /],
      ["a-broken.yaml", /rule "bad-enums": suggestedAction: /],
      ["a-broken.yaml", /rule "bad-enums": .*colour/],
      ["a-broken.yaml", /rule "nothing-to-match": a rule needs `patterns`, `when`, or both/],
      ["b-dup.yaml", /rule "twice": duplicate id \(also defined in .*a-broken\.yaml\)/],
      ["c-syntax.yaml", /YAML: /],
      ["d-shape.yaml", /rules: /],
    ];
    for (const [file, pattern] of expected) {
      expect(problems.some((p) => p.includes(join(dir, file)) && pattern.test(p))).toBe(true);
    }
    expect(problems.some((p) => p.includes("notes.txt"))).toBe(false);
  });

  it("names a missing directory", () => {
    const missing = join(root, "does-not-exist");
    expect(problemsOf(() => loadRules([missing]))).toEqual([
      `${missing}: rules directory not found`,
    ]);
  });

  it("puts the whole list in the error message", () => {
    const dir = dirWith("two-problems", { "x.yaml": "rules:\n  - id: a\n  - id: b\n" });
    expect(() => loadRules([dir])).toThrow(/rule "a": .*\n.*rule "a"/s);
  });
});

describe("user rule directories", () => {
  const log = "Checking licences...\nLICENSE CHECK FAILED: left-pad uses WTFPL\nError: 1 problem\n";

  it("add rules without code changes", () => {
    const user = dirWith("user-adds", { "licences.yaml": customRule });
    const before = classify(log, {}, loadRules([defaultRulesDir]));
    const after = classify(log, {}, loadRules([defaultRulesDir, user]));
    expect(before.ruleId).toBeNull();
    expect(after).toMatchObject({ type: "content_check", ruleId: "licence-check-failed" });
    expect(after.evidence[0]).toEqual({
      line: 2,
      text: "LICENSE CHECK FAILED: left-pad uses WTFPL",
    });
  });

  it("replace a built-in rule with the same id, or switch it off", () => {
    const user = dirWith("user-overrides", {
      "tune.yaml": `
rules:
  - id: docker-daemon-error
    enabled: false
    patterns: ['Error response from daemon:']
    type: infrastructure
    category: transient
    retryable: true
    suggestedAction: retry
    confidence: 0.6
    priority: 35
`,
    });
    const daemonLog = "Error response from daemon: container abc is not running\n";
    expect(classify(daemonLog, {}, loadRules([defaultRulesDir])).ruleId).toBe(
      "docker-daemon-error",
    );
    const tuned = loadRules([defaultRulesDir, user]);
    expect(tuned.rules.some((rule) => rule.id === "docker-daemon-error")).toBe(false);
    expect(classify(daemonLog, {}, tuned).type).toBe("unknown");
  });

  it("can be built from texts without touching the file system", () => {
    const rules = buildRuleSet([[{ source: "inline.yaml", text: customRule }]]);
    expect(rules.rules.map((rule) => [rule.id, rule.source])).toEqual([
      ["licence-check-failed", "inline.yaml"],
    ]);
  });
});

/** A rule set from inline definitions (JSON is YAML), defaults filled in. */
function ruleSet(...defs: Array<Record<string, unknown>>) {
  const base = {
    type: "lint",
    category: "persistent",
    retryable: false,
    suggestedAction: "fix_code",
  };
  const text = JSON.stringify({
    rules: defs.map((d) => ({ confidence: 0.5, priority: 1, ...base, ...d })),
  });
  return buildRuleSet([[{ source: "inline.yaml", text }]]);
}

describe("rule semantics in classify", () => {
  it("takes each rule's last line; the highest priority wins wherever its line is", () => {
    const set = ruleSet(
      { id: "high", patterns: ["alpha"], priority: 5 },
      { id: "low", patterns: ["beta"] },
    );
    const verdict = classify("alpha 1\nalpha 2\nbeta\n", {}, set);
    expect(verdict.ruleId).toBe("high");
    expect(verdict.evidence.map((e) => e.line)).toEqual([2, 3]);
  });

  it("breaks priority ties by confidence, then by order of listing", () => {
    const a = { id: "a", patterns: ["x"] };
    const b = { id: "b", patterns: ["x"] };
    expect(classify("x", {}, ruleSet(a, b)).ruleId).toBe("a");
    expect(classify("x", {}, ruleSet(a, { ...b, confidence: 0.9 })).ruleId).toBe("b");
  });

  it.each([
    [{ provider: "gitlab", step: "test:unit", exitCode: 1 }, "gl"],
    [{ provider: "github", step: "test:unit", exitCode: 1 }, null],
    [{ provider: "gitlab", step: "lint", exitCode: 1 }, null],
    [{ provider: "gitlab", step: "test:unit" }, null],
  ])("applies a rule only when all its conditions hold: %j", (meta, ruleId) => {
    const when = { provider: "GitLab", step: "^test", exitCode: [1] };
    expect(classify("x", meta, ruleSet({ id: "gl", patterns: ["x"], when })).ruleId).toBe(ruleId);
  });

  it("never lands a rule on a wrapper line, even one its pattern matches", () => {
    const set = ruleSet({ id: "greedy", patterns: ["error|exit code"] });
    const log = "error: the real cause\n##[error]Process completed with exit code 1.\n";
    expect(classify(log, {}, set).evidence).toEqual([{ line: 1, text: "error: the real cause" }]);
  });

  it("lets a meta-only rule fire on the exit code a wrapper line names", () => {
    const set = ruleSet({ id: "oom", when: { exitCode: [137] }, type: "out_of_memory" });
    const log = "running\n##[error]Process completed with exit code 137.\n";
    expect(classify(log, {}, set)).toMatchObject({ ruleId: "oom", evidence: [{ line: 2 }] });
    expect(classify(log, { exitCode: 1 }, set).ruleId).toBeNull();
  });
});
