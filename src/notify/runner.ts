/**
 * One run of the notification jobs (what `npx vitreem notifications run` does once and every app
 * server does every minute): the reminder schedules, today's digests, then every due e-mail of the
 * outbox. Safe to run on several servers at once (see src/storage/notification-outbox.ts).
 */
import os from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../storage/schema.ts';
import { runSchedules, type ScheduleRunResult } from '../storage/notifications.ts';
import { asSystem } from '../storage/users.ts';
import { claimMails, mailContent, markEmpty, markFailed, markSent, prepareOutbox, releaseMails } from '../storage/notification-outbox.ts';
import { backoffMinutes, digestEmail, eventEmail, isBounce } from '../domain/notifications.ts';
import { isConnectionError, mailerFromEnv, type Mailer } from './mailer.ts';

export interface RunOptions {
  mailer: Mailer | null;
  /** the web app's address for links in e-mails */
  baseUrl: string;
  now?: Date;
  /** this process's name in the outbox's `locked_by` */
  worker?: string;
  /** e-mails per run at most (default 500) */
  limit?: number;
}

export interface SentLine {
  outboxId: number;
  to: string;
  subject: string;
  kind: string;
}
export interface RunResult {
  notified: ScheduleRunResult;
  digests: number;
  expired: number;
  sent: SentLine[];
  bounced: (SentLine & { error: string })[];
  retrying: (SentLine & { error: string; nextAttemptInMinutes: number })[];
  failed: (SentLine & { error: string })[];
  /** e-mail is not configured (VITREEM_SMTP_URL unset): only in-app notifications */
  emailDisabled: boolean;
}

export const workerName = (): string => `${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
const BATCH = 20;

export async function runNotifications(db: Kysely<Database>, options: RunOptions): Promise<RunResult> {
  const now = options.now ?? new Date();
  const worker = options.worker ?? workerName();
  const notified = await asSystem(db, 'system:notifications', (trx) => runSchedules(trx, now));
  const result: RunResult = { notified, digests: 0, expired: 0, sent: [], bounced: [], retrying: [], failed: [], emailDisabled: !options.mailer };
  const mailer = options.mailer;
  if (!mailer) return result;
  const prepared = await prepareOutbox(db, now);
  result.digests = prepared.digests;
  result.expired = prepared.expired;
  const limit = options.limit ?? 500;
  let handled = 0;
  while (handled < limit) {
    const batch = await claimMails(db, worker, now, Math.min(BATCH, limit - handled));
    if (!batch.length) break;
    handled += batch.length;
    for (let i = 0; i < batch.length; i++) {
      const mail = batch[i]!;
      const content = await mailContent(db, mail);
      if (!content.items.length || !content.user?.active) {
        await markEmpty(db, mail, worker);
        continue;
      }
      const greeting = content.user.display_name ?? content.user.username;
      const email = mail.kind === 'digest' ? digestEmail(content.items, mail.digestDate ?? now.toISOString().slice(0, 10), options.baseUrl, greeting) : eventEmail(content.items[0]!, options.baseUrl, greeting);
      const line: SentLine = { outboxId: mail.id, to: mail.recipient, subject: email.subject, kind: mail.kind };
      // the same Message-ID on every try: a receiving server may recognise a repeat after a crash
      const messageId = `<vitreem.${mail.id}.${mail.kind}@${mailer.from.replace(/^.*@/, '').replace(/[>\s]/g, '') || 'vitreem.local'}>`;
      try {
        const info = await mailer.send({ to: mail.recipient, subject: email.subject, text: email.text, html: email.html, messageId });
        await markSent(db, mail, worker, { subject: email.subject, messageId: info.messageId || messageId, carried: mail.kind === 'digest' ? content.items.map((x) => x.outboxId) : undefined });
        result.sent.push(line);
      } catch (error) {
        const e = error as { message?: string; code?: string; responseCode?: number; response?: string };
        const text = `${e.code ?? ''} ${e.responseCode ?? ''} ${e.response ?? e.message ?? String(error)}`.replace(/\s+/g, ' ').trim();
        const outcome = await markFailed(db, mail, worker, now, text, isBounce(e));
        if (outcome === 'bounced') result.bounced.push({ ...line, error: text });
        else if (outcome === 'failed') result.failed.push({ ...line, error: text });
        else result.retrying.push({ ...line, error: text, nextAttemptInMinutes: backoffMinutes(mail.attempts) });
        if (isConnectionError(e)) {
          // the server cannot be reached: the rest of this batch waits as long as this one, untried
          const rest = batch.slice(i + 1);
          await releaseMails(db, rest, worker, new Date(now.getTime() + backoffMinutes(mail.attempts) * 60_000));
          for (const m of rest) result.retrying.push({ outboxId: m.id, to: m.recipient, subject: '', kind: m.kind, error: text, nextAttemptInMinutes: backoffMinutes(mail.attempts) });
          return result;
        }
      }
    }
  }
  return result;
}

/** The base URL of links in e-mails: VITREEM_PUBLIC_URL, else this server's address. */
export function publicUrl(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env.VITREEM_PUBLIC_URL?.trim();
  if (configured && /^https?:\/\//.test(configured)) return configured.replace(/\/+$/, '');
  return `http://localhost:${env.PORT || 3000}`;
}

