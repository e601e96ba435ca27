/** A realistic incident and log for the renderer tests, with secrets planted in the log. */
import { freshEscalation } from "../../../domain/incident.js";
import type { Incident } from "../../../domain/types.js";

export const GITHUB_TOKEN = `ghp_${"A1b2C3d4E5".repeat(3)}a1B2c3`;
export const AWS_KEY = "AKIAIOSFODNN7EXAMPLE";
export const PEM_BODY = [
  "MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun",
  "VTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxK",
  "Zm9vYmFyYmF6",
];
export const PEM = [
  "-----BEGIN RSA PRIVATE KEY-----",
  ...PEM_BODY,
  "-----END RSA PRIVATE KEY-----",
].join("\n");
export const SECRETS = [GITHUB_TOKEN, AWS_KEY, ...PEM_BODY];

/** 100 lines; line 60 is the evidence, secrets sit on lines 45–52 (inside its window). */
export function plantedLog(): string {
  const lines = Array.from({ length: 100 }, (_, i) => `step ${i + 1}: ok`);
  lines[44] = `export GITHUB_TOKEN=${GITHUB_TOKEN}`;
  lines[45] = `aws configure set aws_access_key_id ${AWS_KEY}`;
  lines.splice(46, 5, ...PEM.split("\n"));
  lines[59] = `FAIL src/api.test.ts > returns 200 (token ${GITHUB_TOKEN})`;
  return `${lines.join("\n")}\n`;
}

export function incident(overrides: Partial<Incident> = {}): Incident {
  return {
    id: "PC-42",
    status: "escalated",
    repo: "acme/api",
    workflow: "CI",
    job: "test",
    branch: "main",
    fingerprint: "fp_1234",
    classification: {
      type: "test_failure",
      category: "persistent",
      severity: "high",
      retryable: false,
      confidence: 0.87,
      suggestedAction: "fix_code",
      ruleId: "test.vitest.fail",
      fingerprint: "fp_1234",
      evidence: [{ line: 60, text: `FAIL src/api.test.ts > returns 200 (token ${GITHUB_TOKEN})` }],
    },
    count: 4,
    firstSeenAt: "2026-11-23T09:00:00Z",
    lastSeenAt: "2026-11-23T11:30:00Z",
    lastRunId: "8812",
    lastSha: "9f2c1e0",
    lastUrl: "https://github.com/acme/api/actions/runs/8812/job/1",
    eventIds: ["e1", "e2", "e3", "e4"],
    decisions: [
      {
        kind: "retry",
        reason: "transient-looking failure",
        rule: "retry.transient",
        at: "2026-11-23T09:01:00Z",
      },
    ],
    ...freshEscalation(),
    occurrences: [],
    acknowledgedBy: null,
    resolvedAt: null,
    resolution: null,
    timeToResolveMs: null,
    templateId: null,
    ...overrides,
  };
}
