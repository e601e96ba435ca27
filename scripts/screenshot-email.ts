/**
 * Renders a sample email digest (2 failing, 1 resolved) and screenshots it with headless Chromium
 * into docs/img/email-digest.png. Not part of the test suite; run it after changing
 * templates/email/digest.html:
 *
 *   npx tsx scripts/screenshot-email.ts [--out docs/img/email-digest.png] [--chromium /usr/bin/chromium]
 *
 * Needs Debian's chromium (`apt-get install -y chromium`) or any Chromium at --chromium / $CHROMIUM.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { chromium } from "playwright-core";
import type { Digest, NoticeItem } from "../src/domain/notify.js";
import { renderEmailDigest } from "../src/pipeline/notify/email-render.js";

const publicUrl = "https://pitcrew.acme.dev";

const failing: NoticeItem = {
  incidentId: "PC-42",
  state: "firing",
  repo: "acme/api",
  workflow: "ci",
  job: "test",
  branch: "main",
  type: "test_failure",
  severity: "high",
  count: 3,
  evidence: "FAIL src/orders.test.ts > totals > applies the 10% discount (expected 90, got 100)",
  done: ["re-ran 2×", "Codegen PR https://github.com/acme/api/pull/7"],
  next: "Linear issue at 5 failures",
  links: {
    incident: `${publicUrl}/incidents/PC-42`,
    run: "https://github.com/acme/api/actions/runs/8812",
    linear: null,
    pr: "https://github.com/acme/api/pull/7",
  },
  silenced: false,
};

const sample: Digest[] = [
  {
    id: "dg_1",
    groupId: "0:email:repo=acme/api",
    receiver: "email",
    labels: { repo: "acme/api" },
    at: "2026-11-23T12:00:00.000Z",
    reason: "new incidents",
    totals: { firing: 2, resolved: 1, silenced: 0 },
    items: [
      failing,
      {
        ...failing,
        incidentId: "PC-43",
        job: "build",
        type: "dependency_install",
        severity: "medium",
        count: 1,
        evidence: "npm ERR! code ETARGET No matching version found for left-pad@^9.9.9",
        done: ["cleared npm caches (4 deleted): did not help"],
        next: "re-run at 12:05 UTC",
        links: { incident: `${publicUrl}/incidents/PC-43`, run: null, linear: null, pr: null },
      },
      {
        ...failing,
        incidentId: "PC-40",
        state: "resolved",
        workflow: "deploy",
        job: "staging",
        type: "network",
        count: 2,
        evidence: "curl: (28) Connection timed out after 30001 milliseconds",
        done: ["re-ran 1×: worked"],
        next: "nothing: resolved",
        links: {
          incident: `${publicUrl}/incidents/PC-40`,
          run: "https://github.com/acme/api/actions/runs/8790",
          linear: "https://linear.app/acme/issue/OPS-9",
          pr: null,
        },
      },
    ],
  },
];

const { values } = parseArgs({
  options: {
    out: { type: "string", default: "docs/img/email-digest.png" },
    chromium: { type: "string", default: process.env.CHROMIUM ?? "/usr/bin/chromium" },
  },
});
const out = resolve(values.out);

const email = renderEmailDigest(sample, { publicUrl });
const dir = mkdtempSync(join(tmpdir(), "pitcrew-email-"));
const htmlFile = join(dir, "digest.html");
writeFileSync(htmlFile, email.html);

const browser = await chromium.launch({
  executablePath: values.chromium,
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});
try {
  const page = await browser.newPage({
    viewport: { width: 720, height: 900 },
    deviceScaleFactor: 1,
  });
  // The email is self-contained: nothing may leave the machine while rendering it.
  await page.route(/^(?!file:)/, (route) => route.abort());
  await page.goto(pathToFileURL(htmlFile).href);
  mkdirSync(dirname(out), { recursive: true });
  await page.screenshot({ path: out, fullPage: true });
  console.log(`subject: ${email.subject}`);
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
  rmSync(dir, { recursive: true, force: true });
}
