/**
 * Seed data: the two shipped standards (QĐ 37/2010/QĐ-TTg and QĐ 06/QĐ-TTg 2019) and the
 * recognising authority by date. From here on the database is the source of truth; an
 * administrator corrects or adds standards through PUT/POST /api/cff/standards.
 */
import { sql, type Kysely } from 'kysely';
import { BUILT_IN_STANDARDS, DEFAULT_AUTHORITY } from '../../domain/cff/index.ts';
import { insertStandard } from '../cff/standards.ts';
import type { Database } from '../schema.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  const typed = db as unknown as Kysely<Database>;
  for (const standard of BUILT_IN_STANDARDS) await insertStandard(typed, standard);
  for (const p of DEFAULT_AUTHORITY) {
    await sql`insert into cff_authority(level, valid_from, valid_to, basis_vi, verify) values (${p.level}, ${p.from}, ${p.to}, ${p.basisVi}, ${p.verify ?? false})`.execute(db);
  }
}
