import type { Action } from "../../domain/types.js";
import { newId } from "../../lib/ids.js";

/** A freshly scheduled action: nothing tried yet, due at `runAt` (default: at once). */
export function newAction(init: {
  kind: Action["kind"];
  destination: string;
  idempotencyKey: string;
  incidentIds: string[];
  repo: string;
  runId: string | null;
  at: string;
  runAt?: string;
  params?: Action["params"];
}): Action {
  return {
    id: newId("act"),
    kind: init.kind,
    destination: init.destination,
    idempotencyKey: init.idempotencyKey,
    status: "scheduled",
    incidentIds: init.incidentIds,
    repo: init.repo,
    runId: init.runId,
    attempts: 0,
    createdAt: init.at,
    nextRunAt: init.runAt ?? init.at,
    finishedAt: null,
    lastError: null,
    mode: null,
    ...(init.params ? { params: init.params } : {}),
  };
}
