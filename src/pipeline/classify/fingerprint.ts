/**
 * Failure fingerprints: the same failure seen in another run (other sha, other timestamps, other
 * temp dir, other line numbers) must get the same fingerprint, so incidents can group it. Volatile
 * tokens are masked the way Kubernetes Triage and LogJuicer do before hashing.
 */
import { createHash } from "node:crypto";

export const fingerprintVersion = "v1";

/** Masks in application order: wider shapes first, so a UUID is not eaten as hex and numbers. */
const masks: Array<[RegExp, string]> = [
  // Query strings carry signatures, cache busters and tokens.
  [/(\b[a-z][a-z0-9+.-]*:\/\/[^\s?#"'<>]+)\?[^\s#"'<>)]*/gi, "$1?<query>"],
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, "<uuid>"],
  [
    /\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?\b/g,
    "<time>",
  ],
  [/\b\d{1,2}:\d{2}:\d{2}(?:[.,]\d+)?\b/g, "<time>"],
  // Temp and runner-home paths differ per run and per machine.
  [/(?:\/private)?\/(?:var\/)?(?:tmp|folders)\/[^\s'":,)]*/g, "<tmp>"],
  [/\/[^\s'":]*\/_temp\/[^\s'":,)]*/g, "<tmp>"],
  [/[A-Za-z]:\\Users\\[^\\\s]+\\AppData\\Local\\Temp\\[^\s'":,)]*/g, "<tmp>"],
  [/(\/(?:home|Users)\/)[^/\s]+/g, "$1<user>"],
  [/\b\d{1,3}(?:\.\d{1,3}){3}(?::\d{1,5})?\b/g, "<ip>"],
  [/(\/\/[^/\s:@]+|\blocalhost):\d{1,5}\b/gi, "$1:<port>"],
  [/\b0x[0-9a-f]+\b/gi, "<hex>"],
  [/\b(?=[0-9a-f]*\d)[0-9a-f]{7,}\b/gi, "<hex>"],
  [/\b\d+m\d+(?:\.\d+)?s\b/g, "<duration>"],
  [
    /\b\d+(?:\.\d+)?\s?(?:ns|us|µs|ms|s|sec|secs|seconds?|m|mins?|minutes?|h|hrs?|hours?)\b/g,
    "<duration>",
  ],
  [/\b\d+(?:\.\d+)*\b/g, "N"],
];

/** The text with volatile tokens masked and whitespace collapsed. */
export function normalizeForFingerprint(text: string): string {
  let result = text;
  for (const [pattern, replacement] of masks) result = result.replace(pattern, replacement);
  return result.replace(/\s+/g, " ").trim();
}

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
