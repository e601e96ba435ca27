/** Codegen behind the `FixPrService` port: start an agent run that opens a fix PR, read it back. */
import { PitcrewError } from "../../domain/errors.js";
import type { Outbound } from "../../outbound/outbound.js";
import { outboxRecorder } from "../../outbound/outbox-recorder.js";
import type { Clock, FixPrService, FixRun, Logger, Store } from "../../ports.js";
import { type CodegenRun, createCodegenClient, outcomeOf } from "./client.js";
import type { CodegenConfig } from "./config.js";
import { codegenErrorMapper, SERVICE } from "./errors.js";
import { pollDelayMs } from "./poll.js";

/** Options and dependencies of the Codegen fix-PR service. */
export interface CodegenFixPrServiceOptions {
  /** `CODEGEN_API_TOKEN`; null (or no org id): outbox mode. */
  token: string | null;
  /** `CODEGEN_ORG_ID`, the numeric organisation id. */
  orgId: string | null;
  config: CodegenConfig;
  clock: Clock;
  logger: Logger;
  outbox: Pick<Store, "addOutbox">;
  /** The resilience layer: Codegen registers as its `codegen` destination. Absent: direct calls. */
  outbound?: Outbound;
  /** Jitter source of the poll backoff (tests pin it). */
  random?: () => number;
}

/** The outbox operation name of a run that was not started for lack of credentials. */
export const OUTBOX_OPERATION = "create-agent-run";

/**
 * Asked for a run in outbox mode, where no run exists: the caller's bug (it got `mode: "outbox"`
 * back from `startRun`), so not retryable.
 */
export class CodegenNotConfiguredError extends PitcrewError {
  constructor(runId: string) {
    super(
      "codegen-not-configured",
      `cannot read Codegen run ${runId}: CODEGEN_API_TOKEN and CODEGEN_ORG_ID are not both set, ` +
        "so runs are only recorded in the outbox",
      false,
    );
  }
}

/**
 * Creates the Codegen `FixPrService`: live when both token and org id are set, otherwise outbox
 * mode. A 402 surfaces as `CodegenPlanLimitError` (non-retryable) so the caller escalates to a
 * human; every other failure is an `IntegrationError` of service `codegen`.
 */
export function createCodegenFixPrService(options: CodegenFixPrServiceOptions): FixPrService {
  const { token, orgId } = options;
  if (!token || !orgId) {
    if (token || orgId) {
      // Half a credential is almost certainly a deployment mistake: say so once, loudly.
      options.logger.warn(
        { tokenSet: Boolean(token), orgIdSet: Boolean(orgId) },
        "Codegen needs both CODEGEN_API_TOKEN and CODEGEN_ORG_ID: fix runs go to the outbox",
      );
    }
    return outboxService(options);
  }
  const destination = options.outbound?.register(SERVICE, {
    mapError: codegenErrorMapper(token),
    timeoutMs: options.config.timeout,
  });
  const client = createCodegenClient({
    apiUrl: options.config.apiUrl,
    token,
    orgId,
    clock: options.clock,
    timeoutMs: options.config.timeout,
    ...(destination ? { destination } : {}),
  });
  return {
    async startRun({ prompt, metadata, idempotencyKey }) {
      // The key travels with the run so a run can be traced back to its incident step on Codegen.
      const run = await client.createRun({ prompt, metadata: { ...metadata, idempotencyKey } });
      options.logger.info({ runId: run.id, idempotencyKey }, "started Codegen agent run");
      return { mode: "live", run: toFixRun(run) };
    },
    async getRun(id) {
      return toFixRun(await client.getRun(id));
    },
    pollDelayMs: pollBackoff(options),
  };
}

/** Without credentials: record what would have been sent, so an operator can see or replay it. */
function outboxService(options: CodegenFixPrServiceOptions): FixPrService {
  return {
    async startRun({ prompt, metadata, idempotencyKey }) {
      await outboxRecorder(options, SERVICE, "no Codegen credentials")(
        OUTBOX_OPERATION,
        { prompt, metadata: { ...metadata, idempotencyKey } },
        idempotencyKey,
      );
      return { mode: "outbox" };
    },
    getRun: (id) => Promise.reject(new CodegenNotConfiguredError(id)),
    pollDelayMs: pollBackoff(options),
  };
}

/** Poll waits from the configured interval, doubling to the cap, never below Codegen's 10 s. */
function pollBackoff(options: CodegenFixPrServiceOptions): (polls: number) => number {
  const { pollInterval, maxPollInterval } = options.config;
  return (polls) =>
    pollDelayMs(polls, {
      baseMs: pollInterval,
      maxMs: maxPollInterval,
      ...(options.random ? { random: options.random } : {}),
    });
}

/** The port's view of a run: string id, normalised status, PR head branches. */
export function toFixRun(run: CodegenRun): FixRun {
  return {
    id: String(run.id),
    status: outcomeOf(run),
    rawStatus: run.status,
    webUrl: run.webUrl,
    pullRequests: run.pullRequests.map((pr) => ({
      url: pr.url,
      number: pr.number ?? null,
      branch: pr.branch ?? null,
    })),
  };
}
