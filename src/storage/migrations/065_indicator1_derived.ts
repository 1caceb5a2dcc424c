/**
 * Indicator 1 (share of child-friendly communes) is computed from the recognitions
 * (src/storage/indicator1.ts), never typed into a report: reports generated before stop asking for it
 * (so a draft can be submitted without it) and its stale live aggregates go. The values typed before
 * stay in data_value (and data_value_history) as a record; nothing reads them as indicator 1 any more.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    delete from obligation_measure om using measure m, indicator i
    where om.measure_id = m.id and i.id = m.indicator_id and i.scope_plan_id is null and i.code = '1' and m.code = '1'`.execute(db);
  await sql`
    delete from aggregate_value a using measure m, indicator i
    where a.measure_id = m.id and i.id = m.indicator_id and i.scope_plan_id is null and i.code = '1' and m.code = '1'`.execute(db);
}
