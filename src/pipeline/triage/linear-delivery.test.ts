import { describe, expect, it } from "vitest";
import { InputError } from "../../domain/errors.js";
import { LINEAR_TIMESTAMP_WINDOW_MS, readLinearDelivery } from "./linear-delivery.js";

const now = new Date("2026-11-23T10:00:00.000Z");
const ms = now.getTime();

function body(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    action: "update",
    type: "Issue",
    createdAt: now.toISOString(),
    organizationId: "org-1",
    webhookId: "webhook-1",
    webhookTimestamp: ms,
    updatedFrom: { stateId: "state-triage" },
    actor: { id: "user-1", name: "Ana" },
    data: {
      id: "issue-1",
      identifier: "ENG-1",
      title: "CI failure",
      description: "see https://github.com/acme/api/actions/runs/1",
      url: "https://linear.app/acme/issue/ENG-1",
      stateId: "state-done",
      state: { id: "state-done", name: "Done", type: "completed" },
      assigneeId: null,
      labelIds: ["l-1"],
      labels: [{ id: "l-1", name: "ci", color: "#fff" }],
      creatorId: "user-pitcrew",
    },
    ...overrides,
  };
}

function inputError(run: () => unknown): InputError {
  try {
    run();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error("expected an InputError");
}

describe("readLinearDelivery: webhookTimestamp", () => {
  it.each([
    ["missing", undefined],
    ["a string", String(ms)],
    ["null", null],
    ["NaN", Number.NaN],
    ["Infinity", Number.POSITIVE_INFINITY],
  ])("is 401 when it is %s", (_name, stamp) => {
    const error = inputError(() => readLinearDelivery(body({ webhookTimestamp: stamp }), now));
    expect(error).toMatchObject({ status: 401, code: "timestamp-missing" });
  });

  it.each([
    ["exactly 60 s old", -LINEAR_TIMESTAMP_WINDOW_MS, "issue"],
    ["exactly 60 s ahead", LINEAR_TIMESTAMP_WINDOW_MS, "issue"],
    ["now", 0, "issue"],
  ])("accepts a timestamp %s", (_name, offset, kind) => {
    expect(readLinearDelivery(body({ webhookTimestamp: ms + offset }), now).kind).toBe(kind);
  });

  it.each([
    ["60.001 s old", -LINEAR_TIMESTAMP_WINDOW_MS - 1],
    ["60.001 s ahead", LINEAR_TIMESTAMP_WINDOW_MS + 1],
    ["a day old", -86_400_000],
    ["in seconds instead of ms", -ms + Math.floor(ms / 1000)],
  ])("is 401 stale when it is %s", (_name, offset) => {
    const error = inputError(() =>
      readLinearDelivery(body({ webhookTimestamp: ms + offset }), now),
    );
    expect(error).toMatchObject({ status: 401, code: "timestamp-stale" });
  });

  it("checks the timestamp before the type (a stale Comment is still 401)", () => {
    const stale = body({ type: "Comment", webhookTimestamp: ms - 61_000 });
    expect(inputError(() => readLinearDelivery(stale, now)).status).toBe(401);
  });
});

describe("readLinearDelivery: malformed bodies are 400", () => {
  it.each([null, "text", 42, [], [body()]])("%j is not a JSON object", (raw) => {
    const error = inputError(() => readLinearDelivery(raw, now));
    expect(error).toMatchObject({ status: 400, code: "body-invalid" });
    expect(error.message).toMatch(/not a JSON object/);
  });

  it.each([
    ["no action", { action: undefined }, /action/],
    ["a numeric action", { action: 1 }, /action/],
    ["no type", { type: undefined }, /type/],
    ["no data", { data: undefined }, /data/],
    ["data a string", { data: "issue-1" }, /data/],
    ["updatedFrom an array", { updatedFrom: ["stateId"] }, /updatedFrom/],
    ["data without an id", { data: { title: "x" } }, /data\.id/],
    ["a numeric issue id", { data: { id: 7 } }, /data\.id/],
    ["labels without names", { data: { id: "i", labels: [{ id: "l" }] } }, /data\.labels/],
    ["labelIds not an array", { data: { id: "i", labelIds: "l-1" } }, /data\.labelIds/],
    ["a state that is a string", { data: { id: "i", state: "Done" } }, /data\.state/],
  ])("%s", (_name, overrides, message) => {
    const error = inputError(() => readLinearDelivery(body(overrides), now));
    expect(error).toMatchObject({ status: 400, code: "body-invalid" });
    expect(error.message).toMatch(message);
  });
});

describe("readLinearDelivery: types and fields", () => {
  it.each(["Comment", "IssueLabel", "Project", "Reaction"])("ignores %s events", (type) => {
    expect(readLinearDelivery(body({ type, data: { id: "c-1", body: "hi" } }), now)).toEqual({
      kind: "ignored",
      reason: `${type} events are not used`,
    });
  });

  it("reads a good Issue payload", () => {
    const reading = readLinearDelivery(body(), now);
    expect(reading).toMatchObject({
      kind: "issue",
      timestamp: ms,
      delivery: {
        action: "update",
        actor: "Ana",
        updatedFrom: { stateId: "state-triage" },
        issue: {
          id: "issue-1",
          identifier: "ENG-1",
          description: "see https://github.com/acme/api/actions/runs/1",
          url: "https://linear.app/acme/issue/ENG-1",
          state: { type: "completed", name: "Done" },
          labels: [{ id: "l-1", name: "ci" }],
          labelIds: ["l-1"],
          assigneeId: null,
        },
      },
    });
  });

  it("defaults updatedFrom to {} and actor to null, and keeps the delivery JSON-safe", () => {
    const minimal = { action: "create", type: "Issue", webhookTimestamp: ms, data: { id: "i-9" } };
    const reading = readLinearDelivery(minimal, now);
    expect(reading).toEqual({
      kind: "issue",
      timestamp: ms,
      delivery: { action: "create", issue: { id: "i-9" }, updatedFrom: {}, actor: null },
    });
    if (reading.kind !== "issue") throw new Error("not an issue");
    expect(JSON.parse(JSON.stringify(reading.delivery))).toEqual(reading.delivery);
  });

  it("accepts null optional fields as Linear sends them", () => {
    const reading = readLinearDelivery(
      body({
        updatedFrom: null,
        actor: null,
        data: { id: "i", identifier: null, description: null, state: null, labels: null },
      }),
      now,
    );
    expect(reading).toMatchObject({ kind: "issue", delivery: { updatedFrom: {}, actor: null } });
  });
});
