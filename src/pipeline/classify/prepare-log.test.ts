import { describe, expect, it } from "vitest";
import { cleanLine, isErrorLooking, isWrapperLine, prepareLog } from "./prepare-log.js";

const texts = (log: string) => prepareLog(log).lines.map((l) => [l.line, l.text]);

describe("prepareLog line numbers", () => {
  it("numbers lines from 1 and drops blank ones without renumbering", () => {
    expect(texts("first\n\n  \nfourth\n")).toEqual([
      [1, "first"],
      [4, "fourth"],
    ]);
  });

  it("does not count the empty string after a final newline as a line", () => {
    expect(prepareLog("a\nb\n").totalLines).toBe(2);
    expect(prepareLog("a\nb").totalLines).toBe(2);
    expect(prepareLog("").lines).toEqual([]);
  });

  it("keeps CRLF line numbering and text intact", () => {
    expect(texts("one\r\ntwo\r\nthree")).toEqual([
      [1, "one"],
      [2, "two"],
      [3, "three"],
    ]);
  });

  it("keeps a bare \\r inside its line and matches on the text after the last one", () => {
    expect(texts("start\n 10%\r 50%\r100% done\nend")).toEqual([
      [1, "start"],
      [2, "100% done"],
      [3, "end"],
    ]);
  });
});

describe("cleanLine", () => {
  it.each([
    ["2024-01-02T03:04:05.1234567Z npm ERR! code E404", "npm ERR! code E404"],
    ["\u001b[31mError:\u001b[0m boom", "Error: boom"],
    ["2024-01-02T03:04:05.1234567Z \u001b[36;1mmake test\u001b[0m", "make test"],
    ["##[group]Run npm test", "Run npm test"],
    ["##[endgroup]", ""],
    ["\uFEFF2024-01-02T03:04:05.1Z hello", "hello"],
    ["section_start:1704164645:step_script\r\u001b[0KRunning script", "Running script"],
    ["##[error]Keep the annotation", "##[error]Keep the annotation"],
  ])("%j → %j", (raw, clean) => {
    expect(cleanLine(raw)).toBe(clean);
  });
});

describe("wrapper lines", () => {
  it.each([
    "##[error]Process completed with exit code 1.",
    "Error: Process completed with exit code 2.",
    "npm ERR! code ELIFECYCLE",
    "npm ERR! errno 1",
    "npm error Lifecycle script `test` failed with error:",
    "make: *** [Makefile:12: test] Error 2",
    "make[1]: *** [src/Makefile:40: all] Error 1",
    'The command "npm test" exited with 1.',
    "app_1 exited with code 137",
    " ELIFECYCLE  Test failed. See above for more details.",
    "error Command failed with exit code 1.",
    "ERROR: Job failed: exit code 1",
    "##[error]The process '/usr/bin/git' failed with exit code 128",
  ])("%j is a wrapper", (text) => {
    expect(isWrapperLine(text)).toBe(true);
  });

  it.each([
    "npm ERR! code ERESOLVE",
    "ERROR: Job failed (system failure): prepare environment",
    "error TS2322: Type 'string' is not assignable to type 'number'.",
  ])("%j is not a wrapper", (text) => {
    expect(isWrapperLine(text)).toBe(false);
  });

  it("takes the exit code from the last wrapper that names one", () => {
    const log =
      "##[error]Process completed with exit code 1.\nmore\nProcess completed with exit code 137.";
    expect(prepareLog(log).exitCode).toBe(137);
    expect(prepareLog("no wrapper here").exitCode).toBeNull();
  });
});

describe("bounded scan", () => {
  const log = Array.from({ length: 1000 }, (_, i) => `line ${i + 1}`).join("\n");

  it("keeps only the last maxLines lines, with their original numbers", () => {
    const prepared = prepareLog(log, { maxLines: 10 });
    expect(prepared.truncated).toBe(true);
    expect(prepared.lines).toHaveLength(10);
    expect(prepared.lines[0]).toMatchObject({ line: 991, text: "line 991" });
    expect(prepared.totalLines).toBe(1000);
  });

  it("keeps only the last maxBytes, starting at a line boundary", () => {
    const prepared = prepareLog(log, { maxBytes: 30 });
    expect(prepared.lines.map((l) => l.line)).toEqual([998, 999, 1000]);
    expect(prepared.lines[0]?.text).toBe("line 998");
  });

  it("scans the tail of a single line longer than maxBytes", () => {
    const prepared = prepareLog(`${"x".repeat(100)}ENOSPC`, { maxBytes: 10 });
    expect(prepared.lines).toEqual([{ line: 1, text: "xxxxENOSPC", wrapper: false }]);
  });

  it("is not truncated when the log fits", () => {
    expect(prepareLog(log).truncated).toBe(false);
  });
});

describe("isErrorLooking", () => {
  it.each([
    ["Error: something broke", true],
    ["FATAL: cannot continue", true],
    ["✖ 3 problems", true],
    ["Traceback (most recent call last):", true],
    ["Build succeeded with 0 errors", false],
    ["##[warning]Deprecated error option", false],
    ["all good", false],
  ])("%j → %s", (text, expected) => {
    expect(isErrorLooking(text)).toBe(expected);
  });
});
