import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { FakeClock } from "../../../test/support/fake-clock.js";
import { testIncident } from "../../../test/support/incident-builder.js";
import { InputError } from "../../domain/errors.js";
import type { Silence } from "../../domain/escalation.js";
import type { FailureEvent } from "../../domain/types.js";
import type { Store } from "../../ports.js";
import { openJsonBackend } from "../../store/json/index.js";
import {
  addSilence,
  expireSilence,
  expireUntilGreen,
  listSilences,
  normaliseSilence,
  purgeExpired,
  type SilenceInput,
  silencesToKeep,
  untilGreenEnds,
} from "./silences.js";

const stores: Store[] = [];
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
});

const hour = 3_600_000;
const day = 24 * hour;

async function setup() {
  const dir = mkdtempSync(join(tmpdir(), "pitcrew-silences-"));
  const { store } = await openJsonBackend({ dataDir: dir, maxLogBytes: 1024, maxJobAttempts: 3 });
  stores.push(store);
  const clock = new FakeClock("2026-11-23T10:00:00.000Z");
  return { deps: { store, clock }, store, clock };
}

const input = (overrides: Partial<SilenceInput> = {}): SilenceInput => ({
  matchers: { repo: "acme/api" },
  author: "ana",
  reason: "runner move",
  ...overrides,
});

async function problem(promise: Promise<unknown>): Promise<InputError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof InputError)) throw new Error(`expected an InputError, got ${error}`);
  return error;
}

function success(overrides: Partial<FailureEvent> = {}): FailureEvent {
  return {
    ...{ id: "ev_1", provider: "ci", source: "gitlab", deliveryId: "d1", repo: "acme/api" },
    ...{ workflow: "ci", job: "e2e-chrome", branch: "main", sha: "abc", runId: "9", attempt: 1 },
    ...{ url: null, conclusion: "success", exitCode: 0, environment: null, startedAt: null },
    ...{ finishedAt: null, receivedAt: "2026-11-23T10:00:00.000Z", logRef: null, logUrl: null },
    ...overrides,
  };
}

