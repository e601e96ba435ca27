import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { ConfigError } from "../domain/errors.js";
import { defaultConfig, loadConfig } from "./load-config.js";
import { configSchema } from "./schema.js";

function withFile(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), "pitcrew-config-"));
  const file = join(dir, "pitcrew.yaml");
  writeFileSync(file, text);
  return file;
}

function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

const emptyDir = mkdtempSync(join(tmpdir(), "pitcrew-cwd-"));

describe("config/load-config", () => {
  it("gives the documented defaults with no file and no env", () => {
    const { config, file } = loadConfig({}, emptyDir);

    expect(file).toBeNull();
    expect(config.server.port).toBe(3000);
    expect(config.store.dataDir).toBe("./data");
    expect(config.retry).toMatchObject({
      maxAutomaticReruns: 2,
      baseDelay: 30_000,
      maxDelay: 900_000,
    });
  });

  it("applies defaults → file → env in that order", () => {
    const file = withFile(
      "server:\n  port: 4000\n  publicUrl: https://ci.example\nretry:\n  baseDelay: 1m\n",
    );

    const { config } = loadConfig({ PITCREW_CONFIG: file, PORT: "5000" }, emptyDir);

    expect(config.server.port).toBe(5000);
    expect(config.server.publicUrl).toBe("https://ci.example");
    expect(config.retry.baseDelay).toBe(60_000);
    expect(config.retry.maxDelay).toBe(900_000);
  });

  it("reports every problem at once, each saying what to set", () => {
    const file = withFile(
      "server:\n  port: high\nretry:\n  baseDelay: soon\n  maxAutomaticReruns: 99\ngithub:\n  token: ghp_x\nmystery: 1\n",
    );

    const problems = problemsOf(() =>
      loadConfig(
        { PITCREW_CONFIG: file, PITCREW_PUBLIC_URL: "not a url", GITHUB_APP_ID: "1" },
        emptyDir,
      ),
    );

    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^server\.port: .*set server\.port in .* or env PORT/),
        expect.stringMatching(/^server\.publicUrl: .*env PITCREW_PUBLIC_URL/),
        expect.stringMatching(/^retry\.baseDelay: expected a duration such as 30s/),
        expect.stringMatching(/^retry\.maxAutomaticReruns: /),
        expect.stringMatching(
          /^github: unknown option\(s\) token .*secrets come only from environment variables/,
        ),
        expect.stringMatching(/^\(top level\): unknown option\(s\) mystery/),
        expect.stringMatching(/^GITHUB_APP_PRIVATE_KEY is required when GITHUB_APP_ID is set/),
        expect.stringMatching(/^GITHUB_APP_INSTALLATION_ID is required when GITHUB_APP_ID is set/),
      ]),
    );
    expect(problems).toHaveLength(8);
  });

  it.each([
    ["malformed YAML", "server: [unclosed", /not valid YAML/],
    ["a list at the top", "- a\n- b\n", /top level must be a mapping/],
  ])("rejects %s with the file name", (_case, text, pattern) => {
    const file = withFile(text);

    expect(problemsOf(() => loadConfig({ PITCREW_CONFIG: file }, emptyDir))).toEqual([
      expect.stringMatching(pattern),
    ]);
  });

  it("names a missing PITCREW_CONFIG file", () => {
    expect(
      problemsOf(() => loadConfig({ PITCREW_CONFIG: "/nope/pitcrew.yaml" }, emptyDir)),
    ).toEqual(["PITCREW_CONFIG: file not found: /nope/pitcrew.yaml"]);
  });

  it("rejects a non-numeric PORT", () => {
    expect(problemsOf(() => loadConfig({ PORT: "eighty" }, emptyDir))).toEqual([
      'PORT: expected a number, got "eighty"',
    ]);
  });

  it("keeps secrets out of JSON and string forms", () => {
    const { secrets } = loadConfig({ GITHUB_TOKEN: "ghp_supersecret" }, emptyDir);

    expect(secrets.GITHUB_TOKEN?.reveal()).toBe("ghp_supersecret");
    expect(JSON.stringify(secrets)).not.toContain("supersecret");
    expect(String(secrets.GITHUB_TOKEN)).toBe("[secret]");
  });
});

describe("config/pitcrew.example.yaml", () => {
  const example = parseYaml(
    readFileSync(new URL("../../config/pitcrew.example.yaml", import.meta.url), "utf8"),
  );

  it("parses and equals the defaults", () => {
    expect(configSchema.parse(example)).toEqual(defaultConfig());
  });

  it("shows every option of the schema", () => {
    const defaults = defaultConfig() as unknown as Record<string, Record<string, unknown>>;
    for (const [section, options] of Object.entries(defaults)) {
      expect(Object.keys(example[section] ?? {}).sort(), section).toEqual(
        Object.keys(options).sort(),
      );
    }
  });

  it("documents every option with a description in the schema", () => {
    for (const [section, schema] of Object.entries(configSchema.shape)) {
      const inner = (
        schema as unknown as {
          def: { innerType: { shape: Record<string, { description?: string }> } };
        }
      ).def.innerType;
      for (const [name, option] of Object.entries(inner.shape)) {
        expect(option.description, `${section}.${name}`).toBeTruthy();
      }
    }
  });
});

describe(".env.example", () => {
  const text = readFileSync(new URL("../../.env.example", import.meta.url), "utf8");
  const designVariables = [
    "PORT",
    "PITCREW_DATA_DIR",
    "PITCREW_CONFIG",
    "PITCREW_PUBLIC_URL",
    "PITCREW_API_TOKEN",
    "GITHUB_WEBHOOK_SECRET",
    "GITHUB_TOKEN",
    "GITHUB_APP_ID",
    "GITHUB_APP_PRIVATE_KEY",
    "GITHUB_APP_INSTALLATION_ID",
    "GITHUB_API_URL",
    "CI_WEBHOOK_SECRET",
    "LINEAR_API_KEY",
    "LINEAR_TEAM_ID",
    "LINEAR_WEBHOOK_SECRET",
    "LINEAR_API_URL",
    "SLACK_BOT_TOKEN",
    "SLACK_SIGNING_SECRET",
    "SLACK_CHANNEL",
    "SLACK_API_URL",
    "CODEGEN_API_TOKEN",
    "CODEGEN_ORG_ID",
    "CODEGEN_API_URL",
    "SMTP_URL",
    "EMAIL_FROM",
    "EMAIL_TO",
    "DATABASE_URL",
  ];

  it.each(designVariables)("lists %s with a comment above it", (name) => {
    expect(text).toMatch(new RegExp(`#[^\\n]*\\n${name}=`));
  });
});
