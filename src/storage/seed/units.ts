/**
 * Seeds the nation, the 63 provinces before 1 July 2025, the 34 after (with succession links),
 * thành phố Huế (1 January 2025), huyện Nam Đông (ended 1 January 2025), then every district and
 * commune of the statistics office's lists (./vn-units.ts). Idempotent.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import '../schema-foundation.ts';
import { searchKey } from '../../domain/units.ts';
import { fullNameOf } from '../units.ts';
import { loadBuiltinUnits, type BuiltinUnitsMode } from './vn-units.ts';

/** VITREEM_BUILTIN_UNITS=sample: only the few real units the seed plans name (tests, quick trials). */
export const builtinUnitsModeFromEnv = (): BuiltinUnitsMode => (process.env.VITREEM_BUILTIN_UNITS === 'sample' ? 'sample' : 'all');
import { HISTORICAL_UNITS, HUE_CITY, MERGED_2025, PROVINCES_BEFORE_2025, REFORM_DATE, UNCHANGED_2025 } from './data/units.ts';

export const NATION_CODE = 'VN';

async function insertUnit(db: Kysely<Database>, u: { code: string; name: string; kind: string | null; level: string; nameEn: string | null; parentId: number | null; validFrom?: string; validTo: string | null; note: string | null }): Promise<number> {
  const fullName = fullNameOf(u.kind, u.name);
  const r = await db
    .insertInto('admin_unit')
    .values({ code: u.code, name: u.name, full_name: fullName, kind: u.kind, level: u.level, parent_id: u.parentId, valid_from: u.validFrom ?? '1900-01-01', valid_to: u.validTo, note: u.note, name_en: u.nameEn, search_key: searchKey(`${fullName} ${u.nameEn ?? ''}`) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function seedUnits(db: Kysely<Database>, options: { units?: BuiltinUnitsMode } = {}): Promise<void> {
  const existing = await db.selectFrom('admin_unit').select('id').where('level', '=', 'nation').where('code', '=', NATION_CODE).executeTakeFirst();
  if (!existing) await seedProvinces(db);
  // every district and commune before and after the reform, once per data version (match by code)
  await loadBuiltinUnits(db, { mode: options.units ?? builtinUnitsModeFromEnv() });
}

async function seedProvinces(db: Kysely<Database>): Promise<void> {
  const nationId = await insertUnit(db, { code: NATION_CODE, name: 'Việt Nam', kind: null, level: 'nation', nameEn: 'Viet Nam', parentId: null, validTo: null, note: null });

  const before = new Map<string, number>();
  for (const p of PROVINCES_BEFORE_2025) {
    const unchanged = UNCHANGED_2025.includes(p.code);
    const validTo = p.code === HUE_CITY.predecessor ? HUE_CITY.validFrom : unchanged ? null : REFORM_DATE;
    const note = unchanged && p.code !== HUE_CITY.predecessor ? 'Giữ nguyên khi sắp xếp 01/07/2025 (một dòng liên tục).' : null;
    before.set(p.code, await insertUnit(db, { code: p.code, name: p.name, kind: p.kind, level: 'province', nameEn: p.nameEn, parentId: nationId, validTo, note }));
  }
  const hueId = await insertUnit(db, { code: HUE_CITY.code, name: HUE_CITY.name, kind: HUE_CITY.kind, level: 'province', nameEn: HUE_CITY.nameEn, parentId: nationId, validFrom: HUE_CITY.validFrom, validTo: null, note: 'Thành phố trực thuộc trung ương từ 01/01/2025; giữ nguyên khi sắp xếp 01/07/2025.' });
  await db.insertInto('unit_succession').values({ predecessor_id: before.get(HUE_CITY.predecessor)!, successor_id: hueId, effective_date: HUE_CITY.validFrom, kind: 'rename', share: null }).execute();

  for (const m of MERGED_2025) {
    const names = m.predecessors.map((c) => PROVINCES_BEFORE_2025.find((p) => p.code === c)!.name).join(', ');
    const id = await insertUnit(db, { code: m.code, name: m.name, kind: m.kind, level: 'province', nameEn: m.nameEn, parentId: nationId, validFrom: REFORM_DATE, validTo: null, note: `Hợp nhất từ ${names} (01/07/2025).` });
    for (const c of m.predecessors)
      await db.insertInto('unit_succession').values({ predecessor_id: before.get(c)!, successor_id: id, effective_date: REFORM_DATE, kind: 'merge', share: null }).execute();
  }

  const ids = new Map<string, number>();
  const provinceAt = async (code: string, at: string) =>
    (await db.selectFrom('admin_unit').select('id').where('level', '=', 'province').where('code', '=', code).where('valid_from', '<=', at)
      .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', at)])).executeTakeFirstOrThrow()).id;
  for (const u of HISTORICAL_UNITS) {
    const parentId = u.parentLevel === 'province' ? await provinceAt(u.parentCode, u.parentAt) : ids.get(`district:${u.parentCode}`)!;
    ids.set(`${u.level}:${u.code}`, await insertUnit(db, { code: u.code, name: u.name, kind: u.kind, level: u.level, nameEn: u.nameEn, parentId, validFrom: u.validFrom, validTo: u.validTo, note: u.note }));
  }
  for (const u of HISTORICAL_UNITS)
    if (u.successor)
      await db.insertInto('unit_succession').values({ predecessor_id: ids.get(`${u.level}:${u.code}`)!, successor_id: ids.get(`${u.successor.level}:${u.successor.code}`)!, effective_date: u.successor.validFrom, kind: u.successor.kind, share: null }).execute();
}
