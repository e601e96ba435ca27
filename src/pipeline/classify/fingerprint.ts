/**
 * Failure fingerprints: the same failure seen in another run (other sha, timestamps, temp dir,
 * runner, line numbers, seed) must get the same fingerprint so incidents can group it, and a
 * different failure must not. Volatile tokens are masked before hashing, after Sentry's
 * parameterisation list (src/sentry/grouping/parameterization.py) and Kubernetes Triage's
 * normaliser, plus CI-specific tokens (runner workspaces, test seeds, run ids).
 *
 * Design rule: masking never depends on digit values or counts. Every digit ends up inside a
 * mask, and no pattern counts digits (`\d+`, never `\d{4}` or `[0-5]\d`), so changing any digit
 * or lengthening any number cannot change the fingerprint. Consequences, on purpose:
 * - hex words are masked at any length once they mix digits and hex letters (a "≥ 7 chars" rule
 *   would flip when a number grows from 6 to 7 digits);
 * - `file.c:42:7` keeps the file and masks the line and column, which move with unrelated edits;
 * - error codes inside words keep their letters only (`TS2322` → `TS<n>`): the message after
 *   the code still separates different errors;
 * - no alpha-renaming (`UNIQ1`, `UNIQ2` as in Triage): a changed digit could make two values
 *   equal and renumber them.
 * Not masked, unlike Sentry: host names and quoted values, which name what failed.
 */
import { createHash } from "node:crypto";

/** Prefix of every fingerprint; bump it when the normaliser changes so old groups do not merge. */
export const fingerprintVersion = "v1";

const month =
  "(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\\.?(?![A-Za-z])";
const weekday = "(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]{0,6},?";
const zone = "(?:\\s?(?:Z|UTC|GMT|[A-Z][DS]T|[+-]\\d+(?::\\d+)?)(?![A-Za-z]))?";
const clock = "\\d+:\\d+(?::\\d+)?(?:[.,]\\d+)?";
const unit =
  "(?:ns|us|µs|μs|ms|s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?)(?![A-Za-z])";
const re = (source: string) => new RegExp(source, "g");
/** Keeps a match that holds no digit: the shape alone (`a-b-c-d-e`, `a::b`) is not volatile. */
const ifDigits = (mask: string) => (match: string) => (/\d/.test(match) ? mask : match);

type Mask = [RegExp, string | ((match: string) => string)];

