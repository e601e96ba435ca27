/**
 * A fake Codegen API: a real HTTP server on 127.0.0.1 speaking the wire format of
 * integrations.md §1 (create an agent run, read it back), with fault injection before routing.
 * Each created run walks a scripted status list, one step per GET, so polling is observable.
 */
import { createServer } from "node:http";
import {
  closeServer,
  FaultPlan,
  listenLocal,
  type RecordedRequest,
  readBody,
  status,
} from "./faults.js";

export type { RecordedRequest };

export interface FakeCodegenOptions {
  token?: string;
  orgId?: number;
}

/** A run as the fake stores it; `statuses` is what successive reads report. */
export interface FakeRun {
  id: number;
  prompt: string;
  metadata: Record<string, unknown> | null;
  statuses: string[];
  reads: number;
}

export interface FakeCodegen {
  url: string;
  token: string;
  orgId: number;
  requests: RecordedRequest[];
  runs: Map<number, FakeRun>;
  /** The status list of runs created from now on; its last entry is where a run stays. */
  script(statuses: string[]): void;
  /** Every create answers 402 (plan limit) until `faults.clear()`. */
  planLimit(): void;
  /** The next request answers 429, with `Retry-After: seconds` when given. */
  rateLimitNext(seconds?: number): void;
  faults: FaultPlan;
  close(): Promise<void>;
}

export const DEFAULT_STATUSES = ["ACTIVE", "RUNNING", "COMPLETE"];
const PLAN_LIMIT_MESSAGE =
  "Alloted agent runs for the current billing plan have been reached. Please upgrade your plan.";

/** Starts the fake on a random port of 127.0.0.1. */
export async function startFakeCodegen(options: FakeCodegenOptions = {}): Promise<FakeCodegen> {
  const token = options.token ?? "cg-fake-token-0123456789";
  const orgId = options.orgId ?? 4242;
  const runs = new Map<number, FakeRun>();
  const requests: RecordedRequest[] = [];
  let statuses = DEFAULT_STATUSES;
  let nextId = 1001;
  const faults = new FaultPlan({
    errorBody: (code) => ({ message: `Injected ${code}`, status_code: code }),
  });

  const route = (req: RecordedRequest): Reply => {
    if (req.headers.authorization !== `Bearer ${token}`) {
      return error(401, "Invalid or missing API token.");
    }
    const match = /^\/v1\/organizations\/([^/]+)\/agent\/run(?:\/([^/]+))?$/.exec(
      req.path.split("?")[0] ?? "",
    );
    if (!match) return error(404, "Not Found");
    if (match[1] !== String(orgId))
      return error(403, "You do not have access to this organization.");
    if (req.method === "POST" && match[2] === undefined) {
      const body = req.json as { prompt?: unknown; metadata?: unknown } | undefined;
      if (typeof body?.prompt !== "string") {
        return {
          status: 422,
          body: { detail: [{ loc: ["body", "prompt"], msg: "Field required", type: "missing" }] },
        };
      }
      const run: FakeRun = {
        id: nextId++,
        prompt: body.prompt,
        metadata: (body.metadata as Record<string, unknown> | undefined) ?? null,
        statuses,
        reads: 0,
      };
      runs.set(run.id, run);
      return { status: 200, body: runJson(run, orgId) };
    }
    if (req.method === "GET" && match[2] !== undefined) {
      const run = /^\d+$/.test(match[2]) ? runs.get(Number(match[2])) : undefined;
      if (!run) return error(404, "Agent run not found.");
      run.reads += 1;
      return { status: 200, body: runJson(run, orgId) };
    }
    return error(405, "Method Not Allowed");
  };

  const server = createServer((req, res) => {
    readBody(req).then(
      (body) => {
        const recorded = record(req.method ?? "GET", req.url ?? "/", req.headers, body);
        const fault = faults.take(recorded);
        recorded.faulted = fault !== null;
        requests.push(recorded);
        if (fault) return faults.apply(fault, req, res);
        const reply = route(recorded);
        res
          .writeHead(reply.status, { "content-type": "application/json" })
          .end(JSON.stringify(reply.body));
      },
      () => req.socket.destroy(),
    );
  });
  const url = await listenLocal(server);
  return {
    url,
    token,
    orgId,
    requests,
    runs,
    script: (next) => {
      statuses = next.length > 0 ? [...next] : DEFAULT_STATUSES;
    },
    planLimit: () => {
      faults.always(status(402, undefined, { message: PLAN_LIMIT_MESSAGE, status_code: 402 }), {
        method: "POST",
      });
    },
    rateLimitNext: (seconds) => {
      const headers = seconds === undefined ? undefined : { "retry-after": String(seconds) };
      faults.next(
        status(429, headers, {
          message: "Rate limit exceeded. Please try again later.",
          status_code: 429,
        }),
      );
    },
    faults,
    close: () => closeServer(server, faults),
  };
}

interface Reply {
  status: number;
  body: unknown;
}

function error(code: number, message: string): Reply {
  return { status: code, body: { message, status_code: code } };
}

/** The run's `AgentRunResponse`; the status is the one for the reads so far (creation = read 0). */
function runJson(run: FakeRun, orgId: number): Record<string, unknown> {
  const current = run.statuses[Math.min(run.reads, run.statuses.length - 1)] ?? "ACTIVE";
  const done = /^complete/i.test(current);
  return {
    id: run.id,
    organization_id: orgId,
    status: current,
    created_at: "2026-11-23T10:00:00Z",
    web_url: `http://fake/agent/trace/${run.id}`,
    source_type: "API",
    result: done ? "Opened a PR fixing the failing test." : null,
    summary: done ? "Fixed the flaky assertion." : null,
    github_pull_requests: done
      ? [
          {
            id: 9000 + run.id,
            title: "Fix failing CI job",
            url: `https://github.com/o/r/pull/${run.id - 1000}`,
            created_at: "2026-11-23T10:05:00Z",
            head_branch_name: `codegen-bot/fix-${run.id}`,
          },
        ]
      : [],
    metadata: run.metadata,
  };
}

function record(
  method: string,
  path: string,
  headers: RecordedRequest["headers"],
  body: string,
): RecordedRequest {
  let json: unknown;
  try {
    json = body === "" ? undefined : JSON.parse(body);
  } catch {
    json = undefined;
  }
  return { method, path, headers, body, json, faulted: false };
}
