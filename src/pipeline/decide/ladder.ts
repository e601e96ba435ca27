/**
 * The escalation part of `decide` (DESIGN §6, §7.1): per fingerprint over a rolling window,
 * recover → Codegen fix PR → Linear issue → reset. Every decision names its rung, its rule and
 * the numbers that fired it. Pure: time is `input.now`.
 */
import { type LinearLink, type Rung, rungs } from "../../domain/escalation.js";
import type { Decision, Incident } from "../../domain/types.js";
import { checkConditions, countText, formatDuration, subjectOf } from "./conditions.js";
import { codegenVerdict, type GateRefusal } from "./gates.js";
import type { LadderInput } from "./ladder-types.js";
import { chooseRecovery } from "./recovery-choice.js";

type Numbers = NonNullable<Decision["numbers"]>;

const day = 86_400_000;

/** The ladder's decisions for one failure, in rung order (recover, codegen, linear, reset). */
export function ladder(input: LadderInput): Decision[] {
  const at = input.now.toISOString();
  if (input.silence) {
    const s = input.silence;
    const until = s.endsAt
      ? `until ${s.endsAt}`
      : s.untilGreen
        ? "until the job passes on the default branch"
        : "until expired by hand";
    const reason = `silenced by ${s.author} ${until}: ${s.reason}; no escalation`;
    return [{ kind: "ignore", rule: "silence", reason, at, numbers: { silence: s.id } }];
  }
  const recover = chooseRecovery(input);
  const codegen = codegenStep(input, at);
  return [
    ...(recover ? [recover] : []),
    ...codegen.decisions,
    ...linearStep(input, codegen.refusal, at),
    ...resetStep(input, at),
  ];
}

/**
 * Retry first, then the ladder; a recover decision replaces the plain re-run, because the repair
 * re-runs the jobs itself once it has run (a re-run before it would fail the same way).
 */
export function mergeDecisions(
  retry: readonly Decision[],
  ladder: readonly Decision[],
): Decision[] {
  const repairs = ladder.some((d) => d.rung === "recover" && d.kind !== "ignore");
  return [...retry.filter((d) => !(repairs && d.kind === "retry")), ...ladder];
}

/** Highest rung reached (retry 0 … reset 4) by the incident's decisions and the new ones. */
export function escalationLevel(decisions: readonly Decision[], incident: Incident): number {
  const levels = [...incident.decisions, ...decisions]
    .filter((d) => d.rung !== undefined && d.kind !== "ignore")
    .map((d) => rungs.indexOf(d.rung as Rung));
  return Math.max(incident.escalationLevel, 0, ...levels);
}

interface CodegenStep {
  decisions: Decision[];
  refusal: GateRefusal | null;
}

function codegenStep(input: LadderInput, at: string): CodegenStep {
  const policy = input.policy.codegen;
  const subject = subjectOf(input);
  const verdict = codegenVerdict(input, checkConditions(policy, subject));
  if (verdict.outcome === "hold" || verdict.outcome === "ineligible") {
    return { decisions: [], refusal: null };
  }
  if (verdict.outcome === "refused") {
    return { decisions: refusalRecords(input, verdict.refusal, at), refusal: verdict.refusal };
  }
  const c = input.incident.classification;
  const attempt = (input.incident.codegen?.attempts ?? 0) + 1;
  const { runsLastHourInRepo, runsThisMonth } = input.codegenUsage;
  const reason =
    `${c.type} failed ${countText(subject, policy.atFailures)}: Codegen fix PR ` +
    `(attempt ${attempt} of ${policy.maxRunsPerIncident}; ${runsLastHourInRepo} of ` +
    `${policy.maxRunsPerRepoPerHour} runs this hour in ${input.incident.repo}; ${runsThisMonth} of ` +
    `${verdict.pace.allowedByNow} runs allowed by now this month)`;
  const numbers: Numbers = {
    attempt,
    failuresInWindow: input.failuresInWindow,
    atFailures: policy.atFailures,
    confidence: c.confidence,
    runsLastHourInRepo,
    runsThisMonth,
    allowedByNow: verdict.pace.allowedByNow,
  };
  const decision: Decision = {
    kind: "codegen_fix",
    rung: "codegen",
    rule: "codegen.fix",
    reason,
    numbers,
    at,
  };
  return { decisions: [decision], refusal: null };
}

/**
 * The refusal is recorded once per incident and gate (not on every failure). Without Linear it
 * still reaches a human as a notification; with Linear, `linearStep` files the issue.
 */
function refusalRecords(input: LadderInput, refusal: GateRefusal, at: string): Decision[] {
  const rule = `codegen.gate.${refusal.gate}`;
  const numbers = { failuresInWindow: input.failuresInWindow, ...refusal.numbers };
  const reason = `Codegen refused: ${refusal.reason}`;
  const isNew = !input.incident.decisions.some((d) => d.rule === rule);
  const record: Decision[] = isNew
    ? [{ kind: "ignore", rung: "codegen", rule, reason, numbers, at }]
    : [];
  if (input.policy.linear.enabled || input.incident.linear) return record;
  const notify: Decision = {
    kind: "notify",
    rung: "codegen",
    rule: `codegen.refused.${refusal.gate}`,
    reason: `${reason}: a human takes over`,
    numbers,
    at,
  };
  return [...record, notify];
}

