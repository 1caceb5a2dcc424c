/**
 * The e-mail outbox, shared by every app server and `vitreem notifications run`:
 *   claim  — a short transaction takes due rows with `FOR UPDATE SKIP LOCKED` and marks them
 *            `sending` with a lease (`locked_until`) and the claimer's id; two servers never take the
 *            same row, and no transaction stays open while the SMTP server is talked to;
 *   finish — after the SMTP answer: `sent` (with the Message-ID), `bounced` (permanent 5xx), or back
 *            to `pending` with a back-off (`failed` after MAX_ATTEMPTS) — only by the lease holder;
 *   a server killed mid-send leaves its rows `sending`: once the lease has run out another run takes
 *   them again, so nothing is lost (the same Message-ID is used again).
 * Every status change is audited (trigger of migration 110) under the actor `system:notifications`.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.ts';
import './schema-notifications.ts';
import { backoffMinutes, DIGEST_HOUR_VN, MAX_ATTEMPTS, vnDay } from '../domain/notifications.ts';
import { asSystem as systemTransaction } from './users.ts';

type Db = Kysely<Database>;
const ACTOR = 'system:notifications';
/** how long a claimed e-mail is reserved for its sender */
export const LEASE_SECONDS = 120;
/** an e-mail not sent within this many days is given up (SMTP down for days, or configured late): no stale reminders */
export const EXPIRE_DAYS = 3;

export interface ClaimedMail {
  id: number;
  kind: string;
  userId: number;
  notificationId: number | null;
  digestDate: string | null;
  recipient: string;
  attempts: number;
}

/** Creates today's digest rows (one per user with held e-mails, from DIGEST_HOUR_VN Vietnam time) and gives up stale e-mails. */
export async function prepareOutbox(db: Db, now: Date): Promise<{ digests: number; expired: number }> {
  return systemTransaction(db, ACTOR, async (trx) => {
    const expired = await trx.updateTable('notification_outbox')
      .set({ status: 'failed', last_error: `không gửi được trong ${EXPIRE_DAYS} ngày / not sent within ${EXPIRE_DAYS} days`, locked_until: null })
      .where('status', 'in', ['pending', 'held']).where('created_at', '<', new Date(now.getTime() - EXPIRE_DAYS * 86_400_000)).executeTakeFirst();
    let digests = 0;
    const vnHour = new Date(now.getTime() + 7 * 3600_000).getUTCHours();
    if (vnHour >= DIGEST_HOUR_VN) {
      const day = vnDay(now);
      const r = await sql`
        insert into notification_outbox (user_id, kind, digest_date, recipient, subject, status, next_attempt_at)
        select o.user_id, 'digest', ${day}::date, min(u.email), 'Tổng hợp thông báo', 'pending', ${now}
        from notification_outbox o join app_user u on u.id = o.user_id
        where o.status = 'held' and o.created_at <= ${now} and u.email is not null and u.active
        group by o.user_id
        on conflict (user_id, digest_date) do nothing`.execute(trx);
      digests = Number(r.numAffectedRows ?? 0);
    }
    return { digests, expired: Number(expired.numUpdatedRows) };
  });
}

/** Claims up to `limit` due e-mails for `worker` (SKIP LOCKED: concurrent claimers get disjoint rows). */
export async function claimMails(db: Db, worker: string, now: Date, limit: number): Promise<ClaimedMail[]> {
  return systemTransaction(db, ACTOR, async (trx) => {
    const rows = await sql<{ id: string; kind: string; user_id: number; notification_id: string | null; digest_date: string | null; recipient: string; attempts: number }>`
      update notification_outbox set status = 'sending', attempts = attempts + 1, locked_until = ${new Date(now.getTime() + LEASE_SECONDS * 1000)}, locked_by = ${worker}
      where id in (
        select id from notification_outbox
        where (status = 'pending' and (attempts = 0 or next_attempt_at <= ${now})) or (status = 'sending' and locked_until < ${now})
        order by id limit ${limit}
        for update skip locked)
      returning id, kind, user_id, notification_id, digest_date::text as digest_date, recipient, attempts`.execute(trx);
    return rows.rows.map((r) => ({ id: Number(r.id), kind: r.kind, userId: r.user_id, notificationId: r.notification_id === null ? null : Number(r.notification_id), digestDate: r.digest_date, recipient: r.recipient, attempts: r.attempts }))
      .sort((a, b) => a.id - b.id);
  });
}

