/** The public-holiday calendar in storage: the administrator's corrections over the computed days. */
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.ts';
import './schema-calendar.ts';
import { workingDayPredicate, type CalendarOverride } from '../domain/calendar/holidays.ts';

export async function calendarOverrides(db: Kysely<Database>, fromYear?: number, toYear?: number): Promise<CalendarOverride[]> {
  let q = db.selectFrom('public_holiday_override').select([sql<string>`to_char(day, 'YYYY-MM-DD')`.as('day'), 'kind', 'name_vi']);
  if (fromYear !== undefined) q = q.where('day', '>=', `${fromYear}-01-01`);
  if (toYear !== undefined) q = q.where('day', '<=', `${toYear}-12-31`);
  const rows = await q.orderBy('day').execute();
  return rows.map((r) => ({ date: r.day, kind: r.kind, nameVi: r.name_vi }));
}

/** "Is this a working day", over the calendar as corrected (for due times). */
export async function workingDays(db: Kysely<Database>): Promise<(iso: string) => boolean> {
  return workingDayPredicate(await calendarOverrides(db));
}
