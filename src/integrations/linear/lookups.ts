/**
 * Name → id lookups the tracker needs on every write, cached for the life of the process: labels
 * (created in the team when missing) and the workflow states new and reopened issues go to.
 */
import { IntegrationError } from "../../domain/errors.js";
import type { LinearApi, LinearLabel, LinearState } from "./client.js";
import type { LinearConfig } from "./config.js";
import { SERVICE } from "./errors.js";

export interface LinearLookups {
  /** Ids of `names` in the same order (duplicates dropped), creating the missing labels. */
  labelIds(names: readonly string[]): Promise<string[]>;
  /** The state new issues (`triage`) or reopened ones (`reopen`) are put in. */
  stateId(purpose: "triage" | "reopen"): Promise<string>;
}

export function createLookups(
  api: LinearApi,
  teamId: string,
  config: Pick<LinearConfig, "triageState" | "reopenState" | "labelColor">,
): LinearLookups {
  const labels = new Map<string, string>();
  let states: Promise<LinearState[]> | null = null;

  const loadStates = (): Promise<LinearState[]> => {
    // A failed load is forgotten, so the next call asks again instead of failing forever.
    states ??= api.states(teamId).catch((error: unknown) => {
      states = null;
      throw error;
    });
    return states;
  };

  return {
    async labelIds(names) {
      const wanted = [...new Set(names.map((name) => name.trim()).filter(Boolean))];
      const missing = wanted.filter((name) => !labels.has(name));
      if (missing.length > 0) {
        for (const label of preferTeam(await api.labels(missing), teamId)) {
          labels.set(label.name, label.id);
        }
        for (const name of missing.filter((n) => !labels.has(n))) {
          labels.set(name, await api.createLabel({ name, color: config.labelColor, teamId }));
        }
      }
      return wanted.map((name) => labels.get(name) as string);
    },

    async stateId(purpose) {
      const name = purpose === "triage" ? config.triageState : config.reopenState;
      return pickState(await loadStates(), name, purpose).id;
    },
  };
}

/**
 * The team's own label wins over a workspace label of the same name (sorted last, so it is the
 * one left in the cache); other teams' labels cannot be put on this team's issues.
 */
function preferTeam(found: LinearLabel[], teamId: string): LinearLabel[] {
  const usable = found.filter((label) => label.teamId === null || label.teamId === teamId);
  return usable.sort((a, b) => Number(a.teamId === teamId) - Number(b.teamId === teamId));
}

/** By name when configured; else the triage state, else the first backlog, else unstarted. */
export function pickState(
  states: readonly LinearState[],
  name: string | null,
  purpose: string,
): LinearState {
  const byPosition = [...states].sort((a, b) => a.position - b.position);
  const found = name
    ? byPosition.find((s) => s.name.toLowerCase() === name.toLowerCase())
    : (["triage", "backlog", "unstarted"] as const)
        .map((type) => byPosition.find((s) => s.type === type))
        .find(Boolean);
  if (found) return found;
  const known = byPosition.map((s) => `${s.name} (${s.type})`).join(", ") || "none";
  throw new IntegrationError({
    service: SERVICE,
    operation: "resolve-state",
    errorType: "validation",
    message: name
      ? `${SERVICE}: no workflow state named "${name}" in the team (linear.${purpose}State); states: ${known}`
      : `${SERVICE}: the team has no triage, backlog or unstarted state; states: ${known}`,
  });
}
