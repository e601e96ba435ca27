/**
 * A fake SMTP server for tests: `smtp-server` on 127.0.0.1 (integrations.md §5 recipe), each
 * message parsed with mailparser and recorded. Switches: `failNext` answers one SMTP error at RCPT
 * or DATA; `down` stops listening and drops open connections (clients get ECONNREFUSED), `up`
 * listens again on the same port.
 */
import type { Socket } from "node:net";
import { simpleParser } from "mailparser";
import { SMTPServer, type SMTPServerError } from "smtp-server";

/** One delivered message as the fake recorded it. */
export interface ReceivedMail {
  /** Envelope sender (MAIL FROM). */
  from: string;
  /** Envelope recipients (RCPT TO). */
  to: string[];
  subject: string;
  text: string;
  html: string;
  /** Header values by lower-case name (the last one wins when a header repeats). */
  headers: Record<string, string>;
  raw: string;
  /** The authenticated user, when the client logged in. */
  user: string | null;
  receivedAt: Date;
}

export interface FakeSmtp {
  host: string;
  port: number;
  /** `smtp://127.0.0.1:<port>`, without credentials. */
  url: string;
  /** `smtp://user:pass@127.0.0.1:<port>` (the fake accepts any login). */
  urlWithAuth(user: string, pass: string): string;
  messages: ReceivedMail[];
  /** Users that logged in (AUTH PLAIN/LOGIN), in order. */
  logins: string[];
  /** Connections accepted so far. */
  connections: number;
  /** The next message is refused with `code message`: at DATA, or every recipient at RCPT. */
  failNext(code: number, message: string, at?: "rcpt" | "data"): void;
  /** Every login is refused with 535 until `up()`/`acceptAuth()`. */
  rejectAuth(): void;
  acceptAuth(): void;
  /** Stops listening and drops open connections: new connections are refused. */
  down(): Promise<void>;
  /** Listens again on the same port. */
  up(): Promise<void>;
  /** Resolves once `count` messages have arrived (rejects after `timeoutMs`). */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
}

/** Starts the fake on a random port of 127.0.0.1. */
export async function startFakeSmtp(): Promise<FakeSmtp> {
  const host = "127.0.0.1";
  const messages: ReceivedMail[] = [];
  const logins: string[] = [];
  const sockets = new Set<Socket>();
  let fail: { code: number; message: string; at: "rcpt" | "data" } | null = null;
  /** A RCPT fault rejects every recipient of the transaction it hit (until the next MAIL FROM). */
  let rcptFault: { session: string; error: SMTPServerError } | null = null;
  let refuseAuth = false;
  let connections = 0;
  let waiters: (() => void)[] = [];

  const smtpError = (code: number, message: string): SMTPServerError =>
    Object.assign(new Error(message), { responseCode: code });
  const takeFault = (at: "rcpt" | "data"): SMTPServerError | null => {
    if (fail?.at !== at) return null;
    const error = smtpError(fail.code, fail.message);
    fail = null;
    return error;
  };

  const server = new SMTPServer({
    authOptional: true,
    allowInsecureAuth: true,
    authMethods: ["PLAIN", "LOGIN"],
    disabledCommands: ["STARTTLS"],
    disableReverseLookup: true,
    logger: false,
    closeTimeout: 100,
    onConnect(_session, callback) {
      connections += 1;
      callback();
    },
    onAuth(auth, _session, callback) {
      if (refuseAuth) return callback(smtpError(535, "5.7.8 Authentication credentials invalid"));
      logins.push(auth.username ?? "");
      callback(null, { user: auth.username });
    },
    onMailFrom(_address, _session, callback) {
      rcptFault = null;
      callback();
    },
    onRcptTo(_address, session, callback) {
      if (rcptFault?.session === session.id) return callback(rcptFault.error);
      const error = takeFault("rcpt");
      if (error) rcptFault = { session: session.id, error };
      callback(error);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        const fault = takeFault("data");
        if (fault) return callback(fault);
        const raw = Buffer.concat(chunks).toString("utf8");
        const envelope = session.envelope;
        const from = envelope.mailFrom ? envelope.mailFrom.address : "";
        const to = envelope.rcptTo.map((rcpt) => rcpt.address);
        const user = typeof session.user === "string" ? session.user : null;
        simpleParser(raw).then(
          (parsed) => {
            const headers: Record<string, string> = {};
            for (const { key, line } of parsed.headerLines) {
              headers[key] = line.slice(line.indexOf(":") + 1).trim();
            }
            messages.push({
              from,
              to,
              subject: parsed.subject ?? "",
              text: parsed.text ?? "",
              html: typeof parsed.html === "string" ? parsed.html : "",
              headers,
              raw,
              user,
              receivedAt: new Date(),
            });
            for (const wake of waiters) wake();
            callback(null, `Queued as fake-${messages.length}`);
          },
          (error: unknown) => callback(smtpError(451, `4.3.0 cannot parse: ${String(error)}`)),
        );
      });
    },
  });
  server.server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });

  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server.server.once("error", reject);
      server.listen(port, host, () => {
        server.server.off("error", reject);
        const address = server.server.address();
        resolve(typeof address === "object" && address ? address.port : port);
      });
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (!server.server.listening) return resolve();
      server.server.close(() => resolve());
      for (const socket of sockets) socket.destroy();
    });

  const port = await listen(0);
  return {
    host,
    port,
    url: `smtp://${host}:${port}`,
    urlWithAuth: (user, pass) =>
      `smtp://${encodeURIComponent(user)}:${encodeURIComponent(pass)}@${host}:${port}`,
    messages,
    logins,
    get connections() {
      return connections;
    },
    failNext(code, message, at = "data") {
      fail = { code, message, at };
    },
    rejectAuth: () => {
      refuseAuth = true;
    },
    acceptAuth: () => {
      refuseAuth = false;
    },
    down: stop,
    async up() {
      await listen(port);
    },
    waitFor(count, timeoutMs = 5_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters = waiters.filter((w) => w !== check);
          reject(
            new Error(`fake SMTP: ${messages.length}/${count} messages after ${timeoutMs} ms`),
          );
        }, timeoutMs);
        const check = () => {
          if (messages.length < count) return;
          clearTimeout(timer);
          waiters = waiters.filter((w) => w !== check);
          resolve(messages.slice(0, count));
        };
        waiters.push(check);
        check();
      });
    },
    close: stop,
  };
}
