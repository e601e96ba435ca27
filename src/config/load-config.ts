import { existsSync, readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import type { z } from "zod";
import { ConfigError } from "../domain/errors.js";
import { type GithubAuth, githubAuthFromEnv } from "../integrations/github/config.js";
import { validateRoutes } from "../pipeline/notify/routes.js";
import { type Config, configSchema } from "./schema.js";
import { type Secrets, secretsSchema } from "./secrets.js";

/** Env variables that override a config option (non-secret; DESIGN §7). */
export const envOverrides: Record<string, { path: string[]; type: "number" | "string" }> = {
  PORT: { path: ["server", "port"], type: "number" },
  PITCREW_DATA_DIR: { path: ["store", "dataDir"], type: "string" },
  PITCREW_PUBLIC_URL: { path: ["server", "publicUrl"], type: "string" },
  GITHUB_API_URL: { path: ["github", "apiUrl"], type: "string" },
  CODEGEN_API_URL: { path: ["codegen", "apiUrl"], type: "string" },
  LINEAR_API_URL: { path: ["linear", "apiUrl"], type: "string" },
  SLACK_API_URL: { path: ["slack", "apiUrl"], type: "string" },
  PITCREW_LOG_LEVEL: { path: ["log", "level"], type: "string" },
};

/** What the process runs with: validated options, secrets, and where the options came from. */
export interface LoadedConfig {
  config: Config;
  secrets: Secrets;
  githubAuth: GithubAuth;
  file: string | null;
}

/**
 * Loads defaults → YAML file (`PITCREW_CONFIG`, else `config/pitcrew.yaml` if present) → env.
 * Every problem is collected and thrown together as one `ConfigError`.
 */
export function loadConfig(env: NodeJS.ProcessEnv, cwd = process.cwd()): LoadedConfig {
  const problems: string[] = [];
  const file = pickConfigFile(env, cwd, problems);
  const raw = file ? readYaml(file, problems) : {};
  applyEnv(raw, env, problems);
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) problems.push(...describeIssues(parsed.error.issues, file));
  else problems.push(...validateRoutes(parsed.data.notifications.routes));
  const secrets = secretsSchema.safeParse(env);
  if (!secrets.success) problems.push(...describeIssues(secrets.error.issues, null, true));
  const githubAuth = collect(problems, () => githubAuthFromEnv(env));
  if (problems.length > 0 || !parsed.success || !secrets.success) throw new ConfigError(problems);
  return { config: parsed.data, secrets: secrets.data, githubAuth: githubAuth ?? null, file };
}

function collect<T>(problems: string[], read: () => T): T | undefined {
  try {
    return read();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems.push(...error.problems);
    return undefined;
  }
}

function pickConfigFile(env: NodeJS.ProcessEnv, cwd: string, problems: string[]): string | null {
  if (env.PITCREW_CONFIG) {
    if (existsSync(env.PITCREW_CONFIG)) return env.PITCREW_CONFIG;
    problems.push(`PITCREW_CONFIG: file not found: ${env.PITCREW_CONFIG}`);
    return null;
  }
  const fallback = `${cwd}/config/pitcrew.yaml`;
  return existsSync(fallback) ? fallback : null;
}

function readYaml(file: string, problems: string[]): Record<string, unknown> {
  try {
    const value: unknown = parseYaml(readFileSync(file, "utf8"));
    if (value === null || value === undefined) return {};
    if (typeof value === "object" && !Array.isArray(value)) return value as Record<string, unknown>;
    problems.push(`${file}: the top level must be a mapping of sections (server:, store:, …)`);
  } catch (error) {
    problems.push(`${file}: not valid YAML: ${(error as Error).message.split("\n")[0]}`);
  }
  return {};
}

function applyEnv(raw: Record<string, unknown>, env: NodeJS.ProcessEnv, problems: string[]): void {
  for (const [name, { path, type }] of Object.entries(envOverrides)) {
    const value = env[name];
    if (value === undefined || value === "") continue;
    const typed = type === "number" ? Number(value) : value;
    if (type === "number" && !Number.isFinite(typed)) {
      problems.push(`${name}: expected a number, got ${JSON.stringify(value)}`);
      continue;
    }
    setPath(raw, path, typed);
  }
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    if (typeof node[key] !== "object" || node[key] === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1] as string] = value;
}

function describeIssues(
  issues: z.core.$ZodIssue[],
  file: string | null,
  fromEnv = false,
): string[] {
  return issues.map((issue) => {
    const where = issue.path.join(".") || "(top level)";
    if (issue.code === "unrecognized_keys") {
      const hint = issue.keys.some((key) => /token|secret|password|key/i.test(key))
        ? " (secrets come only from environment variables, see .env.example)"
        : "";
      return `${where}: unknown option(s) ${issue.keys.join(", ")} — remove or fix the spelling${hint}`;
    }
    const envName = Object.entries(envOverrides).find(
      ([, target]) => target.path.join(".") === where,
    )?.[0];
    const set = fromEnv
      ? `set env ${where}`
      : `set ${where} in ${file ?? "config/pitcrew.yaml"}${envName ? ` or env ${envName}` : ""}`;
    return `${where}: ${issue.message} — ${set}`;
  });
}

/** Options with their defaults and descriptions, for docs and the example-file test. */
export function defaultConfig(): Config {
  return configSchema.parse({});
}
