import { Webhooks } from "@octokit/webhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signPitcrewBody } from "../../src/http/signatures.js";
import { workflowRunPayload } from "../fixtures/webhooks/workflow-run.js";
import { ciSecret, githubSecret, postCi, postGithub } from "../support/deliveries.js";
import { startTestRuntime, type TestRuntime } from "../support/test-runtime.js";

let runtime: TestRuntime;
beforeAll(async () => {
  runtime = await startTestRuntime({
    GITHUB_WEBHOOK_SECRET: githubSecret,
    CI_WEBHOOK_SECRET: ciSecret,
    GITHUB_API_URL: "http://127.0.0.1:9",
  });
});
afterAll(() => runtime.stop());

const ciPayload = {
  source: "gitlab",
  repo: "acme/api",
  job: "test",
  status: "failure",
  runId: "8812",
  log: "npm ERR! code ECONNRESET",
};

async function rawPost(path: string, body: string | Buffer, headers: Record<string, string>) {
  const response = await fetch(`${runtime.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
  });
  return {
    status: response.status,
    body: (await response.json()) as { error?: string; message?: string; status?: string },
  };
}

async function githubHeaders(
  body: string,
  event = "workflow_run",
  delivery = `d-${Math.random()}`,
) {
  return {
    "x-github-event": event,
    "x-github-delivery": delivery,
    "x-hub-signature-256": await new Webhooks({ secret: githubSecret }).sign(body),
  };
}

describe("acceptance: bad input on POST /webhooks/github", () => {
  it.each([
    [
      "missing signature",
      async (_b: string) => ({ "x-github-event": "workflow_run", "x-github-delivery": "x" }),
      401,
      "signature-missing",
    ],
    [
      "wrong signature",
      async (b: string) => ({
        ...(await githubHeaders(b)),
        "x-hub-signature-256": `sha256=${"0".repeat(64)}`,
      }),
      401,
      "signature-invalid",
    ],
    [
      "malformed signature",
      async (b: string) => ({ ...(await githubHeaders(b)), "x-hub-signature-256": "md5=abc" }),
      401,
      "signature-invalid",
    ],
    [
      "signature from another secret",
      async (b: string) => ({
        ...(await githubHeaders(b)),
        "x-hub-signature-256": await new Webhooks({ secret: "other" }).sign(b),
      }),
      401,
      "signature-invalid",
    ],
    [
      "missing X-GitHub-Event",
      async (b: string) => {
        const { "x-github-event": _e, ...rest } = await githubHeaders(b);
        return rest;
      },
      400,
      "header-missing",
    ],
    [
      "missing X-GitHub-Delivery",
      async (b: string) => {
        const { "x-github-delivery": _d, ...rest } = await githubHeaders(b);
        return rest;
      },
      400,
      "header-missing",
    ],
  ])("%s → %i %s", async (_case, headers, status, code) => {
    const body = JSON.stringify(workflowRunPayload({ conclusion: "failure" }));

    const reply = await rawPost("/webhooks/github", body, await headers(body));

    expect(reply.status).toBe(status);
    expect(reply.body.error).toBe(code);
  });

  it("answers malformed JSON with 400 and the parser's reason", async () => {
    const body = '{"action": "completed", ';

    const reply = await rawPost("/webhooks/github", body, await githubHeaders(body));

    expect(reply).toMatchObject({ status: 400, body: { error: "body-not-json" } });
    expect(reply.body.message).toMatch(/not valid JSON/);
  });

  it("answers a workflow_run without required fields with 400 naming the field", async () => {
    const body = JSON.stringify({
      action: "completed",
      workflow_run: { conclusion: "failure" },
      repository: { full_name: "a/b" },
    });

    const reply = await rawPost("/webhooks/github", body, await githubHeaders(body));

    expect(reply).toMatchObject({ status: 400, body: { error: "payload-invalid" } });
    expect(reply.body.message).toMatch(/workflow_run\.id/);
  });

  it("answers a body over 5 MB with 413", async () => {
    const body = JSON.stringify({ pad: "x".repeat(5 * 1024 * 1024) });

    const reply = await rawPost("/webhooks/github", body, await githubHeaders(body));

    expect(reply).toMatchObject({ status: 413, body: { error: "body-too-large" } });
  });

  it.each([
    ["an event type we do not handle", "issues", { action: "opened" }],
    [
      "a workflow_run that is only requested",
      "workflow_run",
      workflowRunPayload({ conclusion: null, action: "requested" }),
    ],
    ["a cancelled workflow_run", "workflow_run", workflowRunPayload({ conclusion: "cancelled" })],
  ])("answers %s with 202 ignored and stores nothing", async (_case, event, payload) => {
    const body = JSON.stringify(payload);
    const before = await runtime.backend.queue.pendingCount();

    const reply = await rawPost("/webhooks/github", body, await githubHeaders(body, event));

    expect(reply).toMatchObject({ status: 202, body: { status: "ignored" } });
    expect(await runtime.backend.queue.pendingCount()).toBe(before);
  });
});

describe("acceptance: bad input on POST /webhooks/ci", () => {
  it.each([
    ["missing signature", {}, 401, "signature-missing"],
    [
      "wrong signature",
      { "x-pitcrew-signature": `sha256=${"a".repeat(64)}` },
      401,
      "signature-invalid",
    ],
    ["garbage signature", { "x-pitcrew-signature": "nonsense" }, 401, "signature-invalid"],
  ])("%s → %i", async (_case, headers, status, code) => {
    const reply = await rawPost("/webhooks/ci", JSON.stringify(ciPayload), headers);

    expect(reply).toMatchObject({ status, body: { error: code } });
  });

  it("answers a signed POST without any body with 401 or 400, never 500", async () => {
    const response = await fetch(`${runtime.url}/webhooks/ci`, {
      method: "POST",
      headers: { "x-pitcrew-signature": signPitcrewBody(ciSecret, "") },
    });

    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: "body-empty" });
  });

  it("answers malformed JSON with 400", async () => {
    const body = "{not json";

    const reply = await rawPost("/webhooks/ci", body, {
      "x-pitcrew-signature": signPitcrewBody(ciSecret, body),
    });

    expect(reply).toMatchObject({ status: 400, body: { error: "body-not-json" } });
  });

  it("answers missing required fields with 400 naming every one", async () => {
    const reply = await postCi(runtime.url, { repo: "acme/api", status: "exploded" });

    expect(reply.status).toBe(400);
    for (const field of ["source", "job", "status", "runId"])
      expect(String(reply.body.message)).toContain(field);
  });

  it("answers a body over 5 MB with 413", async () => {
    const body = JSON.stringify({ ...ciPayload, log: "x".repeat(5 * 1024 * 1024) });

    const reply = await rawPost("/webhooks/ci", body, {
      "x-pitcrew-signature": signPitcrewBody(ciSecret, body),
    });

    expect(reply).toMatchObject({ status: 413, body: { error: "body-too-large" } });
  });

  it("accepts a signed delivery once, then answers duplicate", async () => {
    const first = await postCi(
      runtime.url,
      { ...ciPayload, runId: "dup-1" },
      { delivery: "ci-dup-1" },
    );
    const second = await postCi(
      runtime.url,
      { ...ciPayload, runId: "dup-1" },
      { delivery: "ci-dup-1" },
    );

    expect(first).toMatchObject({ status: 202, body: { status: "accepted" } });
    expect(second).toMatchObject({ status: 200, body: { status: "duplicate" } });
  });

  it("dedupes by the payload's identity when no delivery id is sent", async () => {
    const first = await postCi(runtime.url, { ...ciPayload, runId: "dup-2" });
    const second = await postCi(runtime.url, { ...ciPayload, runId: "dup-2" });

    expect([first.status, second.status]).toEqual([202, 200]);
  });
});

describe("acceptance: unsigned deliveries when no secret is set", () => {
  it("are taken from loopback and refused from anywhere else", async () => {
    const open = await startTestRuntime({ GITHUB_API_URL: "http://127.0.0.1:9" });
    try {
      const body = JSON.stringify({ ...ciPayload, runId: "unsigned-1" });
      const headers = { "content-type": "application/json" };

      const local = await open.app.http.inject({
        method: "POST",
        url: "/webhooks/ci",
        headers,
        payload: body,
        remoteAddress: "127.0.0.1",
      });
      const remote = await open.app.http.inject({
        method: "POST",
        url: "/webhooks/ci",
        headers,
        payload: body,
        remoteAddress: "10.1.2.3",
      });
      const remoteGithub = await open.app.http.inject({
        method: "POST",
        url: "/webhooks/github",
        headers,
        payload: body,
        remoteAddress: "10.1.2.3",
      });

      expect(local.statusCode).toBe(202);
      expect(remote.statusCode).toBe(401);
      expect(remoteGithub.statusCode).toBe(401);
      expect(
        open.logs.lines.filter(
          (l) => l.level === "warn" && /CI_WEBHOOK_SECRET is not set/.test(l.msg ?? ""),
        ),
      ).toHaveLength(1);
    } finally {
      await open.stop();
    }
  });
});

describe("acceptance: health", () => {
  it("is live and ready with the store up", async () => {
    expect(await (await fetch(`${runtime.url}/healthz`)).json()).toEqual({ status: "ok" });
    const ready = await fetch(`${runtime.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: "ready", store: "ok" });
  });

  it("answers unknown routes with 404 JSON", async () => {
    const reply = await fetch(`${runtime.url}/nope`);
    expect(reply.status).toBe(404);
    expect(await reply.json()).toMatchObject({ error: "not-found" });
  });
});

describe("acceptance: GitHub accept path", () => {
  it("accepts a signed failure delivery with 202", async () => {
    const reply = await postGithub(runtime.url, workflowRunPayload({ conclusion: "failure" }), {
      delivery: "accept-1",
    });

    expect(reply).toMatchObject({ status: 202, body: { status: "accepted" } });
  });
});
