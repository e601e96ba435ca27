import { describe, expect, it } from "vitest";
import { testClassification, testIncident } from "../../../test/support/incident-builder.js";
import type { Incident, Severity } from "../../domain/types.js";
import { type NotifyRoute, notifyConfigSchema } from "./notify-config.js";
import { groupKey, matchRoutes, validateRoutes } from "./routes.js";

const base = notifyConfigSchema.parse({}).routes[0] as NotifyRoute;
const route = (overrides: Partial<NotifyRoute>): NotifyRoute => ({ ...base, ...overrides });

function incident(overrides: Partial<Incident> = {}, severity: Severity = "high"): Incident {
  return testIncident("inc_1", { classification: testClassification({ severity }), ...overrides });
}

const pager = route({ match: { repo: "acme/api" }, receivers: ["webhook:pager"] });
const infra = route({ match: { repo: "/^acme\\/infra-/" }, receivers: ["email"] });
const everything = route({ receivers: ["slack"] });

describe("pipeline/notify/routes: matchRoutes", () => {
  it.each<[string, NotifyRoute[], Incident, [number, string[]][]]>([
    ["{} takes everything", [everything], incident(), [[0, ["slack"]]]],
    ["first match wins", [pager, everything], incident(), [[0, ["webhook:pager"]]]],
    [
      "continue: the next routes are tried too",
      [{ ...pager, continue: true }, infra, everything],
      incident(),
      [
        [0, ["webhook:pager"]],
        [2, ["slack"]],
      ],
    ],
    [
      "no match falls through",
      [pager, everything],
      incident({ repo: "acme/web" }),
      [[1, ["slack"]]],
    ],
    ["a regex matches", [pager, infra], incident({ repo: "acme/infra-dns" }), [[1, ["email"]]]],
    ["a regex is not anchored for you", [infra], incident({ repo: "x/acme/infra-" }), []],
    [
      "an invalid regex matches nothing",
      [route({ match: { repo: "/(/" } }), everything],
      incident(),
      [[1, ["slack"]]],
    ],
    [
      "a null field is the empty string",
      [route({ match: { branch: "/^$/" }, receivers: ["email"] })],
      incident({ branch: null }),
      [[0, ["email"]]],
    ],
    [
      "type and severity come from the classification",
      [route({ match: { type: "test_failure", severity: "/high|critical/" } })],
      incident(),
      [[0, ["slack", "email"]]],
    ],
    [
      "min_severity: below it, the route does not match",
      [{ ...pager, min_severity: "critical" }, everything],
      incident(),
      [[1, ["slack"]]],
    ],
    [
      "min_severity: at or above it, the route matches",
      [{ ...pager, min_severity: "high" }, everything],
      incident({}, "critical"),
      [[0, ["webhook:pager"]]],
    ],
    ["nothing matches: no route", [pager], incident({ repo: "other/repo" }), []],
  ])("%s", (_name, routes, subject, expected) => {
    const got = matchRoutes(subject, routes).map((m) => [m.route, m.receivers]);
    expect(got).toEqual(expected);
  });
});

describe("pipeline/notify/routes: validateRoutes", () => {
  it.each<[string, NotifyRoute[], string[]]>([
    ["valid routes", [pager, infra, everything], []],
    ["a plain value with a slash is no regex", [route({ match: { repo: "acme/(api" } })], []],
    [
      "a bad regex is reported with its place",
      [everything, route({ match: { job: "/[/" } })],
      ["notifications.routes[1].match.job: invalid regex /[/"],
    ],
  ])("%s", (_name, routes, errors) => {
    expect(validateRoutes(routes)).toEqual(errors);
  });
});

describe("pipeline/notify/routes: groupKey", () => {
  it.each<[string, NotifyRoute["group_by"], Incident, string, Record<string, string>]>([
    ["by repo", ["repo"], incident(), "2:slack:repo=acme/api", { repo: "acme/api" }],
    [
      "keys sorted, whatever the config order",
      ["type", "repo"],
      incident(),
      "2:slack:repo=acme/api,type=test_failure",
      { repo: "acme/api", type: "test_failure" },
    ],
    [
      "a null field is the empty string",
      ["branch", "repo"],
      incident({ branch: null }),
      "2:slack:branch=,repo=acme/api",
      { branch: "", repo: "acme/api" },
    ],
    [
      "fingerprint and severity",
      ["severity", "fingerprint"],
      incident(),
      "2:slack:fingerprint=v1:abc,severity=high",
      { fingerprint: "v1:abc", severity: "high" },
    ],
  ])("%s", (_name, groupBy, subject, id, labels) => {
    const key = groupKey(subject, route({ group_by: groupBy }), 2, "slack");
    expect(key).toEqual({ id, labels });
    expect(Object.keys(key.labels)).toEqual(Object.keys(labels));
  });
});
