/**
 * One error class per kind, each with a kebab-case `code` and whether retrying can help.
 * Callers branch on `instanceof` or `code`, never on message text.
 */

import type { OutboundErrorType } from "./types.js";

/** Base of every error pitcrew throws on purpose. */
export class PitcrewError extends Error {
  readonly code: string;
  readonly retryable: boolean;

  constructor(code: string, message: string, retryable: boolean, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    this.retryable = retryable;
  }
}

/** The configuration is invalid; `problems` lists every one of them with what to set. */
export class ConfigError extends PitcrewError {
  readonly problems: string[];

  constructor(problems: string[]) {
    super("config-invalid", `invalid configuration:\n  - ${problems.join("\n  - ")}`, false);
    this.problems = problems;
  }
}

/** Another process holds the data directory. */
export class StoreLockedError extends PitcrewError {
  constructor(lockFile: string, pid: number | null) {
    super(
      "store-locked",
      `data directory is in use by another pitcrew process${pid ? ` (pid ${pid})` : ""}: ${lockFile}. ` +
        "Stop that process, or point PITCREW_DATA_DIR at another directory.",
      false,
    );
  }
}

/** Kinds of outbound failure (DESIGN §6 retry table); the glossary's `OutboundErrorType`. */
export type IntegrationErrorType = OutboundErrorType;

/** An outbound call to a vendor failed. */
export class IntegrationError extends PitcrewError {
  readonly service: string;
  readonly operation: string;
  readonly errorType: IntegrationErrorType;
  readonly status: number | null;
  /** Earliest time a retry may succeed (Retry-After, x-ratelimit-reset), if the server said. */
  readonly retryAt: Date | null;

  constructor(init: {
    service: string;
    operation: string;
    errorType: IntegrationErrorType;
    message: string;
    status?: number | null;
    retryAt?: Date | null;
    cause?: unknown;
  }) {
    const retryable = ["network", "timeout", "rate_limit", "server"].includes(init.errorType);
    super(`${init.service}-${init.errorType}`, init.message, retryable, { cause: init.cause });
    this.service = init.service;
    this.operation = init.operation;
    this.errorType = init.errorType;
    this.status = init.status ?? null;
    this.retryAt = init.retryAt ?? null;
  }
}

/** An inbound request is unacceptable; `status` is the 4xx to answer with. */
export class InputError extends PitcrewError {
  readonly status: number;

  constructor(status: number, code: string, message: string) {
    super(code, message, false);
    this.status = status;
  }
}
