import type { FastifyInstance } from "fastify";
import type { Config } from "./config/schema.js";
import type { Secrets } from "./config/secrets.js";
import type { Classification } from "./domain/types.js";
import { buildHttpServer } from "./http/server.js";
import { Worker } from "./jobs/worker.js";
import { newId } from "./lib/ids.js";
import { createTemplateRenderer, type TemplateRenderer } from "./lib/templates.js";
import { DeadLetters } from "./outbound/dead-letters.js";
import { Outbound } from "./outbound/outbound.js";
import { escalationHandlers } from "./pipeline/act/handlers.js";
import { runRerun } from "./pipeline/act/rerun.js";
import { rerunJobKind } from "./pipeline/act/schedule-decisions.js";
import type { JobMeta, PipelineDeps } from "./pipeline/deps.js";
import { processEventJobKind } from "./pipeline/ingest/accept.js";
import { notifyHandlers } from "./pipeline/notify/handlers.js";
import { newNotifyRuntime } from "./pipeline/notify/jobs.js";
import { dailySilencePurge } from "./pipeline/notify/silences.js";
import { processEvent } from "./pipeline/run-pipeline.js";
import type {
  ChatNotifier,
  CiProvider,
  CiRecovery,
  Clock,
  EmailSender,
  FixPrService,
  IssueTracker,
  JobQueue,
  LogFetcher,
  Logger,
  RunbookCaller,
  Store,
} from "./ports.js";

/** Everything from outside, built by `main.ts` (or by a test with fakes). */
export interface AppDeps {
  config: Config;
  secrets: Secrets;
  store: Store;
  queue: JobQueue;
  clock: Clock;
  logger: Logger;
  github: CiProvider;
  recovery: CiRecovery;
  runbooks: RunbookCaller;
  fixer: FixPrService;
  tracker: IssueTracker;
  chat: ChatNotifier;
  email: EmailSender;
  digestWebhooks: RunbookCaller;
  logFetcher: LogFetcher;
  classify: (log: string, meta: JobMeta) => Classification;
  random?: () => number;
  /** The templates to render (default: the shipped `templates/`). */
  renderer?: TemplateRenderer;
  /** The environment, for secrets the config names by variable (runbook HMAC secrets). */
  env?: Record<string, string | undefined>;
  /** The resilience layer the integrations call through (main.ts registers them on it). */
  outbound?: Outbound;
}

/** The wired application: HTTP routes and the job worker. No I/O happens until used. */
export interface App {
  http: FastifyInstance;
  worker: Worker;
  pipeline: PipelineDeps;
  outbound: Outbound;
  deadLetters: DeadLetters;
}

/** Wires routes and jobs from the given dependencies. */
export function createApp(deps: AppDeps): App {
  const { config, secrets } = deps;
  const random = deps.random ?? Math.random;
  const pipeline: PipelineDeps = {
    store: deps.store,
    queue: deps.queue,
    clock: deps.clock,
    logger: deps.logger,
    random,
    github: deps.github,
    logFetcher: deps.logFetcher,
    classify: deps.classify,
    retryPolicy: {
      maxAutomaticReruns: config.retry.maxAutomaticReruns,
      baseDelayMs: config.retry.baseDelay,
      maxDelayMs: config.retry.maxDelay,
      types: config.retry.retryableTypes,
    },
    maxEventsPerIncident: config.store.maxEventsPerIncident,
    recovery: deps.recovery,
    runbooks: deps.runbooks,
    fixer: deps.fixer,
    tracker: deps.tracker,
    escalation: config.escalation,
    publicUrl: config.server.publicUrl,
    readSecret: (name) => deps.env?.[name] || null,
    renderer: deps.renderer ?? createTemplateRenderer(),
    chat: deps.chat,
    email: deps.email,
    digestWebhooks: deps.digestWebhooks,
    notify: config.notifications,
    notifyTargets: {
      slackChannel: secrets.SLACK_CHANNEL,
      emailTo: (secrets.EMAIL_TO ?? "")
        .split(",")
        .map((a) => a.trim())
        .filter(Boolean),
    },
    notifyRuntime: newNotifyRuntime(),
  };
  const outbound =
    deps.outbound ??
    new Outbound({ config: config.outbound, clock: deps.clock, random, logger: deps.logger });
  const deadLetters = new DeadLetters({ store: deps.store, queue: deps.queue, clock: deps.clock });
  const worker = new Worker({
    deadLetters,
    housekeeping: [dailySilencePurge(pipeline)],
    durableRetry: (error) => outbound.durableRetry(error),
    queue: deps.queue,
    clock: deps.clock,
    logger: deps.logger,
    handlers: {
      [processEventJobKind]: (payload, ctx) => processEvent(pipeline, String(payload.eventId), ctx),
      [rerunJobKind]: (payload, ctx) => runRerun(pipeline, String(payload.actionId), ctx),
      ...escalationHandlers(pipeline),
      ...notifyHandlers(pipeline),
    },
    options: {
      concurrency: config.jobs.concurrency,
      baseDelayMs: config.jobs.baseDelay,
      maxDelayMs: config.jobs.maxDelay,
      random,
    },
  });
  const http = buildHttpServer({
    store: deps.store,
    queue: deps.queue,
    clock: deps.clock,
    logger: deps.logger,
    newEventId: () => newId("ev"),
    secrets: {
      githubWebhook: secrets.GITHUB_WEBHOOK_SECRET?.reveal() ?? null,
      ciWebhook: secrets.CI_WEBHOOK_SECRET?.reveal() ?? null,
      linearWebhook: secrets.LINEAR_WEBHOOK_SECRET?.reveal() ?? null,
      apiToken: secrets.PITCREW_API_TOKEN?.reveal() ?? null,
    },
    bodyLimitBytes: config.server.bodyLimitBytes,
    deadLetters,
    outbound,
  });
  return { http, worker, pipeline, outbound, deadLetters };
}
