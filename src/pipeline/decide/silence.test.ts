import { describe, expect, it } from "vitest";
import { testIncident } from "../../../test/support/incident-builder.js";
import type { Silence, SilenceMatchers } from "../../domain/escalation.js";
import { isActive, matchesValue, matchingSilence } from "./silence.js";

const now = new Date("2026-11-23T12:00:00.000Z");
const hour = 3_600_000;
const at = (offsetMs: number) => new Date(now.getTime() + offsetMs).toISOString();

function silence(overrides: Partial<Silence> = {}): Silence {
  return {
    id: "sil_1",
    matchers: { repo: "acme/api" },
    createdAt: at(-2 * hour),
    startsAt: at(-hour),
    endsAt: null,
    untilGreen: false,
    author: "ana",
    reason: "runner move",
    expiredAt: null,
    expiredBy: null,
    ...overrides,
  };
}

// acme/api CI/test on main, test_failure, high, fingerprint v1:abc.
const incident = testIncident("PC-1");

describe("pipeline/decide/silence: matchingSilence", () => {
  it.each<[string, SilenceMatchers, boolean]>([
    ["repo equal", { repo: "acme/api" }, true],
    ["repo differs", { repo: "acme/web" }, false],
    ["equality is exact, not a substring", { repo: "acme" }, false],
    ["every matcher must match", { repo: "acme/api", job: "lint" }, false],
    ["all seven match", { ...allSeven() }, true],
    ["regex job", { job: "/^te/" }, true],
    ["regex is unanchored", { repo: "/api/" }, true],
    ["regex anchored by the writer", { repo: "/^api$/" }, false],
    ["regex alternation on type", { type: "/^(test_failure|lint)$/" }, true],
    ["regex on severity", { severity: "/^(critical|high)$/" }, true],
    ["regex that does not match", { branch: "/^release-/" }, false],
    ["an invalid regex never matches", { job: "/[/" }, false],
    ["a lone slash is a plain value", { job: "/" }, false],
    ["fingerprint equal", { fingerprint: "v1:abc" }, true],
    ["no matchers match nothing", {}, false],
    ["an undefined matcher is ignored", { repo: "acme/api", job: undefined }, true],
  ])("%s", (_name, matchers, expected) => {
    const found = matchingSilence([silence({ matchers })], incident, now);
    expect(found !== null).toBe(expected);
  });

  it("an incident without a branch has the empty branch, as in notification routes", () => {
    const branchless = testIncident("PC-2", { branch: null });
    const found = (branch: string) =>
      matchingSilence([silence({ matchers: { branch } })], branchless, now) !== null;
    expect(found("main")).toBe(false);
    expect(found("/^main$/")).toBe(false);
    expect(found("/^$/")).toBe(true);
    expect(found("/.*/")).toBe(true);
  });

  it.each<[string, Partial<Silence>, boolean]>([
    ["started, no end", {}, true],
    ["starts later: pending", { startsAt: at(hour) }, false],
    ["starts exactly now", { startsAt: at(0) }, true],
    ["ends later", { endsAt: at(hour) }, true],
    ["ends exactly now: over", { endsAt: at(0) }, false],
    ["ended", { endsAt: at(-1) }, false],
    ["expired by hand", { expiredAt: at(-1) }, false],
    ["old record without startsAt: from createdAt", { startsAt: undefined }, true],
    ["old record created later without startsAt", { startsAt: undefined, createdAt: at(1) }, false],
  ])("activity: %s", (_name, overrides, expected) => {
    expect(isActive(silence(overrides), now)).toBe(expected);
    const found = matchingSilence([silence(overrides)], incident, now);
    expect(found !== null).toBe(expected);
  });

  it("returns the first active matching silence", () => {
    const expired = silence({ id: "sil_old", expiredAt: at(-1) });
    const other = silence({ id: "sil_web", matchers: { repo: "acme/web" } });
    const hit = silence({ id: "sil_hit" });
    const later = silence({ id: "sil_later" });
    expect(matchingSilence([expired, other, hit, later], incident, now)?.id).toBe("sil_hit");
    expect(matchingSilence([], incident, now)).toBeNull();
  });
});

describe("pipeline/decide/silence: matchesValue", () => {
  it.each<[string, string | null, boolean]>([
    ["main", "main", true],
    ["main", "Main", false],
    ["/^ma/", "main", true],
    ["/(unclosed/", "(unclosed", false],
    ["//", "anything", true],
    ["main", null, false],
    ["/^$/", null, true],
  ])("%s against %s → %s", (pattern, value, expected) => {
    expect(matchesValue(pattern, value)).toBe(expected);
  });
});

function allSeven(): SilenceMatchers {
  return {
    repo: "acme/api",
    branch: "main",
    workflow: "CI",
    job: "test",
    type: "test_failure",
    fingerprint: "v1:abc",
    severity: "high",
  };
}
