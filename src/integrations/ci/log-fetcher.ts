/**
 * Fetches a job log from the `logUrl` of a generic CI payload (GitLab, Jenkins, Buildkite…) with
 * the global `fetch`, bounded in time and in memory.
 */
import { IntegrationError } from "../../domain/errors.js";
import type { Clock, LogFetcher, Logger } from "../../ports.js";
import { headerMap, httpIntegrationError, transportIntegrationError } from "./http-errors.js";
import { readTail } from "./read-tail.js";

const SERVICE = "ci-log";
const OPERATION = "fetch-log";

/** Options of the HTTP log fetcher. */
export interface HttpLogFetcherOptions {
  /** Whole download (connect, redirects, body) must finish within this. */
  timeoutMs: number;
  /** Larger logs keep only their last `maxLogBytes` bytes. */
  maxLogBytes: number;
  logger: Logger;
  /** Source of "now" for `retryAt`; the system clock when omitted. */
  clock?: Clock;
}

/** Creates a `LogFetcher` that GETs the URL, follows redirects and keeps the tail of big logs. */
export function createHttpLogFetcher(options: HttpLogFetcherOptions): LogFetcher {
  const clock = options.clock ?? { now: () => new Date() };
  return {
    async fetchLog(url: string): Promise<string> {
      const target = parseLogUrl(url);
      try {
        const response = await fetch(target, {
          redirect: "follow",
          headers: { accept: "text/plain, */*" },
          signal: AbortSignal.timeout(options.timeoutMs),
        });
        if (!response.ok) {
          const message = await errorSnippet(response);
          throw httpIntegrationError({
            service: SERVICE,
            operation: OPERATION,
            status: response.status,
            headers: headerMap(response.headers),
            message: `from ${safeUrl(target)}${message ? `: ${message}` : ""}`,
            now: clock.now(),
          });
        }
        const tail = await readTail(response.body, options.maxLogBytes);
        if (tail.truncated) {
          options.logger.info(
            { url: safeUrl(target), totalBytes: tail.totalBytes, keptBytes: options.maxLogBytes },
            "log larger than maxLogBytes: kept its tail",
          );
        }
        return tail.text;
      } catch (error) {
        throw toLogFetchError(error);
      }
    },
  };
}

/** Only http(s) URLs are fetched: a payload must not make us read `file:` or `data:` URLs. */
function parseLogUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw validationError("logUrl is not a valid URL");
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw validationError(`logUrl must be http(s), got ${parsed.protocol}`);
  }
  return parsed;
}

/** Log URLs often carry a token in the query (signed URLs, GitLab `private_token`): never echo it. */
function safeUrl(url: URL): string {
  return `${url.origin}${url.pathname}`;
}

/** First line of an error body helps diagnose, but only a little of it: it may be an HTML page. */
async function errorSnippet(response: Response): Promise<string> {
  const text = await response.text().catch(() => "");
  return text.split("\n")[0]?.trim().slice(0, 200) ?? "";
}

/** Anything that is not already mapped failed below HTTP: a socket, DNS, the timeout or the body stream. */
function toLogFetchError(error: unknown): IntegrationError {
  if (error instanceof IntegrationError) return error;
  return transportIntegrationError({ service: SERVICE, operation: OPERATION, error });
}

function validationError(message: string): IntegrationError {
  return new IntegrationError({
    service: SERVICE,
    operation: OPERATION,
    errorType: "validation",
    message: `${SERVICE} ${OPERATION}: ${message}`,
  });
}
