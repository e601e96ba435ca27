/** Settings of the Linear integration; the API key and team id come only from the environment. */
import { z } from "zod";
import { duration } from "../../config/duration.js";

/** Non-secret Linear settings (config section `linear`), each with its default and purpose. */
export const linearConfigSchema = z
  .strictObject({
    apiUrl: z
      .url({ protocol: /^https?$/ })
      .default("https://api.linear.app/graphql")
      .describe("Linear GraphQL endpoint (env LINEAR_API_URL); http only for localhost"),
    timeout: duration("10s", "Per-request timeout of Linear API calls"),
    triageState: z
      .string()
      .min(1)
      .nullable()
      .default(null)
      .describe(
        "Workflow state new issues are created in, by name; null: the team's triage state, else its first backlog/unstarted state",
      ),
    reopenState: z
      .string()
      .min(1)
      .nullable()
      .default(null)
      .describe(
        "Workflow state a reopened issue moves to, by name; null: the same lookup as triageState",
      ),
    labelColor: z
      .string()
      .regex(/^#[0-9a-fA-F]{6}$/, "expected a hex colour such as #eb5757")
      .default("#eb5757")
      .describe("Colour of the labels pitcrew creates when they are missing"),
  })
  .prefault({});

/** Parsed Linear settings. */
export type LinearConfig = z.output<typeof linearConfigSchema>;
