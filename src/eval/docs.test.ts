import { describe, expect, it } from "vitest";
import { replaceResults, resultsEnd, resultsStart } from "./docs.js";

describe("replaceResults", () => {
  it("replaces only the text between the markers", () => {
    const doc = `# T\n\nintro\n\n${resultsStart}\n\nold\n\n${resultsEnd}\n\nafter\n`;
    expect(replaceResults(doc, "new")).toBe(
      `# T\n\nintro\n\n${resultsStart}\n\nnew\n\n${resultsEnd}\n\nafter\n`,
    );
  });

  it("appends a marked block when the markers are missing", () => {
    expect(replaceResults("# T\n", "new\n")).toBe(
      `# T\n\n${resultsStart}\n\nnew\n\n${resultsEnd}\n`,
    );
  });

  it("is idempotent", () => {
    const once = replaceResults("# T\n", "x");
    expect(replaceResults(once, "x")).toBe(once);
  });
});
