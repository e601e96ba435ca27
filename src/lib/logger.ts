import { pino } from "pino";
import type { Logger } from "../ports.js";

/** Structured JSON logs to stderr, so `--json` output on stdout stays clean. */
export function createLogger(level: string): Logger {
  return pino({ level, base: { service: "pitcrew" } }, pino.destination(2));
}
