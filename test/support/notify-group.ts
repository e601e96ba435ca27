import type { NotificationGroup } from "../../src/domain/notify.js";

/** A notification group of route 0 for Slack and repo acme/api, holding incident A. */
export function testGroup(overrides: Partial<NotificationGroup> = {}): NotificationGroup {
  return {
    id: "0:slack:repo=acme/api",
    route: 0,
    receiver: "slack",
    labels: { repo: "acme/api" },
    incidentIds: ["A"],
    createdAt: "2026-12-07T10:00:00.000Z",
    nextFlushAt: null,
    lastFlushAt: null,
    lastNotifiedAt: null,
    notifiedFiring: [],
    notifiedResolved: [],
    slack: null,
    ...overrides,
  };
}
