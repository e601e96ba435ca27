import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openRuntime, type Runtime } from "../../src/main.js";
import { FakeClock } from "./fake-clock.js";
import { recordingLogger } from "./silent-logger.js";

/** A runtime built by the real composition root, on a temp data dir, a fake clock and fixed jitter. */
export interface TestRuntime extends Runtime {
  clock: FakeClock;
  dataDir: string;
  logs: ReturnType<typeof recordingLogger>;
  /** Base URL of the listening server. */
  url: string;
  stop(): Promise<void>;
}

/** Starts the app in-process, listening on 127.0.0.1 with a random port. */
export async function startTestRuntime(
  env: Record<string, string>,
  options: { dataDir?: string; clock?: FakeClock; random?: () => number } = {},
): Promise<TestRuntime> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), "pitcrew-test-"));
  const clock = options.clock ?? new FakeClock();
  const logs = recordingLogger();
  const cwd = mkdtempSync(join(tmpdir(), "pitcrew-cwd-"));
  const runtime = await openRuntime(
    { PITCREW_DATA_DIR: dataDir, ...env },
    { clock, logger: logs, random: options.random ?? (() => 0.5), cwd },
  );
  const url = await runtime.app.http.listen({ port: 0, host: "127.0.0.1" });
  const stop = async () => {
    await runtime.app.http.close();
    await runtime.app.worker.stop();
    await runtime.close();
  };
  return { ...runtime, clock, dataDir, logs, url, stop };
}
