import { describe, expect, it } from "vitest";
import type { Digest, NoticeItem } from "../../domain/notify.js";
import { escapeHtml, renderEmailDigest } from "./email-render.js";

const publicUrl = "https://pitcrew.acme.dev";

function item(overrides: Partial<NoticeItem> = {}): NoticeItem {
  const id = overrides.incidentId ?? "PC-42";
  return {
    incidentId: id,
    state: "firing",
    repo: "acme/api",
    workflow: "ci",
    job: "test",
    branch: "main",
    type: "test_failure",
    severity: "high",
    count: 3,
    evidence: "FAIL src/orders.test.ts > totals > applies the discount",
    done: ["re-ran 2×", "Codegen PR https://github.com/acme/api/pull/7"],
    next: "Linear issue at 5 failures",
    links: {
      incident: `${publicUrl}/incidents/${id}`,
      run: "https://github.com/acme/api/actions/runs/8812",
      linear: null,
      pr: "https://github.com/acme/api/pull/7",
    },
    silenced: false,
    ...overrides,
  };
}

function digest(items: NoticeItem[], overrides: Partial<Digest> = {}): Digest {
  return {
    id: "dg_1",
    groupId: "0:email:repo=acme/api",
    receiver: "email",
    labels: { repo: "acme/api" },
    at: "2026-11-23T12:00:00.000Z",
    reason: "new incidents",
    items,
    totals: { firing: 0, resolved: 0, silenced: 0 },
    ...overrides,
  };
}

const sample = [
  digest([
    item(),
    item({
      incidentId: "PC-43",
      job: "lint",
      type: "lint",
      severity: "medium",
      count: 1,
      evidence: "src/app.ts:12:5 error  'x' is assigned a value but never used  no-unused-vars",
      done: [],
      next: "re-run at 12:05 UTC",
      links: { incident: "/incidents/PC-43", run: null, linear: null, pr: null },
    }),
  ]),
  digest(
    [
      item({
        incidentId: "PC-40",
        state: "resolved",
        repo: "acme/web",
        workflow: "deploy",
        job: "staging",
        branch: null,
        type: "network",
        count: 2,
        evidence: null,
        done: ["re-ran 1×"],
        next: "nothing: resolved",
        links: {
          incident: `${publicUrl}/incidents/PC-40`,
          run: null,
          linear: "https://linear.app/acme/issue/OPS-9",
          pr: null,
        },
      }),
    ],
    { id: "dg_2", groupId: "0:email:repo=acme/web", labels: { repo: "acme/web" } },
  ),
];

describe("renderEmailDigest", () => {
  it("renders the sample digest as HTML and text", async () => {
    const email = renderEmailDigest(sample, { publicUrl });
    expect(email.subject).toBe("[pitcrew] 2 failing in acme/api, 1 resolved");
    await expect(email.html).toMatchFileSnapshot("__snapshots__/email-digest.html.snap");
    await expect(email.text).toMatchFileSnapshot("__snapshots__/email-digest.txt.snap");
  });

  it("says what and how many in the subject", () => {
    const subject = (digests: Digest[], urgent = false) =>
      renderEmailDigest(digests, { publicUrl, urgent }).subject;
    expect(subject([digest([item()])])).toBe(
      "[pitcrew] 1 failing in acme/api: test_failure in ci / test",
    );
    expect(subject([digest([item()])], true)).toBe(
      "[pitcrew] URGENT: 1 failing in acme/api: test_failure in ci / test",
    );
    const three = ["a", "b", "c"].map((r, i) => item({ incidentId: `PC-${i}`, repo: `acme/${r}` }));
    expect(subject([digest(three)])).toBe("[pitcrew] 3 failing in 3 repos");
    expect(subject([digest(three.slice(0, 2))])).toBe("[pitcrew] 2 failing in acme/a and acme/b");
    expect(subject([digest([item({ state: "resolved" })])])).toBe(
      "[pitcrew] 1 resolved in acme/api",
    );
    expect(subject([digest([item({ job: "x\r\nBcc: evil@example.com" })])])).not.toMatch(/[\r\n]/);
  });

  it("escapes untrusted text in the HTML and drops non-http links", () => {
    const planted = item({
      evidence: `<script>alert("pwned")</script> & 'quotes'`,
      branch: "<img src=x onerror=alert(1)>",
      links: { incident: "javascript:alert(1)", run: null, linear: null, pr: null },
    });
    const { html, text } = renderEmailDigest([digest([planted])], { publicUrl });
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("<img");
    expect(html).not.toContain("javascript:");
    expect(html).toContain(
      "&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;",
    );
    expect(text).toContain(`<script>alert("pwned")</script> & 'quotes'`);
  });

  it("lists the first 50 incidents and counts the rest; silenced ones only counted", () => {
    const many = Array.from({ length: 53 }, (_, i) =>
      item({ incidentId: `PC-${i + 1}`, count: i + 1 }),
    );
    const hushed = item({ incidentId: "PC-99", silenced: true });
    const { html, text, subject } = renderEmailDigest([digest([...many, hushed])], { publicUrl });
    expect(subject).toBe("[pitcrew] 53 failing in acme/api");
    expect(text).toContain("[FAILING] test_failure (high) - PC-50\n");
    expect(text).not.toContain("PC-51\n");
    // The three unlisted ones failed 51 + 52 + 53 times.
    expect(text).toContain("... and 3 more (156 failures): https://pitcrew.acme.dev/");
    expect(html).toContain("and 3 more (156 failures)");
    expect(text).toContain("1 more matched a silence and is not listed.");
    expect(text).not.toContain("PC-99");
    const two = renderEmailDigest([digest(many)], { publicUrl, maxItems: 51 });
    expect(two.text).toContain("... and 2 more (105 failures)");
  });

  it("lists an incident found in several groups once, in its latest state", () => {
    const later = digest([item({ state: "resolved" })], { id: "dg_2", at: "2026-11-23T12:05:00Z" });
    const { subject } = renderEmailDigest([later, digest([item()])], { publicUrl });
    expect(subject).toBe("[pitcrew] 1 resolved in acme/api");
  });

  it("escapeHtml escapes the five special characters", () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe(
      "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;",
    );
  });
});
