import { afterEach, describe, expect, it } from "vitest";
import { exampleRun } from "../fixtures/webhooks/workflow-run.js";
import {
  app,
  drain,
  failRun,
  incident,
  issueWebhook,
  jobUrl,
  postLinear,
  rules,
  runUrl,
  start,
  stopLinearTriageApp,
  triageState,
} from "../support/linear-triage-app.js";

afterEach(stopLinearTriageApp);

describe("acceptance: Linear triage of a person's issue", () => {
  it.each([
    ["the run URL", `CI is red since this run: ${runUrl}`],
    ["the job URL", `Failing job: [test](${jobUrl}). Please look.`],
  ])(
    "links a new issue that mentions %s to the incident and explains it there",
    async (_name, description) => {
      // Default ladder (issue at 5 failures): the incident has no Linear issue of its own.
      const { linear: fake } = await start({ issueAt: 5 });
      const opened = await failRun();
      expect(opened.linear).toBeNull();
      expect(fake.issues).toEqual([]);
      fake.issues.push({
        id: "issue-person",
        identifier: "ENG-7",
        number: 7,
        title: "tests are red on master",
        description,
        priority: 0,
        teamId: fake.team.id,
        stateId: triageState,
        labelIds: [],
        url: "https://linear.app/fake/issue/ENG-7",
        createdAt: app().clock.now().toISOString(),
      });

      const created = issueWebhook("issue-person", {
        action: "create",
        issue: {
          identifier: "ENG-7",
          description,
          url: "https://linear.app/fake/issue/ENG-7",
        },
        creatorId: "user-ana",
      });
      expect((await postLinear(created, { delivery: "lin-create" })).status).toBe(202);
      await drain();

      const linked = await incident(opened.id);
      expect(linked.linear).toMatchObject({
        id: "issue-person",
        identifier: "ENG-7",
        url: "https://linear.app/fake/issue/ENG-7",
        linkedByTriage: true,
      });
      expect(rules(linked)).toContain("triage.linear.link");

      const update = fake.requests.find((r) => r.operation === "updateIssue");
      expect(update?.variables).toMatchObject({ id: "issue-person" });
      const input = (update?.variables.input ?? {}) as { priority?: number; labelIds?: string[] };
      expect(input.priority).toBeGreaterThan(0);
      expect(input.labelIds?.length).toBeGreaterThan(0);
      const person = fake.issues.find((i) => i.id === "issue-person");
      expect(person?.priority).toBe(input.priority);
      const labelNames = fake.labels
        .filter((l) => person?.labelIds.includes(l.id))
        .map((l) => l.name);
      expect(labelNames.length).toBeGreaterThan(0);

      expect(fake.comments).toHaveLength(1);
      expect(fake.comments[0]).toMatchObject({ issueId: "issue-person" });
      expect(fake.comments[0]?.body).toContain(opened.id);
      expect(fake.comments[0]?.body).toContain(opened.classification.evidence[0]?.text);

      // Redelivered under another id: the incident is linked now, so nothing more is sent.
      const requests = fake.requests.length;
      const again = issueWebhook("issue-person", {
        action: "create",
        issue: { identifier: "ENG-7", description },
      });
      expect((await postLinear(again, { delivery: "lin-create-2" })).status).toBe(202);
      await drain();
      expect(fake.requests.length).toBe(requests);
      expect(fake.comments).toHaveLength(1);
    },
  );

  it("does not link an update, nor a new issue that mentions an unknown run", async () => {
    const { linear: fake } = await start({ issueAt: 5 });
    const opened = await failRun();
    const update = issueWebhook("issue-person", {
      issue: { description: runUrl },
      updatedFrom: { description: "" },
    });
    expect((await postLinear(update, { delivery: "lin-upd" })).status).toBe(202);
    const other = issueWebhook("issue-other", {
      action: "create",
      issue: { description: `https://github.com/${exampleRun.repo}/actions/runs/1` },
    });
    expect((await postLinear(other, { delivery: "lin-other" })).status).toBe(202);
    await drain();
    expect((await incident(opened.id)).linear).toBeNull();
    expect(fake.requests).toEqual([]);
  });
});
