import type { Classification } from "../../domain/types.js";
import type { Store } from "../../ports.js";
import { addLine, createMiner } from "./template-miner.js";

/**
 * Feeds the verdict's first evidence line through the persisted template miner and returns its
 * template id; null when there is no evidence line to mine.
 */
export async function mineEvidence(store: Store, c: Classification): Promise<string | null> {
  const line = c.evidence[0]?.text.trim() ?? "";
  if (line === "") return null;
  return store.updateTemplates((stored) => {
    const state = stored ?? createMiner();
    return { state, result: addLine(state, line).templateId };
  });
}
