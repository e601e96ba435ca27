/**
 * Discrete-event replay of the AWS "Exponential Backoff And Jitter" contention experiment
 * (aws-samples/aws-arch-backoff-simulator, `src/backoff_simulator.py`; research notes
 * resilience.md §2.1), in virtual time so a run costs microseconds, not seconds of sleeping.
 *
 * N clients each want one successful optimistic-concurrency update of one row: read the version,
 * write it back conditionally, and on a conflict back off and read again. Every message takes
 * |Normal(10 ms, sd 2 ms)|. Like the original, a client's retry number n counts its failed writes
 * (the first retry has n = 1), and the backoff is added to the delay of the next read.
 */
import { fullJitterDelay } from "../src/lib/backoff.js";
import { seededRandom } from "./generate-log.js";

/** Per client: the sleep before retry `attempt` (≥ 1). Stateful for decorrelated jitter. */
export type BackoffFn = (attempt: number) => number;

export interface Algorithm {
  name: string;
  /** A fresh backoff for one client; `random` is the simulation's stream, so runs replay. */
  forClient: (random: () => number, baseMs: number, capMs: number) => BackoffFn;
}

const expo = (attempt: number, baseMs: number, capMs: number) =>
  Math.min(capMs, baseMs * 2 ** attempt);

// The reference formulas for the comparison rows; only full jitter ships (src/lib/backoff.ts),
// so it is the one row that runs production code.
export const algorithms: readonly Algorithm[] = [
  { name: "none", forClient: () => () => 0 },
  { name: "exponential", forClient: (_r, base, cap) => (n) => expo(n, base, cap) },
  {
    name: "equal jitter",
    forClient: (random, base, cap) => (n) => {
      const t = expo(n, base, cap);
      return t / 2 + random() * (t / 2);
    },
  },
  {
    name: "full jitter",
    forClient: (random, base, cap) => (n) => fullJitterDelay(n, base, cap, random()),
  },
  {
    name: "decorrelated",
    forClient: (random, base, cap) => {
      let sleep = base;
      return () => {
        sleep = Math.min(cap, base + random() * (sleep * 3 - base));
        return sleep;
      };
    },
  },
];

export interface SimOptions {
  clients: number;
  algorithm: Algorithm;
  random: () => number;
  baseMs?: number;
  capMs?: number;
  netMeanMs?: number;
  netSdMs?: number;
}

export interface SimResult {
  /** Write attempts seen by the server (the experiment's "calls"). */
  calls: number;
  /** Virtual time at which the last client learned that its write succeeded. */
  completionMs: number;
  /** The row's version at the end: one increment per successful write. */
  finalVersion: number;
  writesPerClient: number[];
  successesPerClient: number[];
}

type Kind = "read" | "readRsp" | "write" | "writeRsp";
interface Event {
  at: number;
  seq: number;
  kind: Kind;
  client: number;
  /** The version read (readRsp, write) or whether the write won (writeRsp: 1 or 0). */
  value: number;
}

/** Min-heap on (at, seq); seq breaks ties in creation order, so equal times stay deterministic. */
class EventQueue {
  #items: Event[] = [];
  get size() {
    return this.#items.length;
  }
  #less(a: Event, b: Event) {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }
  push(event: Event) {
    const items = this.#items;
    items.push(event);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = items[parent] as Event;
      if (!this.#less(event, p)) break;
      items[i] = p;
      i = parent;
    }
    items[i] = event;
  }
  pop(): Event | undefined {
    const items = this.#items;
    const top = items[0];
    const last = items.pop();
    if (top === undefined || last === undefined || items.length === 0) return top;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= items.length) break;
      const right = left + 1;
      const l = items[left] as Event;
      const r = items[right];
      const child = r !== undefined && this.#less(r, l) ? right : left;
      const c = items[child] as Event;
      if (!this.#less(c, last)) break;
      items[i] = c;
      i = child;
    }
    items[i] = last;
    return top;
  }
}

export function simulate(options: SimOptions): SimResult {
  const { clients, algorithm, random } = options;
  const baseMs = options.baseMs ?? 5;
  const capMs = options.capMs ?? 2000;
  const mean = options.netMeanMs ?? 10;
  const sd = options.netSdMs ?? 2;
  // Box–Muller; 1 - random() keeps the logarithm's argument in (0, 1].
  const netDelay = () =>
    Math.abs(mean + sd * Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random()));

  const backoffs = Array.from({ length: clients }, () =>
    algorithm.forClient(random, baseMs, capMs),
  );
  const failures = new Array<number>(clients).fill(0);
  const writesPerClient = new Array<number>(clients).fill(0);
  const successesPerClient = new Array<number>(clients).fill(0);
  const queue = new EventQueue();
  let seq = 0;
  const send = (at: number, kind: Kind, client: number, value = 0) =>
    queue.push({ at, seq: seq++, kind, client, value });

  for (let c = 0; c < clients; c++) send(netDelay(), "read", c);
  let version = 0;
  let calls = 0;
  let now = 0;
  for (let event = queue.pop(); event; event = queue.pop()) {
    if (event.at < now) throw new Error("simulation time went backwards");
    now = event.at;
    const c = event.client;
    switch (event.kind) {
      case "read":
        send(now + netDelay(), "readRsp", c, version);
        break;
      case "readRsp":
        send(now + netDelay(), "write", c, event.value);
        break;
      case "write": {
        calls++;
        writesPerClient[c] = (writesPerClient[c] ?? 0) + 1;
        const won = event.value === version;
        if (won) version++;
        send(now + netDelay(), "writeRsp", c, won ? 1 : 0);
        break;
      }
      case "writeRsp": {
        if (event.value === 1) {
          successesPerClient[c] = (successesPerClient[c] ?? 0) + 1;
          break;
        }
        const attempt = (failures[c] ?? 0) + 1;
        failures[c] = attempt;
        const sleep = (backoffs[c] as BackoffFn)(attempt);
        send(now + netDelay() + sleep, "read", c);
        break;
      }
    }
  }
  return { calls, completionMs: now, finalVersion: version, writesPerClient, successesPerClient };
}

export interface CellResult {
  clients: number;
  algorithm: string;
  calls: number[];
  completionMs: number[];
}

/**
 * `runs` simulations of one (clients, algorithm) cell. Run r of every algorithm starts from the
 * same PRNG seed, so the first round of network delays is shared and the rows differ by the
 * backoff, not by luck.
 */
export function runCell(
  clients: number,
  algorithm: Algorithm,
  runs: number,
  seed: number,
): CellResult {
  const calls: number[] = [];
  const completionMs: number[] = [];
  for (let r = 0; r < runs; r++) {
    const random = seededRandom(Math.imul(seed, 0x9e3779b1) ^ Math.imul(clients, 0x85ebca6b) ^ r);
    const result = simulate({ clients, algorithm, random });
    calls.push(result.calls);
    completionMs.push(result.completionMs);
  }
  return { clients, algorithm: algorithm.name, calls, completionMs };
}
