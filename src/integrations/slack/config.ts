/** Settings of the Slack integration; the bot token and the channel come only from the environment. */
import { z } from "zod";
import { duration } from "../../config/duration.js";

/** Non-secret Slack settings (config section `slack`), each with its default and purpose. */
export const slackConfigSchema = z
  .strictObject({
    apiUrl: z
      .url({ protocol: /^https?$/ })
      .default("https://slack.com/api/")
      .describe(
        "Slack Web API prefix with its trailing slash; the method name is appended (env SLACK_API_URL)",
      ),
    timeout: duration("10s", "Per-request timeout of Slack Web API calls"),
  })
  .prefault({});

/** Parsed Slack settings (`timeout` in milliseconds). */
export type SlackConfig = z.output<typeof slackConfigSchema>;
