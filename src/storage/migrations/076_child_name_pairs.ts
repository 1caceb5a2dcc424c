/**
 * Faster name search: `child.name_pairs` holds the blind indexes of ordered word pairs of the
 * name (src/domain/children/text.ts, namePairTerms), with their own GIN index. A query of several
 * words reads two short posting lists ("nguyen van", "van an…") instead of the long lists of single
 * words that a large part of a province shares.
 *
 * Existing records are filled here: each name is decrypted with the data key and its pairs
 * hashed (the audit trigger is off for this derived column; nothing a user wrote changes). A row
 * the key cannot open, or a row restored from an older backup, keeps `name_pairs` null and is
 * still found through its word terms (partial index child_name_unpaired).
 *
 * The name indexes are written through (fastupdate off, see below).
 */
import { sql, type Kysely } from 'kysely';
import { blindIndex, decryptJson } from '../crypto.ts';
import { namePairTerms } from '../../domain/children/text.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table child add column name_pairs text[]`.execute(db);
  const any = await sql<{ n: number }>`select count(*)::int as n from child where status <> 'merged'`.execute(db);
  if (any.rows[0].n > 0) {
    await sql`alter table child disable trigger audit_row`.execute(db);
    await sql`update child set name_pairs = '{}' where status = 'merged'`.execute(db);
    let last = 0;
    for (;;) {
      const rows = (await sql<{ id: number; pii: string }>`select id, pii from child where id > ${last} and status <> 'merged' order by id limit 2000`.execute(db)).rows;
      if (rows.length === 0) break;
      last = rows[rows.length - 1].id;
      const values = [];
      for (const r of rows) {
        try {
          values.push(sql`(${r.id}::int, ${sql.val(namePairTerms(decryptJson<{ fullName: string }>(r.pii).fullName).map(blindIndex))}::text[])`);
        } catch {
          // not readable with this key: left to the word terms
        }
      }
      if (values.length) await sql`update child c set name_pairs = v.p from (values ${sql.join(values)}) v(id, p) where c.id = v.id`.execute(db);
    }
    await sql`alter table child enable trigger audit_row`.execute(db);
  }
  // fastupdate off: a GIN index otherwise collects new entries in a pending list (up to 4 MB) that
  // every search reads through, until a vacuum — and PGlite has no autovacuum. Measured on a
  // province of 600,000: 500 pending pages made a two-word search read 510 pages instead of ~20.
  await sql`
    create index child_name_pairs on child using gin (name_pairs) with (fastupdate = off);
    create index child_name_unpaired on child using gin (name_index) with (fastupdate = off) where name_pairs is null;
    alter index child_name_index set (fastupdate = off);
  `.execute(db);
  await sql`select gin_clean_pending_list('child_name_index'::regclass)`.execute(db);
}
