/**
 * DHIS2's follow-up mark on a data value ("followup" in data value sets and ADX): read on import, written on
 * export. Deleting the value deletes the mark with it.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table data_value add column followup boolean not null default false`.execute(db);
}
