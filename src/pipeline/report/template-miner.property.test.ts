import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { maskTokens } from "./template-masks.js";
import { addLine, createMiner, templatesOf, wildcard } from "./template-miner.js";

/** Lines built from a small vocabulary plus numbers and paths, so merges really happen. */
const structuredLine = fc
  .array(
    fc.oneof(
      fc.constantFrom("npm", "error", "code", "ECONNRESET", "failed", "test", "__proto__", "<*>"),
      fc.nat({ max: 99_999 }).map(String),
      fc.nat({ max: 99 }).map((n) => `/tmp/run-${n}/out.log`),
    ),
    { maxLength: 7 },
  )
  .map((tokens) => tokens.join(" "));

const anyLine = fc.oneof(structuredLine, fc.string({ maxLength: 40 }));
const options = fc.record({
  depth: fc.integer({ min: 3, max: 6 }),
  simThreshold: fc.double({ min: 0, max: 1, noNaN: true }),
  maxChildren: fc.integer({ min: 2, max: 5 }),
});

describe("pipeline/report/template-miner (properties)", () => {
  it("never loses a count: the counts add up to the lines added", () => {
    fc.assert(
      fc.property(options, fc.array(anyLine, { maxLength: 60 }), (opts, lines) => {
        const state = createMiner(opts);
        for (const line of lines) addLine(state, line);
        const total = templatesOf(state).reduce((sum, t) => sum + t.count, 0);
        expect(total).toBe(lines.length);
      }),
    );
  });

  it("gives each line a template that covers it", () => {
    fc.assert(
      fc.property(options, fc.array(anyLine, { maxLength: 60 }), (opts, lines) => {
        const state = createMiner(opts);
        for (const line of lines) {
          const { template } = addLine(state, line);
          const tokens = maskTokens(line, false);
          const templateTokens = template === "" ? [] : template.split(" ");
          expect(templateTokens).toHaveLength(tokens.length);
          templateTokens.forEach((t, i) => {
            expect([wildcard, tokens[i]]).toContain(t);
          });
        }
      }),
    );
  });

  it("survives a JSON round trip at any point and goes on identically", () => {
    fc.assert(
      fc.property(
        options,
        fc.array(anyLine, { maxLength: 40 }),
        fc.array(anyLine, { maxLength: 20 }),
        (opts, before, after) => {
          const straight = createMiner(opts);
          for (const line of before) addLine(straight, line);
          const restored = JSON.parse(JSON.stringify(straight));
          expect(restored).toEqual(straight);

          const a = after.map((line) => addLine(straight, line));
          const b = after.map((line) => addLine(restored, line));
          expect(b).toEqual(a);
          expect(templatesOf(restored)).toEqual(templatesOf(straight));
        },
      ),
    );
  });
});
