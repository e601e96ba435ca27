/**
 * A fake GitHub REST API: a real HTTP server on 127.0.0.1 speaking GitHub's wire format for the
 * Actions endpoints pitcrew uses, with fault injection (see faults.ts) before routing.
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import {
  closeServer,
  type Fault,
  FaultPlan,
  listenLocal,
  type RecordedRequest,
  readBody,
} from "./faults.js";
import { type FakeCacheSpec, FakeCacheStore, type FakeDispatch } from "./github-caches.js";

/** One job of a fake run. `id` may exceed 2^53: it is written to the JSON as raw digits. */
export interface FakeJobSpec {
  id: string | number | bigint;
  name: string;
  conclusion: string | null;
  log?: string;
  /** Name of the step that failed (adds a failed step between set-up and tear-down). */
  failedStep?: string;
  status?: string;
}

/** A run to serve; adding the same run again adds its next attempt. */
export interface FakeRunSpec {
  repo: string;
  runId: string | number | bigint;
  jobs: FakeJobSpec[];
  headSha?: string;
  headBranch?: string;
  workflowName?: string;
}

export type { FakeCache, FakeCacheSpec, FakeDispatch } from "./github-caches.js";
export type { RecordedRequest };

/** The `failNext` shorthand of a Fault: an HTTP answer, a connection reset, or no answer at all. */
export type FakeFailure =
  | { status: number; headers?: Record<string, string>; body?: unknown }
  | "reset"
  | "hang";

/** The running fake and what it saw. */
export interface FakeGithub {
  url: string;
  requests: RecordedRequest[];
  reruns: { repo: string; runId: string }[];
  addRun(spec: FakeRunSpec): void;
  /** Adds an Actions cache to the repo (see github-caches.ts). */
  addCache(repo: string, spec: FakeCacheSpec): void;
  /** The repo's caches still present, in the order added. */
  caches: FakeCacheStore["caches"];
  /** workflow_dispatch requests accepted, in order. */
  dispatches: FakeDispatch[];
  /** The next request whose path matches (string: exact pathname; RegExp: tested on path + query) fails once. */
  failNext(match: string | RegExp, failure: FakeFailure): void;
  /** Consulted for every request before routing; status faults look like GitHub's errors. */
  faults: FaultPlan;
  close(): Promise<void>;
}

interface FakeState {
  url: string;
  runs: Map<string, Record<string, unknown>[][]>;
  logs: Map<string, string>;
  reruns: { repo: string; runId: string }[];
  caches: FakeCacheStore;
}

const DOCS = "https://docs.github.com/rest";
const RAW = "@@raw-int:";

/** Starts the fake on a random port of 127.0.0.1. */
export async function startFakeGithub(): Promise<FakeGithub> {
  const state: FakeState = {
    url: "",
    runs: new Map(),
    logs: new Map(),
    reruns: [],
    caches: new FakeCacheStore(),
  };
  const requests: RecordedRequest[] = [];
  const faults = new FaultPlan({
    errorBody: (status) => githubError(status, `Injected ${status}`).body,
    headers: rateHeaders,
  });
  const server = createServer((req, res) => {
    readBody(req).then(
      (body) => {
        const recorded = record(req, body);
        const fault = faults.take(recorded);
        recorded.faulted = fault !== null;
        requests.push(recorded);
        if (fault) faults.apply(fault, req, res);
        else send(res, route(state, recorded));
      },
      () => req.socket.destroy(),
    );
  });
  state.url = await listenLocal(server);
  return {
    url: state.url,
    requests,
    reruns: state.reruns,
    addRun: (spec) => addRun(state, spec),
    addCache: (repo, spec) => state.caches.addCache(repo, spec),
    caches: (repo) => state.caches.caches(repo),
    dispatches: state.caches.dispatches,
    failNext: (match, failure) => faults.next(toFault(failure), 1, { path: match }),
    faults,
    close: () => closeServer(server, faults),
  };
}

