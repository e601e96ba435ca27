import type { Digest, NoticeItem, NotificationGroup, SlackPending } from "../../domain/notify.js";
import type { Incident } from "../../domain/types.js";
import { newId } from "../../lib/ids.js";
import { nextRung } from "../decide/next-rung.js";
import { matchingSilence } from "../decide/silence.js";
import type { PipelineDeps } from "../deps.js";
import { gatherLadderFacts } from "../escalation-inputs.js";
import { scheduleFlush } from "./announce.js";
import { deliverDigest, scheduleSlackDrain } from "./deliver.js";
import { flush, type Withdrawal } from "./grouping.js";
import { oneAtATime } from "./jobs.js";
import { inhibited } from "./mass-failure.js";
import { digestTotals, noticeItem } from "./notice.js";
import { matchRoutes } from "./routes.js";
import { settle } from "./settle.js";
import { umbrellasNow } from "./umbrella.js";

/**
 * Flushes one group when its timer is due: reads its incidents, leaves out silenced and
 * mass-failure-inhibited ones (counted, not sent), applies Alertmanager's dedup rule, and hands a
 * digest to the receiver when something changed or the reminder is due. The group is saved with
 * its next flush time (merged with what changed meanwhile, see `settle`), or deleted once
 * everything in it is resolved and announced.
 */
export async function runFlush(deps: PipelineDeps, groupId: string): Promise<void> {
  await oneAtATime(deps.notifyRuntime, `flush:${groupId}`, () => flushGroup(deps, groupId));
}

async function flushGroup(deps: PipelineDeps, groupId: string): Promise<void> {
  const group = await deps.store.getGroup(groupId);
  const now = deps.clock.now();
  if (!group?.nextFlushAt || Date.parse(group.nextFlushAt) > now.getTime()) return;
  const route = deps.notify.routes[group.route];
  if (!route) {
    await deps.store.updateGroup(group.id, () => null);
    return;
  }
  const members = await loadMembers(deps, group);
  const silences = await deps.store.listSilences();
  const umbrellas = group.id.startsWith("umbrella:") ? [] : await umbrellasNow(deps, now);
  const withdrawal = (i: Incident): Withdrawal | null => {
    if (i.status === "silenced" || matchingSilence(silences, i, now)) return "silenced";
    return inhibited(i, umbrellas) ? "mass failure" : null;
  };
  const muted = members.filter((i) => withdrawal(i) !== null);
  const shown = members.filter((i) => !muted.includes(i));
  const result = flush(
    group,
    {
      firing: shown.filter((i) => i.status !== "resolved").map((i) => i.id),
      resolved: shown.filter((i) => i.status === "resolved").map((i) => i.id),
      counts: Object.fromEntries(shown.map((i) => [i.id, i.count])),
      withdrawn: Object.fromEntries(muted.map((i) => [i.id, withdrawal(i) ?? "silenced"])),
    },
    now,
    route,
  );
  let message: SlackPending | null = null;
  if (result.notify) {
    const listed = [...result.firing, ...result.resolved];
    const items = await Promise.all(
      shown.filter((i) => listed.includes(i.id)).map((i) => itemOf(deps, i, now)),
    );
    const digest = digestOf(result.group, items, muted.length, result.reason, now);
    message = await deliverDigest(deps, result.group, digest);
  }
  const saved = await deps.store.updateGroup(group.id, (stored) =>
    settle(stored, group, result, message, now, route.group_interval),
  );
  if (saved?.slackPending) {
    await scheduleSlackDrain(deps, saved.slackPending.channel, now.toISOString());
  }
  if (saved?.nextFlushAt) await scheduleFlush(deps, group.id, saved.nextFlushAt);
}

/**
 * The group's incidents as stored. An umbrella collects every incident of its fingerprint: only
 * those some route sends to this receiver are its members (the others were never announced here).
 */
async function loadMembers(deps: PipelineDeps, group: NotificationGroup): Promise<Incident[]> {
  const found = await Promise.all(group.incidentIds.map((id) => deps.store.getIncident(id)));
  const known = found.filter((i): i is Incident => i !== null);
  if (!group.id.startsWith("umbrella:")) return known;
  const routes = deps.notify.routes;
  return known.filter((i) =>
    matchRoutes(i, routes).some((m) => m.receivers.includes(group.receiver)),
  );
}

async function itemOf(deps: PipelineDeps, incident: Incident, now: Date): Promise<NoticeItem> {
  const event = await deps.store.getEvent(incident.eventIds.at(-1) ?? "");
  const facts = await gatherLadderFacts(deps, incident, {
    environment: event?.environment ?? null,
    provider: event?.provider ?? "github",
  });
  const retry = incident.decisions.findLast((d) => d.kind === "retry" && d.runAt);
  const nextRetryAt = retry?.runAt && Date.parse(retry.runAt) > now.getTime() ? retry.runAt : null;
  return noticeItem(incident, {
    now,
    next:
      incident.status === "resolved"
        ? null
        : nextRung({ ...facts, incident, policy: deps.escalation, now }),
    nextRetryAt,
    dashboardUrl: deps.publicUrl,
    silenced: false,
  });
}

function digestOf(
  group: NotificationGroup,
  items: NoticeItem[],
  silenced: number,
  reason: string,
  now: Date,
): Digest {
  const totals = digestTotals(items);
  return {
    id: newId("dg"),
    groupId: group.id,
    receiver: group.receiver,
    labels: group.labels,
    at: now.toISOString(),
    reason,
    items,
    totals: { ...totals, silenced: totals.silenced + silenced },
  };
}
