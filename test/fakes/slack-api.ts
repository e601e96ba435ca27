/**
 * A fake Slack Web API: a real HTTP server on 127.0.0.1 speaking the wire format the WebClient
 * uses (integrations.md §3.5): `POST /api/<method>`, form-encoded bodies with object arguments
 * (blocks) JSON-stringified into a field, `Authorization: Bearer xoxb-…`, HTTP 200 answers with
 * `{ok:true, …}` or `{ok:false, error}`, 429 + `Retry-After` for rate limits. Faults are taken
 * before routing, so a faulted request has no effect (a 503'd post posted nothing).
 */
import { createHash } from "node:crypto";
import { createServer } from "node:http";
import {
  closeServer,
  FaultPlan,
  listenLocal,
  type RecordedRequest,
  readBody,
  status,
} from "./faults.js";

/** A request the fake received, with the Web API method and its decoded form fields. */
export interface SlackRecordedRequest extends RecordedRequest {
  /** `chat.postMessage`, `chat.update`, `auth.test`, … */
  apiMethod: string;
  /** Form fields (or the JSON body's top-level values as strings). */
  form: Record<string, string>;
}

/** One version of a message's content. */
export interface FakeSlackContent {
  text: string;
  blocks: Record<string, unknown>[] | null;
}

/** A message as the fake stores it: its current content and every earlier version. */
export interface FakeSlackMessage extends FakeSlackContent {
  channel: string;
  ts: string;
  /** Earlier versions, oldest first (one per `chat.update`). */
  history: FakeSlackContent[];
}

export interface FakeSlackOptions {
  token?: string;
  /** Channels (names like `#ci` or ids) that exist; default: every channel exists. */
  channels?: string[];
}

export interface FakeSlack {
  url: string;
  /** `${url}/api/`: the `slackApiUrl` (SLACK_API_URL) to configure, trailing slash included. */
  apiUrl: string;
  token: string;
  requests: SlackRecordedRequest[];
  /** Messages per channel id, in posting order. */
  messages: Map<string, FakeSlackMessage[]>;
  /** The channel id the fake gives a channel name (`#ci` → `C…`); ids map to themselves. */
  channelId(nameOrId: string): string;
  /** The next request answers 429 with `Retry-After: seconds`. */
  rateLimitNext(seconds: number): void;
  /** The next request answers HTTP 200 `{ok:false, error}` (e.g. `invalid_auth`). */
  platformErrorNext(error: string): void;
  /** Every request answers 503 until `up()`. */
  down(): void;
  up(): void;
  faults: FaultPlan;
  close(): Promise<void>;
}

/** Block Kit limits the fake enforces (integrations.md §3.6). */
export const LIMITS = { blocks: 50, sectionText: 3000, headerText: 150, aggregateText: 13_000 };

/** Starts the fake on a random port of 127.0.0.1. */
export async function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  const token = options.token ?? "xoxb-fake-0000-1111-abcdefghijklmnop";
  const known = options.channels ? new Set(options.channels.map(channelId)) : null;
  const requests: SlackRecordedRequest[] = [];
  const messages = new Map<string, FakeSlackMessage[]>();
  let posted = 0;
  const faults = new FaultPlan({
    errorBody: (code) => ({
      ok: false,
      error: code === 429 ? "ratelimited" : "service_unavailable",
    }),
  });
  const outage = status(503, undefined, "<html><body>503 Service Unavailable</body></html>");

  const route = (req: SlackRecordedRequest): Reply => {
    const path = req.path.split("?")[0] ?? "";
    if (req.method !== "POST" || !path.startsWith("/api/")) return { status: 404, body: "" };
    const auth = req.headers.authorization ?? (req.form.token ? `Bearer ${req.form.token}` : "");
    if (auth === "") return fail("not_authed");
    if (auth !== `Bearer ${token}`) return fail("invalid_auth");
    const form = req.form;
    switch (req.apiMethod) {
      case "auth.test":
        return ok({
          url: "https://fake.slack.com/",
          team: "Fake Team",
          user: "pitcrew",
          team_id: "T0FAKE",
          user_id: "U0FAKEBOT",
          bot_id: "B0FAKE",
        });
      case "chat.postMessage": {
        const content = parseContent(form);
        if ("error" in content) return fail(content.error, content.messages);
        const channel = resolve(form.channel);
        if (channel === null) return fail("channel_not_found");
        posted += 1;
        const message: FakeSlackMessage = { channel, ts: tsOf(posted), ...content, history: [] };
        messages.set(channel, [...(messages.get(channel) ?? []), message]);
        return ok({ channel, ts: message.ts, message: wire(message) });
      }
      case "chat.update": {
        const content = parseContent(form);
        if ("error" in content) return fail(content.error, content.messages);
        const channel = resolve(form.channel);
        if (channel === null) return fail("channel_not_found");
        const message = messages.get(channel)?.find((m) => m.ts === form.ts);
        if (!message) return fail("message_not_found");
        message.history.push({ text: message.text, blocks: message.blocks });
        message.text = content.text;
        message.blocks = content.blocks;
        return ok({ channel, ts: message.ts, text: message.text, message: wire(message) });
      }
      default:
        return { status: 404, body: { ok: false, error: "unknown_method" } };
    }
  };

  const resolve = (channel: string | undefined): string | null => {
    if (!channel) return null;
    const id = channelId(channel);
    return known === null || known.has(id) ? id : null;
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
        const text = typeof reply.body === "string" ? reply.body : JSON.stringify(reply.body);
        res.writeHead(reply.status, { "content-type": "application/json; charset=utf-8" });
        res.end(text);
      },
      () => req.socket.destroy(),
    );
  });
  const url = await listenLocal(server);
  return {
    url,
    apiUrl: `${url}/api/`,
    token,
    requests,
    messages,
    channelId,
    rateLimitNext: (seconds) => {
      faults.next(status(429, { "retry-after": String(seconds) }));
    },
    platformErrorNext: (error) => {
      faults.next(status(200, undefined, { ok: false, error }));
    },
    down: () => {
      faults.always(outage);
    },
    up: () => faults.clear(),
    faults,
    close: () => closeServer(server, faults),
  };
}

