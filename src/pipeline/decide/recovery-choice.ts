/**
 * The recover rung (DESIGN §6): repair the environment instead of the code — clear the failing
 * ecosystem's caches, reinstall dependencies, or call a runbook — then the repair re-runs the
 * jobs itself. A strategy that failed is never tried again for the same incident. Pure.
 */
import type { RecoveryStrategy } from "../../domain/escalation.js";
import type { Classification, Decision } from "../../domain/types.js";
import { checkConditions, countText, matchesGlob, subjectOf } from "./conditions.js";
import type { LadderInput } from "./ladder-types.js";

type Numbers = NonNullable<Decision["numbers"]>;
type Strategy = Exclude<RecoveryStrategy, "reset">;

interface Choice {
  strategy: Strategy;
  what: string;
  numbers: Numbers;
}

/** Ecosystems in the order they are tried; the first whose pattern matches the evidence wins. */
const ecosystems: [string, RegExp][] = [
  ["node", /\b(npm|yarn|pnpm)\b|node_modules|package(-lock)?\.json|EINTEGRITY/i],
  ["python", /\bpip3?\b|poetry|\bwheels?\b|site-packages|requirements/i],
  ["java", /gradle|maven|\.m2\b/i],
  ["rust", /\bcargo\b|\bcrates?\b/i],
  ["go", /\bgo mod\b|go\.sum/i],
  ["ruby", /\b(gem|bundler|gemfile)\b/i],
];

/** The failing ecosystem from the evidence lines and the rule id (null: none recognised). */
export function detectEcosystem(c: Pick<Classification, "evidence" | "ruleId">): string | null {
  const text = [...c.evidence.map((line) => line.text), c.ruleId ?? ""].join("\n");
  return ecosystems.find(([, pattern]) => pattern.test(text))?.[0] ?? null;
}

/**
 * The recover decision for this failure, or null: not recoverable here, conditions unmet, no
 * strategy fits, the strategy already failed, or a repair is still pending (its outcome is
 * decided by the next run; a second repair would muddle it).
 */
export function chooseRecovery(input: LadderInput): Decision | null {
  const { incident, policy } = input;
  if (!input.canRecover) return null;
  if (incident.recoveries.some((r) => r.outcome === "pending")) return null;
  if (checkConditions(policy.recover, subjectOf(input)).length > 0) return null;
  const choice = pickStrategy(input);
  if (!choice) return null;
  const failedBefore = incident.recoveries.some(
    (r) => r.strategy === choice.strategy && r.outcome === "failed",
  );
  if (failedBefore) return null;
  const c = incident.classification;
  const count = countText(subjectOf(input), policy.recover.atFailures);
  return {
    kind: choice.strategy,
    rung: "recover",
    rule: `recover.${choice.strategy}`,
    reason: `${c.type} failed ${count}, suggested ${c.suggestedAction}: ${choice.what}, then re-run`,
    numbers: {
      failuresInWindow: input.failuresInWindow,
      atFailures: policy.recover.atFailures,
      confidence: c.confidence,
      ...choice.numbers,
    },
    at: input.now.toISOString(),
  };
}

function pickStrategy(input: LadderInput): Choice | null {
  const action = input.incident.classification.suggestedAction;
  const repair =
    action === "clear_cache"
      ? clearCache(input)
      : action === "reinstall_dependencies"
        ? reinstall(input)
        : null;
  return repair ?? runbook(input);
}

/** Null when no cache key prefix is configured at all: there is nothing to clear. */
function clearCache(input: LadderInput): Choice | null {
  const configured = input.policy.recover.cachePrefixes;
  const ecosystem = detectEcosystem(input.incident.classification);
  const listed = ecosystem ? configured[ecosystem] : undefined;
  const own = listed && listed.length > 0 ? listed : undefined;
  // Unknown ecosystem: clearing everything costs one cold build, guessing wrong costs another failure.
  const prefixes = own ?? allPrefixes(configured);
  if (prefixes.length === 0) return null;
  const label = own ? `${ecosystem} caches` : "all dependency caches";
  return {
    strategy: "clear_cache",
    what: `clear the ${label} (${prefixes.join(", ")})`,
    numbers: { ecosystem: ecosystem ?? "unknown", prefixes: prefixes.join(",") },
  };
}

function reinstall(input: LadderInput): Choice | null {
  const { recover } = input.policy;
  const dispatch = recover.reinstallWorkflows.find((w) =>
    matchesGlob(input.incident.repo, [w.repo]),
  );
  if (dispatch) {
    return {
      strategy: "reinstall_dependencies",
      what: `dispatch ${dispatch.workflow} with ${dispatch.input}=${dispatch.value}`,
      numbers: { workflow: dispatch.workflow, input: dispatch.input, value: dispatch.value },
    };
  }
  const prefixes = allPrefixes(recover.cachePrefixes);
  if (prefixes.length === 0) return null;
  return {
    strategy: "reinstall_dependencies",
    what: `delete all dependency caches (${prefixes.join(", ")}) so the re-run installs afresh`,
    numbers: { prefixes: prefixes.join(",") },
  };
}

/** A runbook with a null environment serves only runs without one (not "any environment"). */
function runbook(input: LadderInput): Choice | null {
  const { incident, environment } = input;
  const found = input.policy.recover.runbooks.find(
    (r) =>
      matchesGlob(incident.repo, [r.repo]) &&
      (r.environment === null
        ? environment === null
        : environment !== null && matchesGlob(environment, [r.environment])) &&
      r.types.includes(incident.classification.type),
  );
  if (!found) return null;
  return {
    strategy: "runbook",
    what: `call runbook ${found.name}`,
    numbers: { runbook: found.name },
  };
}

function allPrefixes(configured: Record<string, string[]>): string[] {
  return [...new Set(Object.values(configured).flat())];
}
