/**
 * Performance (issue #5): a token that changes with every write to the unit tree (admin_unit,
 * unit_succession), so that app servers may keep unit lineages (the access check's ancestors)
 * in memory between requests. The session and API-token lookups read the token in the same
 * statement; a cached lineage is used only while the token is unchanged, on every server.
 *
 * The token is random (not a counter): a restored backup brings its own token together with its
 * own units, so equal tokens always mean the same tree. Missing row (a backup restored from before
 * this migration) = no token = nothing cached; the next unit write inserts a token again.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table unit_tree_version (
      id boolean primary key default true check (id),
      token text not null
    );
    insert into unit_tree_version (token) values (md5(random()::text || clock_timestamp()::text));

    create function unit_tree_touch() returns trigger language plpgsql as $$
    begin
      insert into unit_tree_version (id, token) values (true, md5(random()::text || clock_timestamp()::text))
      on conflict (id) do update set token = excluded.token;
      return null;
    end $$;
    create trigger unit_tree_touch after insert or update or delete or truncate on admin_unit for each statement execute function unit_tree_touch();
    create trigger unit_tree_touch after insert or update or delete or truncate on unit_succession for each statement execute function unit_tree_touch();
  `.execute(db);
}
