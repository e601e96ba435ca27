import { Webhooks } from "@octokit/webhooks";
import { signPitcrewBody } from "../../src/http/signatures.js";

export const githubSecret = "It's a Secret to Everybody";
export const ciSecret = "ci-secret-for-tests";

/** POSTs a signed GitHub delivery to a listening server. */
export async function postGithub(
  url: string,
  payload: unknown,
  options: { event?: string; delivery: string; secret?: string | null },
): Promise<{ status: number; body: Record<string, unknown> }> {
  const body = JSON.stringify(payload);
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "x-github-event": options.event ?? "workflow_run",
    "x-github-delivery": options.delivery,
  };
  const secret = options.secret === undefined ? githubSecret : options.secret;
  if (secret) headers["x-hub-signature-256"] = await new Webhooks({ secret }).sign(body);
  const response = await fetch(`${url}/webhooks/github`, { method: "POST", headers, body });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** POSTs a signed generic CI delivery to a listening server. */
export async function postCi(
  url: string,
  payload: unknown,
  options: { delivery?: string; secret?: string | null } = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const body = JSON.stringify(payload);
  const headers: Record<string, string> = { "content-type": "application/json" };
  const secret = options.secret === undefined ? ciSecret : options.secret;
  if (secret) headers["x-pitcrew-signature"] = signPitcrewBody(secret, body);
  if (options.delivery) headers["x-pitcrew-delivery"] = options.delivery;
  const response = await fetch(`${url}/webhooks/ci`, { method: "POST", headers, body });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
