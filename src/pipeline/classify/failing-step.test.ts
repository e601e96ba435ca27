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
});
