/** Settings of the Codegen integration; the token and org id come only from the environment. */
import { z } from "zod";
import { duration } from "../../config/duration.js";

/** Non-secret Codegen settings (config section `codegen`), each with its default and purpose. */
export const codegenConfigSchema = z
  .strictObject({
    apiUrl: z
      .url({ protocol: /^https?$/ })
      .default("https://api.codegen.com")
      .describe("Codegen API root without /v1 (env CODEGEN_API_URL)"),
    timeout: duration("30s", "Per-request timeout of Codegen API calls"),
    pollInterval: duration(
      "10s",
      "First wait between polls of an agent run; Codegen asks for at least 10s",
    ),
    maxPollInterval: duration("5m", "Longest wait between polls of an agent run (backoff cap)"),
  })
  .prefault({});

/** Parsed Codegen settings. */
export type CodegenConfig = z.output<typeof codegenConfigSchema>;
