/**
 * The `notifications` config section (DESIGN §6, §7.1): routes with Alertmanager's grouping
 * timers (keys in snake_case, as the contract writes them), the email debounce (Sentry's digest
 * formula), Slack's per-channel rate, generic webhook receivers and the mass-failure guard.
 */
import { z } from "zod";
import { duration } from "../../config/duration.js";
import { severities } from "../../domain/types.js";

/** A matcher value: equality, or `/regex/` (anchored by the writer, not by us). */
const matcherValue = z.string().describe("Value to equal, or /regex/");

const route = z.strictObject({
  match: z
    .strictObject({
      repo: matcherValue.optional(),
      branch: matcherValue.optional(),
      workflow: matcherValue.optional(),
      job: matcherValue.optional(),
      type: matcherValue.optional(),
      severity: matcherValue.optional(),
    })
    .default({})
    .describe("Incident fields this route takes; {} = everything"),
  receivers: z
    .array(z.string().regex(/^(slack|email|webhook:[\w.-]+)$/, "slack, email or webhook:<name>"))
    .min(1)
    .default(["slack", "email"])
    .describe("Where its notices go: slack, email, webhook:<name>"),
  group_by: z
    .array(z.enum(["repo", "branch", "workflow", "job", "type", "severity", "fingerprint"]))
    .default(["repo"])
    .describe("Incident fields whose values make one group"),
  group_wait: duration("30s", "Wait before the first notice of a new group"),
  group_interval: duration("5m", "Wait between notices of a group that changed"),
  repeat_interval: duration("4h", "Reminder of an unchanged group that is still failing"),
  min_severity: z.enum(severities).default("low").describe("Lowest severity this route announces"),
  continue: z
    .boolean()
    .default(false)
    .describe("Also try the next routes after this one matched (Alertmanager's continue)"),
  slack_channel: z
    .string()
    .nullable()
    .default(null)
    .describe("Slack channel of this route; null = SLACK_CHANNEL"),
  email_to: z
    .array(z.string())
    .nullable()
    .default(null)
    .describe("Recipients of this route; null = EMAIL_TO"),
});

const webhook = z.strictObject({
  name: z
    .string()
    .regex(/^[\w.-]+$/)
    .describe("Name used as receiver webhook:<name>"),
  url: z.url({ protocol: /^https?$/ }).describe("Where each digest is POSTed as signed JSON"),
  secretEnv: z
    .string()
    .nullable()
    .default(null)
    .describe("Env variable holding its HMAC secret (X-Pitcrew-Signature); null = unsigned"),
});

/** The `notifications` config section. */
export const notifyConfigSchema = z
  .strictObject({
    routes: z
      .array(route)
      .default([
        {
          match: {},
          receivers: ["slack", "email"],
          group_by: ["repo"],
          group_wait: 30_000,
          group_interval: 300_000,
          repeat_interval: 14_400_000,
          min_severity: "low",
          continue: false,
          slack_channel: null,
          email_to: null,
        },
      ])
      .describe("Routes, first match wins (unless continue); the default sends everything"),
    email: z
      .strictObject({
        minDelay: duration("5m", "After a digest, the next waits at least this long"),
        incrementDelay: duration("30s", "Each new notice pushes the next digest this much later"),
        maxDelay: duration("30m", "The next digest goes at the latest this long after the last"),
        urgentMinDelay: duration(
          "1m",
          "Urgent pages skip the debounce but come at most this often",
        ),
        maxItems: z
          .number()
          .int()
          .min(1)
          .default(50)
          .describe("Incidents listed per email; the rest are counted with a dashboard link"),
      })
      .prefault({})
      .describe("Email debounce per recipient list (Sentry's digests)"),
    slack: z
      .strictObject({
        perSecond: z.number().positive().default(1).describe("Messages per second per channel"),
        burst: z.number().int().min(1).default(3).describe("Messages a channel may get at once"),
        maxBlocks: z.number().int().min(5).max(50).default(50).describe("Blocks per message"),
        maxChars: z.number().int().min(1000).default(12_000).describe("Characters per message"),
      })
      .prefault({})
      .describe("Slack posting: a token bucket per channel, and message size caps"),
    webhooks: z.array(webhook).default([]).describe("Generic receivers (PagerDuty, Teams, …)"),
    massFailure: z
      .strictObject({
        repos: z.number().int().min(2).default(3).describe("Repositories sharing a fingerprint"),
        window: duration("10m", "…within this long make one umbrella incident"),
      })
      .prefault({})
      .describe("Mass-failure guard: one umbrella notice instead of one per repository"),
    silenceRetention: duration("30d", "Expired silences are kept this long for the audit"),
  })
  .prefault({});

export type NotifyConfig = z.output<typeof notifyConfigSchema>;
export type NotifyRoute = NotifyConfig["routes"][number];
