import { buildToolCases } from "./classify-cases-tools-build.js";
import { deployToolCases } from "./classify-cases-tools-deploy.js";
import { depsToolCases } from "./classify-cases-tools-deps.js";
import { lintToolCases } from "./classify-cases-tools-lint.js";
import { moreToolCases } from "./classify-cases-tools-more.js";
import { policyToolCases } from "./classify-cases-tools-policy.js";
import { testToolCases } from "./classify-cases-tools-tests.js";
import type { Case } from "./classify-table.js";

/** Rows added by the tools audit, one file per family so each stays short. */
export const toolCases: Case[] = [
  ...testToolCases,
  ...lintToolCases,
  ...buildToolCases,
  ...depsToolCases,
  ...deployToolCases,
  ...policyToolCases,
  ...moreToolCases,
];
