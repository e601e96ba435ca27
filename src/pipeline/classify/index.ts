/** Public API of the classify stage: rules are loaded once by the caller, classify is pure. */
export { type ClassifyMeta, classify } from "./classify.js";
export { fingerprint, fingerprintVersion, normalizeForFingerprint } from "./fingerprint.js";
export {
  buildRuleSet,
  defaultRulesDir,
  loadRules,
  parseRuleFile,
  type RuleFileText,
} from "./load-rules.js";
export {
  cleanLine,
  defaultMaxBytes,
  defaultMaxLines,
  isWrapperLine,
  type LogLine,
  type PreparedLog,
  type PrepareOptions,
  prepareLog,
} from "./prepare-log.js";
export { redactedMarker, redactSecrets } from "./redact.js";
export type { CompiledRule, RuleDefinition, RuleSet } from "./rules.js";
export { isProductionEnvironment, isProtectedBranch, severityFor } from "./severity.js";
