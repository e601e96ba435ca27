/**
 * Composition root: the only file that builds concrete adapters (store, GitHub, log fetcher,
 * rules). `pitcrew serve` and `npm start` run `serve()`; the CLI reuses `openRuntime()`.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { type App, createApp } from "./app.js";
import { type LoadedConfig, loadConfig } from "./config/load-config.js";
import { ConfigError, PitcrewError } from "./domain/errors.js";
import { createHttpLogFetcher } from "./integrations/ci/index.js";
import { createCodegenFixPrService } from "./integrations/codegen/index.js";
import { createEmailSender } from "./integrations/email/index.js";
import { createGithubCiProvider } from "./integrations/github/index.js";
import { createLinearIssueTracker } from "./integrations/linear/index.js";
import { createSlackNotifier } from "./integrations/slack/index.js";
import { createRunbookCaller } from "./integrations/webhook/index.js";
import { systemClock } from "./lib/clock.js";
import { createLogger } from "./lib/logger.js";
import { createTemplateRenderer, type TemplateRenderer, templateNames } from "./lib/templates.js";
import { Outbound } from "./outbound/outbound.js";
import { classify, defaultRulesDir, loadRules } from "./pipeline/classify/index.js";
import type { Clock, Logger } from "./ports.js";
import { type JsonBackend, openJsonBackend } from "./store/json/index.js";

/** A built application with the resources to release when done. */
export interface Runtime {
  loaded: LoadedConfig;
  app: App;
  backend: JsonBackend;
  logger: Logger;
  close(): Promise<void>;
}

/** Loads config, opens the store (taking its lock) and wires the app. Throws `ConfigError`/`StoreLockedError`. */
export async function openRuntime(
  env: NodeJS.ProcessEnv,
  options: { clock?: Clock; logger?: Logger; random?: () => number; cwd?: string } = {},
): Promise<Runtime> {
  const loaded = loadConfig(env, options.cwd);
  const { config, secrets } = loaded;
  if (secrets.DATABASE_URL) {
    // Scale-out on PostgreSQL is planned (DESIGN §5) but not built yet: refuse rather than ignore it.
    throw new ConfigError([
      "DATABASE_URL: the PostgreSQL store is not available in this version; unset it to use the embedded store",
    ]);
  }
  const logger = options.logger ?? createLogger(config.log.level);
  const clock = options.clock ?? systemClock;
  const rules = loadRules([defaultRulesDir, ...config.classifier.rulesDirs]);
  const backend = await openJsonBackend({
    dataDir: config.store.dataDir,
    maxLogBytes: config.store.maxLogBytes,
    maxJobAttempts: config.jobs.maxAttempts,
  });
  const random = options.random ?? Math.random;
  const outbound = new Outbound({
    config: config.outbound,
    clock,
    random,
    logger,
    store: backend.store,
  });
  await outbound.load();
  const github = createGithubCiProvider({
    outbound,
    apiUrl: config.github.apiUrl,
    timeoutMs: config.github.timeout,
    auth: loaded.githubAuth,
    clock,
    logger,
    outbox: backend.store,
  });
  const fixer = createCodegenFixPrService({
    token: secrets.CODEGEN_API_TOKEN?.reveal() ?? null,
    orgId: secrets.CODEGEN_ORG_ID,
    config: config.codegen,
    clock,
    logger,
    outbox: backend.store,
    outbound,
  });
  const tracker = createLinearIssueTracker({
    apiKey: secrets.LINEAR_API_KEY?.reveal() ?? null,
    teamId: secrets.LINEAR_TEAM_ID,
    config: config.linear,
    clock,
    logger,
    outbox: backend.store,
    outbound,
  });
  const runbooks = createRunbookCaller({
    outbound,
    clock,
    logger,
    outbox: backend.store,
    timeoutMs: config.escalation.recover.runbookTimeout,
  });
  const renderer = openTemplates(config.templates.dir);
  const chat = createSlackNotifier({
    token: secrets.SLACK_BOT_TOKEN?.reveal() ?? null,
    config: config.slack,
    clock,
    logger,
    outbox: backend.store,
    outbound,
  });
  const email = createEmailSender({
    smtpUrl: secrets.SMTP_URL?.reveal() ?? null,
    from: secrets.EMAIL_FROM,
    config: config.email,
    clock,
    logger,
    outbox: backend.store,
    outbound,
  });
  const digestWebhooks = createRunbookCaller({
    service: "webhook",
    outbound,
    clock,
    logger,
    timeoutMs: config.escalation.recover.runbookTimeout,
  });
  const logFetcher = createHttpLogFetcher({
    timeoutMs: config.ci.logFetchTimeout,
    maxLogBytes: 5 * 1024 * 1024,
    logger,
    clock,
  });
  const app = createApp({
    config,
    secrets,
    store: backend.store,
    queue: backend.queue,
    clock,
    logger,
    github,
    recovery: github,
    runbooks,
    fixer,
    tracker,
    env,
    renderer,
    chat,
    email,
    digestWebhooks,
    logFetcher,
    classify: (log, meta) => classify(log, meta, rules),
    random,
    outbound,
  });
  if (backend.recovered > 0)
    logger.info({ jobs: backend.recovered }, "resumed jobs left running by a previous process");
  const close = async () => {
    await email.close();
    await backend.store.close();
  };
  return { loaded, app, backend, logger, close };
}

