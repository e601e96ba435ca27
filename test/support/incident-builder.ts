import { freshEscalation } from "../../src/domain/incident.js";
import type { Classification, Incident } from "../../src/domain/types.js";

/** A persistent test failure on acme/api; tests override what they are about. */
export function testClassification(overrides: Partial<Classification> = {}): Classification {
  return {
    type: "test_failure",
    category: "persistent",
    severity: "high",
    retryable: false,
    confidence: 0.9,
    suggestedAction: "fix_code",
    ruleId: "js-failed-test",
    fingerprint: "v1:abc",
    evidence: [],
    ...overrides,
  };
}

/** An open incident of acme/api CI/test on main, seen once at 10:00 on 2026-11-23. */
export function testIncident(id: string, overrides: Partial<Incident> = {}): Incident {
  return {
    ...freshEscalation(),
    id,
    status: "open",
    repo: "acme/api",
    workflow: "CI",
    job: "test",
    branch: "main",
    fingerprint: "v1:abc",
    classification: testClassification(),
    count: 1,
    firstSeenAt: "2026-11-23T10:00:00.000Z",
    lastSeenAt: "2026-11-23T10:00:00.000Z",
    occurrences: ["2026-11-23T10:00:00.000Z"],
    lastRunId: "100",
    lastSha: "abc",
    lastUrl: null,
    eventIds: [],
    decisions: [],
    resolvedAt: null,
    resolution: null,
    timeToResolveMs: null,
    templateId: null,
    ...overrides,
  };
}
