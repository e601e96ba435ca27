/**
 * Secret redaction for log text before it is stored or leaves the process (DESIGN §8). It errs on
 * the side of hiding too much: a redacted harmless value costs little, a leaked token costs a lot.
 *
 * It runs on whole logs (a PEM block spans lines) of up to hundreds of MB, so every pattern is
 * linear: a match can only start where its token starts (a lookbehind on the token's own
 * characters, a literal prefix, or a line start), and no two quantifiers compete for the same
 * characters. redact.test.ts checks this on 2 MB adversarial lines.
 */

/** What every secret is replaced with. */
export const redactedMarker = "[REDACTED]";

type Replacement = string | ((match: string, ...groups: string[]) => string);

interface Redaction {
  pattern: RegExp;
  /** Replacement; `$1` keeps a captured prefix such as the variable name. */
  replace: Replacement;
}

const r = redactedMarker;

/**
 * `NAME=value` where the name says the value is secret. A match starts at the secret word, so
 * the engine only works where one occurs: strong words anywhere in the name (PGPASSWORD,
 * SECRET_KEY_BASE, npm's `_authToken`) followed by at most 40 more name characters (a bound,
 * so `tokentoken…` cannot make each start scan the whole run); weak words only as the last
 * part of a name (DB_PASS, SSH_KEY, npm's `_auth`; not `monkey`, `author`, nor a bare `key:`,
 * which is how caches name theirs). `token` but not `tokens`/`tokenizer` (counts and tools).
 */
const secretName =
  "(?:(?:password|passwd|passphrase|secret|credential|api[_-]?key|access[_-]?key|private[_-]?key|token(?!s(?![\\w.-])|i[sz]e))[\\w.-]{0,40}|(?<![A-Za-z0-9])(?:pass|pwd|auth)|[_.-]key)[\"']?";
/** `=`, `:=`, `=>`, or `:` — not `::` (Rust, C++ paths) nor `:12` (file:line) nor `://`. */
const separator = "[ \\t]*(?::=|=>|=|:(?![:\\w/]))[ \\t]*";
/** A value: quoted (the closing quote may be cut off) or one unquoted word. */
const value = `("[^"\\n]*"?|'[^'\\n]*'?|[^\\s"',;&)}]+)`;

/** `"hunter2"` → `"[REDACTED]"`: the quotes stay so the line still reads as code. */
function maskValue(text: string): string {
  const quote = text[0] === '"' || text[0] === "'" ? text[0] : "";
  return `${quote}${r}${quote}`;
}

