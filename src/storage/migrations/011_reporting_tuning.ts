/** Reporting: fewer indexes to maintain on the live aggregate table (every submission upserts into it). */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists aggregate_value_measure_year`.execute(db);
}
