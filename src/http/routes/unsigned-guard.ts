import type { FastifyRequest } from "fastify";
import { InputError } from "../../domain/errors.js";
import type { Logger } from "../../ports.js";
import { isLoopback } from "../signatures.js";

/**
 * With no secret configured a route takes unsigned deliveries from loopback only
 * (DESIGN §7.1) and says so once in the log; anyone else gets 401.
 */
export function createLoopbackGuard(
  route: string,
  secretName: string,
  logger: Logger,
): (request: FastifyRequest) => void {
  let warned = false;
  return (request) => {
    if (!isLoopback(request.ip)) {
      throw new InputError(
        401,
        "signature-required",
        `${secretName} is not set: ${route} accepts unsigned deliveries from loopback only`,
      );
    }
    if (!warned) {
      warned = true;
      logger.warn(
        { route },
        `${secretName} is not set: accepting unsigned deliveries from loopback only`,
      );
    }
  };
}

/** Reads a required header or answers 400 naming it. */
export function requireHeader(request: FastifyRequest, name: string): string {
  const value = request.headers[name];
  const text = Array.isArray(value) ? value[0] : value;
  if (!text) throw new InputError(400, "header-missing", `missing header ${name}`);
  return text;
}

/** Parses the raw body as JSON or answers 400 with the parser's reason. */
export function parseJsonBody(raw: unknown, hint = ""): unknown {
  const text = Buffer.isBuffer(raw) ? raw.toString("utf8") : typeof raw === "string" ? raw : "";
  if (text.trim() === "")
    throw new InputError(400, "body-empty", `the request body is empty${hint}`);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputError(
      400,
      "body-not-json",
      `the body is not valid JSON: ${(error as Error).message}${hint}`,
    );
  }
}
