/**
 * Severity of one failure from its type and where it happened (DESIGN §3). Recurrence also raises
 * severity, but that needs history, so the decide stage applies it, not this pure classifier step.
 */
import type { FailureType, Severity } from "../../domain/types.js";
import { severities } from "../../domain/types.js";

export interface SeverityContext {
  branch?: string | null;
  environment?: string | null;
  defaultBranch?: string | null;
}

/** Never raised: a cancelled run is not a failure, and an unknown one has nothing to act on yet. */
const alwaysLow: ReadonlySet<FailureType> = new Set(["cancelled", "unknown"]);

/** Transient or cosmetic failures a re-run or a small change fixes. */
const lowByDefault: ReadonlySet<FailureType> = new Set([
  "network",
  "rate_limit",
  "timeout",
  "infrastructure",
  "flaky_test",
  "lint",
  "content_check",
]);

const releaseBranch = /^release[/-]/;

/** True for the default branch (main, master, or the repository's own) and release branches. */
export function isProtectedBranch(
  branch: string | null | undefined,
  defaultBranch?: string | null,
): boolean {
  if (!branch) return false;
  const name = branch.replace(/^refs\/heads\//, "");
  if (name === "main" || name === "master" || releaseBranch.test(name)) return true;
  return !!defaultBranch && name === defaultBranch.replace(/^refs\/heads\//, "");
}

export function isProductionEnvironment(environment: string | null | undefined): boolean {
  return !!environment && /^prod(?:uction)?$/i.test(environment.trim());
}

/** Base level by type, one step up for a protected branch, one more for production. */
export function severityFor(type: FailureType, context: SeverityContext = {}): Severity {
  if (alwaysLow.has(type)) return "low";
  let level = lowByDefault.has(type) ? 0 : 1;
  if (isProtectedBranch(context.branch, context.defaultBranch)) level++;
  if (isProductionEnvironment(context.environment)) level++;
  return severities[Math.min(level, severities.length - 1)] ?? "critical";
}