const redactions: Redaction[] = [
  // A PEM private key block, or the rest of the text when the END line is not in it.
  {
    pattern:
      /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----[\s\S]*?(?:-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----|$)/g,
    replace: r,
  },
  // A line that is only base64 with upper, lower case and digits: the body of a key printed
  // without its header, or the one line of a block that reached the evidence alone.
  {
    pattern:
      /(^|\n)[ \t]*(?=[A-Za-z0-9+/]{40,}={0,2}\r?(?:\n|$))(?=[^\n]*[A-Z])(?=[^\n]*[a-z])(?=[^\n]*\d)[^\s=]+={0,2}/g,
    replace: `$1${r}`,
  },
  // Credentials in URLs: scheme://user:password@host.
  { pattern: /(:\/\/)[^\s/:@"'<>]+:[^\s/@"'<>]+@/g, replace: `$1${r}@` },
  // Incoming webhooks: the path is the credential.
  {
    pattern: /(\bhttps:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/)[\w/-]+/g,
    replace: `$1${r}`,
  },
  // Vendor token shapes (one pass): GitHub, GitLab, AWS key ids, Slack, npm, Google, Stripe, JWT.
  {
    pattern:
      /\b(?:gh[pousr]_[A-Za-z0-9_]{20,}|github_pat_[A-Za-z0-9_]{20,}|glpat-[\w-]{20,}|(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|ANPA|ANVA|AROA|APKA)[0-9A-Z]{16}\b|xox[abposr]-[A-Za-z0-9-]{10,}|xapp-\d-[A-Za-z0-9-]{10,}|npm_[A-Za-z0-9]{36}\b|AIza[\w-]{35}|(?:sk|rk)_(?:live|test)_[0-9A-Za-z]{10,}|whsec_[A-Za-z0-9+/=]{20,}|eyJ[\w-]{5,}\.[\w-]{5,}\.[\w-]*)/g,
    replace: r,
  },
  // HTTP authorization headers and bare bearer tokens.
  {
    pattern:
      /\b((?:Proxy-)?Authorization["']?[ \t]*[:=][ \t]*["']?(?:(?:Bearer|Basic|token|Digest|Negotiate)[ \t]+)?)[^\s"']+/gi,
    replace: `$1${r}`,
  },
  { pattern: /\b(Bearer[ \t]+)[A-Za-z0-9._~+/=-]{8,}/gi, replace: `$1${r}` },
  // Secret-looking query parameters.
  {
    pattern:
      /([?&](?:access_token|refresh_token|id_token|token|password|passwd|secret|client_secret|api_key|apikey|key|code|sig|signature|X-Amz-Signature|X-Amz-Credential|X-Goog-Signature)=)[^&\s"'#]+/gi,
    replace: `$1${r}`,
  },
  // The AWS secret key also appears after a space (`aws configure set aws_secret_access_key K`).
  {
    pattern:
      /((?:aws_secret_access_key|aws_secret_key|secretAccessKey)["']?[ \t]*[:=]?[ \t]*["']?)[A-Za-z0-9/+=]{40}(?![A-Za-z0-9/+=])/gi,
    replace: `$1${r}`,
  },
  // An env listing line, `  NAME_TOKEN: value with spaces`: the whole rest of the line.
  {
    pattern:
      /(^|\n)([ \t]*(?=[A-Z0-9_]*?(?:TOKEN|SECRET|PASSWORD|PASSWD|_KEY|APIKEY|CREDENTIALS))[A-Z0-9_]+:[ \t]+)\S[^\n]*?(\r?)(?=\n|$)/g,
    replace: `$1$2${r}$3`,
  },
  // name=value, name: value, "name": "value", name => 'value', --name=value, export NAME="…".
  {
    pattern: new RegExp(`${secretName}${separator}${value}`, "gi"),
    replace: (match, secret = "") =>
      `${match.slice(0, match.length - secret.length)}${maskValue(secret)}`,
  },
  // Command-line flags with a space: --password x, --token x.
  {
    pattern:
      /(--(?:password|passwd|pass|token|secret|api-key|apikey|auth-token|access-token|client-secret)[ \t]+)("[^"\n]*"?|'[^'\n]*'?|[^\s"']+)/gi,
    replace: (_match, flag = "", secret = "") => `${flag}${maskValue(secret)}`,
  },
];

/**
 * Longest line the patterns scan. V8's regex engine runs out of backtracking stack on a single
 * line of ~6 MB of word characters (RangeError), so a longer line (no real tool prints one; a
 * hostile or binary log might) is hidden whole rather than scanned: too much hidden, never a leak
 * or a crash.
 */
export const maxScannedLineChars = 1_000_000;

/** Replace every secret-looking value in `text` by `[REDACTED]`; applying it twice changes nothing. */
export function redactSecrets(text: string): string {
  let result = text.length > maxScannedLineChars ? hideOverlongLines(text) : text;
  for (const { pattern, replace } of redactions) {
    // The two overloads of replace() do not accept the union.
    result =
      typeof replace === "string"
        ? result.replace(pattern, replace)
        : result.replace(pattern, replace);
  }
  return result;
}

/** The text with each line over the limit replaced; the text itself when none is (the usual case). */
function hideOverlongLines(text: string): string {
  let out: string[] | null = null;
  let kept = 0;
  for (let from = 0; from <= text.length; ) {
    const end = text.indexOf("\n", from);
    const to = end === -1 ? text.length : end;
    if (to - from > maxScannedLineChars) {
      out ??= [];
      out.push(text.slice(kept, from), `${r} (a ${to - from}-character line)`);
      kept = to;
    }
    if (end === -1) break;
    from = end + 1;
  }
  return out === null ? text : out.join("") + text.slice(kept);
}
