import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { maxScannedLineChars, redactedMarker, redactSecrets } from "./redact.js";

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
    ["env listing with spaces", "  DB_PASSWORD: correct horse battery", "horse battery"],
    ["JSON key", '{"password": "p4ssw0rd!", "user": "ci"}', "p4ssw0rd!"],
    ["password inside a name", "PGPASSWORD=pg-secret-1 psql -h db", "pg-secret-1"],
    ["*_KEY as last part", "SSH_KEY=ssh-key-material ./deploy", "ssh-key-material"],
    ["Authorization header", "Authorization: Bearer abc.def.ghi-123", "abc.def.ghi-123"],
    ["basic auth header", "authorization: Basic dXNlcjpwYXNz", "dXNlcjpwYXNz"],
    ["JSON header", '{"Authorization": "token 0123456789abcdef"}', "0123456789abcdef"],
    [
      "query string token",
      "GET https://api.example.com/x?access_token=qwerty123&page=2",
      "qwerty123",
    ],
    ["--password flag", "mysql --password=letmein -h db", "letmein"],
    ["--password flag with a space", "docker login --password letmein ghcr.io", "letmein"],
    ["npm _authToken", "//registry.npmjs.org/:_authToken=0a1b2c3d-aaaa-bbbb", "0a1b2c3d-aaaa"],
    ["npm _auth", "_auth=dXNlcjpwYXNzd29yZA==", "dXNlcjpwYXNzd29yZA"],
    [
      "AWS secret after a space",
      "aws configure set aws_secret_access_key wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
      "wJalrXUtnFEMI",
    ],
    ["Google API key", `key AIza${"SyA1b2C3d4".repeat(3)}abcde in use`, "SyA1b2C3d4"],
    ["Stripe live key", `charging with sk_live_${"4eC39HqLyj".repeat(2)}`, "4eC39HqLyj"],
    ["GitLab token", `glpat-${"xY9zW8vU7t".repeat(2)} rejected`, "xY9zW8vU7t"],
    ["Slack webhook", "POST https://hooks.slack.com/services/T000/B000/XXXXXXXX", "T000/B000"],
    ["Slack app token", "xapp-1-A0123456789-0123456789012-abcdef0123", "A0123456789"],
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

  it("redacts a key body line seen without its header (one evidence line)", () => {
    const body = "MIIEowIBAAKCAQEA0Z3VS5JJcds3xfn/ygWyF8PbnGy0AHB7MhgHcTz6sE2I2yPB";
    expect(redactSecrets(`  ${body}`)).toBe("[REDACTED]");
    const sha = "9f2c4e1a7b3d5f60718293a4b5c6d7e8f9012345";
    expect(redactSecrets(sha)).toBe(sha);
  });

  it("keeps the rest of the line readable", () => {
    expect(redactSecrets("Authorization: Bearer abcdefghijkl failed with 401")).toBe(
      "Authorization: Bearer [REDACTED] failed with 401",
    );
    expect(redactSecrets("export NPM_TOKEN=abc123 && npm publish")).toBe(
      "export NPM_TOKEN=[REDACTED] && npm publish",
    );
    expect(redactSecrets('password: "x y z", user: ci')).toBe('password: "[REDACTED]", user: ci');
  });

  it.each([
    "npm ERR! code ERESOLVE",
    "src/index.ts(12,5): error TS2322: Type 'string' is not assignable to type 'number'.",
    "fatal: unable to access 'https://github.com/example/app/': Could not resolve host",
    "Tests:       1 failed, 11 passed, 12 total",
    "error[E0432]: unresolved import `crate::token::Token`",
    "config/secrets.yml:12: syntax error",
    "max_tokens: 4096 exceeded",
    "tokenizer: failed to load vocab",
    "Cache saved with key: node-cache-Linux-x64-npm-2f3a",
    "author: Jane Doe",
    "monkey=1 donkey=2",
    "9f2c4e1a7b3d5f60718293a4b5c6d7e8f9012345",
  ])("leaves %j alone", (line) => {
    expect(redactSecrets(line)).toBe(line);
  });

  it("is idempotent", () => {
    const once = redactSecrets(`TOKEN=${ghp} Authorization: Bearer ${jwt} https://u:p@h.example`);
    expect(redactSecrets(once)).toBe(once);
  });

  it("is idempotent on any mix of secrets and text (property)", () => {
    const part = fc.oneof(
      fc.constantFrom(
        ghp,
        jwt,
        "export NPM_TOKEN=abc123",
        'DB_PASSWORD="x y"',
        "  DEPLOY_TOKEN: a b c",
        "Authorization: Basic dXNlcjpwYXNz",
        "https://u:p@h.example/x?token=1&b=2",
        "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----",
        "MIIEowIBAAKCAQEA0Z3VS5JJcds3xfn/ygWyF8PbnGy0AHB7MhgHcTz6sE2I2yPB",
        "--password hunter2",
      ),
      fc.string({ maxLength: 20 }),
      fc.constantFrom(" ", "\n", "=", ": ", '"', "'", "://", "@", "?", "&"),
    );
    fc.assert(
      fc.property(fc.array(part, { maxLength: 10 }), (parts) => {
        const once = redactSecrets(parts.join(""));
        expect(redactSecrets(once)).toBe(once);
      }),
      { numRuns: 500 },
    );
  });
});

describe("redactSecrets on hostile input (no catastrophic backtracking)", () => {
  // One unit per pattern family: each repeats what that pattern's start needs, without the end
  // it waits for, which is what makes a backtracking regex go quadratic. A quadratic pattern on a
  // 2 MB line takes hours; a linear one well under a second. The bound is 10× that so a loaded
  // machine does not fail it: this guards against ReDoS, speed itself is `npm run bench`.
  const twoMb = 2_000_000;
  it.each([
    "a",
    "a.",
    "token",
    "TOKEN_",
    'password="',
    '"password":',
    "-----BEGIN A ",
    "a://b:",
    "eyJ",
    "Bearer",
    "--password ",
    "A1a",
  ])("a 2 MB line of %j is scanned in linear time", (unit) => {
    const line = unit.repeat(Math.ceil(twoMb / unit.length));
    const started = performance.now();
    redactSecrets(line);
    expect(performance.now() - started).toBeLessThan(5000);
  });
});

describe("redactSecrets on overlong lines", () => {
  it("hides a line longer than it scans instead of throwing, and keeps the other lines", () => {
    const huge = "eyJ".repeat(2_500_000);
    const out = redactSecrets(`before ghp_${"a".repeat(36)}\n${huge}\nafter`);
    expect(out.split("\n")).toEqual([
      `before ${redactedMarker}`,
      `${redactedMarker} (a ${huge.length}-character line)`,
      "after",
    ]);
  });

  it("scans a line just under the limit", () => {
    const line = `${"x".repeat(maxScannedLineChars - 50)} password=hunter2`;
    expect(redactSecrets(line)).toBe(
      `${"x".repeat(maxScannedLineChars - 50)} password=${redactedMarker}`,
    );
  });
});
