import type { RecoveryAttempt } from "../../src/domain/escalation.js";
import type { Classification, Incident } from "../../src/domain/types.js";
import { escalationConfigSchema } from "../../src/pipeline/decide/escalation-config.js";
import type { LadderInput } from "../../src/pipeline/decide/ladder-types.js";
import { testClassification, testIncident } from "./incident-builder.js";

/** What a ladder table row changes; the rest comes from the table's base. */
export interface LadderBuild {
  failures?: number;
  classification?: Partial<Classification>;
  incident?: Partial<Incident>;
  input?: Partial<LadderInput>;
  policy?: Record<string, unknown>;
}

/** The base a table file shares by all its rows. */
export interface LadderBase {
  now: Date;
  classification?: Partial<Classification>;
  incident?: Partial<Incident>;
}

/** A `LadderInput` of the base with the row's changes: nothing used, nothing silenced. */
export function ladderInput(b: LadderBuild, base: LadderBase): LadderInput {
  const classification = testClassification({ ...base.classification, ...b.classification });
  const incident = testIncident("PC-7", {
    count: b.failures ?? 1,
    ...base.incident,
    classification,
    ...b.incident,
  });
  return {
    incident,
    environment: null,
    failuresInWindow: b.failures ?? 1,
    retry: [],
    silence: null,
    codegenUsage: { runsLastHourInRepo: 0, runsThisMonth: 0 },
    previousIssue: null,
    canRecover: true,
    policy: escalationConfigSchema.parse(b.policy ?? {}),
    now: base.now,
    ...b.input,
  };
}

/** A repair of the incident with the given outcome. */
export function recoveryAttempt(
  strategy: RecoveryAttempt["strategy"],
  outcome: RecoveryAttempt["outcome"],
  decidedAt = "",
): RecoveryAttempt {
  return {
    strategy,
    outcome,
    actionId: "a",
    runId: null,
    decidedAt,
    ranAt: null,
    outcomeEventId: null,
    details: {},
  };
}
