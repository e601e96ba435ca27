/**
 * Rule files as data (config/rules/*.yaml): the zod schema a file must satisfy and the compiled
 * form the engine runs. Format and authoring advice: config/rules/README.md.
 */
import { z } from "zod";
import type { Category, Conclusion, FailureType, SuggestedAction } from "../../domain/types.js";
import { categories, failureTypes, suggestedActions } from "../../domain/types.js";

const conclusions = ["failure", "success", "cancelled", "timed_out", "startup_failure"] as const;

/** kebab-case: lower-case words of letters and digits joined by single dashes. */
const ruleIdPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** A string that compiles as a JavaScript regular expression (checked at load, not at match). */
const regexString = z
  .string()
  .min(1, "must not be empty")
  .superRefine((source, ctx) => {
    try {
      new RegExp(source);
    } catch (error) {
      ctx.addIssue({
        code: "custom",
        message: `invalid regular expression: ${(error as Error).message}`,
      });
    }
  });

export const ruleConditionsSchema = z.strictObject({
  exitCode: z.array(z.number().int()).min(1).optional(),
  conclusion: z.array(z.enum(conclusions)).min(1).optional(),
  provider: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).optional(),
  step: regexString.optional(),
});

export const ruleSchema = z
  .strictObject({
    id: z.string().regex(ruleIdPattern, "must be kebab-case (e.g. npm-eresolve)"),
    description: z.string().optional(),
    patterns: z.array(regexString).min(1).optional(),
    ignoreCase: z.boolean().default(false),
    when: ruleConditionsSchema.optional(),
    type: z.enum(failureTypes),
    category: z.enum(categories),
    retryable: z.boolean(),
    suggestedAction: z.enum(suggestedActions),
    confidence: z.number().min(0).max(1),
    priority: z.number().int().min(0).max(1000),
    /** Which of the rule's matches in the failing step is its line (see select-evidence.ts). */
    pick: z.enum(["first", "last"]).default("last"),
    enabled: z.boolean().default(true),
  })
  .refine((rule) => rule.patterns !== undefined || rule.when !== undefined, {
    message: "a rule needs `patterns`, `when`, or both",
  });

/** A rule file: `rules:` list (other top-level keys are rejected to catch typos). */
export const ruleFileSchema = z.strictObject({
  description: z.string().optional(),
  rules: z.array(z.unknown()),
});

export type RuleDefinition = z.infer<typeof ruleSchema>;
export type RuleConditions = z.infer<typeof ruleConditionsSchema>;

/** A validated rule with its regular expressions compiled once, ready for matching. */
export interface CompiledRule {
  id: string;
  description: string | null;
  /** Empty for a meta-only rule: it matches on `when` alone and has no evidence line. */
  patterns: RegExp[];
  when: {
    exitCode: number[] | null;
    conclusion: Conclusion[] | null;
    provider: string[] | null;
    step: RegExp | null;
  };
  type: FailureType;
  category: Category;
  retryable: boolean;
  suggestedAction: SuggestedAction;
  confidence: number;
  priority: number;
  /**
   * `last`: the rule's last match in the failing step (a retried step fails on its last
   * attempt). `first`: the first line of the last repetition of its first match (the first of
   * several failures a run lists, in the last run when the step ran the tool twice).
   */
  pick: "first" | "last";
  /** Load position (0-based): breaks ties after priority and confidence, earlier wins. */
  order: number;
  /** The rule file it came from, for messages. */
  source: string;
}

/** Every enabled rule in load order; build it once (loadRules) and pass it to every classify call. */
export interface RuleSet {
  rules: CompiledRule[];
}

/** Compile one validated rule; `order` is its load position. */
export function compileRule(def: RuleDefinition, source: string, order: number): CompiledRule {
  const flags = def.ignoreCase ? "i" : "";
  const provider = def.when?.provider;
  return {
    id: def.id,
    description: def.description ?? null,
    patterns: (def.patterns ?? []).map((p) => new RegExp(p, flags)),
    when: {
      exitCode: def.when?.exitCode ?? null,
      conclusion: def.when?.conclusion ?? null,
      provider: provider === undefined ? null : [provider].flat().map((p) => p.toLowerCase()),
      step: def.when?.step === undefined ? null : new RegExp(def.when.step, "i"),
    },
    type: def.type,
    category: def.category,
    retryable: def.retryable,
    suggestedAction: def.suggestedAction,
    confidence: def.confidence,
    priority: def.priority,
    pick: def.pick,
    order,
    source,
  };
}
