import { afterEach, describe, expect, it } from "vitest";
import { signLinearWebhook } from "../fakes/linear-api.js";
import {
  app,
  doneState,
  issueWebhook,
  postLinear,
  start,
  stopLinearTriageApp,
} from "../support/linear-triage-app.js";

afterEach(stopLinearTriageApp);

describe("acceptance: POST /webhooks/linear security", () => {
  it("answers bad, missing and stale signatures 401, malformed bodies 400, other types 202", async () => {
    await start();
    const now = () => app().clock.now().getTime();
    const good = issueWebhook("issue-x", { state: doneState, updatedFrom: { stateId: "s" } });

    const missing = await postLinear(good, { signature: null });
    expect(missing).toMatchObject({ status: 401, body: { error: "signature-missing" } });

    const wrong = await postLinear(good, {
      signature: signLinearWebhook("another-secret", JSON.stringify(good)),
    });
    expect(wrong).toMatchObject({ status: 401, body: { error: "signature-invalid" } });
    const garbage = await postLinear(good, { signature: "sha256=abc" });
    expect(garbage.status).toBe(401);

    // Signed, but the signed webhookTimestamp is 61 s old: a possible replay.
    const stale = issueWebhook("issue-x", { webhookTimestamp: now() - 61_000 });
    expect(await postLinear(stale)).toMatchObject({
      status: 401,
      body: { error: "timestamp-stale" },
    });
    const edge = issueWebhook("issue-x", { webhookTimestamp: now() - 60_000 });
    expect((await postLinear(edge, { delivery: "lin-edge" })).status).toBe(202);
    const noStamp = { ...good, webhookTimestamp: undefined };
    expect(await postLinear(noStamp)).toMatchObject({
      status: 401,
      body: { error: "timestamp-missing" },
    });

    const malformed = await postLinear(null, { raw: '{"action": "update", "type": ' });
    expect(malformed).toMatchObject({ status: 400, body: { error: "body-not-json" } });
    const badData = { ...good, data: { title: "no id" } };
    expect(await postLinear(badData)).toMatchObject({
      status: 400,
      body: { error: "body-invalid" },
    });

    // The signature is checked before the body is read: bad signature + malformed body is 401.
    const both = await postLinear(null, { raw: "{not json", signature: "0".repeat(64) });
    expect(both.status).toBe(401);

    // No body at all (no content type either): a bad signature, not a server error.
    const empty = await fetch(`${app().url}/webhooks/linear`, {
      method: "POST",
      headers: { "linear-signature": "0".repeat(64) },
    });
    expect(empty.status).toBe(401);
    const signedEmpty = await postLinear(null, { raw: "" });
    expect(signedEmpty).toMatchObject({ status: 400, body: { error: "body-empty" } });
    const notAnObject = await postLinear([good]);
    expect(notAnObject).toMatchObject({ status: 400, body: { error: "body-invalid" } });

    // Without a linear-delivery header the issue id + signed timestamp dedupe.
    const headerless = issueWebhook("issue-y", { updatedFrom: { title: "old" } });
    expect(await postLinear(headerless)).toMatchObject({
      status: 202,
      body: { deliveryId: `issue-y:${now()}` },
    });
    expect(await postLinear(headerless)).toMatchObject({
      status: 200,
      body: { status: "duplicate" },
    });

    const comment = {
      action: "create",
      type: "Comment",
      createdAt: app().clock.now().toISOString(),
      organizationId: "org-fake",
      webhookId: "webhook-fake",
      webhookTimestamp: now(),
      data: { id: "comment-1", body: "looks flaky", issueId: "issue-x" },
    };
    expect(await postLinear(comment, { delivery: "lin-comment" })).toMatchObject({
      status: 202,
      body: { status: "ignored" },
    });
    // Neither rejected nor ignored deliveries leave work behind.
    expect(await app().backend.queue.list({ status: "pending" })).toHaveLength(2);

    const metrics = await (await fetch(`${app().url}/metrics`)).text();
    const count = (outcome: string) =>
      Number(
        new RegExp(
          `^pitcrew_webhooks_total\\{source="linear",outcome="${outcome}"\\} (\\d+)$`,
          "m",
        ).exec(metrics)?.[1] ?? 0,
      );
    expect(count("401")).toBe(7);
    expect(count("400")).toBe(4);
    expect(count("202")).toBe(3);
    expect(count("200")).toBe(1);
  });

  it("without LINEAR_WEBHOOK_SECRET takes unsigned deliveries from loopback only", async () => {
    await start({ secret: null });
    const body = issueWebhook("issue-x", { state: doneState, updatedFrom: { stateId: "s" } });

    const local = await postLinear(body, { signature: null, delivery: "lin-local" });
    expect(local).toMatchObject({ status: 202, body: { status: "accepted" } });

    const remote = await app().app.http.inject({
      method: "POST",
      url: "/webhooks/linear",
      headers: { "content-type": "application/json", "linear-delivery": "lin-remote" },
      payload: JSON.stringify(body),
      remoteAddress: "203.0.113.9",
    });
    expect(remote.statusCode).toBe(401);
    expect(remote.json()).toMatchObject({ error: "signature-required" });

    // The timestamp still counts without a secret.
    const stale = issueWebhook("issue-x", {
      webhookTimestamp: app().clock.now().getTime() - 61_000,
    });
    expect((await postLinear(stale, { signature: null })).status).toBe(401);
    expect(
      app().logs.lines.some(
        (e) => e.level === "warn" && /LINEAR_WEBHOOK_SECRET is not set/.test(String(e.msg)),
      ),
    ).toBe(true);
  });
});
