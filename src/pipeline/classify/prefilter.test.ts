import { describe, expect, it } from "vitest";
import { anchoredStart } from "./anchors.js";
import { requiredLiterals } from "./literals.js";
import { defaultRulesDir, loadRules } from "./load-rules.js";
import { buildMatcher, matchLines } from "./prefilter.js";
import type { LogLine } from "./prepare-log.js";
import type { CompiledRule } from "./rules.js";

const asLines = (texts: string[]): LogLine[] =>
  texts.map((text, i) => ({ line: i + 1, text, wrapper: false }));

/** Testing every pattern on every line: what the prefilter must reproduce exactly. */
function naive(rules: CompiledRule[], lines: LogLine[]) {
  const hits: string[] = [];
  lines.forEach((line, index) => {
    for (const rule of rules) {
      if (rule.patterns.some((p) => p.test(line.text))) hits.push(`${index}:${rule.id}`);
    }
  });
  return hits;
}

describe("requiredLiterals", () => {
  it.each([
    ["Connection reset by peer", false, ["Connection reset by peer"]],
    [
      "\\b40[13] (?:Unauthorized|Forbidden)\\b",
      false,
      ["401 Unauthorized", "401 Forbidden", "403 Unauthorized", "403 Forbidden"],
    ],
    ["^npm (?:ERR!|error) code E404", false, ["npm ERR! code E404"]],
    ["^_{3,} \\S", false, ["___"]],
    ["^\\s*[×✕]\\s+", false, ["×", "✕"]],
    ["\\d+\\) \\w", false, null],
    ["a(b", false, null],
  ])("%s → %j", (source, ignoreCase, expected) => {
    const found = requiredLiterals(source, ignoreCase);
    if (expected === null) expect(found).toBeNull();
    else expect(found?.some((lit) => expected.includes(lit))).toBe(true);
  });
});

describe("anchoredStart", () => {
  it.each([
    ["^npm ERR!", false, { skipBlanks: false, firsts: ["n"] }],
    ["^\\s*● \\S", false, { skipBlanks: true, firsts: ["●"] }],
    ["^(?:FAIL|ERROR): test", false, { skipBlanks: false, firsts: ["F", "E"] }],
    ["^\\d+ examples?", false, { skipBlanks: false, firsts: [..."0123456789"] }],
    ["^fatal: ", true, { skipBlanks: false, firsts: ["f", "F"] }],
    ["^(?:##\\[error\\])?issues", false, null],
    ["^\\S+\\.go:", false, null],
    ["error", false, null],
  ])("%s", (source, ignoreCase, expected) => {
    expect(anchoredStart(source, ignoreCase)).toEqual(expected);
  });
});

describe("matchLines", () => {
  const rules = loadRules([defaultRulesDir]).rules;
  const matcher = buildMatcher(rules);

  it("finds exactly what testing every built-in pattern on every line finds", () => {
    const texts = [
      "npm ERR! code E404",
      "  ● Button › renders",
      "src/app.ts(3,5): error TS2322: Type 'string' is not assignable to type 'number'.",
      "curl: (28) Operation timed out after 30000 milliseconds",
      "fatal: unable to access 'https://github.com/a/b.git/': Could not resolve host: github.com",
      "HTTP/1.1 503 Service Unavailable",
      "Segmentation fault (core dumped)",
      "--- FAIL: TestParse (0.00s)",
      "nothing to see here",
      "E: Unable to locate package libfoo-dev",
      "FAILED tests/test_api.py::test_get - AssertionError: assert 1 == 2",
      "ERROR: No space left on device",
      "    ✕ adds numbers (5 ms)",
    ];
    const lines = asLines(texts);
    const fast = matchLines(matcher, lines).map((hit) => `${hit.index}:${hit.rule.id}`);
    expect(fast).toEqual(naive(rules, lines));
    expect(fast.length).toBeGreaterThan(8);
  });

  it("skips wrapper lines and honours the range", () => {
    const lines = asLines(["Segmentation fault", "Segmentation fault", "Segmentation fault"]);
    (lines[1] as LogLine).wrapper = true;
    expect(matchLines(matcher, lines, 1).map((hit) => hit.index)).toEqual([2]);
  });
});
