/**
 * Drain's preprocessing: variable parts of a log line are replaced by named masks before the
 * line is tokenised, so lines that differ only in ids, numbers or paths land in one template.
 */

/** Masks applied inside one token, widest shapes first (a UUID is not eaten as hex and numbers). */
const tokenMasks: Array<[RegExp, string]> = [
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, "<UUID>"],
  [/\b\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?\b/g, "<TS>"],
  [/\b\d{1,2}:\d{2}:\d{2}(?:[.,]\d+)?\b/g, "<TS>"],
  [/\b\d{1,3}(?:\.\d{1,3}){3}(?::\d{1,5})?\b/g, "<IP>"],
  [/\b0x[0-9a-f]+\b/gi, "<HEX>"],
  // Commit shas and object ids: long runs of hex that mix digits and letters.
  [/\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{7,}\b/gi, "<HEX>"],
  // Whole numbers only: "v1.2" or "0.5s" are left alone (they route to the wildcard branch).
  [/(?<![A-Za-z0-9.])[-+]?\d+(?:\.\d+)*(?![A-Za-z0-9]|\.\d)/g, "<NUM>"],
];

const quoted = /"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g;
const digit = /\d/;

/** One token with its masks applied; a path-like token with a digit becomes `<PATH>` whole. */
export function maskToken(token: string): string {
  if (token.includes("/") && digit.test(token)) return "<PATH>";
  let result = token;
  for (const [pattern, mask] of tokenMasks) result = result.replace(pattern, mask);
  return result;
}

/** The line masked and split on whitespace, as the miner compares it. */
export function maskTokens(text: string, maskQuoted: boolean): string[] {
  const line = maskQuoted ? text.replace(quoted, "<STR>") : text;
  return line
    .split(/\s+/)
    .filter((token) => token !== "")
    .map(maskToken);
}

/** Whether a token holds a digit: such tokens are likely variables, so the tree does not key on them. */
export function hasDigit(token: string): boolean {
  return digit.test(token);
}
