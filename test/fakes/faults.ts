/**
 * Fault injection shared by the fake servers: a plan the fake consults once per request, before
 * routing, so a faulted request never has the route's side effect (a 503'd re-run did not re-run).
 *
 * What a client sees on the wire (Node 20 fetch / undici 6):
 * - `reset`: the socket is closed with a TCP RST, so fetch rejects with `TypeError("fetch failed")`
 *   whose `cause` is `Error("read ECONNRESET")` with `code: "ECONNRESET"`. (A plain FIN close would
 *   instead give `SocketError("other side closed")`, code `UND_ERR_SOCKET`; we send RST because
 *   that is what a dropped connection behind a load balancer looks like.)
 * - `hang`: the request is read and never answered; only the client's timeout ends it, or
 *   `closeServer`, which destroys the held sockets so the test process can exit.
 */
import type { IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from "node:http";
import type { Socket } from "node:net";

export type Fault =
  | { kind: "status"; status: number; headers?: Record<string, string>; body?: unknown }
  | { kind: "hang" }
  | { kind: "reset" };

/** Which requests a planned fault applies to; an empty filter matches every request. */
export interface FaultFilter {
  /** String: the exact pathname (query ignored). RegExp: tested on path + query. */
  path?: string | RegExp;
  method?: string;
}

/** The parts of a request a filter looks at. */
export interface FaultRequest {
  method: string;
  path: string;
}

/** How a fake dresses its status faults, so they look like its vendor's own errors. */
export interface FaultPlanOptions {
  /** Body of a status fault that has none; default `{ message: "Injected <status>" }`. */
  errorBody?: (status: number) => unknown;
  /** Headers every status fault carries before its own (e.g. rate-limit headers). */
  headers?: () => Record<string, string>;
}

interface Planned {
  fault: Fault;
  filter: FaultFilter;
  /** Remaining uses; Infinity for `always`. */
  left: number;
}

export class FaultPlan {
  private readonly once: Planned[] = [];
  private standing: Planned[] = [];
  private readonly hung = new Set<Socket>();

  constructor(private readonly options: FaultPlanOptions = {}) {}

  /** The next `times` matching requests get `fault`; one-shot faults are used in the order added. */
  next(fault: Fault, times = 1, filter: FaultFilter = {}): this {
    if (times > 0) this.once.push({ fault, filter, left: times });
    return this;
  }

  /** Every matching request gets `fault` until `clear()`; the latest standing fault wins. */
  always(fault: Fault, filter: FaultFilter = {}): this {
    this.standing.unshift({ fault, filter, left: Number.POSITIVE_INFINITY });
    return this;
  }

  /** Forgets all planned faults (hung requests stay hung until `closeServer`). */
  clear(): void {
    this.once.length = 0;
    this.standing = [];
  }

  /** The planned faults not used up yet, e.g. to assert that a test consumed what it planned. */
  get pending(): number {
    return this.once.reduce((sum, p) => sum + p.left, 0);
  }

  /**
   * Consumes and returns the fault for this request, or null to serve it normally. One-shot faults
   * come before standing ones so a test can put a blip on top of an outage. Without a request,
   * only unfiltered faults match.
   */
  take(request?: FaultRequest): Fault | null {
    const index = this.once.findIndex((p) => matches(p.filter, request));
    const planned = index >= 0 ? this.once[index] : undefined;
    if (planned) {
      planned.left -= 1;
      if (planned.left <= 0) this.once.splice(index, 1);
      return planned.fault;
    }
    return this.standing.find((p) => matches(p.filter, request))?.fault ?? null;
  }

  /** Carries out `fault` on a request whose body has been read. */
  apply(fault: Fault, req: IncomingMessage, res: ServerResponse): void {
    if (fault.kind === "reset") {
      req.socket.resetAndDestroy();
    } else if (fault.kind === "hang") {
      const socket = req.socket;
      this.hung.add(socket);
      socket.once("close", () => this.hung.delete(socket));
    } else {
      const body = fault.body ?? this.options.errorBody?.(fault.status) ?? injected(fault.status);
      // A string body goes out as is, so a test can send HTML error pages or malformed JSON.
      const text = typeof body === "string" ? body : JSON.stringify(body);
      const type: Record<string, string> =
        typeof body === "string" ? {} : { "content-type": "application/json; charset=utf-8" };
      const headers = { ...type, ...this.options.headers?.(), ...fault.headers };
      res.writeHead(fault.status, headers).end(text);
    }
  }

  /** Destroys the sockets of hung requests; `closeServer` calls it. */
  release(): void {
    for (const socket of this.hung) socket.destroy();
    this.hung.clear();
  }
}

/** Shorthands, so plans read like the issue: `faults.next(status(429, { "retry-after": "2" }))`. */
export const status = (code: number, headers?: Record<string, string>, body?: unknown): Fault => ({
  kind: "status",
  status: code,
  ...(headers ? { headers } : {}),
  ...(body === undefined ? {} : { body }),
});
export const hang: Fault = { kind: "hang" };
export const reset: Fault = { kind: "reset" };

/** Starts `server` on a random port of 127.0.0.1 and returns its base URL. */
export async function listenLocal(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no TCP address");
  return `http://127.0.0.1:${address.port}`;
}

/**
 * Closes the server without waiting for clients: hung requests and the keep-alive sockets of
 * fetch's global pool would otherwise keep `server.close()` (and vitest) waiting forever.
 */
export function closeServer(server: Server, plan?: FaultPlan): Promise<void> {
  plan?.release();
  return new Promise<void>((resolve) => {
    // Resolves even if already closed, so a test's afterEach may close a fake twice.
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** Reads the whole request body as UTF-8. */
export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function matches(filter: FaultFilter, request: FaultRequest | undefined): boolean {
  if (filter.method === undefined && filter.path === undefined) return true;
  if (!request) return false;
  if (filter.method !== undefined && filter.method.toUpperCase() !== request.method) return false;
  if (filter.path === undefined) return true;
  if (typeof filter.path === "string") return request.path.split("?")[0] === filter.path;
  // A /g or /y pattern keeps state between test() calls; a filter must not.
  filter.path.lastIndex = 0;
  return filter.path.test(request.path);
}

function injected(code: number): unknown {
  return { message: `Injected ${code}` };
}

/** A request a fake received. `json` is the parsed body when it was JSON. */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  json: unknown;
  /** True when a fault answered it instead of the route (it then had no effect on the fake). */
  faulted: boolean;
}
