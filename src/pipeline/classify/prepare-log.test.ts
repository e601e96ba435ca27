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
  // biome-ignore format: one raw line and its cleaned text per row.
  it.each([
    ["2024-01-02T03:04:05.1234567Z npm ERR! code E404", "npm ERR! code E404"],
    ["\u001b[31mError:\u001b[0m boom", "Error: boom"],
    ["2024-01-02T03:04:05.1234567Z \u001b[36;1mmake test\u001b[0m", "make test"],
    ["##[group]Run npm test", "Run npm test"],
    ["##[endgroup]", ""],
    ["\uFEFF2024-01-02T03:04:05.1Z hello", "hello"],
    ["section_start:1704164645:step_script\r\u001b[0KRunning script", "Running script"],
    ["##[error]Keep the annotation", "##[error]Keep the annotation"],
    ["##[warning]\u001b[33mDeprecated\u001b[0m", "##[warning]Deprecated"],
    ["2024-01-02T03:04:05.1234567Z 00O+ GitLab stream tag", "GitLab stream tag"],
    // Travis folds and timers, glued in front of the text after `\r` + erase-line.
    ["travis_fold:start:worker_info\r\u001b[0K\u001b[33;1mWorker information\u001b[0m", "Worker information"],
    ["travis_fold:end:a\r\u001b[0Ktravis_fold:start:b\r\u001b[0K\u001b[33;1mBuild system\u001b[0m\r", "Build system"],
    ["travis_fold:start:x\r\u001b[0Ktravis_fold:end:x\r\u001b[0Ktravis_time:start:1a\r\u001b[0K\r", ""],
    ["travis_time:start:1c89180f\r\u001b[0K$ git fetch origin\r", "$ git fetch origin"],
    ['travis_time:end:0f65:start=1564477516009395390,finish=1564478204172980037,duration=688163584647\r\u001b[0K\u001b[31;1mThe command "make" exited with 1.\u001b[0m\r', 'The command "make" exited with 1.'],
    // GitLab sections.
    ["section_start:1704164645:step_script[collapsed=true]\r\u001b[0K\u001b[36;1mExecuting\u001b[0;m", "Executing"],
    ["section_end:1704164645:step_script\r\u001b[0K", ""],
    // Colour codes whose ESC byte was lost (LogChunks).
    ["[31;1mThe command failed.[0m", "The command failed."],
    ["[0Kline [38;5;40mgreen", "line green"],
    ["array[0] and [1/5] stay", "array[0] and [1/5] stay"],
    // OSC titles and hyperlinks, charset selection from `tput sgr0`.
    ["\u001b]0;title\u0007visible \u001b]8;;http://x\u001b\\link\u001b]8;;\u001b\\", "visible link"],
    ["\u001b(B\u001b[mplain", "plain"],
    // Progress redraws: the last state that shows something.
    ["Downloading 10%\rDownloading 55%\rDownloaded", "Downloaded"],
    ["error: boom\r\u001b[0K", "error: boom"],
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
    "Done. Your build exited with 1.",
    'The command "bundle exec rake" failed and exited with 1 during .',
    'The command "eval git clone" failed. Retrying, 2 of 3.',
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

  it.each([
    [2, 100],
    [100, 20],
  ])("applies whichever of maxLines %i and maxBytes %i cuts later", (maxLines, maxBytes) => {
    const numbers = prepareLog(log, { maxLines, maxBytes }).lines.map((l) => l.line);
    expect(numbers).toEqual([999, 1000]);
  });

  it("counts lines the same with a final newline, blank lines and CRLF", () => {
    const last = (text: string, maxLines: number) => prepareLog(text, { maxLines }).lines;
    const x = (line: number, text: string) => [{ line, text, wrapper: false }];
    expect(last("a\r\r\nb\r\r\n\r\r\nc\r\r\n", 2)).toEqual(x(4, "c"));
    expect(prepareLog("a\r\r\nb\r\r\n\r\r\nc\r\r\n").totalLines).toBe(4);
    expect(last("\n\nx", 1)).toEqual(x(3, "x"));
    expect(last("\n\nx\n", 3)).toEqual(x(3, "x"));
  });

  it("is not truncated when the log fits, nor with an Infinity window", () => {
    expect(prepareLog(log).truncated).toBe(false);
    const whole = prepareLog(log, { maxLines: Infinity, maxBytes: Infinity });
    expect(whole.lines).toHaveLength(1000);
    expect(whole.truncated).toBe(false);
  });

  it.each([1, 2, 7, 999, 1000, 1001])("keeps exact numbers for maxLines %i", (maxLines) => {
    const lines = prepareLog(`${log}\n`, { maxLines }).lines;
    expect(lines).toHaveLength(Math.min(maxLines, 1000));
    expect(lines.every((l) => l.text === `line ${l.line}`)).toBe(true);
  });

  it("cuts a 40 MB log from the end with exact line numbers", () => {
    const big = "x".repeat(79).concat("\n").repeat(500_000).concat("npm ERR! code E404\n");
    const started = performance.now();
    const prepared = prepareLog(big);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(prepared.totalLines).toBe(500_001);
    expect(prepared.lines).toHaveLength(20_000);
    expect(prepared.lines.at(-1)).toMatchObject({ line: 500_001, text: "npm ERR! code E404" });
    expect(prepared.lines[0]?.line).toBe(480_002);
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
