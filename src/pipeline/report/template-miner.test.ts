import { describe, expect, it } from "vitest";
import { maskTokens } from "./template-masks.js";
import { addLine, createMiner, similarity, templatesOf, wildcard } from "./template-miner.js";

function mine(lines: string[], options = {}) {
  const state = createMiner(options);
  const results = lines.map((line) => addLine(state, line));
  return { state, results, templates: templatesOf(state) };
}

describe("pipeline/report/template-masks", () => {
  it.each([
    ["number", "exit code 137", "exit code <NUM>"],
    ["decimal and trailing dot", "took 12.5 then 3.", "took <NUM> then <NUM>."],
    ["versions and durations stay", "v1.2 in 0.12s", "v1.2 in 0.12s"],
    ["uuid", "job 3f2b8c1e-1d2a-4c3b-9e8f-0a1b2c3d4e5f died", "job <UUID> died"],
    ["ip with port", "connect 10.0.0.12:5432 refused", "connect <IP> refused"],
    ["hex", "at 0x7ffd1a2b sha 9f2c1e0ab", "at <HEX> sha <HEX>"],
    ["word of hex letters stays", "facade deadbeef", "facade deadbeef"],
    ["timestamp", "2026-11-23T09:58:35.123Z boom", "<TS> boom"],
    ["path with digits", "/home/runner/_logs/2026-debug-0.log missing", "<PATH> missing"],
    ["path without digits stays", "src/cart.test.js failed", "src/cart.test.js failed"],
    ["url with a version", "GET https://r.npmjs.org/a/-/a-1.3.0.tgz", "GET <PATH>"],
  ])("%s", (_case, line, expected) => {
    expect(maskTokens(line, false).join(" ")).toBe(expected);
  });

  it("masks quoted strings only when asked", () => {
    expect(maskTokens(`Cannot find module 'left pad' from "x"`, true).join(" ")).toBe(
      "Cannot find module <STR> from <STR>",
    );
    expect(maskTokens(`module 'a'`, false)).toEqual(["module", "'a'"]);
  });
});

describe("pipeline/report/template-miner", () => {
  it.each([
    [
      "same shape, other numbers",
      ["Killed process 4121 (node) total-vm 8123kB", "Killed process 977 (node) total-vm 12kB"],
      ["Killed process <NUM> (node) total-vm <*>"],
    ],
    [
      "same shape, other paths",
      ["ENOENT: no such file /tmp/run-1/a.txt", "ENOENT: no such file /tmp/run-2/b.txt"],
      ["ENOENT: no such file <PATH>"],
    ],
    [
      "one differing word merges into a wildcard",
      ["npm error code ECONNRESET", "npm error code ETIMEDOUT"],
      ["npm error code <*>"],
    ],
    [
      "different messages of one length stay apart",
      ["● Cart › applies the discount", "error TS2304: Cannot find name"],
      ["● Cart › applies the discount", "error TS2304: Cannot find name"],
    ],
    [
      "different lengths stay apart",
      ["Segmentation fault", "Segmentation fault (core dumped)"],
      ["Segmentation fault", "Segmentation fault (core dumped)"],
    ],
    ["empty lines share one template", ["", "   "], [""]],
  ])("%s", (_case, lines, expected) => {
    const { templates } = mine(lines);
    expect(templates.map((t) => t.template).sort()).toEqual([...expected].sort());
    expect(templates.reduce((sum, t) => sum + t.count, 0)).toBe(lines.length);
  });

  it.each([
    // threshold, expected template count: the lines share 2 of 5 tokens (similarity 0.4)
    [0.4, 1],
    [0.41, 2],
  ])("respects simThreshold %s", (simThreshold, count) => {
    const lines = ["Error in step alpha beta", "Error in other gamma delta"];
    expect(mine(lines, { simThreshold }).templates).toHaveLength(count);
  });

  it("keeps the template id while the template widens, and reports the change", () => {
    const { results } = mine(["retry 1 of build failed", "retry 2 of test failed", "x"]);
    expect(results.map((r) => [r.templateId, r.created, r.changed])).toEqual([
      ["tpl-1", true, true],
      ["tpl-1", false, true],
      ["tpl-2", true, true],
    ]);
    expect(results[1]?.template).toBe(`retry <NUM> of ${wildcard} failed`);
    const again = mine(["a b c", "a b c"]).results[1];
    expect(again).toMatchObject({ templateId: "tpl-1", created: false, changed: false });
  });

  it("sorts templates by count and keeps a few distinct examples", () => {
    const { templates } = mine(["one", "two words", "two words", "two words", "three"], {
      maxExamples: 2,
    });
    expect(templates[0]).toEqual({
      id: "tpl-2",
      template: "two words",
      count: 3,
      examples: ["two words"],
    });
    expect(templates.map((t) => t.id)).toEqual(["tpl-2", "tpl-1", "tpl-3"]);
  });

  it("sends tokens with digits and overflow to the wildcard branch", () => {
    const { state } = mine(["a1 x y", "b x y", "c x y"], { maxChildren: 2 });
    expect(Object.keys(state.root.children["3"]?.children ?? {})).toEqual([wildcard]);
    expect(templatesOf(state).map((t) => t.template)).toEqual([`${wildcard} x y`]);
  });

  it("treats tokens like __proto__ and constructor as plain keys", () => {
    const lines = ["__proto__ is odd", "__proto__ is odd", "constructor x", "toString x"];
    const { state, templates } = mine(lines);
    expect(templates.map((t) => t.count)).toEqual([2, 1, 1]);
    expect(Object.hasOwn(state.root.children["3"]?.children ?? {}, "__proto__")).toBe(true);
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
  });

  it("continues after a JSON round trip exactly as without one", () => {
    const first = ["disk full on /dev/sda1 at 91%", "npm error code E404", "npm error code E500"];
    const later = ["disk full on /dev/sdb2 at 99%", "npm error code EAI_AGAIN", "brand new line"];
    const straight = mine([...first, ...later]);
    const { state } = mine(first);
    const restored = JSON.parse(JSON.stringify(state));
    const continued = later.map((line) => addLine(restored, line));

    expect(continued).toEqual(straight.results.slice(first.length));
    expect(restored).toEqual(straight.state);
  });

  it("rejects options Drain cannot work with", () => {
    expect(() => createMiner({ depth: 2 })).toThrow(RangeError);
    expect(() => createMiner({ simThreshold: 1.5 })).toThrow(RangeError);
    expect(() => createMiner({ maxChildren: 1 })).toThrow(RangeError);
  });

  it("computes similarity with wildcards counting as equal", () => {
    expect(similarity(["a", wildcard, "c"], ["a", "b", "d"])).toBeCloseTo(2 / 3);
    expect(similarity([], [])).toBe(1);
  });
});
