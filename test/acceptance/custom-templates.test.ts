import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { defaultTemplatesDir } from "../../src/lib/templates.js";
import { type FakeGithub, startFakeGithub } from "../fakes/github-api.js";
import { type FakeLinear, startFakeLinear } from "../fakes/linear-api.js";
import { jestLog } from "../fixtures/logs/index.js";
import { exampleRun, workflowRunPayload } from "../fixtures/webhooks/workflow-run.js";
import { postGithub } from "../support/deliveries.js";
import { githubEnv, linearEnv } from "../support/fake-env.js";
import { startTestRuntime, type TestRuntime } from "../support/test-runtime.js";

let github: FakeGithub | undefined;
let linear: FakeLinear | undefined;
let runtime: TestRuntime | undefined;
afterEach(async () => {
  await runtime?.stop();
  await github?.close();
  await linear?.close();
});

function configWith(templatesDir: string): string {
  const file = join(mkdtempSync(join(tmpdir(), "pitcrew-cfg-")), "pitcrew.yaml");
  const yaml = `templates:\n  dir: ${JSON.stringify(templatesDir)}\nescalation:\n  linear:\n    atFailures: 1\n`;
  writeFileSync(file, yaml);
  return file;
}

describe("acceptance: templates.dir", () => {
  it("refuses to start when the directory lacks a template, naming each one", async () => {
    const empty = mkdtempSync(join(tmpdir(), "pitcrew-tpl-"));

    await expect(startTestRuntime({ PITCREW_CONFIG: configWith(empty) })).rejects.toThrow(
      /templates\.dir: .* has no codegen\/fix-prompt\.md[\s\S]*has no linear\/triage\.md/,
    );
  });

  it("renders the Linear issue from the user's copy", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pitcrew-tpl-"));
    cpSync(defaultTemplatesDir, dir, { recursive: true });
    const issue = join(dir, "linear", "issue.md");
    writeFileSync(issue, `Our team's format — CUSTOM-MARKER\n\n${readFileSync(issue, "utf8")}`);
    github = await startFakeGithub();
    linear = await startFakeLinear();
    runtime = await startTestRuntime({
      ...githubEnv(github),
      ...linearEnv(linear),
      PITCREW_CONFIG: configWith(dir),
    });
    github.addRun({
      repo: exampleRun.repo,
      runId: exampleRun.runId,
      jobs: [{ id: 77, name: "test", conclusion: "failure", log: jestLog }],
    });

    await postGithub(runtime.url, workflowRunPayload({ conclusion: "failure" }), { delivery: "d" });
    await runtime.app.worker.runDue();

    expect(linear.issues).toHaveLength(1);
    expect(linear.issues[0]?.description).toContain("CUSTOM-MARKER");
  });
});
