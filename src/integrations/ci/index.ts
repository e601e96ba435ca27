/** Generic CI integration: log fetching by URL plus the HTTP helpers other adapters share. */
export {
  errorTypeForStatus,
  type HeaderMap,
  headerMap,
  httpIntegrationError,
  retryAtFromHeaders,
  transportErrorType,
  transportIntegrationError,
} from "./http-errors.js";
export { createHttpLogFetcher, type HttpLogFetcherOptions } from "./log-fetcher.js";
export { readTail, type TailText } from "./read-tail.js";
