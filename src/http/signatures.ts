import { createHmac, timingSafeEqual } from "node:crypto";
import { Webhooks } from "@octokit/webhooks";

/** Checks `X-Hub-Signature-256` over the raw body with `@octokit/webhooks` (constant time). */
export function createGithubVerifier(
  secret: string,
): (raw: Buffer, signature: string) => Promise<boolean> {
  const webhooks = new Webhooks({ secret });
  return async (raw, signature) => {
    try {
      return await webhooks.verify(raw.toString("utf8"), signature);
    } catch {
      // A malformed header (wrong prefix or length) is a bad signature, not a server error.
      return false;
    }
  };
}

/** Checks `X-Pitcrew-Signature: sha256=<hex HMAC-SHA256 of the raw body>` in constant time. */
export function verifyPitcrewSignature(secret: string, raw: Buffer, header: string): boolean {
  const match = /^sha256=([0-9a-f]{64})$/i.exec(header.trim());
  if (!match) return false;
  const expected = createHmac("sha256", secret).update(raw).digest();
  const given = Buffer.from(match[1] as string, "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The header value a sender computes: `sha256=` + hex HMAC-SHA256 of the raw body. */
export function signPitcrewBody(secret: string, raw: string | Buffer): string {
  return `sha256=${createHmac("sha256", secret).update(raw).digest("hex")}`;
}

/** Loopback peers may post unsigned deliveries when no secret is configured (DESIGN §7.1). */
export function isLoopback(ip: string): boolean {
  return ip === "127.0.0.1" || ip === "::1" || ip === "::ffff:127.0.0.1" || ip.startsWith("127.");
}

/**
 * Checks Linear's `linear-signature` (hex HMAC-SHA256 of the raw body, no prefix) in constant
 * time. The SDK's `LinearWebhookClient.verify` does the same but reads the system clock for the
 * timestamp window; ours takes time from the injected Clock, so it is checked separately.
 */
export function verifyLinearSignature(secret: string, raw: Buffer, header: string): boolean {
  const text = header.trim();
  if (!/^[0-9a-f]{64}$/i.test(text)) return false;
  const expected = createHmac("sha256", secret).update(raw).digest();
  const given = Buffer.from(text, "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}