describe("pipeline/notify/silences", () => {
  it("adds a silence with defaults, a duration from its start, and an audit entry", async () => {
    const { deps, store } = await setup();

    const plain = await addSilence(deps, input({ author: " ana " }));
    const timed = await addSilence(
      deps,
      input({ matchers: { job: "/^e2e-/" }, startsAt: "2026-11-23T12:00:00Z", duration: "2h" }),
    );

    expect(plain).toMatchObject({
      matchers: { repo: "acme/api" },
      createdAt: "2026-11-23T10:00:00.000Z",
      startsAt: "2026-11-23T10:00:00.000Z",
      endsAt: null,
      untilGreen: false,
      author: "ana",
      expiredAt: null,
      expiredBy: null,
    });
    expect(plain.id).toMatch(/^sil_/);
    expect(timed).toMatchObject({
      startsAt: "2026-11-23T12:00:00.000Z",
      endsAt: "2026-11-23T14:00:00.000Z",
    });
    expect(await store.listSilences()).toHaveLength(2);
    expect(await store.listAudit(plain.id)).toMatchObject([
      { kind: "silence.added", reason: "silenced by ana: runner move" },
    ]);
  });

  it.each<[string, Partial<SilenceInput>, string]>([
    ["no matcher", { matchers: {} }, "at least one matcher"],
    ["unknown matcher", { matchers: { team: "x" } }, "unknown matcher team"],
    ["empty value", { matchers: { repo: " " } }, "matcher repo needs a value"],
    ["bad regex", { matchers: { job: "/[/" } }, "matcher job:"],
    [
      "end before start",
      { startsAt: "2026-11-24T00:00:00Z", endsAt: "2026-11-23T23:00:00Z" },
      "must be after startsAt",
    ],
    ["end in the past", { endsAt: "2026-11-23T09:00:00Z" }, "in the past"],
    ["end twice", { endsAt: "2026-11-24T00:00:00Z", duration: "1h" }, "not both"],
    ["bad duration", { duration: "soon" }, "duration must be like"],
    ["bad time", { startsAt: "tomorrow" }, "startsAt must be an ISO 8601 time"],
    ["until green without job", { untilGreen: true }, "needs a repo and a job matcher"],
    [
      "until green and an end",
      { matchers: { repo: "a", job: "b" }, untilGreen: true, duration: "1h" },
      "untilGreen or an end",
    ],
    ["no reason", { reason: "" }, "reason must be"],
    ["no author", { author: "" }, "author must be"],
  ])("refuses %s with a 400 saying what is wrong", async (_name, overrides, message) => {
    const { deps, store } = await setup();
    const error = await problem(addSilence(deps, input(overrides)));
    expect(error.status).toBe(400);
    expect(error.message).toContain(message);
    expect(await store.listSilences()).toEqual([]);
  });

  it("lists current silences (active and pending) newest first; all adds those over, within retention", async () => {
    const { deps, store, clock } = await setup();
    const handExpired = await addSilence(deps, input({ reason: "a" }));
    clock.advance(1000);
    const ended = await addSilence(deps, input({ reason: "b", duration: "1h" }));
    clock.advance(1000);
    const open = await addSilence(deps, input({ reason: "c" }));
    clock.advance(1000);
    const pending = await addSilence(
      deps,
      input({ reason: "d", startsAt: "2026-11-30T00:00:00Z" }),
    );
    await expireSilence(deps, handExpired.id, "bo");
    clock.advance(2 * hour);
    const ids = (items: Silence[]) => items.map((s) => s.id);

    expect(ids(await listSilences(deps))).toEqual([pending.id, open.id]);
    expect(ids(await listSilences(deps, { all: true }))).toEqual([
      pending.id,
      open.id,
      ended.id,
      handExpired.id,
    ]);
    clock.advance(30 * day);
    expect(ids(await listSilences(deps, { all: true }))).toEqual([pending.id, open.id]);
    expect(await store.listSilences()).toHaveLength(4);
  });

  it("reads old records without startsAt/untilGreen with their defaults", async () => {
    const { deps, store } = await setup();
    const old = {
      ...{ id: "sil_old", matchers: { repo: "acme/api" }, createdAt: "2026-11-01T00:00:00.000Z" },
      ...{ endsAt: null, author: "linear", reason: "canceled", expiredAt: null },
    };
    await store.saveSilence(old);
    expect(normaliseSilence(old)).toEqual({
      ...old,
      startsAt: old.createdAt,
      untilGreen: false,
      expiredBy: null,
    });
    expect(await listSilences(deps)).toEqual([normaliseSilence(old)]);
  });

  it("expires by hand: 404 unknown, 409 already expired or ended", async () => {
    const { deps, store, clock } = await setup();
    const silence = await addSilence(deps, input());
    const short = await addSilence(deps, input({ duration: "1m" }));
    clock.advance(5 * 60_000);

    const expired = await expireSilence(deps, silence.id, "bo");
    expect(expired).toMatchObject({ expiredAt: "2026-11-23T10:05:00.000Z", expiredBy: "bo" });
    expect(await store.listAudit(silence.id)).toMatchObject([
      { kind: "silence.added" },
      { kind: "silence.expired", reason: "expired by bo" },
    ]);
    expect((await problem(expireSilence(deps, silence.id, "bo"))).status).toBe(409);
    expect((await problem(expireSilence(deps, short.id, "bo"))).message).toContain(
      "already expired (2026-11-23T10:01:00.000Z)",
    );
    expect(await problem(expireSilence(deps, "sil_nope", "bo"))).toMatchObject({
      status: 404,
      code: "silence-not-found",
      message: "no silence sil_nope",
    });
  });

  it("purges silences over for more than the retention, never current ones", async () => {
    const { deps, store, clock } = await setup();
    const old = await addSilence(deps, input({ duration: "1h" }));
    const current = await addSilence(deps, input());
    clock.advance(30 * day);
    expect(await purgeExpired(deps)).toBe(0);
    clock.advance(2 * hour);
    expect(await purgeExpired(deps)).toBe(1);
    expect((await store.listSilences()).map((s) => s.id)).toEqual([current.id]);
    expect(old.id).not.toBe(current.id);
  });

  it("silencesToKeep is pure: keeps current ones and those over within the retention", () => {
    const now = new Date("2026-12-31T00:00:00.000Z");
    const base = { matchers: {}, createdAt: "2026-01-01T00:00:00.000Z", author: "a", reason: "r" };
    const silences: Silence[] = [
      { ...base, id: "open", endsAt: null, expiredAt: null },
      { ...base, id: "ends-later", endsAt: "2027-01-01T00:00:00.000Z", expiredAt: null },
      { ...base, id: "ended-recently", endsAt: "2026-12-20T00:00:00.000Z", expiredAt: null },
      { ...base, id: "ended-long-ago", endsAt: "2026-11-01T00:00:00.000Z", expiredAt: null },
      { ...base, id: "expired-recently", endsAt: null, expiredAt: "2026-12-30T00:00:00.000Z" },
      { ...base, id: "expired-long-ago", endsAt: null, expiredAt: "2026-11-30T23:59:59.000Z" },
    ];
    expect(silencesToKeep(silences, now, 30 * day).map((s) => s.id)).toEqual([
      "open",
      "ends-later",
      "ended-recently",
      "expired-recently",
    ]);
  });
});

