import nodemailer from "nodemailer";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FakeSmtp, startFakeSmtp } from "./smtp-server.js";

let fake: FakeSmtp;
beforeEach(async () => {
  fake = await startFakeSmtp();
});
afterEach(async () => {
  await fake.close();
});

const transport = (url = fake.url) =>
  nodemailer.createTransport({ url, ignoreTLS: true, connectionTimeout: 2_000 });

const mail = {
  from: "pitcrew@example.com",
  to: ["a@example.com", "b@example.com"],
  subject: "hello",
  text: "plain body",
  html: "<p>html body</p>",
  headers: { "X-Test": "yes" },
};

describe("fake SMTP server", () => {
  it("records envelope, parsed bodies, headers and the login", async () => {
    await transport(fake.urlWithAuth("bot", "s3cret")).sendMail(mail);
    const [got] = fake.messages;
    expect(got).toMatchObject({
      from: "pitcrew@example.com",
      to: ["a@example.com", "b@example.com"],
      subject: "hello",
      text: "plain body",
      html: "<p>html body</p>",
      user: "bot",
    });
    expect(got?.headers["x-test"]).toBe("yes");
    expect(got?.raw).toContain("Subject: hello");
    expect(fake.logins).toEqual(["bot"]);
  });

  it("answers one SMTP error at DATA or RCPT, then accepts again", async () => {
    fake.failNext(550, "5.1.1 no such user", "rcpt");
    await expect(transport().sendMail(mail)).rejects.toMatchObject({ responseCode: 550 });
    fake.failNext(451, "4.3.0 try later");
    await expect(transport().sendMail(mail)).rejects.toMatchObject({ responseCode: 451 });
    await transport().sendMail(mail);
    expect(fake.messages).toHaveLength(1);
  });

  it("refuses logins with 535 when told to", async () => {
    fake.rejectAuth();
    const sending = transport(fake.urlWithAuth("bot", "wrong")).sendMail(mail);
    await expect(sending).rejects.toMatchObject({ code: "EAUTH", responseCode: 535 });
  });

  it("refuses connections while down and accepts them again when up", async () => {
    await fake.down();
    await expect(transport().sendMail(mail)).rejects.toThrow(/ECONNREFUSED/);
    await fake.up();
    await transport().sendMail(mail);
    await expect(fake.waitFor(1)).resolves.toHaveLength(1);
  });
});
