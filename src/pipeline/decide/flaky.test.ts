import { describe, expect, it } from "vitest";
import { freshEscalation } from "../../domain/incident.js";
import type {
  Classification,
  FailureEvent,
  FlakyRecord,
  Incident,
  Resolution,
} from "../../domain/types.js";
import { applyFlakyHistory, flakyEvidence } from "./flaky.js";

const now = new Date("2026-11-23T11:00:00.000Z");
const evidence = [{ line: 8, text: "● Cart › applies the discount" }];

function verdict(overrides: Partial<Classification> = {}): Classification {
  return {
    type: "test_failure",
    category: "persistent",
    severity: "high",
    retryable: false,
    confidence: 0.7,
    suggestedAction: "fix_code",
    ruleId: "jest-failure",
    fingerprint: "v1:abc",
    evidence,
    ...overrides,
  };
}

const record: FlakyRecord = {
  repo: "acme/api",
  fingerprint: "v1:abc",
  count: 1,
  firstSeenAt: "2026-11-23T10:00:00.000Z",
  lastSeenAt: "2026-11-23T10:00:00.000Z",
  incidentIds: ["PC-1"],
  lastSha: "9f2c",
};

describe("pipeline/decide/flaky applyFlakyHistory", () => {
  const flaky = {
    type: "flaky_test",
    category: "transient",
    retryable: true,
    suggestedAction: "retry",
    ruleId: "flaky-history",
  };
  it.each([
    // case, verdict overrides, record, expected (null = unchanged)
    ["no history", {}, null, null],
    ["an empty record", {}, { ...record, count: 0 }, null],
    ["a persistent test failure", {}, record, { ...flaky, confidence: 0.8 }],
    [
      "a confident network failure",
      { type: "network" as const, confidence: 0.95 },
      record,
      { ...flaky, confidence: 0.95 },
    ],
    [
      "an unknown failure",
      { type: "unknown" as const, confidence: 0.2, ruleId: null },
      record,
      { ...flaky, confidence: 0.8 },
    ],
  ])("%s", (_case, overrides, history, expected) => {
    const before = verdict(overrides);
    const after = applyFlakyHistory(before, history);
    if (expected === null) {
      expect(after).toBe(before);
    } else {
      expect(after).toEqual({ ...before, ...expected });
      expect(after.fingerprint).toBe(before.fingerprint);
      expect(after.evidence).toBe(before.evidence);
      expect(after.severity).toBe(before.severity);
    }
  });
});

function incident(overrides: Partial<Incident> = {}): Incident {
  return {
    ...freshEscalation(),
    id: "PC-1",
    status: "resolved",
    repo: "acme/api",
    workflow: "CI",
    job: "test",
    branch: "main",
    fingerprint: "v1:abc",
    classification: verdict(),
    count: 1,
    firstSeenAt: "2026-11-23T10:00:00.000Z",
    lastSeenAt: "2026-11-23T10:00:00.000Z",
    lastRunId: "100",
    lastSha: "9f2c",
    lastUrl: null,
    eventIds: [],
    decisions: [],
    resolvedAt: now.toISOString(),
    resolution: "passed",
    timeToResolveMs: 3_600_000,
    templateId: null,
    ...overrides,
  };
}

const github = {
  provider: "github",
  repo: "acme/api",
  workflow: "CI",
  job: null,
  branch: "main",
  sha: "9f2c",
  runId: "100",
  attempt: 2,
} as FailureEvent;
const ci = { ...github, provider: "ci", job: "test", runId: "200" } as FailureEvent;
const auto: Resolution = "auto-recovered";

describe("pipeline/decide/flaky flakyEvidence", () => {
  it.each([
    // case, success, incident overrides, expected rule (null = no evidence)
    ["pitcrew's re-run passed", github, { resolution: auto }, "flaky.auto-recovered"],
    ["a manual re-run of the same GitHub run passed", github, {}, "flaky.rerun-passed"],
    ["a later GitHub run passed", { ...github, runId: "101", attempt: 1 }, {}, null],
    ["a later attempt of another GitHub run", { ...github, runId: "101" }, {}, null],
    ["first attempt of the same run (cannot be a re-run)", { ...github, attempt: 1 }, {}, null],
    ["generic CI: same job and sha on attempt 2", ci, {}, "flaky.rerun-passed"],
    ["generic CI: other job", { ...ci, job: "lint" }, {}, null],
    ["generic CI: other sha (a fix landed)", { ...ci, sha: "abcd" }, {}, null],
    ["generic CI: no sha", { ...ci, sha: null }, { lastSha: null }, null],
    ["generic CI: attempt 1", { ...ci, attempt: 1 }, {}, null],
    [
      "no evidence: the fingerprint means 'no log'",
      github,
      { resolution: auto, classification: verdict({ evidence: [] }) },
      null,
    ],
  ])("%s", (_case, success, overrides, rule) => {
    const found = flakyEvidence(
      success as FailureEvent,
      [incident(overrides as Partial<Incident>)],
      now,
    );
    if (rule === null) {
      expect(found).toEqual([]);
    } else {
      expect(found).toMatchObject([
        {
          rule,
          observation: {
            repo: "acme/api",
            fingerprint: "v1:abc",
            incidentId: "PC-1",
            sha: "9f2c",
            at: now.toISOString(),
          },
        },
      ]);
      expect(found[0]?.reason).toMatch(/CI\/test failed and then passed on .*9f2c/);
    }
  });
});
