import { loadConfig } from "../config/load-config.js";
import type { Incident } from "../domain/types.js";
import { systemClock } from "../lib/clock.js";
import type { NextRung } from "../pipeline/decide/ladder-types.js";
import { nextRung } from "../pipeline/decide/next-rung.js";
import { gatherLadderFacts } from "../pipeline/escalation-inputs.js";
import { print, table } from "./output.js";
import { withReadOnlyBackend } from "./read-only.js";

/** What `pitcrew incidents show` prints: the incident, its ladder so far and the next rung. */
export interface IncidentLadder {
  incident: Incident;
  failuresInWindow: number;
  windowMs: number;
  next: NextRung;
}

/** `pitcrew incidents show <id> [--json]`. Exits 1 with a message for an unknown id. */
export async function showIncidentCommand(
  env: NodeJS.ProcessEnv,
  id: string,
  opts: { json?: boolean },
): Promise<void> {
  const { config } = loadConfig(env);
  const found = await withReadOnlyBackend(env, async ({ store }) => {
    const incident = await store.getIncident(id.toUpperCase());
    if (!incident) return null;
    const event = await store.getEvent(incident.eventIds.at(-1) ?? "");
    const deps = {
      store,
      clock: systemClock,
      escalation: config.escalation,
      notify: config.notifications,
    };
    const facts = await gatherLadderFacts(deps, incident, {
      environment: event?.environment ?? null,
      provider: event?.provider ?? "github",
    });
    const next = nextRung({
      ...facts,
      incident,
      policy: config.escalation,
      now: systemClock.now(),
    });
    return {
      incident,
      failuresInWindow: facts.failuresInWindow,
      windowMs: config.escalation.window,
      next,
    };
  });
  if (!found) {
    process.stderr.write(`pitcrew: no incident ${id} (pitcrew incidents --all lists them)\n`);
    process.exitCode = 1;
    return;
  }
  print(opts.json ?? false, found, () => describeLadder(found));
}

/** Human text: facts, then every decision with its rung and rule, then the next rung. */
export function describeLadder({
  incident: i,
  failuresInWindow,
  windowMs,
  next,
}: IncidentLadder): string {
  const c = i.classification;
  const lines = [
    `${i.id}  ${i.status}${i.resolution ? ` (${i.resolution})` : ""}  ${c.type} in ${i.repo} ${i.workflow}/${i.job} on ${i.branch ?? "-"}`,
    `failures: ${failuresInWindow} in the last ${Math.round(windowMs / 3_600_000)}h, ${i.count} on this incident (first ${i.firstSeenAt}, last ${i.lastSeenAt})`,
    `evidence: ${c.evidence[0] ? `line ${c.evidence[0].line}: ${c.evidence[0].text}` : "-"}`,
  ];
  if (i.codegen)
    lines.push(
      `codegen: run ${i.codegen.runId || "-"} ${i.codegen.rawStatus ?? i.codegen.status} ${i.codegen.url ?? ""}`.trimEnd(),
    );
  if (i.pr) lines.push(`fix PR: ${i.pr.url}`);
  if (i.linear) lines.push(`linear: ${i.linear.identifier} ${i.linear.url}`);
  for (const r of i.recoveries)
    lines.push(`recovery: ${r.strategy} ${r.outcome}${r.ranAt ? ` (ran ${r.ranAt})` : ""}`);
  lines.push("", "ladder so far:");
  lines.push(
    i.decisions.length === 0
      ? "  (no decisions yet)"
      : table([
          ["  AT", "RUNG", "DECISION", "RULE", "REASON"],
          ...i.decisions.map((d) => [`  ${d.at}`, d.rung ?? "-", d.kind, d.rule, d.reason]),
        ]),
  );
  lines.push("", `next rung: ${next.trigger}`);
  return lines.join("\n");
}
