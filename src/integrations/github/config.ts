/**
 * Settings of the GitHub integration: non-secret ones in a zod schema (they may come from
 * `config/pitcrew.yaml`), credentials only from the environment.
 */
import { createPrivateKey } from "node:crypto";
import { z } from "zod";
import { duration } from "../../config/duration.js";
import { ConfigError } from "../../domain/errors.js";

/** Non-secret GitHub settings (config section `github`), each with its default and purpose. */
export const githubConfigSchema = z
  .strictObject({
    apiUrl: z
      .url({ protocol: /^https?$/ })
      .default("https://api.github.com")
      .describe(
        "GitHub REST API root (env GITHUB_API_URL); GitHub Enterprise Server: https://HOST/api/v3",
      ),
    timeout: duration(
      "10s",
      "Per-request timeout of GitHub API calls (a log download counts as one)",
    ),
  })
  .prefault({});

/** Parsed GitHub settings. */
export type GithubConfig = z.output<typeof githubConfigSchema>;

/** GitHub App credentials: a JWT signed with the key is exchanged for an installation token. */
export interface GithubAppAuth {
  appId: string | number;
  privateKey: string;
  installationId: string | number;
}

/** How to authenticate: a token (PAT, fine-grained PAT, `GITHUB_TOKEN`), a GitHub App, or none (outbox mode). */
export type GithubAuth = { token: string } | GithubAppAuth | null;

const APP_VARS = ["GITHUB_APP_ID", "GITHUB_APP_PRIVATE_KEY", "GITHUB_APP_INSTALLATION_ID"] as const;

/**
 * Reads the credentials from the environment: the App when its three variables are set, else
 * `GITHUB_TOKEN`, else null. A half-configured App is an error rather than a silent fallback.
 */
export function githubAuthFromEnv(env: Record<string, string | undefined>): GithubAuth {
  const present = APP_VARS.filter((name) => nonEmpty(env[name]));
  if (present.length === APP_VARS.length) {
    return {
      appId: String(env.GITHUB_APP_ID).trim(),
      privateKey: normalisePrivateKey(String(env.GITHUB_APP_PRIVATE_KEY)),
      installationId: String(env.GITHUB_APP_INSTALLATION_ID).trim(),
    };
  }
  if (present.length > 0) {
    const missing = APP_VARS.filter((name) => !nonEmpty(env[name]));
    throw new ConfigError(missing.map((name) => `${name} is required when ${present[0]} is set`));
  }
  const token = env.GITHUB_TOKEN?.trim();
  return token ? { token } : null;
}

/** Tells whether the auth is a GitHub App (as opposed to a token or none). */
export function isAppAuth(auth: GithubAuth): auth is GithubAppAuth {
  return auth !== null && "privateKey" in auth;
}

/**
 * `.env` files and CI secrets often hold the PEM on one line with literal `\n`; restore the
 * newlines, then check it parses so a bad key fails at start-up instead of on the first re-run.
 */
export function normalisePrivateKey(raw: string): string {
  const pem = raw.includes("\\n") ? raw.replaceAll("\\n", "\n") : raw;
  try {
    createPrivateKey(pem);
  } catch {
    throw new ConfigError([
      "GITHUB_APP_PRIVATE_KEY is not a PEM private key (paste the .pem the App settings page gave you)",
    ]);
  }
  return pem.trim();
}

function nonEmpty(value: string | undefined): boolean {
  return value !== undefined && value.trim() !== "";
}
