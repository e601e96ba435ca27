import { describe, expect, it } from "vitest";
import { redactSecrets } from "./redact.js";

// Synthetic values in the shape of real secrets; none of them is a live credential.
const ghp = `ghp_${"A1b2C3d4E5".repeat(4)}`;
const pat = `github_pat_11ABCDEFG0${"x1Y2z3".repeat(6)}`;
const jwt =
  "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dBjftJeZ4CVPmB92K27uhbUJU1p1r_wW1gFWFOEjXk";

describe("redactSecrets", () => {
  it.each([
    ["GitHub classic token", `git push https://${ghp}@github.com/example/app.git`, ghp],
    ["GitHub server token", `token ghs_${"Z9y8X7w6V5".repeat(4)} expired`, "ghs_Z9y8"],
    ["GitHub fine-grained token", `using ${pat}`, pat],
    ["AWS access key id", "aws_access_key_id = AKIAIOSFODNN7EXAMPLE", "AKIAIOSFODNN7EXAMPLE"],
    ["Slack bot token", "posting with xoxb-1234567890-0987654321-AbCdEfGhIjKl", "xoxb-1234567890"],
    ["JWT", `id_token=${jwt}`, jwt],
    [
      "user:pass in URL",
      "fetching https://deploy:s3cr3tP4ss@registry.example.com/v2/",
      "s3cr3tP4ss",
    ],
    ["*_TOKEN=", "export NPM_TOKEN=abc123def456", "abc123def456"],
    ["*_SECRET=", 'CLIENT_SECRET="quoted value here"', "quoted value here"],
    ["*_PASSWORD=", "DB_PASSWORD='hunter2' ./migrate", "hunter2"],
    ["*_KEY=", "STRIPE_API_KEY=sk_test_51Habc", "sk_test_51Habc"],
    ["env listing", "  DEPLOY_TOKEN: plain-text-value", "plain-text-value"],
    ["Authorization header", "Authorization: Bearer abc.def.ghi-123", "abc.def.ghi-123"],
    ["basic auth header", "authorization: Basic dXNlcjpwYXNz", "dXNlcjpwYXNz"],
    [
      "query string token",
      "GET https://api.example.com/x?access_token=qwerty123&page=2",
      "qwerty123",
    ],
    ["--password flag", "mysql --password=letmein -h db", "letmein"],
  ])("%s", (_name, text, secret) => {
    const redacted = redactSecrets(text);
    expect(redacted).not.toContain(secret);
    expect(redacted).toContain("[REDACTED]");
  });

  it("removes a whole PEM private key block", () => {
    const pem = [
      "key is:",
      "-----BEGIN RSA PRIVATE KEY-----",
      "MIIEowIBAAKCAQEA0Z3VS5JJcds3xfn/ygWyF8PbnGy0AHB7MhgHcTz6sE2I2yPB",
      "aFDrBz9vFqU4yTsvN2ylEcDn2Lh2hKz9Mdu5nwxD0sN7M0oL0n2f6sQwC0d6s9cA",
      "-----END RSA PRIVATE KEY-----",
      "done",
    ].join("\n");
    expect(redactSecrets(pem)).toBe("key is:\n[REDACTED]\ndone");
  });

  it("redacts a PEM header even when the block is cut off", () => {
    expect(redactSecrets("-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXk")).toBe(
      "[REDACTED]",
    );
  });

  it("keeps the rest of the line readable", () => {
    expect(redactSecrets("Authorization: Bearer abcdefghijkl failed with 401")).toBe(
      "Authorization: Bearer [REDACTED] failed with 401",
    );
    expect(redactSecrets("export NPM_TOKEN=abc123 && npm publish")).toBe(
      "export NPM_TOKEN=[REDACTED] && npm publish",
    );
  });

  it("leaves ordinary log lines alone", () => {
    const lines = [
      "npm ERR! code ERESOLVE",
      "src/index.ts(12,5): error TS2322: Type 'string' is not assignable to type 'number'.",
      "fatal: unable to access 'https://github.com/example/app/': Could not resolve host",
      "Tests:       1 failed, 11 passed, 12 total",
      "GITHUB_TOKEN: ***",
    ];
    for (const line of lines.slice(0, 4)) expect(redactSecrets(line)).toBe(line);
  });

  it("is idempotent", () => {
    const once = redactSecrets(`TOKEN=${ghp} Authorization: Bearer ${jwt} https://u:p@h.example`);
    expect(redactSecrets(once)).toBe(once);
  });
});
