import type { Logger } from "../../src/ports.js";

/** A logger that keeps what was logged, so tests can assert on warnings. */
export function recordingLogger(): Logger & {
  lines: { level: string; msg?: string; obj: object }[];
} {
  const lines: { level: string; msg?: string; obj: object }[] = [];
  const at = (level: string) => (obj: object, msg?: string) => {
    lines.push({ level, obj, ...(msg === undefined ? {} : { msg }) });
  };
  return { lines, debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}
