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
    // BuildKit's plain progress: the RUN output starts after `#step seconds `.
    ["#12 3.456 npm ERR! code E404", "npm ERR! code E404"],
    ["2024-01-02T03:04:05.1234567Z #8 12.07 error: linker `cc` not found", "error: linker `cc` not found"],
    ["#8 [2/5] RUN npm ci", "#8 [2/5] RUN npm ci"],
    ["#8 ERROR: process \"/bin/sh -c npm ci\" did not complete successfully: exit code: 1", "#8 ERROR: process \"/bin/sh -c npm ci\" did not complete successfully: exit code: 1"],
    ["#8 DONE 0.1s", "#8 DONE 0.1s"],
    ["#1 2 not seconds", "#1 2 not seconds"],
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

describe("prepareLog keeps undecorated lines as spans of the log", () => {
  // Raw lines that take the span path (timestamp, group marker, trailing blanks, a final `\r`)
  // and the cleaning path (ANSI codes, visible `\r` redraws, CI markers), side by side.
  const raw = [
    "\uFEFF2024-01-02T03:04:05.1234567Z first line",
    `2024-01-02T03:04:05.1234567Z ${"long clean prefix ".repeat(20)}\u001b[31mred\u001b[0m tail`,
    "2024-01-02T03:04:05.1234567Z ##[group]Run npm test",
    "2024-01-02T03:04:05.1234567Z ##[endgroup]",
    "2024-01-02T03:04:05.1234567Z CRLF line\r",
    "progress 10%\r  \r",
    "Downloading 10%\rDownloading 55%\rDownloaded",
    "error: boom\r\u001b[0K",
    "2024-01-02T03:04:05.Z not a timestamp",
    "2024-01-02T03:04:05Z 00O+ GitLab stream tag",
    "2024-01-02T03:04:05Z 0O not a stream tag",
    "2024-01-02T03:04:05Z",
    "trailing blanks \t\u00a0\u3000 ",
    "[31;1mThe command failed.[0m",
    "array[0] and [x] stay",
    "travis_fold:start:x\r\u001b[0Ktext after a fold",
    "##[error]Process completed with exit code 3.",
    "make: *** [Makefile:12: test] Error 2",
    "\u001b[31mnpm ERR! code ELIFECYCLE\u001b[0m",
    "last line without a newline",
  ];
  const log = raw.join("\n");

  it("gives every line the text cleanLine gives it, with its line number", () => {
    const expected = raw
      .map((line, i) => ({ line: i + 1, text: cleanLine(line) }))
      .filter(({ text }) => text !== "");
    const prepared = prepareLog(log, { maxLines: Infinity, maxBytes: Infinity });
    expect(prepared.lines.map(({ line, text }) => ({ line, text }))).toEqual(expected);
  });

  it("marks wrapper lines on both paths and reads the last exit code", () => {
    const { lines, exitCode } = prepareLog(log);
    const wrappers = lines.filter((l) => l.wrapper).map((l) => l.line);
    expect(wrappers).toEqual([17, 18, 19]);
    expect(exitCode).toBe(3);
  });

  it("ends the last line at the end of the log, with or without codes", () => {
    expect(texts("a\nlast")).toEqual([
      [1, "a"],
      [2, "last"],
    ]);
    expect(texts("a\n\u001b[1mlast\u001b[0m")).toEqual([
      [1, "a"],
      [2, "last"],
    ]);
    expect(texts("a\nlast\r")).toEqual([
      [1, "a"],
      [2, "last"],
    ]);
  });
});

describe("prepared lines", () => {
  const { lines } = prepareLog("one\n\ntwo\u001b[0m\n##[error]Process completed with exit code 1.");

  it("read like an array of LogLine objects", () => {
    expect(Array.isArray(lines)).toBe(true);
    expect(lines).toHaveLength(3);
    expect(lines[1]).toEqual({ line: 3, text: "two", wrapper: false });
    expect(lines.at(-1)?.wrapper).toBe(true);
    expect([...lines].map((l) => l.text)).toEqual([
      "one",
      "two",
      "##[error]Process completed with exit code 1.",
    ]);
    expect(Object.keys(lines)).toEqual(["0", "1", "2"]);
    expect(lines[3]).toBeUndefined();
    expect(lines[-1]).toBeUndefined();
    expect(2 in lines && !(3 in lines)).toBe(true);
  });

  it("cannot be changed", () => {
    expect(() => {
      lines[0] = { line: 9, text: "x", wrapper: false };
    }).toThrow(TypeError);
    expect(() => lines.push({ line: 9, text: "x", wrapper: false })).toThrow(TypeError);
    expect(lines[0]?.text).toBe("one");
  });
});
