/**
 * A small unit tree for access tests (inserted directly):
 *   nation
 *   ├─ An Giang (new, 2025)        ← successor of Kiên Giang (merge, 2025-07-01)
 *   │   └─ Long Xuyên (commune)
 *   ├─ Kiên Giang (old, valid to 2025-07-01)
 *   │   └─ Rạch Giá (district) └─ Vĩnh Thanh Vân (commune)
 *   └─ Cần Thơ
 *       └─ Ninh Kiều (commune)
 * with an agency (Sở Y tế, Sở Giáo dục) in An Giang and one in Cần Thơ.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../src/storage/schema.ts';
import { asSystem } from '../../src/storage/users.ts';

export interface UnitTree {
  nation: number;
  anGiang: number;
  longXuyen: number;
  kienGiang: number;
  rachGia: number;
  vinhThanhVan: number;
  canTho: number;
  ninhKieu: number;
  agHealth: number;
  agEducation: number;
  ctHealth: number;
}

export async function createUnitTree(db: Kysely<Database>): Promise<UnitTree> {
  const tag = randomBytes(3).toString('hex');
  return asSystem(db, 'test', async (trx) => {
    const unit = async (name: string, level: string, parent: number | null, validFrom = '1900-01-01', validTo: string | null = null) =>
      (await trx.insertInto('admin_unit').values({ code: `T${tag}-${name}`, name, full_name: null, kind: null, level, parent_id: parent, valid_from: validFrom, valid_to: validTo, note: null }).returning('id').executeTakeFirstOrThrow()).id;
    const agency = async (unitId: number, name: string, sector: string) =>
      (await trx.insertInto('agency').values({ unit_id: unitId, name, short_name: null, sector, valid_to: null }).returning('id').executeTakeFirstOrThrow()).id;
    const nation = await unit('Việt Nam', 'nation', null);
    const anGiang = await unit('An Giang', 'province', nation, '2025-07-01');
    const longXuyen = await unit('Long Xuyên', 'commune', anGiang, '2025-07-01');
    const kienGiang = await unit('Kiên Giang', 'province', nation, '1976-01-01', '2025-07-01');
    const rachGia = await unit('Rạch Giá', 'district', kienGiang, '1976-01-01', '2025-07-01');
    const vinhThanhVan = await unit('Vĩnh Thanh Vân', 'commune', rachGia, '1976-01-01', '2025-07-01');
    const canTho = await unit('Cần Thơ', 'province', nation);
    const ninhKieu = await unit('Ninh Kiều', 'commune', canTho);
    await trx.insertInto('unit_succession').values({ predecessor_id: kienGiang, successor_id: anGiang, effective_date: '2025-07-01', kind: 'merge', share: null }).execute();
    return {
      nation, anGiang, longXuyen, kienGiang, rachGia, vinhThanhVan, canTho, ninhKieu,
      agHealth: await agency(anGiang, 'Sở Y tế An Giang', 'health'),
      agEducation: await agency(anGiang, 'Sở Giáo dục và Đào tạo An Giang', 'education'),
      ctHealth: await agency(canTho, 'Sở Y tế Cần Thơ', 'health'),
    };
  });
}
