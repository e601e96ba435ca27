import { z } from "zod";

/** A secret that does not print itself in logs, errors or JSON. */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  /** The raw value, for the one place that sends it. */
  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return "[secret]";
  }

  toJSON(): string {
    return "[secret]";
  }
}

const optionalSecret = z
  .string()
  .optional()
  .transform((value) => (value ? new Secret(value) : null));
const optionalText = z
  .string()
  .optional()
  .transform((value) => value || null);

/**
 * Credentials and per-deployment identities, read only from the environment (DESIGN §7).
 * An integration whose credentials are missing runs in outbox mode.
 */
export const secretsSchema = z.object({
  PITCREW_API_TOKEN: optionalSecret.describe("Bearer token for the dashboard, /api/* and reports"),
  GITHUB_WEBHOOK_SECRET: optionalSecret.describe(
    "Secret of the GitHub webhook (X-Hub-Signature-256)",
  ),
  GITHUB_TOKEN: optionalSecret.describe(
    "GitHub token (classic PAT with repo, or fine-grained with Actions: write)",
  ),
  GITHUB_APP_ID: optionalText.describe("GitHub App id (instead of GITHUB_TOKEN)"),
  GITHUB_APP_PRIVATE_KEY: optionalSecret.describe(
    "GitHub App private key, PEM (\\n escapes allowed)",
  ),
  GITHUB_APP_INSTALLATION_ID: optionalText.describe("GitHub App installation id"),
  CI_WEBHOOK_SECRET: optionalSecret.describe("HMAC secret of POST /webhooks/ci"),
  LINEAR_API_KEY: optionalSecret.describe("Linear API key"),
  LINEAR_TEAM_ID: optionalText.describe("Linear team that receives issues"),
  LINEAR_WEBHOOK_SECRET: optionalSecret.describe("Linear webhook signing secret"),
  SLACK_BOT_TOKEN: optionalSecret.describe("Slack bot token (xoxb-…)"),
  SLACK_SIGNING_SECRET: optionalSecret.describe("Slack request signing secret"),
  SLACK_CHANNEL: optionalText.describe("Default Slack channel for notices"),
  CODEGEN_API_TOKEN: optionalSecret.describe("Codegen API token"),
  CODEGEN_ORG_ID: optionalText.describe("Codegen organisation id"),
  SMTP_URL: optionalSecret.describe("SMTP URL for email digests (smtp[s]://user:pass@host:port)"),
  EMAIL_FROM: optionalText.describe("Sender address of email digests"),
  EMAIL_TO: optionalText.describe("Comma-separated recipients of email digests"),
  DATABASE_URL: optionalSecret.describe("PostgreSQL URL (scale-out) instead of the JSON store"),
});

/** Secrets and identities from the environment. */
export type Secrets = z.output<typeof secretsSchema>;
