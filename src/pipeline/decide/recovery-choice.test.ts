import { describe, expect, it } from "vitest";
import { ladderInput, recoveryAttempt } from "../../../test/support/ladder-input.js";
import type { Classification, Incident } from "../../domain/types.js";
import type { LadderInput } from "./ladder-types.js";
import { chooseRecovery, detectEcosystem } from "./recovery-choice.js";

const now = new Date("2026-11-23T10:00:00.000Z");
const runbooks = [
  {
    name: "restart-prod",
    repo: "acme/*",
    environment: "prod*",
    url: "https://ops.example/restart",
  },
  {
    name: "reset-db",
    repo: "acme/api",
    environment: null,
    types: ["test_failure"],
    url: "https://ops.example/db",
  },
];
const reinstallWorkflows = [{ repo: "acme/web", workflow: "ci.yml" }];

interface Build {
  classification?: Partial<Classification>;
  incident?: Partial<Incident>;
  input?: Partial<LadderInput>;
  recover?: Record<string, unknown>;
}

function build(b: Build = {}): LadderInput {
  return ladderInput(
    {
      ...b,
      policy: { recover: { runbooks, reinstallWorkflows, ...b.recover } },
    },
    {
      now,
      classification: {
        type: "dependency_install",
        severity: "medium",
        suggestedAction: "clear_cache",
        ruleId: "npm-eintegrity",
      },
    },
  );
}

const attempt = recoveryAttempt;
const allPrefixes =
  "node-,npm-,setup-node,yarn-,pnpm-,pip-,setup-python,poetry-,uv-,gradle-,maven-,setup-java,cargo-,rust-,go-,setup-go,gem-,bundler-,ruby-";

describe("pipeline/decide/recovery-choice", () => {
  it.each<[string, Build, string | null, Record<string, unknown>]>([
    [
      "clear cache: node",
      {},
      "clear_cache",
      { ecosystem: "node", prefixes: "node-,npm-,setup-node,yarn-,pnpm-" },
    ],
    [
      "clear cache: python from evidence",
      {
        classification: {
          ruleId: null,
          evidence: [{ line: 3, text: "ERROR: Could not build wheels for lxml" }],
        },
      },
      "clear_cache",
      { ecosystem: "python", prefixes: "pip-,setup-python,poetry-,uv-" },
    ],
    [
      "clear cache: unknown ecosystem clears all",
      { classification: { ruleId: "weird" } },
      "clear_cache",
      { ecosystem: "unknown", prefixes: allPrefixes },
    ],
    [
      "clear cache: detected ecosystem not configured: every configured prefix",
      { recover: { cachePrefixes: { python: ["pip-"] } } },
      "clear_cache",
      { ecosystem: "node", prefixes: "pip-" },
    ],
    [
      "clear cache: the ecosystem's list is empty: every configured prefix",
      { recover: { cachePrefixes: { node: [], python: ["pip-"] } } },
      "clear_cache",
      { ecosystem: "node", prefixes: "pip-" },
    ],
    [
      "clear cache: no prefix configured at all: nothing to clear",
      { recover: { cachePrefixes: {} } },
      null,
      {},
    ],
    [
      "reinstall: no prefix configured at all: nothing to delete",
      {
        classification: { suggestedAction: "reinstall_dependencies" },
        recover: { cachePrefixes: {} },
      },
      null,
      {},
    ],
    [
      "reinstall: dispatches the repo's workflow",
      {
        classification: { suggestedAction: "reinstall_dependencies" },
        incident: { repo: "acme/web" },
      },
      "reinstall_dependencies",
      { workflow: "ci.yml", input: "clean_install", value: "true" },
    ],
    [
      "reinstall: otherwise deletes all caches",
      { classification: { suggestedAction: "reinstall_dependencies" } },
      "reinstall_dependencies",
      { prefixes: allPrefixes },
    ],
    [
      "runbook: repo + environment + type",
      {
        classification: { type: "deployment", suggestedAction: "escalate" },
        input: { environment: "production" },
      },
      "runbook",
      { runbook: "restart-prod" },
    ],
    [
      "runbook: null environment matches only none",
      { classification: { type: "test_failure", suggestedAction: "fix_code" } },
      "runbook",
      { runbook: "reset-db" },
    ],
    [
      "runbook: environment does not match",
      {
        classification: { type: "deployment", suggestedAction: "escalate" },
        input: { environment: "staging" },
      },
      null,
      {},
    ],
    [
      "runbook: type not listed",
      { classification: { type: "lint", suggestedAction: "fix_code" } },
      null,
      {},
    ],
    [
      "runbook: repo does not match",
      {
        classification: { type: "test_failure", suggestedAction: "fix_code" },
        incident: { repo: "acme/web" },
      },
      null,
      {},
    ],
    [
      "no strategy for a retry",
      { classification: { type: "network", suggestedAction: "retry" } },
      null,
      {},
    ],
    ["provider cannot recover", { input: { canRecover: false } }, null, {}],
    [
      "a failed strategy is not tried again",
      { incident: { recoveries: [attempt("clear_cache", "failed")] } },
      null,
      {},
    ],
    [
      "another strategy that failed does not block",
      { incident: { recoveries: [attempt("runbook", "failed")] } },
      "clear_cache",
      {},
    ],
    [
      "a succeeded one may run again",
      { incident: { recoveries: [attempt("clear_cache", "succeeded")] } },
      "clear_cache",
      {},
    ],
    [
      "hold while any recovery is pending",
      { incident: { recoveries: [attempt("runbook", "pending")] } },
      null,
      {},
    ],
    ["condition: disabled", { recover: { enabled: false } }, null, {}],
    ["condition: confidence below 0.5", { classification: { confidence: 0.4 } }, null, {}],
    ["condition: type cancelled", { classification: { type: "cancelled" } }, null, {}],
    ["condition: too few failures", { recover: { atFailures: 2 } }, null, {}],
    ["condition: branch denied", { recover: { branches: { deny: ["main"] } } }, null, {}],
  ])("%s", (_name, b, kind, numbers) => {
    const decision = chooseRecovery(build(b));

    expect(decision?.kind ?? null).toBe(kind);
    if (decision) {
      expect(decision).toMatchObject({ rung: "recover", rule: `recover.${kind}`, numbers });
      expect(decision.reason).toMatch(/failed 1× in 24h \(threshold 1\)/);
    }
  });

  it.each([
    ["npm ERR! code EINTEGRITY", "node"],
    ["Cannot find module in node_modules/foo", "node"],
    ["pip install failed", "python"],
    ["Could not resolve dependencies (maven)", "java"],
    ["error: failed to download from crates.io", "rust"],
    ["verifying go.sum: checksum mismatch", "go"],
    ["Bundler::GemNotFound: Could not find gem", "ruby"],
    ["segmentation fault", null],
  ])("detectEcosystem(%s) = %s", (text, ecosystem) => {
    expect(detectEcosystem({ ruleId: null, evidence: [{ line: 1, text }] })).toBe(ecosystem);
  });
});
