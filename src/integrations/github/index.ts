/**
 * GitHub Actions integration: the `CiProvider` + `CiRecovery` adapter, its client, settings and
 * error mapping.
 */
export {
  createGithubCiProvider,
  DEFAULT_MAX_LOG_BYTES,
  type GithubCiProviderOptions,
} from "./ci-provider.js";
export { createGithubClient, GITHUB_API_VERSION, type GithubClientOptions } from "./client.js";
export {
  type GithubAppAuth,
  type GithubAuth,
  type GithubConfig,
  githubAuthFromEnv,
  githubConfigSchema,
  isAppAuth,
} from "./config.js";
export { type GithubErrorContext, scrub, toGithubError } from "./errors.js";
export {
  createGithubRecovery,
  fullRef,
  type GithubCall,
  type GithubRecoveryDeps,
} from "./recovery.js";
