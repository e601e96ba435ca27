import { describe, expect, it } from "vitest";
import { type ClassifyMeta, classify } from "./classify.js";
import { checkCases } from "./classify-cases-checks.js";
import { infraCases } from "./classify-cases-infra.js";
import { toolCases } from "./classify-cases-tools.js";
import { transientCases } from "./classify-cases-transient.js";
import { defaults, materialise } from "./classify-table.js";
import { defaultRulesDir, loadRules } from "./load-rules.js";

const rules = loadRules([defaultRulesDir]);
const cases = [...infraCases, ...checkCases, ...transientCases, ...toolCases];

describe("classify: one table row per failure shape", () => {
  it.each(cases)("$type: $name", (row) => {
    const { text, line } = materialise(row);
    const verdict = classify(text, row.meta ?? {}, rules);
    expect(verdict.type).toBe(row.type);
    const { category, retryable, suggestedAction } = verdict;
    const expected = { ...defaults[row.type], ...row.verdict };
    expect({ category, retryable, suggestedAction }).toEqual(expected);
    expect(verdict.evidence[0]?.line ?? null).toBe(line);
    expect(verdict.fingerprint).toMatch(/^v1:[0-9a-f]{16}$/);
    if (row.type === "unknown") {
      expect(verdict.ruleId).toBeNull();
      expect(verdict.confidence).toBeLessThanOrEqual(0.3);
    }
  });

  it("has at least two rows for every type of the defaults table", () => {
    for (const type of Object.keys(defaults).filter((t) => t !== "cancelled" && t !== "unknown")) {
      expect(cases.filter((row) => row.type === type).length).toBeGreaterThanOrEqual(2);
    }
  });
});

describe("classify: engine", () => {
  it("does not retry a compile error because a network warning came first", () => {
    const log =
      "npm WARN fetch ECONNRESET, retrying\nadded 312 packages\nsrc/a.ts(3,1): error TS1005: ';' expected.";
    expect(classify(log, {}, rules)).toMatchObject({ type: "compilation", retryable: false });
  });

  it("keeps CRLF line numbers and strips the carriage return", () => {
    const verdict = classify("> tsc\r\nsrc/a.ts(3,1): error TS1005: ';' expected.\r\n", {}, rules);
    expect(verdict.evidence[0]).toEqual({
      line: 2,
      text: "src/a.ts(3,1): error TS1005: ';' expected.",
    });
  });

  it("redacts, clips and caps the evidence", () => {
    const secret =
      "fatal: unable to access 'https://ci:hunter2secret@git.example.com/app.git/': Could not resolve host";
    expect(classify(secret, {}, rules).evidence[0]?.text).not.toContain("hunter2secret");
    const long = classify(`src/a.ts(1,1): error TS2322: ${"x".repeat(2000)}`, {}, rules);
    expect(long.evidence[0]?.text.length).toBeLessThanOrEqual(500);
    const many = Array.from({ length: 10 }, (_, i) => `src/f${i}.c:1:1: error: bad`).join("\n");
    expect(classify(many, {}, rules).evidence).toHaveLength(3);
  });

  it("is deterministic and leaves its inputs alone", () => {
    const meta: ClassifyMeta = { branch: "main", exitCode: null };
    const first = classify("npm ERR! code E404", meta, rules);
    expect(classify("npm ERR! code E404", meta, rules)).toEqual(first);
    expect(meta).toEqual({ branch: "main", exitCode: null });
  });

  it("scans a huge log in bounded time and still reports original line numbers", () => {
    const log = `${"building module with options --foo --bar\n".repeat(300_000)}npm ERR! code ERESOLVE\n`;
    const started = performance.now();
    const verdict = classify(log, {}, rules);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(verdict.evidence[0]?.line).toBe(300_001);
  });

  it.each([
    ["compilation", { branch: "feature/x" }, "medium"],
    ["compilation", { branch: "main" }, "high"],
    ["compilation", { branch: "refs/heads/release/1.4" }, "high"],
    ["compilation", { branch: "develop", defaultBranch: "develop" }, "high"],
    ["compilation", { branch: "main", environment: "production" }, "critical"],
    ["network", { branch: "master" }, "medium"],
    ["network", { branch: "feature/x" }, "low"],
    ["cancelled", { branch: "main", environment: "production" }, "low"],
  ] as const)("severity of %s on %j is %s", (type, meta, severity) => {
    const log = { compilation: "x.c:1:1: error: y", network: "ECONNRESET", cancelled: "" }[type];
    const conclusion = type === "cancelled" ? "cancelled" : null;
    expect(classify(log, { ...meta, conclusion }, rules)).toMatchObject({ type, severity });
  });
});
