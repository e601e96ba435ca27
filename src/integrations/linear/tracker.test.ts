import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { hang, reset } from "../../../test/fakes/faults.js";
import { type FakeLinear, startFakeLinear } from "../../../test/fakes/linear-api.js";
import { failure } from "../../../test/support/rejection.js";
import { ConfigError } from "../../domain/errors.js";
import type { OutboxEntry } from "../../domain/types.js";
import { outboundConfigSchema } from "../../outbound/config.js";
import { Outbound } from "../../outbound/outbound.js";
import type { IssueTracker, Logger } from "../../ports.js";
import { createLinearIssueTracker, idempotentUuid, linearConfigSchema } from "./index.js";

const NOW = new Date("2026-11-23T12:00:00Z");
const clock = { now: () => NOW };
const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };

let fake: FakeLinear;
let outbox: OutboxEntry[];
beforeEach(async () => {
  fake = await startFakeLinear();
  outbox = [];
});
afterEach(async () => {
  await fake.close();
});

const store = {
  addOutbox: async (entry: Omit<OutboxEntry, "id">) => {
    const saved = { id: `ob_${outbox.length + 1}`, ...entry };
    outbox.push(saved);
    return saved;
  },
};

function tracker(
  overrides: { apiKey?: string | null; teamId?: string | null; outbound?: Outbound } = {},
  config: Record<string, unknown> = {},
): IssueTracker {
  return createLinearIssueTracker({
    apiKey: overrides.apiKey === undefined ? fake.apiKey : overrides.apiKey,
    teamId: overrides.teamId === undefined ? fake.team.id : overrides.teamId,
    config: linearConfigSchema.parse({ apiUrl: fake.url, ...config }),
    clock,
    logger: silent,
    outbox: store,
    ...(overrides.outbound ? { outbound: overrides.outbound } : {}),
  });
}

const input = (n = 1, extra: Partial<Parameters<IssueTracker["createIssue"]>[0]> = {}) => ({
  title: `CI failure #${n}`,
  description: "The `test` job of acme/api failed.",
  priority: 2,
  labels: ["ci-failure", "flaky"],
  attachment: {
    url: `https://github.com/acme/api/actions/runs/${n}`,
    title: "Run",
    subtitle: "main",
  },
  idempotencyKey: `incident:${n}:create`,
  ...extra,
});

