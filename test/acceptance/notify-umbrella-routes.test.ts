/**
 * An umbrella groups one fingerprint across repositories per receiver; it lists only incidents
 * some route sends to that receiver (a repository routed to email only stays out of Slack's).
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type FakeSlack, startFakeSlack } from "../fakes/slack-api.js";
import { type FakeSmtp, startFakeSmtp } from "../fakes/smtp-server.js";
import { failCi, notifyEnv } from "../support/notify-timeline.js";
import { startTestRuntime, type TestRuntime } from "../support/test-runtime.js";

let slack: FakeSlack | undefined;
let smtp: FakeSmtp | undefined;
let runtime: TestRuntime | undefined;

afterEach(async () => {
  await runtime?.stop();
  await Promise.all([slack?.close(), smtp?.close()]);
});

const config = `notifications:
  routes:
    - match: { repo: "/acme\\\\/(alpha|beta|gamma)/" }
      receivers: [slack, email]
    - receivers: [email]
`;

describe("acceptance: umbrella notices follow the routes", () => {
  it("lists in Slack only the repositories routed to Slack, in email all four", async () => {
    slack = await startFakeSlack();
    smtp = await startFakeSmtp();
    const file = join(mkdtempSync(join(tmpdir(), "pitcrew-umbrella-")), "pitcrew.yaml");
    writeFileSync(file, config);
    runtime = await startTestRuntime({ ...notifyEnv(slack, smtp), PITCREW_CONFIG: file });
    const rt = runtime;
    // delta fails before gamma: gamma's announcement brings every incident of the outage along.
    const repos = ["acme/alpha", "acme/beta", "acme/delta", "acme/gamma"];
    for (const [i, repo] of repos.entries()) {
      await failCi(rt, { repo, job: "unit", test: "cart", runId: i + 1 });
    }
    const incidents = await rt.backend.store.listIncidents();
    expect(incidents).toHaveLength(4);
    const id = (repo: string) => incidents.find((i) => i.repo === repo)?.id ?? "?";
    rt.clock.advance(60_000);
    await rt.app.worker.runDue();

    const messages = slack.messages.get(slack.channelId("#ci-alerts")) ?? [];
    expect(messages).toHaveLength(1);
    const posted = JSON.stringify(messages[0]?.blocks);
    for (const repo of ["acme/alpha", "acme/beta", "acme/gamma"]) {
      expect(posted).toContain(`/incidents/${id(repo)}|`);
    }
    expect(posted).not.toContain(`/incidents/${id("acme/delta")}|`);
    expect(messages[0]?.text).toContain(": 3 failing");

    expect(smtp.messages).toHaveLength(1);
    for (const repo of repos) expect(smtp.messages[0]?.text).toContain(`- ${id(repo)}\n`);
  });
});