/** At most one Linear decision: comment on the linked issue, reopen, or create one. */
function linearStep(input: LadderInput, refusal: GateRefusal | null, at: string): Decision[] {
  const policy = input.policy.linear;
  if (!policy.enabled) return [];
  if (input.incident.linear) return [comment(input, input.incident.linear, at)];
  // The issue is on its way (or in the outbox): one issue per incident, not one per failure.
  if (input.incident.decisions.some((d) => d.kind === "linear_issue" && d.rung === "linear")) {
    return [];
  }
  const failed = checkConditions(policy, subjectOf(input));
  const reopened = reopen(input, refusal, at);
  // A recurrence reopens its issue at once (the count restarted, the problem did not).
  if (reopened && failed.every((f) => f.condition === "failures")) return [reopened];
  if (refusal) {
    const rule = `linear.codegen-refused.${refusal.gate}`;
    const reason = `Codegen refused (${refusal.reason}): Linear issue for a human`;
    const numbers = { failuresInWindow: input.failuresInWindow, atFailures: policy.atFailures };
    return [{ kind: "linear_issue", rung: "linear", rule, reason, numbers, at }];
  }
  if (failed.length > 0) return [];
  return [create(input, at)];
}

/** Reopening the previous incident's issue, when it was resolved within the reopen window. */
function reopen(input: LadderInput, refusal: GateRefusal | null, at: string): Decision | null {
  const previous = input.previousIssue;
  const window = input.policy.linear.reopenWindow;
  if (!previous) return null;
  const ageMs = input.now.getTime() - Date.parse(previous.resolvedAt);
  if (ageMs > window) return null;
  const days = Math.floor(ageMs / day);
  const issue = previous.linear.identifier;
  const why = refusal ? `; Codegen refused: ${refusal.reason}` : "";
  const reason =
    `recurred ${days}d after ${previous.incidentId} was resolved ` +
    `(within ${formatDuration(window)}): reopen ${issue}${why}`;
  const numbers = { previousIncident: previous.incidentId, issue, daysSince: days };
  return { kind: "linear_issue", rung: "linear", rule: "linear.reopen", reason, numbers, at };
}

function create(input: LadderInput, at: string): Decision {
  const { atFailures } = input.policy.linear;
  const c = input.incident.classification;
  const related = input.previousIssue?.linear.identifier ?? null;
  const reason =
    `${c.type} failed ${countText(subjectOf(input), atFailures)}: Linear issue` +
    (related ? ` (related to ${related}, resolved too long ago to reopen)` : "");
  const numbers: Numbers = { failuresInWindow: input.failuresInWindow, atFailures };
  if (related) numbers.relatedIssue = related;
  const rule = related ? "linear.create-related" : "linear.create";
  return { kind: "linear_issue", rung: "linear", rule, reason, numbers, at };
}

/** The first recurrence comments at once; later ones wait for the interval (one comment per hour). */
function comment(input: LadderInput, link: LinearLink, at: string): Decision {
  const interval = input.policy.linear.commentInterval;
  const numbers: Numbers = { issue: link.identifier, occurrences: input.incident.count };
  const base = { kind: "linear_comment", rung: "linear", numbers, at } as const;
  const due = link.lastCommentAt ? Date.parse(link.lastCommentAt) + interval : null;
  if (due === null || due <= input.now.getTime()) {
    const reason = `recurrence ${input.incident.count} on ${link.identifier}: comment now`;
    return { ...base, rule: "linear.comment", reason };
  }
  const runAt = new Date(due).toISOString();
  const every = formatDuration(interval);
  const reason = `recurrence ${input.incident.count} on ${link.identifier}: batched into the comment at ${runAt} (one per ${every}, last at ${link.lastCommentAt})`;
  return { ...base, rule: "linear.comment.batched", reason, runAt };
}

/** The top rung, once per incident: purge every cache, and page unless someone already owns it. */
function resetStep(input: LadderInput, at: string): Decision[] {
  const { incident, policy } = input;
  const subject = subjectOf(input);
  if (checkConditions(policy.reset, subject).length > 0) return [];
  const done =
    incident.recoveries.some((r) => r.strategy === "reset") ||
    incident.decisions.some((d) => d.rule === "reset.purge-caches");
  if (done) return [];
  const count = countText(subject, policy.reset.atFailures);
  const numbers: Numbers = {
    failuresInWindow: input.failuresInWindow,
    atFailures: policy.reset.atFailures,
  };
  const purge: Decision = {
    kind: "clear_cache",
    rung: "reset",
    rule: "reset.purge-caches",
    reason: `${incident.classification.type} failed ${count}: purge every cache of ${incident.branch ?? "the run"}`,
    numbers: { ...numbers, prefixes: "*", branch: incident.branch },
    at,
  };
  const page: Decision =
    incident.status === "acknowledged"
      ? {
          kind: "ignore",
          rung: "reset",
          rule: "reset.page.acknowledged",
          reason: `failed ${count}: no page, ${incident.acknowledgedBy ?? "someone"} already owns it`,
          numbers,
          at,
        }
      : {
          kind: "notify",
          rung: "reset",
          rule: "reset.page",
          reason: `failed ${count}: urgent email, skipping the debounce`,
          numbers: { ...numbers, urgent: true },
          at,
        };
  return [purge, page];
}
