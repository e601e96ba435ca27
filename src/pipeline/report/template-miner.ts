/**
 * A Drain log-template miner (He et al., ICWS 2017; defaults of Drain3): clusters lines into
 * templates through a fixed-depth prefix tree. Pure: no I/O; the state is plain JSON the caller
 * persists. `addLine` changes the state it is given, like Drain3's `add_log_message`.
 */
import type {
  TemplateCluster,
  TemplateMinerOptions,
  TemplateMinerState,
  TemplateTreeNode,
} from "../../domain/template-state.js";
import { hasDigit, maskTokens } from "./template-masks.js";

/** The token that stands for "any value" in a template and for the catch-all tree branch. */
export const wildcard = "<*>";

/** Drain3's defaults (similarity 0.4, depth 4, 100 children per node). */
export const defaultMinerOptions: TemplateMinerOptions = {
  depth: 4,
  simThreshold: 0.4,
  maxChildren: 100,
  maxExamples: 3,
  maskQuoted: false,
};

/** What adding one line did. `changed` is true when the template text is new or different. */
export interface AddLineResult {
  templateId: string;
  template: string;
  changed: boolean;
  created: boolean;
}

/** One template for reports. */
export interface TemplateSummary {
  id: string;
  template: string;
  count: number;
  examples: string[];
}

const maxExampleLength = 300;

/** An empty miner; throws `RangeError` on options Drain cannot work with. */
export function createMiner(options: Partial<TemplateMinerOptions> = {}): TemplateMinerState {
  const merged = { ...defaultMinerOptions, ...options };
  if (!Number.isInteger(merged.depth) || merged.depth < 3) {
    throw new RangeError(`depth must be an integer of at least 3, got ${merged.depth}`);
  }
  if (!(merged.simThreshold >= 0 && merged.simThreshold <= 1)) {
    throw new RangeError(`simThreshold must be within [0, 1], got ${merged.simThreshold}`);
  }
  if (!Number.isInteger(merged.maxChildren) || merged.maxChildren < 2) {
    throw new RangeError(`maxChildren must be an integer of at least 2, got ${merged.maxChildren}`);
  }
  return { version: 1, options: merged, nextId: 1, clusters: {}, root: emptyNode() };
}

/** Adds one line: joins the most similar cluster of its leaf (≥ threshold) or opens a new one. */
export function addLine(state: TemplateMinerState, text: string): AddLineResult {
  const tokens = maskTokens(text, state.options.maskQuoted);
  const leaf = findLeaf(state, tokens);
  const best = leaf ? bestCluster(state, leaf.clusterIds, tokens) : null;
  if (best) {
    const before = best.tokens.join(" ");
    best.tokens = best.tokens.map((token, i) => (token === tokens[i] ? token : wildcard));
    best.count += 1;
    remember(best, text, state.options.maxExamples);
    const template = best.tokens.join(" ");
    return { templateId: best.id, template, changed: template !== before, created: false };
  }
  const cluster: TemplateCluster = { id: `tpl-${state.nextId}`, tokens, count: 1, examples: [] };
  state.nextId += 1;
  remember(cluster, text, state.options.maxExamples);
  state.clusters[cluster.id] = cluster;
  insertCluster(state, cluster);
  return { templateId: cluster.id, template: tokens.join(" "), changed: true, created: true };
}

/** Every template, most frequent first (ties: oldest first). */
export function templatesOf(state: TemplateMinerState): TemplateSummary[] {
  return Object.values(state.clusters)
    .map((cluster) => ({
      id: cluster.id,
      template: cluster.tokens.join(" "),
      count: cluster.count,
      examples: [...cluster.examples],
    }))
    .sort((a, b) => b.count - a.count || idNumber(a.id) - idNumber(b.id));
}

/**
 * Share of positions where the template equals the tokens; a wildcard counts as equal.
 * Both sides have the same length (the tree's first layer is the token count).
 */
export function similarity(template: readonly string[], tokens: readonly string[]): number {
  if (template.length === 0) return 1;
  let equal = 0;
  template.forEach((token, i) => {
    if (token === wildcard || token === tokens[i]) equal += 1;
  });
  return equal / template.length;
}

function bestCluster(
  state: TemplateMinerState,
  ids: readonly string[],
  tokens: readonly string[],
): TemplateCluster | null {
  let best: { cluster: TemplateCluster; sim: number; wildcards: number } | null = null;
  for (const id of ids) {
    const cluster = state.clusters[id];
    if (!cluster) continue;
    const sim = similarity(cluster.tokens, tokens);
    const wildcards = cluster.tokens.filter((token) => token === wildcard).length;
    // Ties go to the more general template, as in Drain3's fast_match.
    if (!best || sim > best.sim || (sim === best.sim && wildcards > best.wildcards)) {
      best = { cluster, sim, wildcards };
    }
  }
  return best && best.sim >= state.options.simThreshold ? best.cluster : null;
}

/**
 * The tokens the tree keys on: the first `depth - 2` (the paper's count), never the last token,
 * so one- and two-word lines still meet in a leaf where similarity decides (as Drain3 does).
 */
function prefixOf(tokens: readonly string[], depth: number): readonly string[] {
  return tokens.slice(0, Math.min(depth - 2, Math.max(tokens.length - 1, 0)));
}

function findLeaf(state: TemplateMinerState, tokens: readonly string[]): TemplateTreeNode | null {
  let node = childOf(state.root, String(tokens.length));
  for (const token of prefixOf(tokens, state.options.depth)) {
    if (!node) return null;
    node = childOf(node, token) ?? childOf(node, wildcard);
  }
  return node ?? null;
}

function insertCluster(state: TemplateMinerState, cluster: TemplateCluster): void {
  const lengthKey = String(cluster.tokens.length);
  let node = childOf(state.root, lengthKey) ?? addChild(state.root, lengthKey);
  for (const token of prefixOf(cluster.tokens, state.options.depth)) {
    node = stepForInsert(node, token, state.options.maxChildren);
  }
  node.clusterIds.push(cluster.id);
}

/** Drain3's branching: digits go to the wildcard; a full node sends new tokens there too. */
function stepForInsert(node: TemplateTreeNode, token: string, maxChildren: number) {
  const existing = childOf(node, token);
  if (existing) return existing;
  const any = childOf(node, wildcard);
  if (hasDigit(token)) return any ?? addChild(node, wildcard);
  const size = Object.keys(node.children).length;
  if (any) return size < maxChildren ? addChild(node, token) : any;
  if (size + 1 < maxChildren) return addChild(node, token);
  return addChild(node, wildcard);
}

function childOf(node: TemplateTreeNode, key: string): TemplateTreeNode | undefined {
  // Own keys only: tokens such as "constructor" must not find Object.prototype members.
  return Object.hasOwn(node.children, key) ? node.children[key] : undefined;
}

function addChild(node: TemplateTreeNode, key: string): TemplateTreeNode {
  const created = emptyNode();
  // defineProperty, not assignment: a "__proto__" token must become a key, not a prototype.
  Object.defineProperty(node.children, key, {
    value: created,
    enumerable: true,
    writable: true,
    configurable: true,
  });
  return created;
}

function emptyNode(): TemplateTreeNode {
  return { children: {}, clusterIds: [] };
}

function remember(cluster: TemplateCluster, text: string, maxExamples: number): void {
  const example = text.trim().slice(0, maxExampleLength);
  if (cluster.examples.length < maxExamples && !cluster.examples.includes(example)) {
    cluster.examples.push(example);
  }
}

function idNumber(id: string): number {
  return Number(id.slice(id.lastIndexOf("-") + 1));
}
