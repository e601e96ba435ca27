import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from "fastify";
import { buildHttpServer } from "../../src/http/server.js";
import { outboundConfigSchema } from "../../src/outbound/config.js";
import { DeadLetters } from "../../src/outbound/dead-letters.js";
import { Outbound } from "../../src/outbound/outbound.js";
import { type JsonBackend, openJsonBackend } from "../../src/store/json/index.js";
import { FakeClock } from "./fake-clock.js";
import { recordingLogger } from "./silent-logger.js";

/** The route table over a real store and a fake clock, with `call` sending the bearer token. */
export interface HttpApp {
  http: FastifyInstance;
  backend: JsonBackend;
  clock: FakeClock;
  deadLetters: DeadLetters;
  call(options: InjectOptions): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

/** Builds the real HTTP server (no job worker) on a temp data dir; `apiToken` null = loopback only. */
export async function startHttpApp(apiToken: string | null, callToken: string): Promise<HttpApp> {
  const backend = await openJsonBackend({
    dataDir: mkdtempSync(join(tmpdir(), "pitcrew-http-")),
    maxLogBytes: 1024,
    maxJobAttempts: 3,
  });
  const clock = new FakeClock();
  const deadLetters = new DeadLetters({ store: backend.store, queue: backend.queue, clock });
  const http = buildHttpServer({
    store: backend.store,
    queue: backend.queue,
    deadLetters,
    outbound: new Outbound({
      config: outboundConfigSchema.parse({}),
      clock,
      random: () => 0.5,
      logger: recordingLogger(),
    }),
    clock,
    logger: recordingLogger(),
    newEventId: () => "ev_1",
    secrets: { githubWebhook: null, ciWebhook: null, linearWebhook: null, apiToken },
    bodyLimitBytes: 1024 * 1024,
  });
  const call = (options: InjectOptions) =>
    http.inject({
      ...options,
      headers: { authorization: `Bearer ${callToken}`, ...options.headers },
    });
  const close = async () => {
    await http.close();
    await backend.store.close();
  };
  return { http, backend, clock, deadLetters, call, close };
}
