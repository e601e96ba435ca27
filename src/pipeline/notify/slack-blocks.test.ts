import { cpSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { textLength as fakeTextLength, LIMITS } from "../../../test/fakes/slack-api.js";
import type { Digest, NoticeItem } from "../../domain/notify.js";
import { createTemplateRenderer, defaultTemplatesDir } from "../../lib/templates.js";
import { digestToSlackMessage, escapeMrkdwn, headline, textLength } from "./slack-blocks.js";

function item(overrides: Partial<NoticeItem> = {}): NoticeItem {
  return {
    incidentId: "PC-7",
    state: "firing",
    repo: "acme/api",
    workflow: "CI",
    job: "test",
    branch: "main",
    type: "test_failure",
    severity: "high",
    count: 3,
    evidence: "FAIL src/sum.test.ts > adds: expected 1 to be 2",
    done: ["re-ran 2×"],
    next: "Codegen fix PR at 2 failures",
    links: {
      incident: "https://pitcrew.example/incidents/PC-7",
      run: "https://github.com/acme/api/actions/runs/42",
      linear: null,
      pr: null,
    },
    silenced: false,
    ...overrides,
  };
}

function digest(items: NoticeItem[], overrides: Partial<Digest> = {}): Digest {
  const listed = items.filter((i) => !i.silenced);
  return {
    id: "dg_1",
    groupId: "0:slack:repo=acme/api",
    receiver: "slack",
    labels: { repo: "acme/api" },
    at: "2026-11-23T12:00:00.000Z",
    reason: "new incidents",
    items,
    totals: {
      firing: listed.filter((i) => i.state === "firing").length,
      resolved: listed.filter((i) => i.state === "resolved").length,
      silenced: items.length - listed.length,
    },
    ...overrides,
  };
}

const options = {
  reportUrl: "https://pitcrew.example/reports/dg_1",
  dashboardUrl: "https://pitcrew.example/",
};

describe("digestToSlackMessage", () => {
  it("renders a digest", () => {
    const message = digestToSlackMessage(
      digest([
        item({
          state: "resolved",
          incidentId: "PC-5",
          job: "lint",
          type: "lint",
          count: 1,
          done: [],
          next: "nothing: resolved",
          evidence: null,
          branch: null,
        }),
        item({
          links: {
            incident: "https://pitcrew.example/incidents/PC-7",
            run: "https://github.com/acme/api/actions/runs/42",
            linear: "https://linear.app/acme/issue/OPS-12",
            pr: "https://github.com/acme/api/pull/9",
          },
        }),
        item({ incidentId: "PC-9", silenced: true }),
      ]),
      options,
    );
    expect(message).toEqual({
      text:
        "acme/api: 1 failing, 1 resolved. Failing: test_failure in acme/api CI / test on main (3×). " +
        "Resolved: lint in acme/api CI / lint (1×). Report: https://pitcrew.example/reports/dg_1.",
      blocks: [
        {
          type: "header",
          text: { type: "plain_text", text: "acme/api: 1 failing, 1 resolved", emoji: true },
        },
        {
          type: "section",
          text: {
            type: "mrkdwn",
            text: [
              ":red_circle: *test_failure* in acme/api CI / test on `main` · 3×",
              "`FAIL src/sum.test.ts &gt; adds: expected 1 to be 2`",
              "*Done:* re-ran 2×",
              "*Next:* Codegen fix PR at 2 failures",
              "<https://pitcrew.example/incidents/PC-7|Incident> · " +
                "<https://github.com/acme/api/actions/runs/42|Run> · " +
                "<https://linear.app/acme/issue/OPS-12|Linear issue> · " +
                "<https://github.com/acme/api/pull/9|PR>",
            ].join("\n"),
          },
        },
        {
          type: "section",
          text: {
            type: "mrkdwn",
            text: [
              ":white_check_mark: *lint* in acme/api CI / lint · 1× — resolved",
              "*Next:* nothing: resolved",
              "<https://pitcrew.example/incidents/PC-7|Incident> · " +
                "<https://github.com/acme/api/actions/runs/42|Run>",
            ].join("\n"),
          },
        },
        {
          type: "actions",
          elements: [
            {
              type: "button",
              action_id: "pitcrew_open_report",
              text: { type: "plain_text", text: "Report" },
              url: "https://pitcrew.example/reports/dg_1",
            },
            {
              type: "button",
              action_id: "pitcrew_open_dashboard",
              text: { type: "plain_text", text: "Dashboard" },
              url: "https://pitcrew.example/",
            },
          ],
        },
        {
          type: "context",
          elements: [
            { type: "mrkdwn", text: "pitcrew · new incidents · 1 silenced · 2026-11-23 12:00 UTC" },
          ],
        },
      ],
    });
  });

  it("keeps 60 incidents within 50 blocks and says how many more", () => {
    const items = Array.from({ length: 60 }, (_, i) =>
      item({ incidentId: `PC-${i}`, job: `job-${i}` }),
    );
    const message = digestToSlackMessage(digest(items), options);
    expect(message.blocks.length).toBeLessThanOrEqual(50);
    const sections = message.blocks.filter((b) => b.type === "section");
    const tail = sections.at(-1) as { text: { text: string } };
    const shown = sections.length - 1;
    expect(tail.text.text).toBe(
      `…and ${60 - shown} more — see the <https://pitcrew.example/reports/dg_1|report>`,
    );
    expect(message.text).toContain(`And ${60 - shown} more`);
    expect(textLength(message.blocks)).toBeLessThanOrEqual(12_000);
  });

  it("keeps big incidents within the character cap", () => {
    const items = Array.from({ length: 40 }, (_, i) =>
      item({
        incidentId: `PC-${i}`,
        evidence: "e".repeat(2000),
        done: ["x".repeat(300), "y".repeat(300)],
      }),
    );
    const message = digestToSlackMessage(digest(items), { ...options, maxChars: 12_000 });
    expect(textLength(message.blocks)).toBeLessThanOrEqual(12_000);
    expect(fakeTextLength(message.blocks)).toBeLessThanOrEqual(LIMITS.aggregateText);
    expect(JSON.stringify(message.blocks)).toMatch(/…and \d+ more/);
  });

  it("truncates long evidence and keeps every section within 3000 characters", () => {
    const long = item({
      evidence: "E".repeat(5000),
      workflow: "W".repeat(1000),
      done: Array.from({ length: 9 }, () => "d".repeat(500)),
      next: "n".repeat(1000),
    });
    const message = digestToSlackMessage(digest([long]), options);
    const section = message.blocks[1] as { text: { text: string } };
    expect(section.text.text).toContain(`\`${"E".repeat(299)}…\``);
    expect(section.text.text).toContain("; and 4 more");
    expect(section.text.text.length).toBeLessThanOrEqual(3000);
    expect(message.blocks.every((b) => textLength(b) <= 3000)).toBe(true);
  });

  it("escapes mrkdwn control characters in untrusted text", () => {
    const evil = item({
      repo: "acme/<!channel>",
      job: "a & b",
      evidence: "expected <div> got `</div>` & <@U123>",
      done: ["ran <script>"],
      next: "<!here> soon",
      branch: "feat/<x>",
    });
    const message = digestToSlackMessage(digest([evil], { labels: { repo: "acme/<!channel>" } }));
    const text = (message.blocks[1] as { text: { text: string } }).text.text;
    expect(text).not.toMatch(/<!|<@|<script|<div/);
    expect(text).toContain("acme/&lt;!channel&gt;");
    expect(text).toContain("a &amp; b");
    expect(text).toContain("`expected &lt;div&gt; got '&lt;/div&gt;' &amp; &lt;@U123&gt;`");
    expect(message.text).not.toMatch(/<!|<@/);
    expect(escapeMrkdwn("a<b>&c")).toBe("a&lt;b&gt;&amp;c");
  });

  it("drops links that are not http(s) and cuts a long header", () => {
    const message = digestToSlackMessage(
      digest(
        [item({ links: { incident: "javascript:alert(1)", run: null, linear: null, pr: null } })],
        {
          labels: { repo: "r".repeat(200) },
        },
      ),
    );
    expect(JSON.stringify(message.blocks)).not.toContain("javascript:");
    const header = message.blocks[0] as { text: { text: string } };
    expect(header.text.text.length).toBe(150);
    expect(message.blocks.some((b) => b.type === "actions")).toBe(false);
  });
});

describe("headline", () => {
  it("names the group and counts", () => {
    expect(headline(digest([item()]))).toBe("acme/api: 1 failing");
    expect(headline(digest([], { labels: { branch: "main", type: "lint" } }))).toBe(
      "main / lint: nothing open",
    );
  });
});

describe("templates/slack", () => {
  it("renders a digest of every kind of incident (file snapshot, for review)", async () => {
    const message = digestToSlackMessage(
      digest(
        [
          item({
            incidentId: "PC-3",
            severity: "critical",
            type: "deployment",
            job: "deploy",
            count: 1,
            done: [],
            next: "re-run at 12:02 UTC",
          }),
          item({ done: ["re-ran 2×", "cleared the npm cache", "asked Codegen for a fix PR"] }),
          item({
            state: "resolved",
            incidentId: "PC-5",
            job: "lint",
            type: "lint",
            evidence: null,
            done: [],
            next: "nothing: resolved",
          }),
          item({ incidentId: "PC-9", silenced: true }),
        ],
        { reason: "1 new, 1 resolved, 4 more failures" },
      ),
      options,
    );
    await expect(JSON.stringify(message, null, 2)).toMatchFileSnapshot(
      "__snapshots__/slack-digest.json.snap",
    );
  });

  it("takes its words from a custom templates dir, with values still escaped", () => {
    const dir = mkdtempSync(join(tmpdir(), "pitcrew-slack-templates-"));
    cpSync(defaultTemplatesDir, dir, { recursive: true });
    writeFileSync(
      join(dir, "slack/incident.md"),
      "<%= it.type %> broke <%= it.job %> <%= it.count %> times\n",
    );
    writeFileSync(join(dir, "slack/footer.md"), "sent because <%= it.reason %>\n");
    const renderer = createTemplateRenderer({ dir });
    const message = digestToSlackMessage(digest([item({ job: "<!here>" })]), { renderer });
    const texts = message.blocks.map((b) => JSON.stringify(b));
    expect(texts[1]).toContain('"text":"test_failure broke &lt;!here&gt; 3 times"');
    expect(texts.at(-1)).toContain('"text":"sent because new incidents"');
  });
});