function toFault(failure: FakeFailure): Fault {
  if (failure === "reset" || failure === "hang") return { kind: failure };
  return { kind: "status", ...failure };
}

function addRun(state: FakeState, spec: FakeRunSpec): void {
  const key = `${spec.repo}#${spec.runId}`;
  const attempts = state.runs.get(key) ?? [];
  const attempt = attempts.length + 1;
  attempts.push(spec.jobs.map((job) => jobJson(state, spec, job, attempt)));
  state.runs.set(key, attempts);
  for (const job of spec.jobs) state.logs.set(String(job.id), job.log ?? "");
}

function jobJson(state: FakeState, run: FakeRunSpec, job: FakeJobSpec, attempt: number) {
  const started = "2026-11-20T10:00:00Z";
  const completed = "2026-11-20T10:04:00Z";
  const step = (name: string, number: number, conclusion: string | null) => ({
    name,
    number,
    status: "completed",
    conclusion,
    started_at: started,
    completed_at: completed,
  });
  const steps = [step("Set up job", 1, "success"), step("Run actions/checkout@v4", 2, "success")];
  if (job.failedStep) steps.push(step(job.failedStep, 3, "failure"));
  steps.push(step("Complete job", steps.length + 1, "success"));
  return {
    id: BigInt(job.id),
    run_id: BigInt(run.runId),
    run_attempt: attempt,
    name: job.name,
    status: job.status ?? "completed",
    conclusion: job.conclusion,
    steps,
    url: `${state.url}/repos/${run.repo}/actions/jobs/${job.id}`,
    html_url: `https://github.com/${run.repo}/actions/runs/${run.runId}/job/${job.id}`,
    head_sha: run.headSha ?? "9f2c1e0d5b7a4c3e2f1a0b9c8d7e6f5a4b3c2d1e",
    head_branch: run.headBranch ?? "main",
    workflow_name: run.workflowName ?? "ci",
    runner_name: "GitHub Actions 2",
    labels: ["ubuntu-latest"],
    created_at: started,
    started_at: started,
    completed_at: completed,
  };
}

/** What a route answers; `text` is sent as is, `body` as GitHub-style JSON. */
interface Reply {
  status: number;
  body?: unknown;
  text?: string;
  headers?: Record<string, string>;
}

type Route = (state: FakeState, match: RegExpExecArray, req: RecordedRequest) => Reply;

const ROUTES: [string, RegExp, Route][] = [
  ["GET", /^\/repos\/([^/]+\/[^/]+)\/actions\/runs\/(\d+)\/jobs$/, listJobs],
  ["GET", /^\/repos\/([^/]+\/[^/]+)\/actions\/jobs\/(\d+)\/logs$/, redirectToLog],
  ["GET", /^\/_logs\/(\d+)$/, serveLog],
  ["POST", /^\/repos\/([^/]+\/[^/]+)\/actions\/runs\/(\d+)\/rerun-failed-jobs$/, rerunFailedJobs],
  ["POST", /^\/app\/installations\/(\d+)\/access_tokens$/, createInstallationToken],
];

function route(state: FakeState, req: RecordedRequest): Reply {
  const cacheReply = state.caches.route(state.url, req);
  if (cacheReply) return cacheReply;
  const { pathname } = new URL(req.path, state.url);
  for (const [method, pattern, handler] of ROUTES) {
    const match = pattern.exec(pathname);
    if (match && method === req.method) return handler(state, match, req);
  }
  return githubError(404, "Not Found");
}

