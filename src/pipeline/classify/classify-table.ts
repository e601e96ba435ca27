/**
 * The classifier's table-test kit: the §3.3 defaults, the `t` row template and the way a row is
 * turned into the log text a CI would send. The rows live in `classify-cases-*.ts`.
 */
import type { Category, FailureType, SuggestedAction } from "../../domain/types.js";
import type { ClassifyMeta } from "./classify.js";

export interface Verdict {
  category: Category;
  retryable: boolean;
  suggestedAction: SuggestedAction;
}
export const outcome = (
  category: Category,
  retryable: boolean,
  suggestedAction: SuggestedAction,
) => ({
  category,
  retryable,
  suggestedAction,
});

/** classification.md §3.3 defaults; a row overrides them only where the table says "may". */
// biome-ignore format: a table reads best as a table.
export const defaults: Partial<Record<FailureType, Verdict>> = {
  network:            outcome("transient", true, "retry"),
  rate_limit:         outcome("transient", true, "retry"),
  timeout:            outcome("transient", true, "retry"),
  infrastructure:     outcome("transient", true, "retry"),
  disk_full:          outcome("transient", true, "clear_cache"),
  cancelled:          outcome("transient", false, "ignore"),
  out_of_memory:      outcome("persistent", false, "escalate"),
  dependency_install: outcome("persistent", false, "fix_code"),
  compilation:        outcome("persistent", false, "fix_code"),
  test_failure:       outcome("persistent", false, "fix_code"),
  lint:               outcome("persistent", false, "fix_code"),
  content_check:      outcome("persistent", false, "fix_code"),
  auth_permissions:   outcome("configuration", false, "fix_config"),
  configuration:      outcome("configuration", false, "fix_config"),
  unknown:            outcome("unknown", false, "escalate"),
};

export interface CaseOptions {
  meta?: ClassifyMeta;
  verdict?: Partial<Verdict>;
  /** Prefix every line with a GitHub Actions timestamp, as real GHA logs have. */
  gha?: boolean;
}
export interface Case extends CaseOptions {
  type: FailureType;
  name: string;
  /** The log lines; "=> " marks the line the evidence must point at. */
  lines: string[];
}

/** One table row: first line "<type>: <name> ${options}", then the log, one line per line. */
export function t(strings: TemplateStringsArray, ...options: CaseOptions[]): Case {
  const [header = "", ...lines] = strings.join("").split("\n");
  const [, type = "", name = ""] = /^(\w+): (.*?)\s*$/.exec(header) ?? [];
  return { type: type as FailureType, name, lines, ...Object.assign({}, ...options) };
}

/** The log as the CI would send it, and the 1-based number of the "=> " line (null if none). */
export function materialise({ lines, gha }: Case): { text: string; line: number | null } {
  const marked = lines.findIndex((l) => l.startsWith("=> "));
  const stamp = (l: string, i: number) => (gha ? `2024-05-06T07:08:${10 + i}.1234567Z ${l}` : l);
  const text = lines.map((l, i) => stamp(l.replace(/^=> /, ""), i)).join("\n");
  return { text, line: marked === -1 ? null : marked + 1 };
}
