/**
 * Performance (issue #4): aggregate_value is updated in place by every submission, return and
 * reopening (a few rows per value and ancestor). Pages kept 30 % free let PostgreSQL write the new
 * row version on the same page without touching the primary-key index (a HOT update); with full
 * pages almost every update also grew the index (measured on the 10-million-value benchmark: 2 % of
 * the updates were HOT with full pages, 30–60 % with fillfactor 70). It applies to rows written from
 * now on (an insert fills a page only to 70 %: new years, recomputations); VACUUM FULL rewrites the
 * existing pages.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table aggregate_value set (fillfactor = 70)`.execute(db);
}
