import { webApi } from "@slack/bolt";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FakeSlack, startFakeSlack } from "./slack-api.js";

let fake: FakeSlack;
beforeEach(async () => {
  fake = await startFakeSlack({ channels: ["#ci", "C0ALERTS01"] });
});
afterEach(async () => {
  await fake.close();
});

/** A raw Web API call as the WebClient sends it. */
async function call(method: string, form: Record<string, string>, token = fake.token) {
  const response = await fetch(`${fake.apiUrl}${method}`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${token}`,
      "content-type": "application/x-www-form-urlencoded",
    },
    body: new URLSearchParams(form).toString(),
  });
  const text = await response.text();
  // A 503 of the outage is an HTML page, as a load balancer would send it.
  const body = text.startsWith("{")
    ? (JSON.parse(text) as Record<string, unknown>)
    : { html: text };
  return { status: response.status, headers: response.headers, body };
}

const section = (text: string) => ({ type: "section", text: { type: "mrkdwn", text } });

describe("fake Slack Web API", () => {
  it("answers auth.test through the real WebClient", async () => {
    const web = new webApi.WebClient(fake.token, {
      slackApiUrl: fake.apiUrl,
      retryConfig: { retries: 0 },
    });
    const auth = await web.auth.test();
    expect(auth).toMatchObject({ ok: true, team_id: "T0FAKE", bot_id: "B0FAKE" });
    expect(fake.requests[0]?.apiMethod).toBe("auth.test");
  });

  it("posts, updates and keeps the edit history per channel", async () => {
    const blocks = JSON.stringify([section("one")]);
    const posted = await call("chat.postMessage", { channel: "#ci", text: "one", blocks });
    expect(posted.body).toMatchObject({ ok: true, ts: "1700000000.000100" });
    const channel = posted.body.channel as string;
    expect(channel).toBe(fake.channelId("#ci"));
    const updated = await call("chat.update", {
      channel,
      ts: "1700000000.000100",
      text: "two",
      blocks: JSON.stringify([section("two")]),
    });
    expect(updated.body).toMatchObject({ ok: true, ts: "1700000000.000100", text: "two" });
    expect(fake.messages.get(channel)).toEqual([
      {
        channel,
        ts: "1700000000.000100",
        text: "two",
        blocks: [section("two")],
        history: [{ text: "one", blocks: [section("one")] }],
      },
    ]);
  });

  it("answers platform errors with HTTP 200 ok:false", async () => {
    expect(
      (await call("chat.postMessage", { channel: "#ci", text: "x" }, "xoxb-bad")).body,
    ).toEqual({ ok: false, error: "invalid_auth" });
    expect((await call("chat.postMessage", { channel: "#nope", text: "x" })).body.error).toBe(
      "channel_not_found",
    );
    expect((await call("chat.update", { channel: "#ci", ts: "1.1", text: "x" })).body.error).toBe(
      "message_not_found",
    );
    expect((await call("chat.postMessage", { channel: "#ci" })).body.error).toBe("no_text");
    expect((await call("chat.nothing", {})).body.error).toBe("unknown_method");
  });

  it("enforces the Block Kit limits", async () => {
    const tooMany = JSON.stringify(Array.from({ length: 51 }, () => section("x")));
    const many = await call("chat.postMessage", { channel: "#ci", text: "x", blocks: tooMany });
    expect(many.body).toMatchObject({ ok: false, error: "invalid_blocks" });
    const long = JSON.stringify([section("x".repeat(3001))]);
    expect(
      (await call("chat.postMessage", { channel: "#ci", text: "x", blocks: long })).body.error,
    ).toBe("invalid_blocks");
    const aggregate = JSON.stringify(Array.from({ length: 5 }, () => section("y".repeat(2900))));
    expect(
      (await call("chat.postMessage", { channel: "#ci", text: "x", blocks: aggregate })).body.error,
    ).toBe("msg_blocks_too_long");
    expect(fake.messages.size).toBe(0);
  });

  it("rate limits, goes down and comes back", async () => {
    fake.rateLimitNext(3);
    const limited = await call("chat.postMessage", { channel: "#ci", text: "x" });
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("3");
    fake.down();
    expect((await call("auth.test", {})).status).toBe(503);
    expect((await call("auth.test", {})).status).toBe(503);
    fake.up();
    expect((await call("chat.postMessage", { channel: "#ci", text: "x" })).body.ok).toBe(true);
    expect(fake.requests.map((r) => r.faulted)).toEqual([true, true, true, false]);
    // The faulted post had no effect: the one stored message is the last one.
    expect(fake.messages.get(fake.channelId("#ci"))).toHaveLength(1);
  });
});
