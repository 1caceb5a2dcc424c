/**
 * Possible duplicates across scopes (issue #13 follow-up): a child registered with a personal ID
 * number that a record outside the registering worker's scope already carries is registered as usual —
 * the worker is told nothing of the other record, not even that it exists — and the pair is flagged here
 * for a child-protection supervisor whose area covers both communes (or a national one) to resolve.
 * Ids and units only: no name, no ID number.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table child_duplicate_flag (
      id serial primary key,
      child_id int not null references child(id),
      other_child_id int not null references child(id),
      reason text not null check (reason in ('same_id_number')),
      created_at timestamptz not null default now(),
      resolution text check (resolution in ('same_child', 'different_children')),
      resolved_at timestamptz,
      resolved_by int,
      note text,
      check (child_id <> other_child_id),
      check ((resolution is null) = (resolved_at is null))
    );
    create index child_duplicate_flag_open on child_duplicate_flag(created_at) where resolution is null;
    create index child_duplicate_flag_child on child_duplicate_flag(child_id);
    create index child_duplicate_flag_other on child_duplicate_flag(other_child_id);
    select audit_attach('child_duplicate_flag');
  `.execute(db);
}
