import { describe, expect, it } from "vitest";
import { logExcerpt } from "./excerpt.js";
import { PEM_BODY, plantedLog, SECRETS } from "./test-fixture.js";

const log = (n: number) => Array.from({ length: n }, (_, i) => `line ${i + 1}`).join("\n");
const shown = (excerpt: string) =>
  [...excerpt.matchAll(/^[ >] +(\d+) \| /gm)].map((m) => Number(m[1]));

describe("logExcerpt", () => {
  it("shows 20 lines before and 10 after the evidence, numbered, evidence marked", () => {
    const excerpt = logExcerpt(log(200), [100]);
    const lines = shown(excerpt);
    expect(lines[0]).toBe(80);
    expect(lines.at(-1)).toBe(110);
    expect(lines).toHaveLength(31);
    expect(excerpt).toContain("> 100 | line 100");
    expect(excerpt).toContain("  101 | line 101");
    expect(excerpt.split("\n")[0]).toBe("  … 79 line(s) not shown …");
    expect(excerpt.split("\n").at(-1)).toBe("  … 90 line(s) not shown …");
  });

  it("clamps windows at the ends of the log and merges overlapping ones", () => {
    const excerpt = logExcerpt(log(30), [3, 20]);
    expect(shown(excerpt)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(excerpt).not.toContain("not shown");
  });

  it("shows a gap between windows far apart", () => {
    const lines = shown(logExcerpt(log(500), [100, 400], { before: 2, after: 1 }));
    expect(lines).toEqual([98, 99, 100, 101, 398, 399, 400, 401]);
  });

  it("takes the tail when there is no (valid) evidence line", () => {
    expect(shown(logExcerpt(log(100), [])).at(-1)).toBe(100);
    expect(shown(logExcerpt(log(100), [0, 999])).at(0)).toBe(80);
    expect(logExcerpt("", [1])).toBe("");
    expect(logExcerpt(null, [1])).toBe("");
  });

  it("keeps the lines nearest the evidence within maxChars", () => {
    const long = Array.from({ length: 100 }, (_, i) => `${i + 1} ${"x".repeat(95)}`).join("\n");
    const excerpt = logExcerpt(long, [50], { maxChars: 1000 });
    expect(excerpt.length).toBeLessThanOrEqual(1000);
    const lines = shown(excerpt);
    expect(lines).toContain(50);
    expect(Math.max(...lines) - Math.min(...lines)).toBeLessThan(10);
    expect(lines[0]).toBeLessThan(50);
    expect(lines.at(-1)).toBeGreaterThan(50);
  });

  it("cuts a huge single line and never exceeds the budget", () => {
    const excerpt = logExcerpt(`a\n${"y".repeat(50_000)}\nb`, [2], { maxChars: 6000 });
    expect(excerpt.length).toBeLessThanOrEqual(6000);
    expect(excerpt).toContain("more characters");
  });

  it("counts lines at \\n only, drops the trailing \\r and ANSI colours", () => {
    const excerpt = logExcerpt("one\r\ntwo\rstill two\n\u001b[31mthree\u001b[0m\n", [3]);
    expect(excerpt).toContain("  1 | one\n");
    expect(excerpt).toContain("  2 | two\rstill two");
    expect(excerpt).toContain("> 3 | three");
    expect(excerpt).not.toContain("\u001b");
  });

  it("never returns a secret, also from a key block whose BEGIN is before the window", () => {
    const excerpt = logExcerpt(plantedLog(), [60]);
    for (const secret of SECRETS) expect(excerpt).not.toContain(secret);
    expect(excerpt).toContain("[REDACTED]");
    const midKey = logExcerpt(plantedLog(), [50], { before: 1, after: 0 });
    for (const line of PEM_BODY) expect(midKey).not.toContain(line);
    expect(shown(midKey)).toEqual([49, 50]);
  });
});
