/**
 * Helpers of the notification timeline tests: failures and passes through the generic CI
 * endpoint, the environment pointing Slack and email at their fakes, and the Slack calls made.
 */
import { expect } from "vitest";
import type { FakeSlack, SlackRecordedRequest } from "../fakes/slack-api.js";
import type { FakeSmtp } from "../fakes/smtp-server.js";
import { ciSecret, postCi } from "./deliveries.js";
import type { TestRuntime } from "./test-runtime.js";

export const slackChannel = "#ci-alerts";

/** Slack (bot token, channel, API prefix) and email (SMTP, from, to) pointed at the fakes. */
export function notifyEnv(slack: FakeSlack, smtp: FakeSmtp): Record<string, string> {
  return {
    CI_WEBHOOK_SECRET: ciSecret,
    SLACK_BOT_TOKEN: slack.token,
    SLACK_CHANNEL: slackChannel,
    SLACK_API_URL: slack.apiUrl,
    SMTP_URL: smtp.url,
    EMAIL_FROM: "pitcrew@example.com",
    EMAIL_TO: "oncall@example.com",
    PITCREW_PUBLIC_URL: "https://pitcrew.example",
  };
}

/** A pytest log failing one test: each test name is its own fingerprint. */
export function pytestLog(test: string): string {
  return [
    "$ pytest -q",
    "..F.",
    `tests/test_${test}.py:12: AssertionError`,
    `FAILED tests/test_${test}.py::test_${test} - assert 3 == 4`,
    "========================= 1 failed, 3 passed in 0.12s =========================",
    "ERROR: Job failed: exit code 1",
  ].join("\n");
}

export interface CiRun {
  repo?: string;
  job: string;
  runId: number;
  /** The failing test (fingerprint); default: the job name. */
  test?: string;
  branch?: string;
  environment?: string | null;
}

/** One failed job through `POST /webhooks/ci`, processed at once. */
export async function failCi(runtime: TestRuntime, run: CiRun): Promise<void> {
  const repo = run.repo ?? "acme/api";
  const posted = await postCi(runtime.url, {
    source: "gitlab",
    repo,
    workflow: "ci",
    job: run.job,
    branch: run.branch ?? "main",
    runId: String(run.runId),
    url: `https://ci.example/${repo}/-/jobs/${run.runId}`,
    status: "failure",
    environment: run.environment ?? null,
    log: pytestLog(run.test ?? run.job),
  });
  expect(posted.status).toBe(202);
  await runtime.app.worker.runDue();
}

/** A passing run of the workflow: resolves every open incident of repo + workflow + branch. */
export async function passCi(
  runtime: TestRuntime,
  run: { repo?: string; runId: number; branch?: string },
): Promise<void> {
  const repo = run.repo ?? "acme/api";
  const posted = await postCi(runtime.url, {
    source: "gitlab",
    repo,
    workflow: "ci",
    job: "test",
    branch: run.branch ?? "main",
    runId: String(run.runId),
    status: "success",
  });
  expect(posted.status).toBe(202);
  await runtime.app.worker.runDue();
}

/** The chat.postMessage / chat.update calls Slack answered (faulted ones excluded). */
export function chatCalls(slack: FakeSlack): SlackRecordedRequest[] {
  return slack.requests.filter(
    (r) => !r.faulted && (r.apiMethod === "chat.postMessage" || r.apiMethod === "chat.update"),
  );
}

/** Every chat call's method and moment (ms after `t0`, by the fake clock). */
export interface ChatMoment {
  method: string;
  at: number;
  ts: string | null;
  text: string;
}

/**
 * Moves the fake clock in `step` ms steps up to `until` ms after `t0`, running due jobs after
 * each step, and records when each new chat call and email arrived (ms after `t0`). The SMTP
 * fake records a message before it answers the client, so it is there when `runDue` returns.
 */
export async function stepUntil(
  runtime: TestRuntime,
  fakes: { slack: FakeSlack; smtp: FakeSmtp },
  t0: number,
  until: number,
  step: number,
  seen: { chat: ChatMoment[]; mail: number[] },
): Promise<void> {
  for (;;) {
    await runtime.app.worker.runDue();
    const at = runtime.clock.now().getTime() - t0;
    for (const call of chatCalls(fakes.slack).slice(seen.chat.length)) {
      seen.chat.push({
        method: call.apiMethod,
        at,
        ts: call.form.ts ?? null,
        text: call.form.text ?? "",
      });
    }
    while (seen.mail.length < fakes.smtp.messages.length) seen.mail.push(at);
    if (at >= until) return;
    runtime.clock.advance(Math.min(step, until - at));
  }
}