interface Reply {
  status: number;
  body: unknown;
}

const ok = (body: Record<string, unknown>): Reply => ({ status: 200, body: { ok: true, ...body } });
const fail = (error: string, messages?: string[]): Reply => ({
  status: 200,
  body: { ok: false, error, ...(messages ? { response_metadata: { messages } } : {}) },
});

/** `1700000000.000100`, `1700000000.000200`, …: unique, increasing, Slack-shaped. */
function tsOf(n: number): string {
  const micros = n * 100;
  return `${1_700_000_000 + Math.floor(micros / 1_000_000)}.${String(micros % 1_000_000).padStart(6, "0")}`;
}

/** Ids (`C…`, `G…`, `D…`) stay; names get a stable fake id. */
function channelId(nameOrId: string): string {
  if (/^[CGD][A-Z0-9]{6,}$/.test(nameOrId)) return nameOrId;
  const name = nameOrId.replace(/^#/, "");
  return `C${createHash("sha1").update(name).digest("hex").slice(0, 9).toUpperCase()}`;
}

/** Text and blocks of a post or update, checked against the Block Kit limits. */
function parseContent(
  form: Record<string, string>,
): FakeSlackContent | { error: string; messages?: string[] } {
  let blocks: Record<string, unknown>[] | null = null;
  if (form.blocks !== undefined) {
    try {
      blocks = JSON.parse(form.blocks) as Record<string, unknown>[];
    } catch {
      return { error: "invalid_blocks_format" };
    }
    if (!Array.isArray(blocks)) return { error: "invalid_blocks_format" };
    const problems = blockProblems(blocks);
    if (problems.length > 0) return { error: "invalid_blocks", messages: problems };
    if (textLength(blocks) > LIMITS.aggregateText) return { error: "msg_blocks_too_long" };
  }
  const text = form.text ?? "";
  if (text === "" && (blocks === null || blocks.length === 0)) return { error: "no_text" };
  return { text, blocks };
}

function blockProblems(blocks: Record<string, unknown>[]): string[] {
  const problems: string[] = [];
  if (blocks.length > LIMITS.blocks) {
    problems.push(`[ERROR] must provide at most ${LIMITS.blocks} items [json-pointer:/blocks]`);
  }
  blocks.forEach((block, i) => {
    const text = (block.text as { text?: unknown } | undefined)?.text;
    const length = typeof text === "string" ? text.length : 0;
    const max = block.type === "header" ? LIMITS.headerText : LIMITS.sectionText;
    if (typeof block.type !== "string")
      problems.push(`[ERROR] missing type [json-pointer:/blocks/${i}]`);
    if ((block.type === "section" || block.type === "header") && length > max) {
      problems.push(
        `[ERROR] must be less than ${max + 1} characters [json-pointer:/blocks/${i}/text]`,
      );
    }
  });
  return problems;
}

/** Characters of every `text` string in the blocks (Slack's undocumented ~13 k aggregate cap). */
export function textLength(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((sum: number, v) => sum + textLength(v), 0);
  if (value === null || typeof value !== "object") return 0;
  let sum = 0;
  for (const [key, v] of Object.entries(value)) {
    sum += key === "text" && typeof v === "string" ? v.length : textLength(v);
  }
  return sum;
}

function wire(message: FakeSlackMessage): Record<string, unknown> {
  return {
    type: "message",
    user: "U0FAKEBOT",
    bot_id: "B0FAKE",
    text: message.text,
    ts: message.ts,
    ...(message.blocks ? { blocks: message.blocks } : {}),
    ...(message.history.length > 0 ? { edited: { user: "U0FAKEBOT", ts: message.ts } } : {}),
  };
}

function record(
  method: string,
  path: string,
  headers: RecordedRequest["headers"],
  body: string,
): SlackRecordedRequest {
  const apiMethod = (path.split("?")[0] ?? "").replace(/^\/api\//, "");
  let json: unknown;
  let form: Record<string, string> = {};
  if (String(headers["content-type"] ?? "").includes("application/json")) {
    try {
      json = JSON.parse(body);
      form = Object.fromEntries(
        Object.entries(json as Record<string, unknown>).map(([k, v]) => [
          k,
          typeof v === "string" ? v : JSON.stringify(v),
        ]),
      );
    } catch {
      json = undefined;
    }
  } else {
    form = Object.fromEntries(new URLSearchParams(body));
  }
  return { method, path, headers, body, json, faulted: false, apiMethod, form };
}
