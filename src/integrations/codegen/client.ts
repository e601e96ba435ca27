/**
 * A small typed client over `fetch` for the two Codegen calls pitcrew needs: start an agent run
 * and read it back (integrations.md §1). No SDK exists for TypeScript.
 */
import { z } from "zod";
import { ConfigError, IntegrationError } from "../../domain/errors.js";
import type { Destination } from "../../outbound/destination.js";
import type { Clock } from "../../ports.js";
import { headerMap } from "../ci/http-errors.js";
import { codegenHttpError, SERVICE, toCodegenError } from "./errors.js";

const pullRequestSchema = z.looseObject({
  id: z.number().nullish(),
  title: z.string().nullish(),
  url: z.string().nullish(),
  head_branch_name: z.string().nullish(),
});

/** `AgentRunResponse`: only `id` and `organization_id` are required by the spec. */
const runSchema = z.looseObject({
  id: z.number(),
  organization_id: z.number().nullish(),
  status: z.string().nullish(),
  web_url: z.string().nullish(),
  result: z.string().nullish(),
  summary: z.string().nullish(),
  created_at: z.string().nullish(),
  github_pull_requests: z.array(pullRequestSchema).nullish(),
  metadata: z.record(z.string(), z.unknown()).nullish(),
});

export interface CodegenPullRequest {
  url: string;
  number?: number;
  title?: string;
  /** `head_branch_name`: CI passing on this branch is how the fix is recognised. */
  branch?: string;
}

export interface CodegenRun {
  id: number;
  /** As Codegen sent it (case varies between API versions); read it through `outcomeOf`. */
  status: string | null;
  webUrl: string | null;
  pullRequests: CodegenPullRequest[];
  result?: string;
  summary?: string;
  metadata?: Record<string, unknown>;
}

export type CodegenOutcome = "completed" | "failed" | "running";

const SUCCESS = new Set(["COMPLETE", "COMPLETED"]);
const FAILURE = new Set(["FAILED", "ERROR", "CANCELLED", "CANCELED", "STOPPED"]);

/** The CLI says `COMPLETE`, the docs say `completed`: compare case-insensitively. */
export function outcomeOf(run: Pick<CodegenRun, "status">): CodegenOutcome {
  const status = (run.status ?? "").trim().toUpperCase();
  if (SUCCESS.has(status)) return "completed";
  if (FAILURE.has(status)) return "failed";
  return "running";
}

export function isTerminal(status: string | null | undefined): boolean {
  return outcomeOf({ status: status ?? null }) !== "running";
}

export interface CodegenClientOptions {
  /** API root without `/v1`, e.g. `https://api.codegen.com`. */
  apiUrl: string;
  token: string;
  orgId: number | string;
  clock: Clock;
  /** The resilience layer's destination; without one, calls go straight out with `timeoutMs`. */
  destination?: Destination;
  timeoutMs?: number;
}

export interface CodegenClient {
  createRun(input: { prompt: string; metadata?: Record<string, unknown> }): Promise<CodegenRun>;
  getRun(id: number | string): Promise<CodegenRun>;
}

export function createCodegenClient(options: CodegenClientOptions): CodegenClient {
  const orgId = String(options.orgId).trim();
  if (!/^\d+$/.test(orgId)) {
    throw new ConfigError([`CODEGEN_ORG_ID must be the numeric organisation id, got "${orgId}"`]);
  }
  const base = `${options.apiUrl.replace(/\/+$/, "")}/v1/organizations/${orgId}/agent/run`;
  const secrets = [options.token];

  const send = async (
    operation: string,
    url: string,
    init: RequestInit,
    signal: AbortSignal,
  ): Promise<CodegenRun> => {
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, {
        ...init,
        signal,
        headers: {
          authorization: `Bearer ${options.token}`,
          accept: "application/json",
          ...(init.body ? { "content-type": "application/json" } : {}),
        },
      });
      text = await response.text();
    } catch (error) {
      throw toCodegenError(error, operation, secrets);
    }
    if (!response.ok) {
      throw codegenHttpError({
        operation,
        status: response.status,
        headers: headerMap(response.headers),
        body: text,
        now: options.clock.now(),
        secrets,
      });
    }
    return parseRun(text, operation);
  };

  const call = (operation: string, url: string, init: RequestInit): Promise<CodegenRun> => {
    if (options.destination) {
      return options.destination.call(operation, (signal) => send(operation, url, init, signal));
    }
    return send(operation, url, init, AbortSignal.timeout(options.timeoutMs ?? 30_000));
  };

  return {
    createRun: ({ prompt, metadata }) =>
      call("createRun", base, {
        method: "POST",
        body: JSON.stringify({ prompt, ...(metadata ? { metadata } : {}) }),
      }),
    getRun: (id) => {
      const runId = String(id);
      if (!/^\d+$/.test(runId)) {
        return Promise.reject(new Error(`agent run id must be an integer, got ${runId}`));
      }
      return call("getRun", `${base}/${runId}`, { method: "GET" });
    },
  };
}

/** A 200 whose body is not a run means the API changed under us: not retryable. */
function parseRun(text: string, operation: string): CodegenRun {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const parsed = runSchema.safeParse(json);
  if (!parsed.success) {
    throw new IntegrationError({
      service: SERVICE,
      operation,
      errorType: "validation",
      status: 200,
      message: `${SERVICE} ${operation} returned an unexpected body: ${parsed.error.issues[0]?.message ?? "not JSON"}`,
    });
  }
  const run = parsed.data;
  return {
    id: run.id,
    status: run.status ?? null,
    webUrl: run.web_url ?? null,
    pullRequests: (run.github_pull_requests ?? []).flatMap((pr) =>
      pr.url
        ? [
            {
              url: pr.url,
              ...prNumber(pr.url),
              ...(pr.title ? { title: pr.title } : {}),
              ...(pr.head_branch_name ? { branch: pr.head_branch_name } : {}),
            },
          ]
        : [],
    ),
    ...(run.result ? { result: run.result } : {}),
    ...(run.summary ? { summary: run.summary } : {}),
    ...(run.metadata ? { metadata: run.metadata } : {}),
  };
}

/** The PR number is not a field of its own; GitHub URLs end in `/pull/N`. */
function prNumber(url: string): { number?: number } {
  const match = /\/pull\/(\d+)(?:[/?#]|$)/.exec(url);
  return match ? { number: Number(match[1]) } : {};
}
