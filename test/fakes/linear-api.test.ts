import { AuthenticationLinearError, LinearClient, RatelimitedLinearError } from "@linear/sdk";
import { LinearWebhookClient } from "@linear/sdk/webhooks";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { status } from "./faults.js";
import {
  type FakeLinear,
  linearIssueWebhook,
  signLinearWebhook,
  startFakeLinear,
} from "./linear-api.js";

let fake: FakeLinear;
beforeEach(async () => {
  fake = await startFakeLinear();
});
afterEach(async () => {
  await fake.close();
});

/** The real SDK with its generated documents: the fake must satisfy its models too. */
const sdk = (apiKey = fake.apiKey) => new LinearClient({ apiKey, apiUrl: fake.url });

describe("fake Linear API", () => {
  it("serves the SDK's own createIssue, issue getter, labels and attachments", async () => {
    const client = sdk();
    const label = await client.createIssueLabel({ name: "ci", teamId: fake.team.id });
    expect(label.success).toBe(true);
    const created = await client.createIssue({
      teamId: fake.team.id,
      title: "Build broken",
      priority: 2,
      labelIds: [fake.labels[0]?.id ?? ""],
    });
    const issue = await created.issue;
    expect(issue).toMatchObject({ identifier: "ENG-1", title: "Build broken", priority: 2 });
    expect(fake.stateOf("ENG-1").type).toBe("backlog");
    await client.createAttachment({ issueId: "ENG-1", title: "run", url: "https://ci/run/1" });
    const found = await client.attachmentsForURL("https://ci/run/1");
    expect(found.nodes.map((a) => a.url)).toEqual(["https://ci/run/1"]);
    const labels = await client.issueLabels({ filter: { name: { eq: "ci" } } });
    expect(labels.nodes.map((l) => l.name)).toEqual(["ci"]);
    expect(fake.operations()).toContain("createIssue");
  });

  it("keeps one attachment per URL: creating again updates it", async () => {
    const client = sdk();
    await client.createIssue({ teamId: fake.team.id, title: "a" });
    await client.createIssue({ teamId: fake.team.id, title: "b" });
    await client.createAttachment({ issueId: "ENG-1", title: "first", url: "https://ci/1" });
    await client.createAttachment({ issueId: "ENG-2", title: "second", url: "https://ci/1" });
    expect(fake.attachments).toHaveLength(1);
    expect(fake.attachments[0]).toMatchObject({ title: "second", issueId: fake.issues[1]?.id });
  });

  it("stores comments and relations and moves issues between states", async () => {
    const client = sdk();
    await client.createIssue({ teamId: fake.team.id, title: "a" });
    await client.createIssue({ teamId: fake.team.id, title: "b" });
    await client.createComment({ issueId: "ENG-1", body: "hello" });
    await client.createIssueRelation({
      issueId: "ENG-2",
      relatedIssueId: "ENG-1",
      type: "related" as never,
    });
    expect(fake.comments).toMatchObject([{ body: "hello", issueId: fake.issues[0]?.id }]);
    expect(fake.relations).toMatchObject([{ type: "related" }]);
    fake.setState("ENG-1", "completed");
    expect(fake.stateOf("ENG-1").name).toBe("Done");
  });

  it("refuses a wrong key the way Linear does, and an unknown issue as not found", async () => {
    await expect(sdk("lin_api_wrong").issueLabels()).rejects.toBeInstanceOf(
      AuthenticationLinearError,
    );
    await expect(sdk().issue("ENG-99")).rejects.toThrow(/Entity not found/);
  });

  it("answers 404 off the /graphql endpoint", async () => {
    const client = new LinearClient({
      apiKey: fake.apiKey,
      apiUrl: fake.url.replace("/graphql", "/v2"),
    });
    await expect(client.issueLabels()).rejects.toMatchObject({ status: 404 });
  });

  it("answers a rate limit as HTTP 400 with retry-after, once", async () => {
    fake.rateLimitNext();
    const error = await sdk()
      .issueLabels()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RatelimitedLinearError);
    expect((error as RatelimitedLinearError).retryAfter).toBe(30);
    expect((error as RatelimitedLinearError).status).toBe(400);
    await expect(sdk().issueLabels()).resolves.toBeDefined();
    expect(fake.requests.map((r) => r.faulted)).toEqual([true, false]);
  });

  it("applies planned status faults before routing", async () => {
    fake.faults.next(status(503));
    await expect(sdk().createComment({ issueId: "x", body: "b" })).rejects.toThrow();
    expect(fake.comments).toEqual([]);
  });
});

describe("Linear webhook helpers", () => {
  it("builds an Issue payload the SDK's webhook client accepts with our signature", () => {
    const payload = linearIssueWebhook({
      action: "update",
      issue: { id: "i-1", identifier: "ENG-7", priority: 1 },
      state: { id: "state-completed", name: "Done", type: "completed" },
      labels: [{ id: "l-1", name: "ci" }],
      updatedFrom: { stateId: "state-triage" },
    });
    expect(payload).toMatchObject({
      type: "Issue",
      action: "update",
      data: { identifier: "ENG-7", stateId: "state-completed", labelIds: ["l-1"], priority: 1 },
    });
    const body = JSON.stringify(payload);
    const signature = signLinearWebhook("whsec", body);
    expect(signature).toMatch(/^[0-9a-f]{64}$/);
    const verified = new LinearWebhookClient("whsec").parseData(Buffer.from(body), signature);
    expect(verified).toMatchObject({ webhookId: "webhook-fake" });
    expect(() => new LinearWebhookClient("other").verify(Buffer.from(body), signature)).toThrow();
  });
});
