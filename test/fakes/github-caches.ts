/**
 * The fake GitHub's Actions caches and workflow_dispatch endpoints (integrations.md §4.3):
 * state per repo and the routes, mounted by `startFakeGithub` behind its fault plan.
 */
import type { RecordedRequest } from "./faults.js";

/** A cache to serve. `id` may exceed 2^53: it is written to the JSON as raw digits. */
export interface FakeCacheSpec {
  id: string | number | bigint;
  key: string;
  /** Full ref, e.g. `refs/heads/main` or `refs/pull/7/merge`. */
  ref: string;
  size?: number;
}

/** A cache the fake holds, as the test sees it (id as digits). */
export interface FakeCache {
  id: string;
  key: string;
  ref: string;
  sizeInBytes: number;
}

/** A workflow_dispatch the fake accepted. */
export interface FakeDispatch {
  repo: string;
  workflow: string;
  ref: string;
  inputs: Record<string, unknown>;
}

/** What a route answers; the mounting fake sends `body` as GitHub-style JSON, `text` as is. */
export interface CacheReply {
  status: number;
  body?: unknown;
  text?: string;
  headers?: Record<string, string>;
}

const DOCS = "https://docs.github.com/rest/actions/cache";
const REPO = "([^/]+/[^/]+)";
const LAST_ACCESSED = "2026-11-20T10:00:00Z";
/** GitHub's limit on workflow_dispatch inputs. */
const MAX_INPUTS = 25;

/** Cache and dispatch state of one fake, with the routes that read and change it. */
export class FakeCacheStore {
  readonly dispatches: FakeDispatch[] = [];
  readonly #caches = new Map<string, FakeCache[]>();

  addCache(repo: string, spec: FakeCacheSpec): void {
    const list = this.#caches.get(repo) ?? [];
    const size = spec.size ?? 1024;
    list.push({ id: String(spec.id), key: spec.key, ref: spec.ref, sizeInBytes: size });
    this.#caches.set(repo, list);
  }

  /** The caches the repo still has, in the order added. */
  caches(repo: string): FakeCache[] {
    return [...(this.#caches.get(repo) ?? [])];
  }

  /** Answers a cache or dispatch request, or null when the path is none of ours. */
  route(baseUrl: string, req: RecordedRequest): CacheReply | null {
    const url = new URL(req.path, baseUrl);
    const list = new RegExp(`^/repos/${REPO}/actions/caches$`).exec(url.pathname);
    const byId = new RegExp(`^/repos/${REPO}/actions/caches/(\\d+)$`).exec(url.pathname);
    const dispatch = new RegExp(`^/repos/${REPO}/actions/workflows/([^/]+)/dispatches$`).exec(
      url.pathname,
    );
    const repo = (list ?? byId ?? dispatch)?.[1] ?? "";
    if (list && req.method === "GET") return this.#list(baseUrl, url, repo);
    if (list && req.method === "DELETE") return this.#deleteByKey(req, url, repo);
    if (byId && req.method === "DELETE") return this.#deleteById(req, repo, byId[2] ?? "");
    if (dispatch && req.method === "POST") return this.#dispatch(req, repo, dispatch[2] ?? "");
    return null;
  }

  /** `?ref=` matches exactly, `?key=` as a prefix (GitHub: "an explicit key or prefix"). */
  #list(baseUrl: string, url: URL, repo: string): CacheReply {
    const query = url.searchParams;
    const ref = query.get("ref");
    const key = query.get("key");
    const matching = this.caches(repo).filter(
      (c) => (ref === null || c.ref === ref) && (key === null || c.key.startsWith(key)),
    );
    const perPage = Math.min(100, Number(query.get("per_page") ?? 30) || 30);
    const page = Math.max(1, Number(query.get("page") ?? 1) || 1);
    const lastPage = Math.max(1, Math.ceil(matching.length / perPage));
    const link = (n: number, rel: string) => {
      query.set("page", String(n));
      return `<${baseUrl}${url.pathname}?${query}>; rel="${rel}"`;
    };
    const headers: Record<string, string> = {};
    if (page < lastPage) headers.link = `${link(page + 1, "next")}, ${link(lastPage, "last")}`;
    const slice = matching.slice((page - 1) * perPage, page * perPage).map(cacheJson);
    return { status: 200, body: { total_count: matching.length, actions_caches: slice }, headers };
  }

  #deleteById(req: RecordedRequest, repo: string, id: string): CacheReply {
    if (!req.headers.authorization) return githubError(401, "Requires authentication");
    const list = this.#caches.get(repo) ?? [];
    const index = list.findIndex((c) => c.id === id);
    if (index < 0) return githubError(404, "Not Found");
    list.splice(index, 1);
    return { status: 204, text: "" };
  }

  /** `DELETE …/caches?key=<full key>&ref=`: deletes every match, answers the deleted list. */
  #deleteByKey(req: RecordedRequest, url: URL, repo: string): CacheReply {
    if (!req.headers.authorization) return githubError(401, "Requires authentication");
    const key = url.searchParams.get("key");
    if (!key) return githubError(422, "Invalid request.\n\nkey is missing.");
    const ref = url.searchParams.get("ref");
    const list = this.#caches.get(repo) ?? [];
    const hit = (c: FakeCache) => c.key === key && (ref === null || c.ref === ref);
    const deleted = list.filter(hit);
    if (deleted.length === 0) return githubError(404, "Not Found");
    this.#caches.set(
      repo,
      list.filter((c) => !hit(c)),
    );
    return {
      status: 200,
      body: { total_count: deleted.length, actions_caches: deleted.map(cacheJson) },
    };
  }

  #dispatch(req: RecordedRequest, repo: string, workflow: string): CacheReply {
    if (!req.headers.authorization) return githubError(401, "Requires authentication");
    const body = (req.json ?? {}) as { ref?: unknown; inputs?: unknown };
    if (typeof body.ref !== "string" || body.ref === "") {
      return githubError(422, 'Invalid request.\n\n"ref" wasn\'t supplied.');
    }
    const inputs = (body.inputs ?? {}) as Record<string, unknown>;
    if (Object.keys(inputs).length > MAX_INPUTS) {
      return githubError(422, `you may only define up to ${MAX_INPUTS} \`inputs\``);
    }
    this.dispatches.push({ repo, workflow: decodeURIComponent(workflow), ref: body.ref, inputs });
    return { status: 204, text: "" };
  }
}

/** GitHub's wire shape; the id is a bigint so the fake writes it as raw digits. */
function cacheJson(cache: FakeCache) {
  return {
    id: BigInt(cache.id),
    ref: cache.ref,
    key: cache.key,
    version: `v-${cache.id}`,
    last_accessed_at: LAST_ACCESSED,
    created_at: LAST_ACCESSED,
    size_in_bytes: cache.sizeInBytes,
  };
}

function githubError(status: number, message: string): CacheReply {
  return { status, body: { message, documentation_url: DOCS, status: String(status) } };
}
