/**
 * Rates are exchanged as numerator and denominator (the reporting engine stores them so): a measure
 * mapping names which part of the measure its data element carries.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table exchange_element_map add column part text not null default 'value' check (part in ('value','numerator','denominator'));
    drop index exchange_element_map_measure;
    create unique index exchange_element_map_measure on exchange_element_map (measure_code, coalesce(group_key, ''), part);
  `.execute(db);
}
