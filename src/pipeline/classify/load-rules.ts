/**
 * Loads rule files (config/rules/*.yaml plus any user directories) into a RuleSet. Every problem
 * in every file is collected first and thrown together, so one run shows the whole list to fix.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseDocument } from "yaml";
import { ConfigError } from "../../domain/errors.js";
import {
  type CompiledRule,
  compileRule,
  type RuleDefinition,
  type RuleSet,
  ruleFileSchema,
  ruleSchema,
} from "./rules.js";

/**
 * The built-in rules. src/pipeline/classify/ and dist/pipeline/classify/ are both three levels
 * below the package root, so one relative URL serves the sources (tsx, vitest) and the build.
 */
export const defaultRulesDir = fileURLToPath(new URL("../../../config/rules", import.meta.url));

/** The text of one rule file and the name used for it in messages (usually its path). */
export interface RuleFileText {
  source: string;
  text: string;
}

interface SourcedRule {
  def: RuleDefinition;
  source: string;
}

/**
 * Read every `*.yaml`/`*.yml` file of each directory (files in name order, directories in the
 * order given). A later directory may redefine a rule id of an earlier one: it replaces it in
 * place (e.g. to tune a built-in rule or switch it off with `enabled: false`).
 */
export function loadRules(dirs: string[]): RuleSet {
  const problems: string[] = [];
  const layers: RuleFileText[][] = [];
  for (const dir of dirs) {
    if (!existsSync(dir) || !statSync(dir).isDirectory()) {
      problems.push(`${dir}: rules directory not found`);
      continue;
    }
    const names = readdirSync(dir)
      .filter((name) => /\.ya?ml$/i.test(name))
      .sort();
    layers.push(names.map((name) => readRuleFile(join(dir, name), problems)));
  }
  return buildRuleSet(layers, problems);
}

/** Pure core of loadRules: rule file texts grouped by directory layer → RuleSet or ConfigError. */
export function buildRuleSet(layers: RuleFileText[][], problems: string[] = []): RuleSet {
  const merged = new Map<string, SourcedRule>();
  for (const files of layers) {
    const seenInLayer = new Map<string, string>();
    for (const file of files) {
      for (const rule of parseRuleFile(file, problems)) {
        const earlier = seenInLayer.get(rule.def.id);
        if (earlier !== undefined) {
          problems.push(
            `${rule.source}: rule "${rule.def.id}": duplicate id (also defined in ${earlier})`,
          );
          continue;
        }
        seenInLayer.set(rule.def.id, rule.source);
        // Map.set on an existing key keeps its insertion position: an override stays in place.
        merged.set(rule.def.id, rule);
      }
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  const rules: CompiledRule[] = [];
  for (const { def, source } of merged.values()) {
    if (def.enabled) rules.push(compileRule(def, source, rules.length));
  }
  return { rules };
}

/** Parse and validate one file; problems are appended, valid rules returned. */
export function parseRuleFile(file: RuleFileText, problems: string[]): SourcedRule[] {
  const doc = parseDocument(file.text, { prettyErrors: false });
  if (doc.errors.length > 0) {
    for (const error of doc.errors) {
      const at = error.linePos?.[0];
      const where = at ? `:${at.line}:${at.col}` : "";
      problems.push(`${file.source}${where}: YAML: ${error.message}`);
    }
    return [];
  }
  const shape = ruleFileSchema.safeParse(doc.toJS() ?? {});
  if (!shape.success) {
    for (const issue of shape.error.issues) {
      problems.push(`${file.source}: ${describeIssue(issue)}`);
    }
    return [];
  }
  const valid: SourcedRule[] = [];
  shape.data.rules.forEach((raw, index) => {
    const parsed = ruleSchema.safeParse(raw);
    if (parsed.success) {
      valid.push({ def: parsed.data, source: file.source });
      return;
    }
    const label = ruleLabel(raw, index);
    for (const issue of parsed.error.issues) {
      problems.push(`${file.source}: ${label}: ${describeIssue(issue)}`);
    }
  });
  return valid;
}

function readRuleFile(path: string, problems: string[]): RuleFileText {
  try {
    return { source: path, text: readFileSync(path, "utf8") };
  } catch (error) {
    problems.push(`${path}: cannot read: ${(error as Error).message}`);
    return { source: path, text: "rules: []" };
  }
}

/** `rule "npm-eresolve"` when the id is readable, else its position in the list. */
function ruleLabel(raw: unknown, index: number): string {
  const id = typeof raw === "object" && raw !== null ? (raw as { id?: unknown }).id : undefined;
  return typeof id === "string" && id !== "" ? `rule "${id}"` : `rules[${index}] (no id)`;
}

function describeIssue(issue: { path: PropertyKey[]; message: string }): string {
  const path = issue.path.map(String).join(".");
  return path === "" ? issue.message : `${path}: ${issue.message}`;
}
