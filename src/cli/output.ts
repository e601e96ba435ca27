import { textTable } from "../lib/text-table.js";

/** `--json` means stdout carries only the JSON; human text otherwise. Logs go to stderr. */
export function print(json: boolean, value: unknown, human: () => string): void {
  process.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${human()}\n`);
}

/** Aligned columns for human output. */
export const table = textTable;
