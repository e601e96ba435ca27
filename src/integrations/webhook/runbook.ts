/**
 * The `RunbookCaller` port: POSTs a JSON payload to a URL the operator configured, signed like
 * the webhooks pitcrew itself accepts (`X-Pitcrew-Signature`, see README.md), through the
 * resilience layer's "runbook" destination.
 */
import { IntegrationError } from "../../domain/errors.js";
import { signPitcrewBody } from "../../http/signatures.js";
import type { ErrorMapper } from "../../outbound/destination.js";
import type { Outbound } from "../../outbound/outbound.js";
import type { Clock, Logger, RunbookCaller, Store } from "../../ports.js";
import { headerMap, httpIntegrationError, transportIntegrationError } from "../ci/http-errors.js";

export const RUNBOOK_SERVICE = "runbook";
const OPERATION = "call-runbook";

/** Options and dependencies of the runbook caller. */
export interface RunbookCallerOptions {
  /** Registers the "runbook" destination on it (once); absent: calls go out directly. */
  outbound?: Outbound;
  clock: Clock;
  logger: Logger;
  /** Unused: a configured runbook URL is always called live. Accepted so wiring stays uniform. */
  outbox?: Pick<Store, "addOutbox">;
  /** Per attempt, connect to last byte. */
  timeoutMs: number;
  /**
   * The destination name (default "runbook"); digest webhooks use a second caller named
   * "webhook", so each has its own breaker, lane and statistics.
   */
  service?: string;
}

type RunbookInput = Parameters<RunbookCaller["call"]>[0];

/** Creates the caller; every failure is thrown as an `IntegrationError` (service "runbook"). */
export function createRunbookCaller(options: RunbookCallerOptions): RunbookCaller {
  const service = options.service ?? RUNBOOK_SERVICE;
  const mapError = signedPostErrorMapper(service);
  const destination = options.outbound?.register(service, {
    mapError,
    timeoutMs: options.timeoutMs,
  });

  return {
    async call(input) {
      const url = parseRunbookUrl(input.url);
      const body = JSON.stringify(input.payload);
      const headers = runbookHeaders(input, body, options.clock.now());
      const request = { name: input.name, url, body, headers };
      const send = (signal: AbortSignal) => post(service, request, signal, options.clock);
      const status = destination
        ? await destination.call(OPERATION, send)
        : await send(AbortSignal.timeout(options.timeoutMs)).catch((error: unknown) => {
            throw mapError(error, OPERATION);
          });
      options.logger.info(
        { runbook: input.name, url: safeUrl(url), status, delivery: input.idempotencyKey },
        "called runbook",
      );
      return { mode: "live", status };
    },
  };
}

/** The headers of one delivery; the signature covers the exact bytes sent as the body. */
export function runbookHeaders(
  input: Pick<RunbookInput, "secret" | "idempotencyKey">,
  body: string,
  now: Date,
): Record<string, string> {
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "user-agent": "pitcrew",
    "x-pitcrew-delivery": input.idempotencyKey,
    "x-pitcrew-timestamp": String(Math.floor(now.getTime() / 1000)),
  };
  if (input.secret !== null) headers["x-pitcrew-signature"] = signPitcrewBody(input.secret, body);
  return headers;
}

/** One attempt: resolves with a 2xx status, throws a mapped error for anything else. */
async function post(
  service: string,
  request: { name: string; url: URL; body: string; headers: Record<string, string> },
  signal: AbortSignal,
  clock: Clock,
): Promise<number> {
  const { url, body, headers } = request;
  // `manual`: a redirect would re-send (or drop) a signed body somewhere not configured.
  const response = await fetch(url, { method: "POST", body, headers, signal, redirect: "manual" });
  const text = await response.text().catch(() => "");
  if (response.ok) return response.status;
  throw httpIntegrationError({
    service,
    operation: OPERATION,
    status: response.status,
    headers: headerMap(response.headers),
    message: `from "${request.name}" at ${safeUrl(url)}${snippet(text)}`,
    now: clock.now(),
  });
}

/** What a signed-POST destination (or a direct call) throws: fetch failures are below HTTP. */
export function signedPostErrorMapper(service: string): ErrorMapper {
  return (error, operation) => {
    if (error instanceof IntegrationError) return error;
    return transportIntegrationError({ service, operation, error });
  };
}

/** The "runbook" destination's error mapper. */
export const mapRunbookError: ErrorMapper = signedPostErrorMapper(RUNBOOK_SERVICE);

/** Only http(s): a configured URL must not make us touch `file:` or `data:` URLs. */
function parseRunbookUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalid("the runbook URL is not a valid URL");
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw invalid(`the runbook URL must be http(s), got ${parsed.protocol}`);
  }
  return parsed;
}

/** Runbook URLs may carry a token in the query or userinfo: log and report origin + path only. */
function safeUrl(url: URL): string {
  return `${url.origin}${url.pathname}`;
}

/** The first line of an error body, briefly: it may be a proxy's HTML page. */
function snippet(text: string): string {
  const line = text.split("\n")[0]?.trim().slice(0, 200) ?? "";
  return line ? `: ${line}` : "";
}

function invalid(message: string): IntegrationError {
  return new IntegrationError({
    service: RUNBOOK_SERVICE,
    operation: OPERATION,
    errorType: "validation",
    message: `${RUNBOOK_SERVICE} ${OPERATION}: ${message}`,
  });
}
