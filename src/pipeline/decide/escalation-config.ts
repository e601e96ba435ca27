/**
 * The escalation ladder's policy (config section `escalation`; DESIGN §6): per fingerprint over a
 * rolling window, retry → recover → Codegen fix PR at 2 failures → Linear issue at 5 → reset at
 * 10. Every rung has its own conditions; `decide` reads only this parsed shape.
 */
import { z } from "zod";
import { duration } from "../../config/duration.js";
import { failureTypes, severities } from "../../domain/types.js";

const branches = z
  .strictObject({
    allow: z
      .array(z.string())
      .default(["**"])
      .describe("Branch globs the rung may act on (picomatch; ** = every branch)"),
    deny: z
      .array(z.string())
      .default([])
      .describe("Branch globs it never acts on (wins over allow), e.g. protected branches"),
  })
  .prefault({});

/** Conditions shared by every rung; `atFailures` counts failures of the fingerprint in the window. */
function rung(
  atFailures: number,
  types: readonly (typeof failureTypes)[number][],
  minConfidence: number,
) {
  return {
    enabled: z.boolean().default(true).describe("Whether this rung is used at all"),
    atFailures: z
      .number()
      .int()
      .min(1)
      .default(atFailures)
      .describe("Failures of the fingerprint within the window that reach this rung"),
    types: z
      .array(z.enum(failureTypes))
      .default([...types])
      .describe("Failure types this rung acts on"),
    minConfidence: z
      .number()
      .min(0)
      .max(1)
      .default(minConfidence)
      .describe("Lowest classifier confidence this rung acts on"),
    minSeverity: z.enum(severities).default("low").describe("Lowest severity this rung acts on"),
    branches,
    environments: z
      .array(z.string())
      .default([])
      .describe("Deployment environments (globs) this rung acts on; [] = any, including none"),
  };
}

const allTypes = failureTypes.filter((type) => type !== "cancelled");

const cachePrefixes = z
  .record(z.string(), z.array(z.string()))
  .default({
    node: ["node-", "npm-", "setup-node", "yarn-", "pnpm-"],
    python: ["pip-", "setup-python", "poetry-", "uv-"],
    java: ["gradle-", "maven-", "setup-java"],
    rust: ["cargo-", "rust-"],
    go: ["go-", "setup-go"],
    ruby: ["gem-", "bundler-", "ruby-"],
  })
  .describe("Actions cache key prefixes per ecosystem; the failing ecosystem's are cleared");

const reinstallWorkflow = z.strictObject({
  repo: z.string().describe("Repository glob, e.g. acme/* "),
  workflow: z.string().describe("workflow_dispatch workflow file name or id, e.g. ci.yml"),
  input: z.string().default("clean_install").describe("Input that asks for a clean install"),
  value: z.string().default("true").describe("Value given to that input"),
});

const runbook = z.strictObject({
  name: z.string().describe("Name shown in decisions and the audit log"),
  repo: z.string().default("**").describe("Repository glob"),
  environment: z
    .string()
    .nullable()
    .default(null)
    .describe("Environment glob; null = runs without an environment"),
  types: z
    .array(z.enum(failureTypes))
    .default(["deployment"])
    .describe("Failure types that call it"),
  url: z.url({ protocol: /^https?$/ }).describe("Where the signed JSON is POSTed"),
  secretEnv: z
    .string()
    .nullable()
    .default(null)
    .describe("Env variable holding its HMAC secret (X-Pitcrew-Signature); null = unsigned"),
});

const recover = z
  .strictObject({
    ...rung(1, allTypes, 0.5),
    cachePrefixes,
    reinstallWorkflows: z
      .array(reinstallWorkflow)
      .default([])
      .describe("Repos whose reinstall dispatches a workflow instead of deleting caches"),
    runbooks: z.array(runbook).default([]).describe("Runbooks per repo/environment"),
    runbookTimeout: duration("10s", "Timeout of one runbook call"),
  })
  .prefault({});

const codegen = z
  .strictObject({
    ...rung(2, ["compilation", "test_failure", "lint", "dependency_install", "configuration"], 0.6),
    maxOpenRunsPerFingerprint: z
      .number()
      .int()
      .min(1)
      .default(1)
      .describe("Codegen runs open at once for one fingerprint in a repo (across its jobs)"),
    maxRunsPerIncident: z
      .number()
      .int()
      .min(1)
      .default(3)
      .describe("Runs of one incident in all; then a human"),
    maxRunsPerRepoPerHour: z
      .number()
      .int()
      .min(1)
      .default(20)
      .describe("Runs started per repository per hour (Seer's limit)"),
    monthlyBudget: z
      .number()
      .int()
      .min(0)
      .default(200)
      .describe("Runs per calendar month, paced evenly through it (0 = none)"),
  })
  .prefault({});

const linear = z
  .strictObject({
    ...rung(5, allTypes, 0),
    reopenWindow: duration("7d", "A resolved incident recurring within this reopens its issue"),
    commentInterval: duration("1h", "Recurrence comments on one issue at most once per interval"),
  })
  .prefault({});

const reset = z
  .strictObject({
    ...rung(10, allTypes, 0),
  })
  .prefault({});

/** The `escalation` config section. */
export const escalationConfigSchema = z
  .strictObject({
    window: duration("24h", "Rolling window in which failures of one fingerprint are counted"),
    recover: recover.describe("Rung 1: repair (cache purge, clean install, runbook) and re-run"),
    codegen: codegen.describe("Rung 2: a Codegen agent run that opens a fix PR"),
    linear: linear.describe("Rung 3: a Linear issue; recurrences become comments"),
    reset: reset.describe("Rung 4: purge every cache of the branch and page a person"),
  })
  .prefault({});

/** The parsed escalation policy (durations in milliseconds). */
export type EscalationPolicy = z.output<typeof escalationConfigSchema>;
export type RungPolicy = EscalationPolicy["codegen"] | EscalationPolicy["linear"];
