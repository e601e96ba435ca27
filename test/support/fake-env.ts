import type { FakeCodegen } from "../fakes/codegen-api.js";
import type { FakeGithub } from "../fakes/github-api.js";
import type { FakeLinear } from "../fakes/linear-api.js";
import { githubSecret } from "./deliveries.js";

/** The environment that points pitcrew's GitHub integration at the fake, with a token. */
export function githubEnv(fake: Pick<FakeGithub, "url">): Record<string, string> {
  return {
    GITHUB_WEBHOOK_SECRET: githubSecret,
    GITHUB_API_URL: fake.url,
    GITHUB_TOKEN: "ghp_testtoken",
  };
}

/** The environment that points the Linear integration at the fake (team and key of the fake). */
export function linearEnv(
  fake: Pick<FakeLinear, "url" | "apiKey" | "team">,
): Record<string, string> {
  return { LINEAR_API_URL: fake.url, LINEAR_API_KEY: fake.apiKey, LINEAR_TEAM_ID: fake.team.id };
}

/** The environment that points the Codegen integration at the fake. */
export function codegenEnv(
  fake: Pick<FakeCodegen, "url" | "token" | "orgId">,
): Record<string, string> {
  return {
    CODEGEN_API_URL: fake.url,
    CODEGEN_API_TOKEN: fake.token,
    CODEGEN_ORG_ID: String(fake.orgId),
  };
}
