/**
 * Notifications (issue #17): what each user was told (in-app), the durable e-mail outbox that app
 * servers share through `FOR UPDATE SKIP LOCKED`, each user's channels, and the reminder offsets of
 * each province (data). See docs/notifications.md.
 *
 * - `notification`: one row per event and recipient; `event_key` is unique per user, so a schedule
 *   that runs every minute on several servers tells each person once.
 * - `notification_outbox`: one row per e-mail to send (`notification_id` unique: one e-mail per event
 *   and recipient) or per daily digest (`user_id, digest_date` unique). `status`: pending → sending
 *   (claimed, `locked_until` = lease) → sent | bounced | failed, or held (waits for the digest). The
 *   rows are the log of what was sent to whom and when; they are audited.
 * - `notification_preference`: in-app, e-mail, daily digest (no row = in-app and e-mail, no digest).
 * - `notification_schedule`: per province, the days before a report's due date, the days overdue
 *   after which the recipient unit's officer is told, the hours before a case step's due time, the
 *   days before child-friendly commune deadlines (no row = the national defaults in
 *   src/domain/notifications.ts).
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table notification (
      id bigserial primary key,
      user_id int not null references app_user(id) on delete cascade,
      kind text not null,
      event_key text not null,
      title text not null,
      body text not null,
      link text,
      due_at timestamptz,
      unit_id int references admin_unit(id) on delete set null,
      created_at timestamptz not null default now(),
      read_at timestamptz,
      unique (user_id, event_key)
    );
    create index notification_user_unread on notification (user_id, created_at desc) where read_at is null;
    create index notification_user_created on notification (user_id, created_at desc);
    create index notification_event_key on notification (event_key);

    create table notification_outbox (
      id bigserial primary key,
      notification_id bigint unique references notification(id) on delete cascade,
      user_id int not null references app_user(id) on delete cascade,
      kind text not null default 'event' check (kind in ('event', 'digest')),
      digest_date date,
      digest_id bigint references notification_outbox(id) on delete set null,
      recipient text not null,
      subject text not null default '',
      status text not null default 'pending' check (status in ('pending', 'sending', 'sent', 'bounced', 'failed', 'held', 'digested')),
      attempts int not null default 0,
      next_attempt_at timestamptz not null default now(),
      locked_until timestamptz,
      locked_by text,
      last_error text,
      message_id text,
      sent_at timestamptz,
      created_at timestamptz not null default now(),
      unique (user_id, digest_date)
    );
    create index notification_outbox_due on notification_outbox (next_attempt_at) where status in ('pending', 'sending');
    create index notification_outbox_held on notification_outbox (user_id) where status = 'held';

    create table notification_preference (
      user_id int primary key references app_user(id) on delete cascade,
      in_app boolean not null default true,
      email boolean not null default true,
      digest boolean not null default false,
      updated_at timestamptz not null default now()
    );

    create table notification_schedule (
      unit_id int primary key references admin_unit(id) on delete cascade,
      report_days int[] not null,
      escalate_after_days int not null,
      case_hours int not null,
      cff_days int[] not null,
      updated_at timestamptz not null default now(),
      updated_by int
    );

    select audit_attach('notification_outbox');
    select audit_attach('notification_preference');
    select audit_attach('notification_schedule');
  `.execute(db);
}