/** The user's templates dir must hold every template: a missing one is found at start, not at 3 am. */
function openTemplates(dir: string | null): TemplateRenderer {
  if (dir === null) return createTemplateRenderer();
  const renderer = createTemplateRenderer({ dir });
  const missing = templateNames.filter((name) => !existsSync(join(renderer.dir, name)));
  if (missing.length > 0) {
    throw new ConfigError(
      missing.map(
        (name) => `templates.dir: ${renderer.dir} has no ${name} (copy it from templates/)`,
      ),
    );
  }
  return renderer;
}

/** Starts HTTP and the job worker; stops both cleanly on SIGINT/SIGTERM. */
export async function serve(env: NodeJS.ProcessEnv): Promise<Runtime> {
  const runtime = await openRuntime(env);
  const { app, loaded, logger } = runtime;
  const { port, host } = loaded.config.server;
  await app.http.listen({ port, host });
  app.worker.start(loaded.config.jobs.pollInterval);
  logger.info(
    {
      port,
      dataDir: loaded.config.store.dataDir,
      config: loaded.file,
      outbox: outboxIntegrations(loaded),
    },
    `pitcrew listening on http://${host}:${port}`,
  );
  const stop = async (signal: string) => {
    logger.info({ signal }, "shutting down");
    await app.http.close();
    await app.worker.stop();
    await runtime.close();
    process.exit(0);
  };
  process.once("SIGINT", () => void stop("SIGINT"));
  process.once("SIGTERM", () => void stop("SIGTERM"));
  return runtime;
}

function outboxIntegrations({ secrets }: LoadedConfig): string[] {
  const outbox: string[] = [];
  if (!secrets.GITHUB_TOKEN && !secrets.GITHUB_APP_ID) outbox.push("github");
  if (!secrets.CODEGEN_API_TOKEN || !secrets.CODEGEN_ORG_ID) outbox.push("codegen");
  if (!secrets.LINEAR_API_KEY || !secrets.LINEAR_TEAM_ID) outbox.push("linear");
  if (!secrets.SLACK_BOT_TOKEN) outbox.push("slack");
  if (!secrets.SMTP_URL || !secrets.EMAIL_FROM) outbox.push("email");
  return outbox;
}

/** Prints a startup failure the operator can act on and exits non-zero. */
export function exitWithError(error: unknown): never {
  const message =
    error instanceof PitcrewError ? error.message : ((error as Error)?.stack ?? String(error));
  console.error(`pitcrew: ${message}`);
  process.exit(error instanceof PitcrewError ? 2 : 1);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  serve(process.env).catch(exitWithError);
}
