/** Pure builders of the text pitcrew sends: Codegen prompts and Linear issues and comments. */
export { type CodegenPromptInput, codegenPrompt } from "./codegen-prompt.js";
export { defaultExcerpt, type ExcerptOptions, logExcerpt } from "./excerpt.js";
export {
  type LinearIssueInput,
  type LinearIssueText,
  linearIssue,
  linearIssueTitle,
  linearPriority,
  linearRecurrenceComment,
  linearTriageComment,
  type RecurrenceInput,
  type TriageInput,
} from "./linear.js";
export { type TriedStep, triedFromIncident, triedLines } from "./tried.js";
