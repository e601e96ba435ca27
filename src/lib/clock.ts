import type { Clock } from "../ports.js";

/** The real clock; everything else receives time through the `Clock` port. */
export const systemClock: Clock = { now: () => new Date() };
