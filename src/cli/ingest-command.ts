import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { Webhooks } from "@octokit/webhooks";
import { loadConfig } from "../config/load-config.js";
import { signPitcrewBody } from "../http/signatures.js";
import { openRuntime } from "../main.js";
import type { Store } from "../ports.js";
import { dataDirHolder } from "../store/json/index.js";
import { print } from "./output.js";

/** Options of `pitcrew ingest`. */
export interface IngestOptions {
  provider: "github" | "ci";
  event: string;
  delivery?: string;
  json?: boolean;
}

/**
 * `pitcrew ingest <payload.json>`: feeds a saved webhook payload through the same route a
 * delivery takes. With a server holding the data dir it is POSTed to that server; otherwise
 * it runs in-process and the jobs that are due now run before the command returns.
 */
export async function ingestCommand(
  env: NodeJS.ProcessEnv,
  file: string,
  opts: IngestOptions,
): Promise<void> {
  const body = readFileSync(file === "-" ? 0 : file, "utf8");
  const { config, secrets } = loadConfig(env);
  const deliveryId =
    opts.delivery ?? `cli-${createHash("sha256").update(body).digest("hex").slice(0, 24)}`;
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (opts.provider === "github") {
    headers["x-github-event"] = opts.event;
    headers["x-github-delivery"] = deliveryId;
    const secret = secrets.GITHUB_WEBHOOK_SECRET?.reveal();
    if (secret) headers["x-hub-signature-256"] = await new Webhooks({ secret }).sign(body);
  } else {
    headers["x-pitcrew-delivery"] = deliveryId;
    const secret = secrets.CI_WEBHOOK_SECRET?.reveal();
    if (secret) headers["x-pitcrew-signature"] = signPitcrewBody(secret, body);
  }
  const path = `/webhooks/${opts.provider}`;
  const holder = dataDirHolder(config.store.dataDir);
  const result = holder
    ? await postToServer(env, config.server.port, path, headers, body)
    : await runInProcess(env, path, headers, body);
  print(opts.json ?? false, result, () => describe(result, holder));
  if (result.status >= 400) process.exitCode = 1;
}

interface IngestResult {
  status: number;
  response: unknown;
  incidents?: unknown[];
}

async function postToServer(
  env: NodeJS.ProcessEnv,
  port: number,
  path: string,
  headers: Record<string, string>,
  body: string,
): Promise<IngestResult> {
  const base = env.PITCREW_URL ?? `http://127.0.0.1:${port}`;
  const response = await fetch(new URL(path, base), { method: "POST", headers, body });
  return { status: response.status, response: await response.json().catch(() => null) };
}

async function runInProcess(
  env: NodeJS.ProcessEnv,
  path: string,
  headers: Record<string, string>,
  body: string,
): Promise<IngestResult> {
  const runtime = await openRuntime(env);
  try {
    const before = await snapshot(runtime.backend.store);
    const reply = await runtime.app.http.inject({
      method: "POST",
      url: path,
      headers,
      payload: body,
    });
    await runtime.app.worker.runDue();
    const after = await runtime.backend.store.listIncidents({ includeResolved: true });
    const incidents = after.filter(
      (incident) => before.get(incident.id) !== JSON.stringify(incident),
    );
    const response: unknown = reply.json();
    return { status: reply.statusCode, response, incidents };
  } finally {
    await runtime.app.http.close();
    await runtime.close();
  }
}

/** Incidents by id as JSON text, to report which ones this ingest touched. */
async function snapshot(store: Store): Promise<Map<string, string>> {
  const incidents = await store.listIncidents({ includeResolved: true });
  return new Map(incidents.map((incident) => [incident.id, JSON.stringify(incident)]));
}

function describe(result: IngestResult, holder: number | null): string {
  const via = holder ? `sent to the running server (pid ${holder})` : "processed in-process";
  const lines = [`${result.status} ${JSON.stringify(result.response)} — ${via}`];
  for (const incident of (result.incidents ?? []) as {
    id: string;
    status: string;
    classification: { type: string };
  }[]) {
    lines.push(`  ${incident.id} ${incident.status} ${incident.classification.type}`);
  }
  return lines.join("\n");
}
