import type { Silence } from "../../domain/escalation.js";
import type { Incident } from "../../domain/types.js";
import { newId } from "../../lib/ids.js";
import { isActive } from "../decide/silence.js";
import type { PipelineDeps } from "../deps.js";

/** The silence a Canceled Linear issue puts on its incident's repo + fingerprint. */
function isFingerprintSilence(silence: Silence, incident: Incident): boolean {
  const { matchers } = silence;
  return (
    matchers.repo === incident.repo &&
    matchers.fingerprint === incident.fingerprint &&
    Object.keys(matchers).length === 2
  );
}

/** Silences the incident's fingerprint, unless such a silence is already in force. */
export async function silenceFingerprint(
  deps: PipelineDeps,
  incident: Incident,
  init: { author: string; reason: string; at: string },
): Promise<void> {
  const now = new Date(init.at);
  const silences = await deps.store.listSilences();
  if (silences.some((s) => isActive(s, now) && isFingerprintSilence(s, incident))) return;
  await deps.store.saveSilence({
    id: newId("sil"),
    matchers: { repo: incident.repo, fingerprint: incident.fingerprint },
    createdAt: init.at,
    startsAt: init.at,
    untilGreen: false,
    endsAt: null,
    expiredBy: null,
    author: init.author,
    reason: init.reason,
    expiredAt: null,
  });
}

/** Ends the fingerprint's silences (kept, expired, for the audit); returns how many ended. */
export async function unsilenceFingerprint(
  deps: PipelineDeps,
  incident: Incident,
  at: string,
): Promise<number> {
  const now = new Date(at);
  const active = (await deps.store.listSilences()).filter(
    (s) => isActive(s, now) && isFingerprintSilence(s, incident),
  );
  for (const silence of active) {
    await deps.store.saveSilence({ ...silence, expiredAt: at, expiredBy: "linear" });
  }
  return active.length;
}