describe("createIssue", () => {
  it("creates the issue in triage with labels, priority, attachment and relation", async () => {
    fake.labels.push({
      id: "label-ci",
      name: "ci-failure",
      color: "#000000",
      teamId: fake.team.id,
    });
    const t = tracker();
    const older = await t.createIssue(input(1, { labels: [] }));
    const result = await t.createIssue(input(2, { relatedIssueId: older.issue?.id ?? null }));

    const created = fake.issues[1];
    expect(result).toEqual({
      mode: "live",
      issue: { id: created?.id, identifier: "ENG-2", url: created?.url, stateType: "triage" },
    });
    expect(created).toMatchObject({ priority: 2, title: "CI failure #2", stateId: "state-triage" });
    const flaky = fake.labels.find((l) => l.name === "flaky");
    expect(flaky).toMatchObject({ color: "#eb5757", teamId: fake.team.id });
    expect(created?.labelIds).toEqual(["label-ci", flaky?.id]);
    expect(fake.labels).toHaveLength(2);
    expect(fake.attachments.at(-1)).toMatchObject({
      issueId: created?.id,
      url: "https://github.com/acme/api/actions/runs/2",
      title: "Run",
      subtitle: "main",
    });
    expect(fake.relations).toMatchObject([
      { issueId: created?.id, relatedIssueId: older.issue?.id, type: "related" },
    ]);
  });

  it("looks labels and states up once per process", async () => {
    const t = tracker();
    await t.createIssue(input(1));
    await t.createIssue(input(2));
    const ops = fake.operations();
    expect(ops.filter((op) => op === "issueLabels")).toHaveLength(1);
    expect(ops.filter((op) => op === "createIssueLabel")).toHaveLength(2);
    expect(ops.filter((op) => op === "workflowStates")).toHaveLength(1);
    expect(ops.slice(-3)).toEqual(["issueForCreate", "createIssue", "createAttachment"]);
  });

  it("returns the existing issue on a second call: one issue on Linear", async () => {
    const t = tracker();
    const first = await t.createIssue(input(1));
    const before = fake.requests.length;
    const second = await tracker().createIssue(input(1, { title: "retried" }));
    expect(second).toEqual(first);
    expect(fake.issues).toHaveLength(1);
    expect(fake.operations().slice(before)).toEqual(["issueForCreate"]);
  });

  it("finishes an issue an earlier attempt created but did not attach", async () => {
    const id = idempotentUuid("incident:1:create");
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    fake.issues.push({
      id,
      identifier: "ENG-1",
      number: 1,
      title: "CI failure #1",
      description: null,
      priority: 2,
      teamId: fake.team.id,
      stateId: "state-triage",
      labelIds: [],
      url: "https://linear.app/fake/issue/ENG-1",
      createdAt: NOW.toISOString(),
    });
    const result = await tracker().createIssue(input(1));
    expect(result.issue?.id).toBe(id);
    expect(fake.issues).toHaveLength(1);
    expect(fake.attachments).toMatchObject([{ issueId: id }]);
  });

  it("uses a configured state name, and refuses an unknown one", async () => {
    await tracker({}, { triageState: "todo" }).createIssue(input(1));
    expect(fake.stateOf("ENG-1").type).toBe("unstarted");
    const error = await failure(tracker({}, { triageState: "Nope" }).createIssue(input(2)));
    expect(error).toMatchObject({ errorType: "validation" });
    expect(error.message).toMatch(/no workflow state named "Nope".*Triage \(triage\)/);
  });
});

describe("reads and updates", () => {
  it("finds an issue by attachment URL with its current state type", async () => {
    const t = tracker();
    expect(await t.findByAttachmentUrl("https://nowhere/1")).toBeNull();
    await t.createIssue(input(1));
    fake.setState("ENG-1", "completed");
    const found = await t.findByAttachmentUrl(input(1).attachment.url);
    expect(found).toMatchObject({ identifier: "ENG-1", stateType: "completed" });
  });

  it("comments, and reopens into triage (or the configured state) with a comment", async () => {
    const t = tracker();
    const { issue } = await t.createIssue(input(1));
    const id = issue?.id ?? "";
    expect(await t.addComment(id, "Seen again on main.", "k1")).toEqual({ mode: "live" });
    fake.setState(id, "completed");
    expect(await t.reopen(id, "Failing again: reopened.", "k2")).toEqual({ mode: "live" });
    expect(fake.stateOf(id).type).toBe("triage");
    expect(fake.comments.map((c) => c.body)).toEqual([
      "Seen again on main.",
      "Failing again: reopened.",
    ]);
    fake.setState(id, "canceled");
    await tracker({}, { reopenState: "In Progress" }).reopen(id, "again", "k3");
    expect(fake.stateOf(id).type).toBe("started");
  });

  it("updateIssue sets priority and adds labels to the current ones", async () => {
    const t = tracker();
    const { issue } = await t.createIssue(input(1, { labels: ["ci-failure"] }));
    const id = issue?.id ?? "";
    await t.updateIssue(id, { priority: 1, addLabels: ["recurring", "ci-failure"] });
    const updated = fake.issues[0];
    const names = updated?.labelIds.map((l) => fake.labels.find((x) => x.id === l)?.name);
    expect(names).toEqual(["ci-failure", "recurring"]);
    expect(updated?.priority).toBe(1);
    const before = fake.requests.length;
    await t.updateIssue(id, {});
    expect(fake.requests.length).toBe(before);
  });
});

