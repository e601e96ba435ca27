import { z } from "zod";

const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Parses `30s`, `5m`, `4h`, `7d`, `250ms` (or a plain number of milliseconds) to milliseconds. */
export function parseDuration(text: string | number): number | null {
  if (typeof text === "number") return Number.isFinite(text) && text >= 0 ? text : null;
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)\s*$/.exec(text);
  if (!match) return null;
  return Math.round(Number(match[1]) * (units[match[2] as string] as number));
}

/** A zod duration option: accepts `30s`-style strings, yields milliseconds. */
export function duration(defaultValue: string, description: string) {
  return z
    .union([z.string(), z.number()])
    .default(defaultValue)
    .transform((value, ctx) => {
      const ms = parseDuration(value);
      if (ms === null) {
        ctx.addIssue({
          code: "custom",
          message: `expected a duration such as 30s, 5m, 4h or 250ms, got ${JSON.stringify(value)}`,
        });
        return z.NEVER;
      }
      return ms;
    })
    .describe(`${description} (duration, default ${defaultValue})`);
}
