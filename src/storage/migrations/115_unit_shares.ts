/**
 * Every real administrative unit built in (issue 18):
 *  - a succession link's share may be an estimate (equal parts of a split commune until the
 *    province enters the population or area share): `share_estimated`.
 * (Look-ups by level and code use the unique index on (level, code, valid_from).)
 * The units themselves are loaded by seedBaseData (src/storage/seed/units.ts) after the migrations.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table unit_succession add column share_estimated boolean not null default false;
  `.execute(db);
}
