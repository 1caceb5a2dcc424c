/**
 * Unit names as people read them:
 *   - the seed's placeholder successor of Hoằng Kim was named "Xã kế thừa Hoằng Kim (cần xác minh)"
 *     and read "xã Xã kế thừa …"; it becomes "Hoằng Kim (mới, cần xác minh)" (still to verify against
 *     the official list) — only where nobody has corrected it yet;
 *   - units created without a full name (the demo loader's districts and communes) get one
 *     ("huyện Thọ Xuân", "xã Xuân Lai"), and a search key where they had none.
 */
import { sql, type Kysely } from 'kysely';
import { searchKey } from '../../domain/units.ts';
import { fullNameOf } from '../units.ts';

const OLD_PLACEHOLDER = 'Xã kế thừa Hoằng Kim (cần xác minh)';
const NEW_PLACEHOLDER = 'Hoằng Kim (mới, cần xác minh)';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`select set_config('vitreem.actor_name', 'system:migration-082', true)`.execute(db);
  await sql`update admin_unit set name = ${NEW_PLACEHOLDER} where code = 'HK-2025' and level = 'commune' and name = ${OLD_PLACEHOLDER}`.execute(db);
  const { rows } = await sql<{ id: number; name: string; kind: string | null; full_name: string | null; name_en: string | null; search_key: string | null }>`
    select id, name, kind, full_name, name_en, search_key from admin_unit
    where full_name is null or search_key is null or (code = 'HK-2025' and full_name = ${`xã ${OLD_PLACEHOLDER}`})`.execute(db);
  for (const r of rows) {
    const full = r.full_name === null || r.full_name === `xã ${OLD_PLACEHOLDER}` ? fullNameOf(r.kind, r.name) : r.full_name;
    await sql`update admin_unit set full_name = ${full}, search_key = ${searchKey(`${full} ${r.name_en ?? ''}`)} where id = ${r.id}`.execute(db);
  }
}
