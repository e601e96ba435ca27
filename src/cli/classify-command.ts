import { readFileSync } from "node:fs";
import { loadConfig } from "../config/load-config.js";
import type { Conclusion } from "../domain/types.js";
import { classify, defaultRulesDir, loadRules } from "../pipeline/classify/index.js";
import { print } from "./output.js";

/** Options of `pitcrew classify`. */
export interface ClassifyOptions {
  json?: boolean;
  exitCode?: string;
  conclusion?: Conclusion;
  branch?: string;
  step?: string;
  provider?: string;
}

/** `pitcrew classify <logfile|->`: prints the verdict (DESIGN §7 shape with `--json`). */
export function classifyCommand(env: NodeJS.ProcessEnv, file: string, opts: ClassifyOptions): void {
  const { config } = loadConfig(env);
  const rules = loadRules([defaultRulesDir, ...config.classifier.rulesDirs]);
  const log = readFileSync(file === "-" ? 0 : file, "utf8");
  const exitCode = opts.exitCode === undefined ? null : Number.parseInt(opts.exitCode, 10);
  const verdict = classify(
    log,
    {
      exitCode: Number.isFinite(exitCode) ? exitCode : null,
      conclusion: opts.conclusion ?? null,
      branch: opts.branch ?? null,
      step: opts.step ?? null,
      provider: opts.provider ?? null,
    },
    rules,
  );
  print(opts.json ?? false, verdict, () =>
    [
      `type:        ${verdict.type} (${verdict.category}, ${verdict.retryable ? "retryable" : "not retryable"})`,
      `confidence:  ${verdict.confidence.toFixed(2)}   severity: ${verdict.severity}`,
      `action:      ${verdict.suggestedAction}`,
      `rule:        ${verdict.ruleId ?? "-"}`,
      `fingerprint: ${verdict.fingerprint}`,
      "evidence:",
      ...verdict.evidence.map((e) => `  ${String(e.line).padStart(6)} | ${e.text}`),
    ].join("\n"),
  );
}