let sharedMailer: { url: string | undefined; from: string | undefined; mailer: Mailer | null } | null = null;
/** The environment's mailer, created once per SMTP URL (a malformed URL: null, reported by `warn`). */
export function environmentMailer(warn: (message: string) => void = console.warn): Mailer | null {
  const url = process.env.VITREEM_SMTP_URL;
  const from = process.env.VITREEM_MAIL_FROM;
  if (sharedMailer && sharedMailer.url === url && sharedMailer.from === from) return sharedMailer.mailer;
  sharedMailer?.mailer?.close();
  let mailer: Mailer | null = null;
  try {
    mailer = mailerFromEnv();
  } catch (error) {
    warn(`Cảnh báo: VITREEM_SMTP_URL không hợp lệ, không gửi thư điện tử (${(error as Error).message}). / Warning: invalid VITREEM_SMTP_URL, no e-mail is sent.`);
  }
  sharedMailer = { url, from, mailer };
  return mailer;
}

/**
 * The server's minute loop: runs the jobs every `intervalMs` (default one minute) until stopped.
 * An SMTP server unreachable at start is a warning, never a crash; a failing run is logged and the
 * next one tried. `VITREEM_NOTIFICATIONS=off` turns the loop off (run them with the CLI instead); under
 * the test runner it is off unless `VITREEM_NOTIFICATIONS=on`.
 */
export function startNotificationLoop(db: Kysely<Database>, log: { info(m: string): void; warn(m: string): void }, options: { intervalMs?: number } = {}): () => Promise<void> {
  if (process.env.VITREEM_NOTIFICATIONS === 'off') return async () => undefined;
  // servers started by the test runner (node --test sets NODE_TEST_CONTEXT, inherited by the processes it
  // starts) run no jobs behind the tests' backs unless a test asks for them with VITREEM_NOTIFICATIONS=on
  if (process.env.NODE_TEST_CONTEXT && process.env.VITREEM_NOTIFICATIONS !== 'on') return async () => undefined;
  const mailer = environmentMailer((m) => log.warn(m));
  if (mailer) {
    mailer.verify().then(
      () => log.info(`Thư điện tử qua / e-mail through ${mailer.describe}`),
      (error: Error) => log.warn(`Cảnh báo: chưa kết nối được máy chủ thư ${mailer.describe} (${error.message}); thư sẽ được gửi lại sau. / Warning: the SMTP server cannot be reached yet; e-mails will be retried.`),
    );
  }
  const worker = workerName();
  let running: Promise<unknown> | null = null;
  let stopped = false;
  const tick = () => {
    if (stopped || running) return;
    running = runNotifications(db, { mailer, baseUrl: publicUrl(), worker })
      .then((r) => {
        if (r.sent.length || r.bounced.length || r.failed.length) log.info(`notifications: ${r.sent.length} sent, ${r.bounced.length} bounced, ${r.retrying.length} to retry, ${r.failed.length} failed`);
      })
      .catch((error: Error) => log.warn(`notifications run failed: ${error.message}`))
      .finally(() => { running = null; });
  };
  const first = setTimeout(tick, 5_000);
  const timer = setInterval(tick, options.intervalMs ?? 60_000);
  first.unref();
  timer.unref();
  return async () => {
    stopped = true;
    clearTimeout(first);
    clearInterval(timer);
    await running;
  };
}
