import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../domain/errors.js";
import { githubAuthFromEnv, githubConfigSchema } from "./index.js";

const pem = generateKeyPairSync("rsa", { modulusLength: 2048 })
  .privateKey.export({ type: "pkcs8", format: "pem" })
  .toString();

describe("githubConfigSchema", () => {
  it("defaults to api.github.com and a 10 s timeout", () => {
    expect(githubConfigSchema.parse({})).toEqual({
      apiUrl: "https://api.github.com",
      timeout: 10_000,
    });
  });

  it("rejects a non-http URL, a bad duration and unknown keys", () => {
    expect(githubConfigSchema.safeParse({ apiUrl: "ftp://x" }).success).toBe(false);
    expect(githubConfigSchema.safeParse({ timeout: "soon" }).success).toBe(false);
    expect(githubConfigSchema.safeParse({ timeoutMs: 10 }).success).toBe(false);
  });
});

describe("githubAuthFromEnv", () => {
  it("is null without credentials (outbox mode)", () => {
    expect(githubAuthFromEnv({})).toBeNull();
    expect(githubAuthFromEnv({ GITHUB_TOKEN: "  " })).toBeNull();
  });

  it("reads GITHUB_TOKEN", () => {
    expect(githubAuthFromEnv({ GITHUB_TOKEN: "ghp_abc" })).toEqual({ token: "ghp_abc" });
  });

  it("prefers a complete App and restores newlines escaped as \\n", () => {
    const auth = githubAuthFromEnv({
      GITHUB_TOKEN: "ghp_abc",
      GITHUB_APP_ID: "1234",
      GITHUB_APP_PRIVATE_KEY: pem.trim().replaceAll("\n", "\\n"),
      GITHUB_APP_INSTALLATION_ID: "42",
    });
    expect(auth).toEqual({ appId: "1234", privateKey: pem.trim(), installationId: "42" });
  });

  it("names what is missing from a half-configured App", () => {
    const read = () => githubAuthFromEnv({ GITHUB_APP_ID: "1234", GITHUB_TOKEN: "ghp_abc" });
    expect(read).toThrow(ConfigError);
    expect(read).toThrow(/GITHUB_APP_PRIVATE_KEY is required/);
    expect(read).toThrow(/GITHUB_APP_INSTALLATION_ID is required/);
  });

  it("refuses a private key that is not PEM", () => {
    const env = {
      GITHUB_APP_ID: "1",
      GITHUB_APP_PRIVATE_KEY: "not a key",
      GITHUB_APP_INSTALLATION_ID: "2",
    };
    expect(() => githubAuthFromEnv(env)).toThrow(/not a PEM private key/);
  });
});