/** `scheme://host/path?query#fragment` → `scheme://host/path?<query>`; a closing ")" stays. */
function maskQuery(url: string): string {
  const scheme = url.indexOf("://");
  const query = url.slice(scheme).search(/[?#]/);
  if (query === -1) return url;
  const at = scheme + query;
  if (url.startsWith("?<query>", at)) return url;
  const close = url.indexOf(")", at);
  return `${url.slice(0, at)}?<query>${close === -1 ? "" : url.slice(close)}`;
}

/** Masks in application order: wide shapes first, so a UUID is not eaten as hex and numbers. */
const masks: Mask[] = [
  // Query strings and fragments carry signatures, cache busters, tokens and run ids.
  [/(?<![^\s"'(])[^\s"'()]*:\/\/[^\s"']*/g, maskQuery],
  [/(?<![\w.+-])[\w.+-]+@(?:[\w-]+\.)+[A-Za-z]{2,}(?![A-Za-z])/g, "<email>"],
  // Random test order: the seed differs every run (rspec, minitest, jest, pytest-randomly).
  [/(\bseed\b[\s:=]+)-?(?=\w*\d)\w+/gi, "$1<seed>"],
  // Temp files and runner workspaces differ per run, per runner and per fork.
  [/(?:\/private)?\/(?:var\/)?(?:tmp|folders)\/[^\s'":,;)\]]*/g, "<tmp>"],
  [/[A-Za-z]:\\Users\\[^\\\s]+\\AppData\\Local\\Temp\\[^\s'":,;)\]]*/gi, "<tmp>"],
  [/(?<![^\s'"(=])\/[^\s'"(=]*?\/_temp\/[^\s'":,;)\]]*/g, "<tmp>"],
  [
    /(?:\/home\/runner\/work|\/Users\/runner\/work|[A-Za-z]:\\a|\/home\/travis\/build|\/builds|\/home\/circleci|\/var\/lib\/jenkins\/workspace|\/github\/workspace)(?:[/\\][^/\\\s'":]+){0,2}(?=[/\\])/g,
    "<workspace>",
  ],
  [/(\/(?:home|Users)\/)[^/\s'":]+/g, "$1<user>"],
  [/\b[0-9a-f]+(?:-[0-9a-f]+){4}\b/gi, ifDigits("<uuid>")],
  // Dates and times: ISO 8601, RFC 1123/822, syslog, Apache common log, `date` output.
  [re(`\\b\\d+-\\d+-\\d+(?:[T ]${clock})?${zone}(?![\\w-])`), "<time>"],
  [re(`\\b(?:${weekday}\\s+)?\\d+[\\s/-]${month}[\\s/-]\\d+(?:[\\s:]+${clock})?${zone}`), "<time>"],
  [
    re(
      `\\b(?:${weekday}\\s+)?${month}\\s+\\d+(?:,\\s*\\d+)?(?:\\s+${clock})?${zone}(?:\\s+\\d+\\b)?`,
    ),
    "<time>",
  ],
  [re(`(?<![\\w.:/-])${clock}(?:\\s?[AaPp][Mm])?${zone}(?![\\w:])`), "<time>"],
  // 12.3s, 450ms, 1m30s, (0.12 sec), 2 minutes.
  [re(`\\b(?:\\d+(?:\\.\\d+)?\\s?${unit}){1,4}(?!\\w)`), "<duration>"],
  [/\b\d+(?:\.\d+){3}(?::\d+)?\b/g, "<ip>"],
  [/(?<![\w:.])[0-9a-f]*(?::[0-9a-f]*){2,7}(?:%\w+)?(?![\w:])/gi, ifDigits("<ip>")],
  [/(\blocalhost|\/\/[^/\s:@]+):\d+\b/gi, "$1:<port>"],
  // Addresses and object reprs (`at 0x7f3a…`); `\d+x` so a changed leading 0 stays a mask.
  [/\b\d+x[0-9a-f]+\b/gi, "<hex>"],
  // Hashes, short shas, ids: hex words mixing digits and hex letters, one case at a time.
  [/\b(?=[a-f]*\d)(?=\d*[a-f])[0-9a-f]+\b|\b(?=[A-F]*\d)(?=\d*[A-F])[0-9A-F]+\b/g, "<hex>"],
  // Everything left: numbers (pids, counts, versions, build numbers, line:col), also in words.
  [/\d+(?:\.\d+)*/g, "<n>"],
];

/**
 * The text with volatile tokens masked and whitespace collapsed; idempotent. A mask can expose
 * another (a word boundary appears where a digit became `<n>`), so passes repeat until nothing
 * changes; the second pass almost always is the last.
 */
export function normalizeForFingerprint(text: string): string {
  let result = text.replace(/\s+/g, " ").trim();
  for (let pass = 0; pass < maxPasses; pass++) {
    const before = result;
    for (const [pattern, mask] of masks) {
      result =
        typeof mask === "string" ? result.replace(pattern, mask) : result.replace(pattern, mask);
    }
    result = result.replace(/\s+/g, " ").trim();
    if (result === before) break;
  }
  return result;
}

const maxPasses = 4;

/**
 * `v1:` + 16 hex chars of sha256 over the rule id (or type) and the normalised evidence line.
 * The version prefix lets a later normaliser change without silently merging with old groups.
 */
export function fingerprint(key: string, evidenceText: string): string {
  const digest = createHash("sha256")
    .update(`${key}\n${normalizeForFingerprint(evidenceText)}`)
    .digest("hex");
  return `${fingerprintVersion}:${digest.slice(0, 16)}`;
}
