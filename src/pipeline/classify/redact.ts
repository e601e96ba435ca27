/**
 * Secret redaction for log text before it is stored or leaves the process (DESIGN §8). It errs on
 * the side of hiding too much: a redacted harmless value costs little, a leaked token costs a lot.
 */

export const redactedMarker = "[REDACTED]";

interface Redaction {
  pattern: RegExp;
  /** Replacement; `$1` keeps a captured prefix such as the variable name. */
  replace: string;
}

const r = redactedMarker;

const redactions: Redaction[] = [
  // A PEM private key block, or the rest of the text when the END line is not in it.
  {
    pattern:
      /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----[\s\S]*?(?:-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----|$)/g,
    replace: r,
  },
  // Credentials in URLs: scheme://user:password@host.
  { pattern: /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/:@]+:[^\s/@]+@/gi, replace: `$1${r}@` },
  // Secret-looking query parameters.
  {
    pattern:
      /([?&](?:access_token|token|password|passwd|secret|api_key|apikey|key|sig|signature|X-Amz-Signature|X-Amz-Credential)=)[^&\s"'#]+/gi,
    replace: `$1${r}`,
  },
  // HTTP authorization headers and bare bearer tokens.
  {
    pattern:
      /\b((?:Proxy-)?Authorization:[ \t]*(?:(?:Bearer|Basic|token|Token|Digest)[ \t]+)?)[^\s"']+/gi,
    replace: `$1${r}`,
  },
  { pattern: /\b(Bearer[ \t]+)[A-Za-z0-9._~+/=-]{8,}/g, replace: `$1${r}` },
  // Vendor token shapes.
  { pattern: /\b(?:ghp|gho|ghs|ghu|ghr)_[A-Za-z0-9]{20,}\b/g, replace: r },
  { pattern: /\bgithub_pat_[A-Za-z0-9_]{20,}/g, replace: r },
  { pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g, replace: r },
  { pattern: /\bxox[abprs]-[A-Za-z0-9-]{10,}/g, replace: r },
  { pattern: /\bnpm_[A-Za-z0-9]{36}\b/g, replace: r },
  { pattern: /\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, replace: r },
  // NAME_TOKEN=value, NAME_SECRET=…, NAME_PASSWORD=…, NAME_KEY=… (env dumps, shell traces).
  {
    pattern:
      /\b([A-Za-z0-9_]*(?:TOKEN|SECRET|PASSWORD|PASSWD|_KEY|APIKEY|_authToken|_auth)[ \t]*=[ \t]*)(?:"[^"]*"|'[^']*'|[^\s"']+)/g,
    replace: `$1${r}`,
  },
  // The same as a YAML/env listing line: `  NAME_TOKEN: value`.
  {
    pattern: /^([ \t]*[A-Z0-9_]*(?:TOKEN|SECRET|PASSWORD|PASSWD|_KEY|APIKEY):[ \t]+)\S.*$/gm,
    replace: `$1${r}`,
  },
  // Command-line flags: --password=x, --token x.
  {
    pattern:
      /(--(?:password|passwd|token|secret|api-key|auth-token)(?:=|[ \t]+))(?:"[^"]*"|'[^']*'|\S+)/gi,
    replace: `$1${r}`,
  },
];

/** Replace every secret-looking value in `text` by `[REDACTED]`; applying it twice changes nothing. */
export function redactSecrets(text: string): string {
  let result = text;
  for (const { pattern, replace } of redactions) {
    result = result.replace(pattern, replace);
  }
  return result;
}
