/**
 * Secrets planted in CI logs must not come out of the classifier: not in the evidence, not in the
 * fingerprint's input, not in a JSON payload built from the verdict. classify() is called through
 * the public API with the built-in rules, as the pipeline calls it.
 */
import { describe, expect, it } from "vitest";
import { normalizeForFingerprint } from "./fingerprint.js";
import { classify, defaultRulesDir, loadRules, redactSecrets } from "./index.js";

// Synthetic values in the shape of real secrets (AWS's documented example keys included); none
// of them is a live credential.
const pem = [
  "-----BEGIN OPENSSH PRIVATE KEY-----",
  "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW",
  "QyNTUxOQAAACDfakeFAKEfakeFAKEfakeFAKEfakeFAKEfakeFAKE0123456789AAAAJg",
  "-----END OPENSSH PRIVATE KEY-----",
];
// biome-ignore format: one secret per row.
const secrets: Array<{ name: string; secret: string; line: (s: string) => string }> = [
  { name: "GitHub classic token", secret: `ghp_${"A1b2C3d4E5".repeat(4)}`, line: (s) => `Error: push to https://${s}@github.com/acme/app.git rejected` },
  { name: "GitHub OAuth token", secret: `gho_${"F6g7H8i9J0".repeat(4)}`, line: (s) => `Error: gh auth status: token ${s} is invalid` },
  { name: "GitHub app token in URL", secret: `ghs_${"K1l2M3n4O5".repeat(4)}`, line: (s) => `fatal: unable to access 'https://x-access-token:${s}@github.com/acme/app/': The requested URL returned error: 403` },
  { name: "GitHub user token", secret: `ghu_${"P6q7R8s9T0".repeat(4)}`, line: (s) => `Error: user token ${s} expired` },
  { name: "GitHub refresh token", secret: `ghr_${"U1v2W3x4Y5".repeat(4)}`, line: (s) => `Error: refresh with ${s} failed` },
  { name: "GitHub fine-grained token", secret: `github_pat_11ABCDEFG0${"x1Y2z3".repeat(6)}`, line: (s) => `Error: Bad credentials for ${s}` },
  { name: "AWS access key id", secret: "AKIAIOSFODNN7EXAMPLE", line: (s) => `Error: InvalidClientTokenId: The security token included in the request is invalid (${s})` },
  { name: "AWS session key id", secret: "ASIAY34FZKBOKMUTVV7A", line: (s) => `Error: ExpiredToken for ${s}` },
  { name: "AWS secret access key", secret: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", line: (s) => `Error: aws configure set aws_secret_access_key ${s} failed` },
  { name: "Slack bot token", secret: "xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOp", line: (s) => `Error: slack notify failed: invalid_auth (${s})` },
  { name: "Slack user token", secret: "xoxp-1111111111-2222222222-QrStUvWxYz", line: (s) => `Error: Slack API rejected ${s}` },
  { name: "Slack app token", secret: "xapp-1-A0123456789-0123456789012-abcdef0123", line: (s) => `Error: socket mode failed for ${s}` },
  { name: "Slack webhook URL", secret: "T0FAKE000/B0FAKE000/FakeWebhookSecret0000000", line: (s) => `Error: POST https://hooks.slack.com/services/${s} returned 404` },
  { name: "JWT", secret: "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dBjftJeZ4CVPmB92K27uhbUJU1p1r_wW1gFWFOEjXk", line: (s) => `Error: 401 Unauthorized with id_token ${s}` },
  { name: "PEM private key on one line", secret: pem[1] ?? "", line: () => `Error: invalid key format: ${pem.join(" ")}` },
  { name: "user:password in URL", secret: "s3cr3tP4ssw0rd", line: (s) => `fatal: Authentication failed for 'https://deploy:${s}@git.example.com/acme/app.git/'` },
  { name: "*_TOKEN=", secret: "tok-9f8e7d6c5b4a", line: (s) => `Error: command failed: NPM_TOKEN=${s} npm publish` },
  { name: "*_SECRET: quoted", secret: "c1i3nt-s3cr3t-v4lu3", line: (s) => `Error: invalid config CLIENT_SECRET: "${s}"` },
  { name: "*_PASSWORD= quoted", secret: "pg-pa55-w0rd", line: (s) => `Error: psql failed: DB_PASSWORD='${s}' psql -h db` },
  { name: "*_KEY=", secret: "ssh-k3y-m4t3r14l", line: (s) => `Error: SSH_KEY=${s} rejected by host` },
  { name: "--password=", secret: "my5ql-pa55", line: (s) => `Error: mysql --password=${s} -h db exited` },
  { name: "Bearer header", secret: "b3ar3r-t0k3n-v4lu3", line: (s) => `Error: curl -H "Authorization: Bearer ${s}" https://api.example.com failed` },
  { name: "Basic header", secret: "ZGVwbG95Omh1bnRlcjI=", line: (s) => `Error: request with Authorization: Basic ${s} failed` },
  { name: "npm _authToken", secret: "npm-auth-t0k3n-v4lue", line: (s) => `Error: //registry.npmjs.org/:_authToken=${s} not accepted` },
  { name: "Google API key", secret: `AIza${"SyA1b2C3d4".repeat(3)}abcde`, line: (s) => `Error: API key not valid: ${s}` },
  { name: "Stripe live key", secret: `sk_live_${"4eC39HqLyj".repeat(2)}`, line: (s) => `Error: charge failed with ${s}` },
  { name: "GitLab token", secret: `glpat-${"xY9zW8vU7t".repeat(2)}`, line: (s) => `Error: 401 for ${s}` },
];

const rules = loadRules([defaultRulesDir]);
const verdictOf = (log: string) => classify(log, { provider: "github" }, rules);
/** A secret leaks if it, or any 10 characters of its middle, appear. */
const leaks = (text: string, secret: string) =>
  text.includes(secret) || text.includes(secret.slice(4, 14));

/**
 * Another secret of the same shape: the vendor prefix (up to the last `_`/`-` of the first 12
 * characters, at least 4) kept, every later letter and digit moved one step (a→b, Z→A, 9→0).
 */
function sameShape(secret: string): string {
  const head = secret.slice(0, 12);
  const keep = Math.max(4, Math.max(head.lastIndexOf("_"), head.lastIndexOf("-")) + 1);
  const step = (c: string, first: string, size: number) =>
    String.fromCharCode(((c.charCodeAt(0) - first.charCodeAt(0) + 1) % size) + first.charCodeAt(0));
  const shifted = secret.slice(keep).replace(/[a-z]|[A-Z]|\d/g, (c) => {
    if (/\d/.test(c)) return step(c, "0", 10);
    return /[a-z]/.test(c) ? step(c, "a", 26) : step(c, "A", 26);
  });
  return secret.slice(0, keep) + shifted;
}

describe("planted secrets never leave classify()", () => {
  it("uses at least 15 distinct secrets", () => {
    expect(new Set(secrets.map((s) => s.secret)).size).toBeGreaterThanOrEqual(15);
  });

  it.each(secrets)("$name: not in evidence, fingerprint input or JSON", ({ secret, line }) => {
    const logWith = (value: string) =>
      [
        "2024-05-06T07:08:09.1234567Z ##[group]Run ./scripts/deploy.sh",
        "2024-05-06T07:08:09.2234567Z ##[endgroup]",
        `2024-05-06T07:08:10.1234567Z ${line(value)}`,
        "2024-05-06T07:08:10.2234567Z ##[error]Process completed with exit code 1.",
      ].join("\n");
    const log = logWith(secret);
    expect(log).toContain(secret);
    const verdict = verdictOf(log);
    // The line holding the secret really is the evidence, so redaction was exercised.
    expect(verdict.evidence.map((e) => e.line)).toContain(3);
    const [first] = verdict.evidence;
    expect(first?.text).toContain("[REDACTED]");
    expect(leaks(normalizeForFingerprint(first?.text ?? ""), secret)).toBe(false);
    // The fingerprint's input is internal: prove the secret does not reach it by swapping in
    // another secret of the same shape. A hash that saw either value would change.
    const other = verdictOf(logWith(sameShape(secret)));
    expect(other.fingerprint).toBe(verdict.fingerprint);
    const payload = JSON.stringify({ classification: verdict, note: first?.text });
    expect(leaks(payload, secret)).toBe(false);
  });

  it("a realistic log with every secret: none survives redaction or classification", () => {
    const log = [
      "2024-05-06T07:08:01.0000000Z ##[group]Run env | sort",
      ...secrets.map((s, i) => `2024-05-06T07:08:02.${i}Z ${s.line(s.secret)}`),
      "2024-05-06T07:08:03.0000000Z ##[endgroup]",
      "2024-05-06T07:08:04.0000000Z + cat ~/.ssh/id_ed25519",
      ...pem.map((l) => `2024-05-06T07:08:05.0000000Z ${l}`),
      "2024-05-06T07:08:06.0000000Z npm ERR! code E401",
      "2024-05-06T07:08:06.1000000Z npm ERR! Unable to authenticate, need: Basic realm=npm",
      "2024-05-06T07:08:07.0000000Z ##[error]Process completed with exit code 1.",
    ].join("\n");
    const redacted = redactSecrets(log);
    const payload = JSON.stringify(verdictOf(log));
    for (const { name, secret } of secrets) {
      expect(leaks(redacted, secret), `${name} in redactSecrets output`).toBe(false);
      expect(leaks(payload, secret), `${name} in the classification`).toBe(false);
    }
    for (const keyLine of pem.slice(1, -1)) expect(redacted).not.toContain(keyLine.slice(0, 20));
  });
});
