import { describe, expect, it } from "vitest";
import { anchoredStart } from "./anchors.js";
import { requiredLiterals } from "./literals.js";
import { defaultRulesDir, loadRules } from "./load-rules.js";
import { buildMatcher, matchLines } from "./prefilter.js";
import { type LogLine, prepareLog } from "./prepare-log.js";
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

  it("takes a rare short literal only when asked, for patterns with no other", () => {
    expect(requiredLiterals("\\^-*\\s*SC\\d{4}\\b", false)).toBeNull();
    expect(requiredLiterals("\\^-*\\s*SC\\d{4}\\b", false, true)).toEqual(["^"]);
    // `#` starts too many lines of GitHub and docker logs to be looked for alone.
    expect(requiredLiterals("\\d+ #\\d", false, true)).toBeNull();
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

  it("matches prepared lines, spans of the log and cleaned ones, as their texts", () => {
    const log = [
      "2024-01-02T03:04:05.1234567Z npm ERR! code E404",
      "2024-01-02T03:04:05.1234567Z \u001b[31mnpm ERR! code E404\u001b[0m",
      "2024-01-02T03:04:05.1234567Z   ● Button › renders",
      "Downloading 10%\rcurl: (28) Operation timed out after 30000 milliseconds",
      "##[group]Run npm test",
      "In file.sh line 3:\n  ^-- SC2086 (info): Double quote to prevent globbing",
      "Segmentation fault (core dumped)\r",
    ].join("\n");
    const { lines } = prepareLog(log);
    const plain = lines.map((line) => ({ ...line }));
    const fast = matchLines(matcher, lines).map((hit) => `${hit.index}:${hit.rule.id}`);
    expect(fast).toEqual(naive(rules, plain));
    expect(fast.length).toBeGreaterThan(4);
  });

  it("tests patterns that cannot share a union one by one", () => {
    const [base] = rules;
    if (base === undefined) throw new Error("no built-in rules");
    const custom = [
      { ...base, id: "twice", order: 0, patterns: [/^(\w+) \1$/] },
      { ...base, id: "named", order: 1, patterns: [/^(?<word>ab+) (?<n>\d)$/] },
      { ...base, id: "plain", order: 2, patterns: [/^ab+ \d$/, /^\w+ \w+$/i] },
    ];
    const lines = asLines(["go go", "go went", "abb 1", "ABB 1", "nothing here at all"]);
    const fast = matchLines(buildMatcher(custom), lines).map(
      (hit) => `${hit.index}:${hit.rule.id}`,
    );
    expect(fast).toEqual(naive(custom, lines));
  });
});
