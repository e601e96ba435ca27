/**
 * Builds the Octokit client. Octokit's own retries and throttling are deliberately not added:
 * one policy (the act stage) owns retrying, so a failure surfaces at once as a mapped error.
 */
import { createAppAuth } from "@octokit/auth-app";
import { Octokit } from "@octokit/rest";
import type { Logger } from "../../ports.js";
import { type GithubAuth, isAppAuth } from "./config.js";

/** The REST API version pitcrew is written against (supported by GitHub until at least 2028). */
export const GITHUB_API_VERSION = "2022-11-28";

/** Options of the Octokit client. */
export interface GithubClientOptions {
  apiUrl: string;
  timeoutMs: number;
  auth: GithubAuth;
  logger: Logger;
}

/** Creates an Octokit with our user agent, API version header, per-request timeout and auth. */
export function createGithubClient(options: GithubClientOptions): Octokit {
  const octokit = new Octokit({
    baseUrl: options.apiUrl.replace(/\/+$/, ""),
    userAgent: "pitcrew",
    log: octokitLog(options.logger),
    ...authOptions(options.auth),
  });
  // Runs before every request, including the App's token exchange, so each gets a fresh timer.
  octokit.hook.before("request", (request) => {
    request.headers["x-github-api-version"] = GITHUB_API_VERSION;
    const timeout = AbortSignal.timeout(options.timeoutMs);
    const callerSignal = request.request?.signal;
    request.request = {
      ...request.request,
      signal: callerSignal ? AbortSignal.any([callerSignal, timeout]) : timeout,
    };
  });
  return octokit;
}

function authOptions(auth: GithubAuth): ConstructorParameters<typeof Octokit>[0] {
  if (auth === null) return {};
  if (isAppAuth(auth)) {
    return {
      authStrategy: createAppAuth,
      auth: {
        appId: auth.appId,
        privateKey: auth.privateKey,
        installationId: auth.installationId,
      },
    };
  }
  return { auth: auth.token };
}

/**
 * Octokit's request log passes the full request options (with the authorization header) as a
 * second argument: forward the message only. Per-request lines go to debug; we log outcomes ourselves.
 */
function octokitLog(logger: Logger) {
  const text = (message: unknown) => (typeof message === "string" ? message : "octokit");
  return {
    debug: (message: unknown) => logger.debug({ integration: "github" }, text(message)),
    info: (message: unknown) => logger.debug({ integration: "github" }, text(message)),
    warn: (message: unknown) => logger.warn({ integration: "github" }, text(message)),
    error: (message: unknown) => logger.debug({ integration: "github" }, text(message)),
  };
}