function listJobs(state: FakeState, match: RegExpExecArray, req: RecordedRequest): Reply {
  const attempts = state.runs.get(`${match[1]}#${match[2]}`);
  if (!attempts) return githubError(404, "Not Found");
  const url = new URL(req.path, state.url);
  const query = url.searchParams;
  const jobs = query.get("filter") === "all" ? attempts.flat() : (attempts.at(-1) ?? []);
  const perPage = Math.min(100, Number(query.get("per_page") ?? 30) || 30);
  const page = Math.max(1, Number(query.get("page") ?? 1) || 1);
  const lastPage = Math.max(1, Math.ceil(jobs.length / perPage));
  const link = (n: number, rel: string) => {
    query.set("page", String(n));
    return `<${state.url}${url.pathname}?${query}>; rel="${rel}"`;
  };
  const headers: Record<string, string> = {};
  if (page < lastPage) headers.link = `${link(page + 1, "next")}, ${link(lastPage, "last")}`;
  const slice = jobs.slice((page - 1) * perPage, page * perPage);
  return { status: 200, body: { total_count: jobs.length, jobs: slice }, headers };
}

/** Like GitHub: a 302 to a short-lived URL elsewhere (here: on the same server). */
function redirectToLog(state: FakeState, match: RegExpExecArray): Reply {
  if (!state.logs.has(match[2] ?? "")) return githubError(404, "Not Found");
  return { status: 302, text: "", headers: { location: `${state.url}/_logs/${match[2]}` } };
}

function serveLog(state: FakeState, match: RegExpExecArray): Reply {
  const log = state.logs.get(match[1] ?? "");
  if (log === undefined) return { status: 404, text: "BlobNotFound" };
  return { status: 200, text: log, headers: { "content-type": "text/plain; charset=utf-8" } };
}

function rerunFailedJobs(state: FakeState, match: RegExpExecArray, req: RecordedRequest): Reply {
  if (!req.headers.authorization) return githubError(401, "Requires authentication");
  if (!state.runs.has(`${match[1]}#${match[2]}`)) return githubError(404, "Not Found");
  state.reruns.push({ repo: match[1] ?? "", runId: match[2] ?? "" });
  return { status: 201, body: {} };
}

/** Checks only the shape of the App JWT; tests verify its signature with their own key. */
function createInstallationToken(_s: FakeState, _m: RegExpExecArray, req: RecordedRequest): Reply {
  if (!/^bearer [\w-]+\.[\w-]+\.[\w-]+$/i.test(req.headers.authorization ?? "")) {
    return githubError(401, "A JSON web token could not be decoded");
  }
  const expiresAt = new Date(Date.now() + 3_600_000).toISOString().replace(/\.\d+Z$/, "Z");
  const token = `ghs_${randomBytes(18).toString("hex")}`;
  const permissions = { actions: "write", metadata: "read" };
  return {
    status: 201,
    body: { token, expires_at: expiresAt, permissions, repository_selection: "all" },
  };
}

function githubError(status: number, message: string): Reply {
  return { status, body: { message, documentation_url: DOCS, status: String(status) } };
}

function send(res: ServerResponse, reply: Reply): void {
  const text = reply.text ?? rawJson(reply.body);
  const type =
    reply.text === undefined ? { "content-type": "application/json; charset=utf-8" } : {};
  res.writeHead(reply.status, { ...type, ...rateHeaders(), ...reply.headers }).end(text);
}

/** JSON with bigints written as raw digits, the way GitHub writes ids (Node 20 has no JSON.rawJSON). */
function rawJson(value: unknown): string {
  const text = JSON.stringify(value, (_key, v) => (typeof v === "bigint" ? `${RAW}${v}` : v));
  return text.replace(new RegExp(`"${RAW}(\\d+)"`, "g"), "$1");
}

function rateHeaders(): Record<string, string> {
  return {
    "x-github-request-id": randomBytes(8).toString("hex").toUpperCase(),
    "x-ratelimit-limit": "5000",
    "x-ratelimit-remaining": "4999",
    "x-ratelimit-reset": String(Math.floor(Date.now() / 1000) + 3600),
    "x-ratelimit-resource": "core",
  };
}

function record(req: IncomingMessage, body: string): RecordedRequest {
  let json: unknown;
  try {
    json = body ? JSON.parse(body) : undefined;
  } catch {
    json = undefined;
  }
  const method = req.method ?? "GET";
  return { method, path: req.url ?? "/", headers: req.headers, body, json, faulted: false };
}
