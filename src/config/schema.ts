import { z } from "zod";
import { failureTypes } from "../domain/types.js";
import { codegenConfigSchema } from "../integrations/codegen/config.js";
import { emailConfigSchema } from "../integrations/email/config.js";
import { githubConfigSchema } from "../integrations/github/config.js";
import { linearConfigSchema } from "../integrations/linear/config.js";
import { slackConfigSchema } from "../integrations/slack/config.js";
import { outboundConfigSchema } from "../outbound/config.js";
import { escalationConfigSchema } from "../pipeline/decide/escalation-config.js";
import { notifyConfigSchema } from "../pipeline/notify/notify-config.js";
import { duration } from "./duration.js";

/**
 * The single table of options. Every option has a default and a description;
 * `config/pitcrew.example.yaml` shows them all (a test keeps the two in step).
 * Secrets are not here: they come only from the environment (see `secrets.ts`).
 */
const server = z
  .strictObject({
    port: z.number().int().min(0).max(65535).default(3000).describe("HTTP port (env PORT)"),
    host: z.string().default("0.0.0.0").describe("Interface to listen on"),
    publicUrl: z
      .url()
      .default("http://localhost:3000")
      .describe("Base URL used in links (env PITCREW_PUBLIC_URL)"),
    bodyLimitBytes: z
      .number()
      .int()
      .positive()
      .default(5 * 1024 * 1024)
      .describe("Largest webhook body accepted; larger ones get 413"),
  })
  .prefault({});

const store = z
  .strictObject({
    dataDir: z
      .string()
      .default("./data")
      .describe("Directory of the embedded JSON store, logs and lock (env PITCREW_DATA_DIR)"),
    maxLogBytes: z
      .number()
      .int()
      .positive()
      .default(1024 * 1024)
      .describe("Stored log files keep at most this many bytes (the tail)"),
    maxEventsPerIncident: z
      .number()
      .int()
      .positive()
      .default(200)
      .describe("Event ids kept on one incident (older ones are dropped from the list)"),
  })
  .prefault({});

const classifier = z
  .strictObject({
    rulesDirs: z
      .array(z.string())
      .default([])
      .describe("Extra directories of rule files (*.yaml) loaded after the built-in config/rules"),
  })
  .prefault({});

const retry = z
  .strictObject({
    maxAutomaticReruns: z
      .number()
      .int()
      .min(0)
      .max(10)
      .default(2)
      .describe("Automatic re-runs of one CI run at most (GitHub caps re-runs at 50 per run)"),
    baseDelay: duration("30s", "First re-run delay before jitter; doubles each re-run"),
    maxDelay: duration("15m", "Cap of the re-run delay"),
    retryableTypes: z
      .array(z.enum(failureTypes))
      .default(["network", "rate_limit", "infrastructure", "timeout", "flaky_test", "disk_full"])
      .describe("Failure types that are re-run automatically"),
  })
  .prefault({});

const jobs = z
  .strictObject({
    pollInterval: duration("1s", "How often the worker looks for due jobs"),
    maxAttempts: z
      .number()
      .int()
      .min(1)
      .default(5)
      .describe("Attempts of a background job before it is marked dead"),
    baseDelay: duration("2s", "Backoff base of a failed background job (full jitter)"),
    maxDelay: duration("15m", "Backoff cap of a failed background job"),
    concurrency: z.number().int().min(1).default(4).describe("Jobs run at once"),
  })
  .prefault({});

const ci = z
  .strictObject({
    logFetchTimeout: duration("10s", "Timeout of fetching a generic CI payload's logUrl"),
  })
  .prefault({});

const templates = z
  .strictObject({
    dir: z
      .string()
      .nullable()
      .default(null)
      .describe(
        "Directory with your own copy of templates/ (codegen/, linear/); null = the built-in ones",
      ),
  })
  .prefault({});

const log = z
  .strictObject({
    level: z
      .enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"])
      .default("info")
      .describe("Log level (env PITCREW_LOG_LEVEL)"),
  })
  .prefault({});

/** The root configuration schema. */
export const configSchema = z.strictObject({
  server,
  store,
  classifier,
  retry,
  escalation: escalationConfigSchema,
  notifications: notifyConfigSchema,
  jobs,
  github: githubConfigSchema,
  codegen: codegenConfigSchema,
  linear: linearConfigSchema,
  slack: slackConfigSchema,
  email: emailConfigSchema,
  outbound: outboundConfigSchema,
  ci,
  templates,
  log,
});

/** Validated, defaulted configuration (durations in milliseconds). */
export type Config = z.output<typeof configSchema>;
