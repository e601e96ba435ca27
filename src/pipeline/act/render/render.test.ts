import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Severity } from "../../../domain/types.js";
import { createTemplateRenderer } from "../../../lib/templates.js";
import {
  codegenPrompt,
  linearIssue,
  linearPriority,
  linearRecurrenceComment,
  linearTriageComment,
} from "./index.js";
import { AWS_KEY, GITHUB_TOKEN, incident, plantedLog, SECRETS } from "./test-fixture.js";

const publicUrl = "https://pitcrew.example/";
const dashboardUrl = "https://pitcrew.example/incidents/PC-42";
const withHistory = incident({
  codegen: {
    runId: "1001",
    url: "http://fake/agent/trace/1001",
    status: "failed",
    rawStatus: "FAILED",
    startedAt: "2026-11-23T10:00:00Z",
    finishedAt: "2026-11-23T10:20:00Z",
    attempts: 1,
    polls: 3,
  },
  recoveries: [
    {
      strategy: "clear_cache",
      actionId: "a1",
      runId: "8811",
      decidedAt: "2026-11-23T09:30:00Z",
      ranAt: "2026-11-23T09:31:00Z",
      outcome: "failed",
      outcomeEventId: "e3",
      details: { deleted: 3, kept: 1 },
    },
  ],
});

const prompt = () => codegenPrompt({ incident: withHistory, logText: plantedLog(), publicUrl });
const issue = () =>
  linearIssue({ incident: withHistory, failuresInWindow: 3, logText: plantedLog(), dashboardUrl });

describe("codegenPrompt", () => {
  it("names the job, the evidence with its line number and the log around it", () => {
    const text = prompt();
    expect(text).toContain("`acme/api`");
    expect(text).toContain("`9f2c1e0`");
    expect(text).toContain("https://github.com/acme/api/actions/runs/8812/job/1");
    expect(text).toContain("`test_failure` (category `persistent`, severity `high`)");
    expect(text).toContain("`test.vitest.fail`, confidence 87%");
    expect(text).toContain("L60: FAIL src/api.test.ts > returns 200");
    expect(text).toMatch(/^> {2}60 \| FAIL src\/api\.test\.ts/m);
    expect(text).toContain(
      "Failures: 4 (first seen 2026-11-23 09:00 UTC, last seen 2026-11-23 11:30 UTC)",
    );
  });

  it("asks for a minimal PR against the failing branch, never a push, naming the incident", () => {
    const text = prompt();
    expect(text).toContain("Open a pull request against `main`. Never push to `main` directly.");
    expect(text).toMatch(/minimal/);
    expect(text).toMatch(/requested by pitcrew for incident\s+`PC-42`/);
    expect(text).toContain("(https://pitcrew.example/incidents/PC-42)");
    const linked = codegenPrompt({
      incident: withHistory,
      logText: "",
      dashboardUrl: "https://x/i/1",
    });
    expect(linked).toContain("(https://x/i/1)");
  });

  it("lists what was tried: re-runs, recoveries and earlier Codegen runs", () => {
    const text = prompt();
    expect(text).toContain("re-ran the failed jobs");
    expect(text).toContain("cleared the CI caches and re-ran → failed");
    expect(text).toContain("Codegen fix run 1 → failed (FAILED) (http://fake/agent/trace/1001)");
  });

  it("takes the caller's list of tried steps and says when nothing was tried", () => {
    const own = codegenPrompt({
      incident: incident({ decisions: [] }),
      logText: null,
      publicUrl,
      tried: [{ at: null, what: "Codegen run 77", outcome: "PR closed unmerged", url: null }],
    });
    expect(own).toContain("- Codegen run 77 → PR closed unmerged");
    const lines = codegenPrompt({
      incident: withHistory,
      logText: "",
      publicUrl,
      tried: ["re-ran the failed jobs 2× (the failure came back)"],
    });
    expect(lines).toContain("- re-ran the failed jobs 2× (the failure came back)");
    expect(own).not.toContain("Log excerpt");
    const none = codegenPrompt({ incident: incident({ decisions: [] }), logText: null, publicUrl });
    expect(none).toContain("Nothing yet");
  });

  it("targets the default branch when the event had none", () => {
    const text = codegenPrompt({ incident: incident({ branch: null }), logText: null, publicUrl });
    expect(text).toContain("Open a pull request against the repository's default branch.");
  });
});

