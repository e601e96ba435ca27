/**
 * Persisted state of the Drain template miner (`src/pipeline/report/template-miner.ts`). Plain
 * JSON data, so the store can keep it as one document and the miner can continue after a restart.
 */

/** Tuning of the miner; kept inside the state so a restored miner goes on with the same rules. */
export interface TemplateMinerOptions {
  /** Depth of the prefix tree as the Drain paper counts it: length layer + `depth - 2` token layers. */
  depth: number;
  /** Least share of equal tokens (wildcards count as equal) for a line to join a cluster. */
  simThreshold: number;
  /** Children per tree node before new tokens go to the wildcard branch. */
  maxChildren: number;
  /** Example lines kept per cluster. */
  maxExamples: number;
  /** Also mask "quoted" and 'quoted' strings. */
  maskQuoted: boolean;
}

/** One template: the tokens of its lines, with `<*>` where they differ. */
export interface TemplateCluster {
  id: string;
  tokens: string[];
  count: number;
  examples: string[];
}

/** A node of the prefix tree: inner nodes have children, leaves list cluster ids. */
export interface TemplateTreeNode {
  children: Record<string, TemplateTreeNode>;
  clusterIds: string[];
}

/** Everything the miner knows. */
export interface TemplateMinerState {
  version: 1;
  options: TemplateMinerOptions;
  nextId: number;
  clusters: Record<string, TemplateCluster>;
  root: TemplateTreeNode;
}
