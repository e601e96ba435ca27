/**
 * A generic JSON destination (a chat webhook, a pager, ...): a real HTTP server on 127.0.0.1 that
 * accepts `POST /send`, with the same fault plan as the GitHub fake and an optional delay, so a
 * test can send a second, independent destination through the same outbound layer and check that
 * one slow or failing destination does not hold up the other.
 */
import { createServer } from "node:http";
import { closeServer, FaultPlan, listenLocal, type RecordedRequest, readBody } from "./faults.js";

/** A request the destination received, recorded on arrival (before any delay). */
export interface ReceivedRequest extends RecordedRequest {
  receivedAt: number;
}

export interface FakeDestinationOptions {
  /** How long every answer (normal or status fault) waits; default 0. */
  delayMs?: number;
}

export interface FakeDestination {
  name: string;
  url: string;
  /** `${url}/send`, the endpoint to configure in the code under test. */
  sendUrl: string;
  received: ReceivedRequest[];
  /** Ids of the messages answered with 200, in order. */
  delivered: string[];
  faults: FaultPlan;
  /** Changes the delay for requests arriving from now on. */
  setDelay(ms: number): void;
  close(): Promise<void>;
}

/** Starts a destination on a random port of 127.0.0.1; `name` prefixes the ids it hands out. */
export async function startFakeDestination(
  name: string,
  options: FakeDestinationOptions = {},
): Promise<FakeDestination> {
  let delayMs = options.delayMs ?? 0;
  const received: ReceivedRequest[] = [];
  const delivered: string[] = [];
  const faults = new FaultPlan();
  const timers = new Set<NodeJS.Timeout>();
  // Delayed answers are timers; at close they are dropped so nothing fires into a closed server.
  const later = (ms: number, run: () => void) => {
    if (ms <= 0) return run();
    const timer = setTimeout(() => {
      timers.delete(timer);
      run();
    }, ms);
    timers.add(timer);
  };

  const server = createServer((req, res) => {
    readBody(req).then(
      (body) => {
        const path = req.url ?? "/";
        const method = req.method ?? "GET";
        // Taken on arrival, not after the delay, so `next(fault, n)` hits the first n to arrive.
        const fault = faults.take({ method, path });
        received.push({
          method,
          path,
          headers: req.headers,
          body,
          json: parseJson(body),
          faulted: fault !== null,
          receivedAt: Date.now(),
        });
        later(delayMs, () => {
          // The client may have given up during the delay; answering a dead socket is harmless
          // but a reset would throw on it.
          if (req.socket.destroyed) return;
          if (fault) return faults.apply(fault, req, res);
          const reply = answer(name, method, path, body, delivered);
          res.writeHead(reply.status, { "content-type": "application/json; charset=utf-8" });
          res.end(JSON.stringify(reply.body));
        });
      },
      () => req.socket.destroy(),
    );
  });
  const url = await listenLocal(server);
  return {
    name,
    url,
    sendUrl: `${url}/send`,
    received,
    delivered,
    faults,
    setDelay: (ms) => {
      delayMs = ms;
    },
    close: () => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      return closeServer(server, faults);
    },
  };
}

function answer(
  name: string,
  method: string,
  path: string,
  body: string,
  delivered: string[],
): { status: number; body: unknown } {
  if (path.split("?")[0] !== "/send")
    return { status: 404, body: { ok: false, error: "not_found" } };
  if (method !== "POST") return { status: 405, body: { ok: false, error: "method_not_allowed" } };
  if (body !== "" && parseJson(body) === undefined) {
    return { status: 400, body: { ok: false, error: "invalid_json" } };
  }
  const id = `${name}-${delivered.length + 1}`;
  delivered.push(id);
  return { status: 200, body: { ok: true, id } };
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}