describe("pipeline/notify/silences: until green", () => {
  const matchers = { repo: "acme/api", job: "/^e2e-/" };
  it.each<[string, Record<string, string>, Partial<FailureEvent>, string[], boolean]>([
    ["job passes on main", matchers, {}, ["e2e-chrome"], true],
    ["on master", matchers, { branch: "master" }, ["e2e-chrome"], true],
    ["on a feature branch", matchers, { branch: "feat/x" }, ["e2e-chrome"], false],
    ["no branch", matchers, { branch: null }, ["e2e-chrome"], false],
    [
      "the silence's branch",
      { ...matchers, branch: "develop" },
      { branch: "develop" },
      ["e2e-a"],
      true,
    ],
    [
      "main when the silence names develop",
      { ...matchers, branch: "develop" },
      {},
      ["e2e-a"],
      false,
    ],
    ["another repo", matchers, { repo: "acme/web" }, ["e2e-chrome"], false],
    ["another job", matchers, {}, ["lint"], false],
    ["workflow matcher matches", { ...matchers, workflow: "ci" }, {}, ["e2e-chrome"], true],
    ["workflow matcher differs", { ...matchers, workflow: "nightly" }, {}, ["e2e-chrome"], false],
    ["no job matcher", { repo: "acme/api" }, {}, ["e2e-chrome"], false],
  ])("%s", (_name, given, event, jobs, expected) => {
    expect(untilGreenEnds(given, success(event), new Set(jobs))).toBe(expected);
  });

  it("a success on main ends matching untilGreen silences only, once", async () => {
    const { deps, store, clock } = await setup();
    const green = await addSilence(deps, input({ matchers, untilGreen: true }));
    const plain = await addSilence(deps, input({ matchers }));
    const other = await addSilence(
      deps,
      input({ matchers: { repo: "acme/api", job: "lint" }, untilGreen: true }),
    );
    clock.advance(hour);

    expect(await expireUntilGreen(deps, success({ conclusion: "failure" }))).toEqual([]);
    expect(await expireUntilGreen(deps, success({ branch: "feat/x" }))).toEqual([]);
    const ended = await expireUntilGreen(deps, success());
    expect(ended.map((s) => s.id)).toEqual([green.id]);
    expect(await expireUntilGreen(deps, success())).toEqual([]);

    const byId = new Map((await store.listSilences()).map((s) => [s.id, s]));
    expect(byId.get(green.id)).toMatchObject({
      expiredAt: "2026-11-23T11:00:00.000Z",
      expiredBy: "until-green",
    });
    expect(byId.get(plain.id)?.expiredAt).toBeNull();
    expect(byId.get(other.id)?.expiredAt).toBeNull();
    expect((await store.listAudit(green.id)).at(-1)).toMatchObject({
      kind: "silence.expired",
      reason: "acme/api ci/e2e-chrome passed on main",
    });
  });

  it("a whole workflow run passing (no job) ends it when the job was seen failing in that workflow", async () => {
    const { deps, store } = await setup();
    const green = await addSilence(deps, input({ matchers, untilGreen: true }));
    const run = success({ job: null, workflow: "CI" });

    expect(await expireUntilGreen(deps, run)).toEqual([]);
    await store.saveIncident(testIncident("PC-1", { workflow: "CI", job: "e2e-firefox" }));
    expect((await expireUntilGreen(deps, run)).map((s) => s.id)).toEqual([green.id]);
  });
});
