/**
 * E-mail through any SMTP server (nodemailer): `VITREEM_SMTP_URL=smtp://user:pass@host:port`
 * (smtps:// for TLS from the start; ?tls.rejectUnauthorized=false and the other nodemailer URL
 * options work), sender `VITREEM_MAIL_FROM`. No SMTP URL = no e-mail (in-app notifications only).
 */
import os from 'node:os';
import nodemailer, { type Transporter } from 'nodemailer';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
}

export interface Mailer {
  readonly from: string;
  /** a description without the password, for logs */
  readonly describe: string;
  send(mail: OutgoingMail): Promise<{ messageId: string; response: string }>;
  verify(): Promise<void>;
  close(): void;
}

export interface MailerOptions {
  url: string;
  from?: string;
  /** ms to wait for a connection / the greeting / a reply (default 10 s, 10 s, 30 s) */
  connectionTimeout?: number;
  greetingTimeout?: number;
  socketTimeout?: number;
}

/** The password of an SMTP URL replaced by *** (for logs and answers). */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(URL không hợp lệ / invalid URL)';
  }
}

export function createMailer(options: MailerOptions): Mailer {
  const url = new URL(options.url); // throws on an invalid URL: the caller reports it
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') throw new Error(`VITREEM_SMTP_URL must start with smtp:// or smtps://, not ${url.protocol}`);
  const host = os.hostname() || 'localhost';
  const from = options.from?.trim() || `vitreem <no-reply@${url.hostname || host}>`;
  const transport: Transporter = nodemailer.createTransport(options.url, {
    from,
    connectionTimeout: options.connectionTimeout ?? 10_000,
    greetingTimeout: options.greetingTimeout ?? 10_000,
    socketTimeout: options.socketTimeout ?? 30_000,
  } as never);
  return {
    from,
    describe: redactUrl(options.url),
    async send(mail) {
      const info = await transport.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html, messageId: mail.messageId, headers: { 'Auto-Submitted': 'auto-generated' } });
      return { messageId: String(info.messageId ?? mail.messageId), response: String(info.response ?? '') };
    },
    async verify() {
      await transport.verify();
    },
    close() {
      transport.close();
    },
  };
}

/** The mailer configured by the environment, or null without VITREEM_SMTP_URL. Throws on a malformed URL. */
export function mailerFromEnv(env: NodeJS.ProcessEnv = process.env): Mailer | null {
  const url = env.VITREEM_SMTP_URL?.trim();
  if (!url) return null;
  return createMailer({ url, from: env.VITREEM_MAIL_FROM });
}

/** Whether an error is about reaching the server at all (then the rest of a batch waits too). */
export function isConnectionError(error: { code?: string; responseCode?: number }): boolean {
  return error.responseCode === undefined && ['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ETLS', 'EAUTH', 'EPROTOCOL'].includes(String(error.code));
}
