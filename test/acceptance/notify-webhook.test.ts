import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { verifyPitcrewSignature } from "../../src/http/signatures.js";
import { ciSecret, postCi } from "../support/deliveries.js";
import { startTestRuntime, type TestRuntime } from "../support/test-runtime.js";

let runtime: TestRuntime | undefined;
let server: Server | undefined;
afterEach(async () => {
  await runtime?.stop();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(null)));
});

interface Received {
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

async function receiver(): Promise<{ url: string; received: Received[] }> {
  const received: Received[] = [];
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(202).end();
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/pitcrew`, received };
}

describe("acceptance: digests to a generic webhook receiver", () => {
  it("POSTs each digest once as signed JSON after group_wait", async () => {
    const hook = await receiver();
    const config = join(mkdtempSync(join(tmpdir(), "pitcrew-cfg-")), "pitcrew.yaml");
    writeFileSync(
      config,
      [
        "notifications:",
        "  routes:",
        "    - receivers: [webhook:pager]",
        "  webhooks:",
        `    - { name: pager, url: "${hook.url}", secretEnv: PAGER_SECRET }`,
        "",
      ].join("\n"),
    );
    runtime = await startTestRuntime({
      CI_WEBHOOK_SECRET: ciSecret,
      PAGER_SECRET: "pager-secret",
      PITCREW_CONFIG: config,
    });
    const failure = {
      source: "gitlab",
      repo: "acme/api",
      job: "unit",
      branch: "main",
      runId: "77",
      status: "failure",
      log: "FAILED tests/test_cart.py::test_total - assert 3 == 4\nERROR: Job failed: exit code 1",
    };
    expect((await postCi(runtime.url, failure)).status).toBe(202);
    await runtime.app.worker.runDue();
    runtime.clock.advance(29_000);
    await runtime.app.worker.runDue();
    expect(hook.received).toHaveLength(0);

    runtime.clock.advance(1_000);
    await runtime.app.worker.runDue();
    runtime.clock.advance(10 * 60_000);
    await runtime.app.worker.runDue();

    expect(hook.received).toHaveLength(1);
    const [delivery] = hook.received;
    const signature = String(delivery?.headers["x-pitcrew-signature"]);
    expect(
      verifyPitcrewSignature("pager-secret", delivery?.body ?? Buffer.alloc(0), signature),
    ).toBe(true);
    const body = JSON.parse(delivery?.body.toString() ?? "{}");
    expect(body).toMatchObject({
      kind: "pitcrew.digest",
      digest: {
        receiver: "webhook:pager",
        labels: { repo: "acme/api" },
        totals: { firing: 1, resolved: 0 },
        items: [{ state: "firing", repo: "acme/api", job: "unit", type: "test_failure" }],
      },
    });
    expect(body.digest.items[0].evidence).toContain("FAILED tests/test_cart.py::test_total");
  });
});
