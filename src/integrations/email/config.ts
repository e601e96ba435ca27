/** Settings of the email integration; SMTP_URL, EMAIL_FROM and EMAIL_TO come only from the env. */
import { z } from "zod";
import { duration } from "../../config/duration.js";

/** Non-secret SMTP settings (config section `email`), each with its default and purpose. */
export const emailConfigSchema = z
  .strictObject({
    maxConnections: z
      .number()
      .int()
      .min(1)
      .max(20)
      .default(2)
      .describe("Parallel SMTP connections of the pool"),
    rateLimit: z
      .number()
      .int()
      .min(1)
      .default(5)
      .describe("Messages at most per rateDelta window, across all connections"),
    rateDelta: duration("1s", "Window of rateLimit"),
    timeout: duration(
      "10s",
      "SMTP connect timeout, and the per-send timeout on the resilience layer",
    ),
  })
  .prefault({});

/** Parsed email settings (durations in milliseconds). */
export type EmailConfig = z.output<typeof emailConfigSchema>;
