/**
 * Alert emails go out through SMTP_URL (nodemailer). Without it there is no
 * mailer and alerts are shown in the app only.
 */
import nodemailer from "nodemailer";
import type { Config } from "~/config.server";

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

export function createMailer(config: Pick<Config, "smtpUrl" | "mailFrom">): Mailer | null {
  if (!config.smtpUrl) return null;
  const transport = nodemailer.createTransport({
    url: config.smtpUrl,
    // A stalled server must not hold the scheduler's turn for long.
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  } as Parameters<typeof nodemailer.createTransport>[0]);
  return {
    async send(mail) {
      await transport.sendMail({ from: config.mailFrom, to: mail.to, subject: mail.subject, text: mail.text });
    },
    close() {
      transport.close();
    },
  };
}
