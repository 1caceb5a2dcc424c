/**
 * Name search in part of a large register: a GIN index of the name's pair terms prefixed with the
 * child's commune ("<unit id>:<pair hash>"), an expression over `unit_id` and `name_pairs` — nothing
 * stored, kept right by PostgreSQL itself when a child moves (or a commune is merged into another).
 *
 * Why: in a national register of 25 million children a province's search for "Nguyễn Văn An" finds
 * ~8,000 matches in the country through `child_name_pairs` and had to read each row from the table
 * to keep the ~190 of the province (900 ms, most of it disk). Looked up per commune of the scope
 * (one short list per commune and pair), only the province's matches are read. A search over most
 * of the register (a provincial office's own PGlite database) keeps using `child_name_pairs`
 * (src/storage/register.ts, searchChildren).
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function child_scoped_terms(unit int, terms text[]) returns text[] language sql immutable parallel safe
      as $$ select coalesce(array_agg(unit::text || ':' || t), '{}') from unnest(terms) t $$;
    create index child_name_scoped on child using gin (child_scoped_terms(unit_id, name_pairs)) with (fastupdate = off)
      where status = 'active';
  `.execute(db);
}
