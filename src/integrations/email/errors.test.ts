import { describe, expect, it } from "vitest";
import { IntegrationError } from "../../domain/errors.js";
import { emailErrorMapper, redactSmtpUrl, smtpErrorType } from "./index.js";

const smtpError = (fields: Record<string, unknown>) =>
  Object.assign(new Error(String(fields.message ?? "smtp failed")), fields);

describe("smtpErrorType", () => {
  it.each([
    [{ code: "ECONNECTION" }, "network"],
    [{ code: "ESOCKET", message: "connect ECONNREFUSED 127.0.0.1:25" }, "network"],
    [{ code: "EDNS" }, "network"],
    [{ code: "ETIMEDOUT" }, "timeout"],
    [{ name: "TimeoutError" }, "timeout"],
    [{ code: "EMESSAGE", responseCode: 421 }, "server"],
    [{ code: "EENVELOPE", responseCode: 450 }, "server"],
    [{ code: "EMESSAGE", responseCode: 451 }, "server"],
    [{ code: "EENVELOPE", responseCode: 452 }, "server"],
    [{ code: "EENVELOPE", responseCode: 550, permanent: true }, "validation"],
    [{ code: "EENVELOPE", responseCode: 553 }, "validation"],
    [{ code: "EMESSAGE", permanent: true }, "validation"],
    [{ code: "EAUTH", responseCode: 535 }, "auth"],
    [{ code: "ENOAUTH" }, "auth"],
    [{ responseCode: 535 }, "auth"],
    [{ code: "EPROTOCOL" }, "server"],
  ])("%j → %s", (fields, expected) => {
    expect(smtpErrorType(smtpError(fields))).toBe(expected);
  });
});

describe("emailErrorMapper", () => {
  const url = "smtps://mailer%40acme.io:p%40ss-w0rd!@smtp.acme.io:465";

  it("keeps the reply code and scrubs the password, encoded or not", () => {
    const mapped = emailErrorMapper(url)(
      smtpError({
        code: "EAUTH",
        responseCode: 535,
        message: `login p@ss-w0rd! p%40ss-w0rd! ${url}`,
      }),
      "send-digest",
    );
    expect(mapped).toBeInstanceOf(IntegrationError);
    expect(mapped).toMatchObject({ service: "email", errorType: "auth", status: 535 });
    expect(mapped.message).not.toMatch(/ss-w0rd/);
  });

  it("passes IntegrationErrors through", () => {
    const error = new IntegrationError({
      service: "email",
      operation: "send-digest",
      errorType: "timeout",
      message: "slow",
    });
    expect(emailErrorMapper(url)(error, "send-digest")).toBe(error);
  });

  it("redacts the password of an SMTP URL for logs", () => {
    expect(redactSmtpUrl(url)).toBe("smtps://mailer%40acme.io:[REDACTED]@smtp.acme.io:465");
  });
});
