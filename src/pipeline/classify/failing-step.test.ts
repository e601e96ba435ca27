import { describe, expect, it } from "vitest";
import { findFailingStep } from "./failing-step.js";
import { prepareLog } from "./prepare-log.js";

const stepOf = (log: string) => {
  const { lines } = prepareLog(log);
  const step = findFailingStep(lines);
  return (
    step && {
      start: lines[step.start]?.line ?? null,
      end: lines[step.end]?.line ?? null,
      exitCode: step.exitCode,
    }
  );
};

describe("findFailingStep", () => {
  it("takes the first Travis command whose footer names a non-zero exit code", () => {
    const log = [
      "$ npm ci",
      'The command "npm ci" exited with 0.',
      "$ npm test",
      "  1 failing",
      'The command "npm test" exited with 1.',
      "$ npm run lint",
      'The command "npm run lint" exited with 1.',
      "Done. Your build exited with 1.",
    ].join("\n");
    expect(stepOf(log)).toEqual({ start: 3, end: 5, exitCode: 1 });
  });

  it("reads a GitHub Actions step between its Run header and the exit-code line", () => {
    const log = [
      "2024-01-02T03:04:05.0000000Z ##[group]Run npm test",
      "2024-01-02T03:04:05.0000000Z npm test",
      "2024-01-02T03:04:05.0000000Z shell: /usr/bin/bash -e {0}",
      "2024-01-02T03:04:05.0000000Z ##[endgroup]",
      "2024-01-02T03:04:06.0000000Z Run options: --seed 1234",
      "2024-01-02T03:04:07.0000000Z boom",
      "2024-01-02T03:04:08.0000000Z ##[error]Process completed with exit code 2.",
    ].join("\n");
    expect(stepOf(log)).toEqual({ start: 1, end: 7, exitCode: 2 });
  });

  it("uses the step still running at the end when no footer failed (a time-out)", () => {
    const log = [
      "$ make",
      'The command "make" exited with 0.',
      "$ make test",
      "still running",
    ].join("\n");
    expect(stepOf(log)).toEqual({ start: 3, end: null, exitCode: null });
  });

  it("finds nothing in a log without steps", () => {
    expect(stepOf("error: boom\n")).toBeNull();
  });

  it("looks 40 lines past each Run header for its block, however many headers there are", () => {
    const stamp = "2024-01-02T03:04:05.0000000Z ";
    const noise = Array.from({ length: 200 }, (_, i) => (i % 3 ? `Run with --info ${i}` : "x"));
    const log = [
      ...noise,
      "##[group]Run npm test",
      ...Array.from({ length: 38 }, () => "npm test"),
      "shell: /usr/bin/bash -e {0}",
      "boom",
      "##[error]Process completed with exit code 2.",
    ].map((line) => stamp + line);
    expect(stepOf(log.join("\n"))).toEqual({ start: 201, end: 242, exitCode: 2 });
    // One line further and the block no longer belongs to the header.
    log.splice(201, 0, `${stamp}npm test`);
    expect(stepOf(log.join("\n"))).toEqual({ start: null, end: 243, exitCode: 2 });
  });
});