/** What an e-mail says: its notification (or, for a digest, the user's held ones) and the user's name. */
export async function mailContent(db: Db, mail: ClaimedMail) {
  const user = await db.selectFrom('app_user').select(['display_name', 'username', 'email', 'active']).where('id', '=', mail.userId).executeTakeFirst();
  if (mail.kind === 'digest') {
    const items = await db.selectFrom('notification_outbox as o').innerJoin('notification as n', 'n.id', 'o.notification_id')
      .select(['o.id', 'n.title', 'n.body', 'n.link']).where('o.user_id', '=', mail.userId).where('o.status', '=', 'held').orderBy('o.id').limit(200).execute();
    return { user, items: items.map((i) => ({ outboxId: Number(i.id), title: i.title, body: i.body, link: i.link })) };
  }
  const n = mail.notificationId === null ? undefined : await db.selectFrom('notification').select(['title', 'body', 'link']).where('id', '=', mail.notificationId).executeTakeFirst();
  return { user, items: n ? [{ outboxId: mail.id, title: n.title, body: n.body, link: n.link }] : [] };
}

/** Records a sent e-mail (only while `worker` still holds the lease); a digest also marks the e-mails it carried. */
export async function markSent(db: Db, mail: ClaimedMail, worker: string, info: { subject: string; messageId: string; carried?: number[] }): Promise<boolean> {
  return systemTransaction(db, ACTOR, async (trx) => {
    const r = await trx.updateTable('notification_outbox').set({ status: 'sent', sent_at: new Date(), message_id: info.messageId.slice(0, 300), subject: info.subject.slice(0, 300), locked_until: null, last_error: null })
      .where('id', '=', mail.id).where('status', '=', 'sending').where('locked_by', '=', worker).executeTakeFirst();
    if (info.carried?.length) await trx.updateTable('notification_outbox').set({ status: 'digested', digest_id: mail.id, sent_at: new Date() }).where('id', 'in', info.carried).where('status', '=', 'held').execute();
    return Number(r.numUpdatedRows) === 1;
  });
}

/** Records a failure: a bounce is final; anything else is tried again after a back-off, until MAX_ATTEMPTS. */
export async function markFailed(db: Db, mail: ClaimedMail, worker: string, now: Date, error: string, bounce: boolean): Promise<'bounced' | 'failed' | 'retry'> {
  const outcome = bounce ? 'bounced' : mail.attempts >= MAX_ATTEMPTS ? 'failed' : 'retry';
  await systemTransaction(db, ACTOR, (trx) => trx.updateTable('notification_outbox')
    .set({ status: outcome === 'retry' ? 'pending' : outcome, last_error: error.slice(0, 1000), locked_until: null, next_attempt_at: new Date(now.getTime() + backoffMinutes(mail.attempts) * 60_000) })
    .where('id', '=', mail.id).where('status', '=', 'sending').where('locked_by', '=', worker).execute());
  return outcome;
}

/** Gives claimed e-mails back (the SMTP server is unreachable: the rest of the batch waits as long as the first; the claim counts as a try). */
export async function releaseMails(db: Db, mails: ClaimedMail[], worker: string, retryAt: Date): Promise<void> {
  if (!mails.length) return;
  await systemTransaction(db, ACTOR, (trx) => trx.updateTable('notification_outbox')
    .set({ status: 'pending', locked_until: null, next_attempt_at: retryAt })
    .where('id', 'in', mails.map((m) => m.id)).where('status', '=', 'sending').where('locked_by', '=', worker).execute());
}

/** Nothing to write (digest with nothing held, notification gone): closes the row. */
export async function markEmpty(db: Db, mail: ClaimedMail, worker: string): Promise<void> {
  await systemTransaction(db, ACTOR, (trx) => trx.updateTable('notification_outbox').set({ status: 'failed', last_error: 'không còn nội dung / nothing left to send', locked_until: null })
    .where('id', '=', mail.id).where('locked_by', '=', worker).execute());
}
