import { randomUUID } from "node:crypto";

/** A random id with a readable prefix, e.g. `ev_3f2a…`. */
export function newId(prefix: string): string {
  return `${prefix}_${randomUUID().replace(/-/g, "").slice(0, 20)}`;
}
