/**
 * Which routes take an incident, and which aggregation group of a route it joins (DESIGN §7.1
 * "Notifications"; Alertmanager's routing tree, flattened to a list). Pure.
 */
import type { ReceiverName } from "../../domain/notify.js";
import { type Incident, type Severity, severities } from "../../domain/types.js";
import type { NotifyRoute } from "./notify-config.js";

type MatchField = keyof NotifyRoute["match"];
type LabelField = NotifyRoute["group_by"][number];

export interface RouteMatch {
  /** Index of the route in `notifications.routes`. */
  route: number;
  receivers: ReceiverName[];
}

/** The incident's value of a matcher or `group_by` field; null where the incident has none. */
export function fieldOf(incident: Incident, field: LabelField): string | null {
  if (field === "type") return incident.classification.type;
  if (field === "severity") return incident.classification.severity;
  return incident[field];
}

/**
 * The routes that take the incident, in config order: the first match wins unless it says
 * `continue: true` (Alertmanager). A route whose `min_severity` is above the incident's does not
 * match, so the incident falls through to the next route (a severity matcher, not a drop rule).
 */
export function matchRoutes(incident: Incident, routes: readonly NotifyRoute[]): RouteMatch[] {
  const matched: RouteMatch[] = [];
  for (const [index, route] of routes.entries()) {
    if (!routeTakes(route, incident)) continue;
    matched.push({ route: index, receivers: route.receivers as ReceiverName[] });
    if (!route.continue) break;
  }
  return matched;
}

function routeTakes(route: NotifyRoute, incident: Incident): boolean {
  if (!atLeast(incident.classification.severity, route.min_severity)) return false;
  return Object.entries(route.match).every(
    ([field, value]) =>
      value === undefined || matches(value, fieldOf(incident, field as MatchField)),
  );
}

export function atLeast(severity: Severity, min: Severity): boolean {
  return severities.indexOf(severity) >= severities.indexOf(min);
}

/**
 * Equality, or a `/regex/` tested as written (the writer anchors it). A missing field is the empty
 * string, as Alertmanager treats a missing label. An invalid regex matches nothing: config
 * validation reports it (`validateRoutes`), and a broken route must not swallow every incident.
 */
function matches(expected: string, actual: string | null): boolean {
  const value = actual ?? "";
  const regex = regexOf(expected);
  if (regex === undefined) return expected === value;
  if (regex === null) return false;
  return regex.test(value);
}

/** undefined: not written as a regex; null: written as one but invalid. */
function regexOf(text: string): RegExp | null | undefined {
  if (text.length < 2 || !text.startsWith("/") || !text.endsWith("/")) return undefined;
  try {
    return new RegExp(text.slice(1, -1));
  } catch {
    return null;
  }
}

/** Config errors of the routes: every `/regex/` matcher that does not compile, one line each. */
export function validateRoutes(routes: readonly NotifyRoute[]): string[] {
  const errors: string[] = [];
  for (const [index, route] of routes.entries()) {
    for (const [field, value] of Object.entries(route.match)) {
      if (value === undefined || regexOf(value) !== null) continue;
      errors.push(`notifications.routes[${index}].match.${field}: invalid regex ${value}`);
    }
  }
  return errors;
}

/** The group an incident joins on one route and receiver: its `group_by` values, sorted by key. */
export function groupKey(
  incident: Incident,
  route: NotifyRoute,
  index: number,
  receiver: ReceiverName,
): { id: string; labels: Record<string, string> } {
  const keys = [...new Set(route.group_by)].sort();
  const labels: Record<string, string> = {};
  for (const key of keys) labels[key] = fieldOf(incident, key) ?? "";
  return { id: groupId(index, receiver, labels), labels };
}

/** `<index>:<receiver>:<k=v,…>`, keys sorted so the same labels always give the same id. */
export function groupId(
  index: number,
  receiver: ReceiverName,
  labels: Record<string, string>,
): string {
  const pairs = Object.keys(labels)
    .sort()
    .map((key) => `${key}=${labels[key]}`);
  return `${index}:${receiver}:${pairs.join(",")}`;
}
