/**
 * Performance: a token that changes with every write to what indicator 1 is computed from besides
 * the unit tree (child-friendly commune registrations, decisions and standards), so that app
 * servers may keep indicator 1's sums in memory between requests (src/storage/indicator1.ts). The
 * sums are used only while this token and the unit tree's (migration 060) are unchanged, on every
 * server. Random like the unit tree's token: a restored backup brings its own; no row = nothing cached.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table cff_version (
      id boolean primary key default true check (id),
      token text not null
    );
    insert into cff_version (token) values (md5(random()::text || clock_timestamp()::text));

    create function cff_version_touch() returns trigger language plpgsql as $$
    begin
      insert into cff_version (id, token) values (true, md5(random()::text || clock_timestamp()::text))
      on conflict (id) do update set token = excluded.token;
      return null;
    end $$;
    create trigger cff_version_touch after insert or update or delete or truncate on cff_registration for each statement execute function cff_version_touch();
    create trigger cff_version_touch after insert or update or delete or truncate on cff_decision for each statement execute function cff_version_touch();
    create trigger cff_version_touch after insert or update or delete or truncate on cff_standard for each statement execute function cff_version_touch();
  `.execute(db);
}
