import type { Classification } from "../domain/types.js";
import type { TemplateRenderer } from "../lib/templates.js";
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
} from "../ports.js";
import type { ClassifyMeta } from "./classify/classify.js";
import type { RetryPolicy } from "./decide/decide.js";
import type { EscalationPolicy } from "./decide/escalation-config.js";
import type { NotifyRuntime } from "./notify/jobs.js";
import type { NotifyConfig } from "./notify/notify-config.js";

/** What the classifier gets to know about a job besides its log. */
export type JobMeta = ClassifyMeta;

/** Everything the pipeline stages use, passed in by `createApp`. */
export interface PipelineDeps {
  store: Store;
  queue: JobQueue;
  clock: Clock;
  logger: Logger;
  /** Uniform [0, 1): injected so tests can pin the jitter. */
  random: () => number;
  github: CiProvider;
  logFetcher: LogFetcher;
  classify: (log: string, meta: JobMeta) => Classification;
  retryPolicy: RetryPolicy;
  maxEventsPerIncident: number;
  /** Cache purges and workflow dispatches (GitHub Actions). */
  recovery: CiRecovery;
  runbooks: RunbookCaller;
  /** The AI fix-PR service (Codegen). */
  fixer: FixPrService;
  /** The issue tracker (Linear). */
  tracker: IssueTracker;
  escalation: EscalationPolicy;
  /** Base URL of links to pitcrew (the incident's dashboard URL is the Linear dedupe key). */
  publicUrl: string;
  /** Renders `templates/` (or the user's copy, config `templates.dir`). */
  renderer: TemplateRenderer;
  /** Slack (digests), email (digests and pages), generic digest webhooks. */
  chat: ChatNotifier;
  email: EmailSender;
  digestWebhooks: RunbookCaller;
  notify: NotifyConfig;
  /** Default Slack channel and email recipients (SLACK_CHANNEL, EMAIL_TO); routes may override. */
  notifyTargets: { slackChannel: string | null; emailTo: string[] };
  /** In-process Slack pacing and channel locks. */
  notifyRuntime: NotifyRuntime;
  /** Reads a runbook's secret by the env variable name the config gives. */
  readSecret: (name: string) => string | null;
}

/** Facts about the running attempt of a background job. */
export interface JobContext {
  attempt: number;
  isLastAttempt: boolean;
  /** Whether the worker will give the job up (dead-letter it) if it fails with `error`. */
  givesUp?: (error: unknown) => boolean;
}
