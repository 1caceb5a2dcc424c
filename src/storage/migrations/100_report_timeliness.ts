/**
 * Timeliness by one rule (src/domain/reporting/timeliness.ts, docs/reporting.md "Timeliness"): the
 * report keeps whether its standing submission is on time (`on_time`, null until first submitted)
 * and when it was last returned or reopened (`returned_at`), so lists, completeness, the overview and
 * the documents read the same answer. Existing reports are replayed from their workflow events.
 */
import { sql, type Kysely } from 'kysely';
import { timelinessFromEvents } from '../../domain/reporting/timeliness.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table obligation add column on_time boolean, add column returned_at timestamptz`.execute(db);
  const events = (await sql<{ obligation_id: number; due_date: string | Date; action: string; at: Date | string }>`
    select e.obligation_id, o.due_date, e.action, e.at from obligation_event e join obligation o on o.id = e.obligation_id
    where e.action in ('submit','return','reopen') order by e.obligation_id, e.id`.execute(db)).rows;
  const byObligation = new Map<number, { due: string; events: { action: string; at: Date | string }[]; returnedAt: Date | string | null }>();
  for (const e of events) {
    const due = e.due_date instanceof Date ? e.due_date.toISOString().slice(0, 10) : String(e.due_date).slice(0, 10);
    const x = byObligation.get(e.obligation_id) ?? { due, events: [], returnedAt: null };
    x.events.push({ action: e.action, at: e.at });
    if (e.action !== 'submit') x.returnedAt = e.at;
    byObligation.set(e.obligation_id, x);
  }
  const rows = [...byObligation].map(([id, x]) => ({ id, on_time: timelinessFromEvents(x.due, x.events), returned_at: x.returnedAt ? new Date(x.returnedAt).toISOString() : null }));
  // reports submitted without events (bulk-loaded data): by their first submission
  for (let i = 0; i < rows.length; i += 2000)
    await sql`update obligation o set on_time = x.on_time, returned_at = x.returned_at
      from jsonb_to_recordset(${JSON.stringify(rows.slice(i, i + 2000))}::jsonb) as x(id int, on_time boolean, returned_at timestamptz)
      where o.id = x.id`.execute(db);
  await sql`update obligation set on_time = (first_submitted_at + interval '7 hours')::date <= due_date
    where on_time is null and first_submitted_at is not null`.execute(db);
}
