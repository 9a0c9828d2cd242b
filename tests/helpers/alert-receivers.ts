/** A local SMTP server (smtp-server) and a webhook receiver (node:http) that check what HaiLong sends. */
import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export interface ReceivedMail {
  to: string[];
  /** Headers and the decoded text body. */
  raw: string;
  text: string;
}

/** The text part of a simple message: quoted-printable or base64 undone, UTF-8. */
export function decodeBody(raw: string): string {
  const [head, ...rest] = raw.split(/\r?\n\r?\n/);
  const body = rest.join("\n\n");
  if (/content-transfer-encoding:\s*base64/i.test(head))
    return Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
  if (/content-transfer-encoding:\s*quoted-printable/i.test(head)) {
    const bytes = body
      .replace(/=\r?\n/g, "")
      .replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => `%${hex}`)
      .replace(/%(?![0-9A-F]{2})/gi, "%25");
    return decodeURIComponent(bytes);
  }
  return body;
}

export async function startSmtp(options: { user?: string; pass?: string } = {}) {
  const received: ReceivedMail[] = [];
  const state = { refuseNext: 0 };
  const server = new SMTPServer({
    disabledCommands: ["STARTTLS"],
    allowInsecureAuth: true,
    authOptional: !options.user,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === options.user && auth.password === options.pass) callback(null, { user: auth.username });
      else callback(new Error("Invalid username or password"));
    },
    onData(stream, session, callback) {
      let data = "";
      stream.setEncoding("utf8");
      stream.on("data", (chunk: string) => (data += chunk));
      stream.on("end", () => {
        if (state.refuseNext > 0) {
          state.refuseNext--;
          const error = new Error("Tạm thời không nhận thư") as Error & { responseCode: number };
          error.responseCode = 451;
          callback(error);
          return;
        }
        received.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: data,
          text: decodeBody(data),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    received,
    state,
    url: options.user ? `smtp://${options.user}:${options.pass}@127.0.0.1:${port}` : `smtp://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface ReceivedHook {
  headers: http.IncomingHttpHeaders;
  body: string;
  json: any;
  /** Whether X-HaiLong-Signature matched the HMAC of the raw body with the secret (timing-safe). */
  verified: boolean;
}

/** Verifies a delivery the way docs/api.md tells receivers to. */
export function verifySignature(secret: string, rawBody: string, header: string | undefined): boolean {
  const expected = Buffer.from(`sha256=${crypto.createHmac("sha256", secret).update(rawBody).digest("hex")}`);
  const given = Buffer.from(header ?? "");
  return given.length === expected.length && crypto.timingSafeEqual(given, expected);
}

export async function startReceiver(secret: () => string) {
  const received: ReceivedHook[] = [];
  /** Statuses to answer with, in turn; 204 once empty. "silent": read the request and never answer. */
  const answers: (number | "silent")[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      received.push({
        headers: req.headers,
        body,
        json: JSON.parse(body),
        verified: verifySignature(secret(), body, req.headers["x-hailong-signature"] as string | undefined),
      });
      const answer = answers.shift() ?? 204;
      if (answer === "silent") return; // the connection stays open until the sender gives up
      res.statusCode = answer;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hailong`,
    received,
    answers,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
