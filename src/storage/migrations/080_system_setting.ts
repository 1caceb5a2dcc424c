/**
 * Settings the system itself keeps in the database (one row per setting), audited.
 * First use: `data_key_fingerprint` — the fingerprint (never the key) of the data key that encrypts
 * the register's sensitive fields, so that a server started with another key refuses to start
 * (src/storage/data-key.ts).
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table system_setting (
      id text primary key,
      value text not null,
      updated_at timestamptz not null default now()
    );
    select audit_attach('system_setting');
  `.execute(db);
}