describe("linearIssue", () => {
  it("titles the issue from the incident with the evidence cut to ~80 characters", () => {
    const long = incident({
      classification: {
        ...incident().classification,
        evidence: [{ line: 3, text: `AssertionError: ${"x".repeat(200)}` }],
      },
    });
    const { title } = linearIssue({
      incident: long,
      failuresInWindow: 1,
      logText: null,
      dashboardUrl,
    });
    expect(title).toMatch(/^\[ci\] test_failure in acme\/api CI\/test: AssertionError: x+…$/);
    expect(title.length).toBeLessThanOrEqual("[ci] test_failure in acme/api CI/test: ".length + 80);
  });

  it("carries the facts, evidence, excerpt, history, links and the footer", () => {
    const { description, labels } = issue();
    expect(labels).toEqual(["type:test_failure", "category:persistent"]);
    expect(description).toContain("| Failures in window | 3 (4 in all) |");
    expect(description).toContain("| Workflow / job | `CI` / `test` |");
    expect(description).toContain("L60: FAIL src/api.test.ts");
    expect(description).toContain("<summary>Log excerpt");
    expect(description).toContain("cleared the CI caches and re-ran → failed");
    expect(description).toContain(`incident \`PC-42\`: ${dashboardUrl}`);
    expect(description).toContain("Codegen run: http://fake/agent/trace/1001");
    expect(description).toContain(
      "Managed by pitcrew — move to Done to resolve, Canceled to silence, add label `pitcrew:retry` to re-run",
    );
  });

  it("says which rule opened it when given", () => {
    const { description } = linearIssue({
      incident: withHistory,
      failuresInWindow: 1,
      logText: "",
      dashboardUrl,
      reason: "linear.create-related",
    });
    expect(description).toContain("_Opened by pitcrew rule `linear.create-related`._");
    expect(issue().description).not.toContain("Opened by pitcrew rule");
  });

  it("links the fix PR when there is one, and escapes pipes from CI names in the table", () => {
    const odd = incident({
      job: "test | shard 1",
      pr: { url: "https://github.com/acme/api/pull/9", number: 9, branch: "fix" },
    });
    const { description } = linearIssue({
      incident: odd,
      failuresInWindow: 1,
      logText: null,
      dashboardUrl,
    });
    expect(description).toContain("Fix pull request: https://github.com/acme/api/pull/9");
    expect(description).toContain("`test \\| shard 1`");
  });

  it.each<[Severity, number]>([
    ["critical", 1],
    ["high", 2],
    ["medium", 3],
    ["low", 4],
  ])("priority of %s is %i", (severity, priority) => {
    expect(linearPriority[severity]).toBe(priority);
    const sev = incident({ classification: { ...incident().classification, severity } });
    expect(
      linearIssue({ incident: sev, failuresInWindow: 1, logText: null, dashboardUrl }).priority,
    ).toBe(priority);
  });
});

describe("Linear comments", () => {
  it("recurrence: N more failures since a time, with the latest run and the evidence", () => {
    const text = linearRecurrenceComment({
      incident: withHistory,
      newFailures: 2,
      since: "2026-11-23T10:00:00Z",
      latestRunUrl: "https://github.com/acme/api/actions/runs/8899",
    });
    expect(text).toContain("**2 more failures since 2026-11-23 10:00 UTC**");
    expect(text).toContain("Latest run: https://github.com/acme/api/actions/runs/8899");
    expect(text).toContain("L60: FAIL src/api.test.ts");
    expect(
      linearRecurrenceComment({ incident: withHistory, newFailures: 1, since: "x" }),
    ).toContain("1 more failure since x");
  });

  it("recurrence that reopens an issue says so and links the incident", () => {
    const text = linearRecurrenceComment({
      incident: withHistory,
      newFailures: 4,
      since: "2026-11-23T09:00:00Z",
      dashboardUrl,
      reopened: true,
    });
    expect(text).toMatch(/^\*\*Reopened by pitcrew: the failure came back\.\*\* Incident `PC-42`/);
    expect(text).toContain(dashboardUrl);
    const plain = linearRecurrenceComment({
      ...{ incident: withHistory, newFailures: 1, since: "x" },
      dashboardUrl,
    });
    expect(plain).not.toContain("Reopened");
    expect(plain).toContain(`Incident \`PC-42\`: ${dashboardUrl}`);
  });

  it("triage: the evidence line and the history", () => {
    const text = linearTriageComment({ incident: withHistory, dashboardUrl });
    expect(text).toContain("linked this issue to incident `PC-42`");
    expect(text).toContain("L60: FAIL src/api.test.ts");
    expect(text).toContain("4 failure(s), first seen 2026-11-23 09:00 UTC");
    expect(text).toContain("retry — transient-looking failure");
    expect(text).toContain(dashboardUrl);
  });
});

describe("secrets", () => {
  it("never appear in any rendered text", () => {
    const texts = [
      prompt(),
      issue().title,
      issue().description,
      linearRecurrenceComment({
        incident: withHistory,
        newFailures: 2,
        since: "2026-11-23T10:00:00Z",
      }),
      linearTriageComment({ incident: withHistory, dashboardUrl }),
    ];
    for (const text of texts) {
      for (const secret of SECRETS) expect(text).not.toContain(secret);
      expect(text).not.toContain(GITHUB_TOKEN.slice(0, 12));
    }
    expect(prompt()).toContain("[REDACTED]");
    expect(plantedLog()).toContain(AWS_KEY);
  });
});

describe("custom templates dir", () => {
  it("renders the builders' data through the user's templates", () => {
    const dir = mkdtempSync(join(tmpdir(), "pitcrew-tpl-"));
    mkdirSync(join(dir, "codegen"));
    writeFileSync(
      join(dir, "codegen", "fix-prompt.md"),
      "Fix <%= it.repo %> on <%= it.branch %> (<%= it.id %>)\n",
    );
    const renderer = createTemplateRenderer({ dir });
    const text = codegenPrompt({ incident: withHistory, logText: null, publicUrl }, renderer);
    expect(text).toBe("Fix acme/api on main (PC-42)\n");
    expect(() => linearTriageComment({ incident: withHistory, dashboardUrl }, renderer)).toThrow(
      join(dir, "linear", "triage.md"),
    );
  });
});