describe("failures", () => {
  it("maps Linear's rate limit to rate_limit with retryAt 30 s after now", async () => {
    fake.rateLimitNext();
    const error = await failure(tracker().addComment("ENG-1", "b", "k"));
    expect(error).toMatchObject({ service: "linear", errorType: "rate_limit", retryable: true });
    expect(error.retryAt).toEqual(new Date(NOW.getTime() + 30_000));
  });

  it("maps a wrong key to auth without showing it", async () => {
    const apiKey = "lin_api_wrongwrongwrong";
    const error = await failure(tracker({ apiKey }).findByAttachmentUrl("https://x/1"));
    expect(error).toMatchObject({ errorType: "auth", retryable: false });
    expect(error.message).not.toContain(apiKey);
  });

  it("maps a reset to network and no answer within the timeout to timeout", async () => {
    fake.faults.next(reset);
    expect((await failure(tracker().addComment("ENG-1", "b", "k"))).errorType).toBe("network");
    fake.faults.next(hang);
    const slow = tracker({}, { timeout: "200ms" }).addComment("ENG-1", "b", "k");
    expect((await failure(slow)).errorType).toBe("timeout");
  });

  it("maps an unknown issue to not_found", async () => {
    const error = await failure(tracker().updateIssue("ENG-404", { addLabels: ["x"] }));
    expect(error.errorType).toBe("not_found");
  });

  it("refuses a plain-http endpoint other than localhost", () => {
    expect(() =>
      createLinearIssueTracker({
        apiKey: "k",
        teamId: "t",
        config: linearConfigSchema.parse({ apiUrl: "http://linear.example.com/graphql" }),
        clock,
        logger: silent,
        outbox: store,
      }),
    ).toThrow(ConfigError);
  });

  it("goes through the outbound `linear` destination, which retries a reset", async () => {
    const outbound = new Outbound({
      config: outboundConfigSchema.parse({ inProcess: { baseDelay: "1ms" } }),
      clock,
      random: () => 0,
      logger: silent,
    });
    const t = tracker({ outbound });
    expect(outbound.get("linear")).toBeDefined();
    fake.faults.next(reset);
    expect(await t.findByAttachmentUrl("https://x/1")).toBeNull();
    expect(fake.requests.map((r) => r.faulted)).toEqual([true, false]);
    fake.rateLimitNext();
    expect((await failure(t.addComment("ENG-1", "b", "k"))).errorType).toBe("rate_limit");
  });
});

describe("outbox mode", () => {
  it.each([
    ["no API key", { apiKey: null }],
    ["no team id", { teamId: null }],
  ])("records every write and never calls Linear (%s)", async (_name, creds) => {
    const t = tracker(creds);
    expect(await t.findByAttachmentUrl("https://x/1")).toBeNull();
    expect(await t.createIssue(input(1))).toEqual({ mode: "outbox", issue: null });
    expect(await t.addComment("ENG-1", "body", "c1")).toEqual({ mode: "outbox" });
    expect(await t.reopen("ENG-1", "again", "r1")).toEqual({ mode: "outbox" });
    expect(await t.updateIssue("ENG-1", { priority: 1, addLabels: ["x"] })).toEqual({
      mode: "outbox",
    });
    expect(fake.requests).toEqual([]);
    expect(outbox.map((e) => [e.destination, e.operation, e.idempotencyKey])).toEqual([
      ["linear", "create-issue", "incident:1:create"],
      ["linear", "add-comment", "c1"],
      ["linear", "reopen", "r1"],
      ["linear", "update-issue", expect.stringMatching(/^linear:update-issue:/)],
    ]);
    expect(outbox[0]?.payload).toMatchObject({
      title: "CI failure #1",
      labels: ["ci-failure", "flaky"],
      attachment: { url: "https://github.com/acme/api/actions/runs/1" },
    });
    expect(outbox[0]?.at).toBe(NOW.toISOString());
  });
});
