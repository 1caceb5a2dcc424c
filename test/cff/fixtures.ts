/**
 * Units for the child-friendly-commune tests: Thừa Thiên Huế (46) → Huế, district Nam Đông with its
 * 11 commune-level units of 2014 (seed 002: "11/11 đơn vị"), and a 2025 merger into a new commune.
 * Commune names are those of Nam Đông in 2014; the unit codes and the merger's composition are
 * illustrative test data (verify against the official list before reusing them).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../src/storage/schema.ts';

export const NAM_DONG_COMMUNES = [
  ['Khe Tre', 'thị trấn'],
  ['Hương Phú', 'xã'],
  ['Hương Sơn', 'xã'],
  ['Hương Lộc', 'xã'],
  ['Hương Hòa', 'xã'],
  ['Hương Giang', 'xã'],
  ['Hương Hữu', 'xã'],
  ['Thượng Quảng', 'xã'],
  ['Thượng Long', 'xã'],
  ['Thượng Nhật', 'xã'],
  ['Thượng Lộ', 'xã'],
] as const;

export interface Fixture {
  /** Thừa Thiên Huế (province until 31/12/2024) */
  province: number;
  /** thành phố Huế (centrally-run city from 01/01/2025, successor of Thừa Thiên Huế) */
  hue: number;
  /** huyện Nam Đông */
  district: number;
  communes: Record<string, number>;
  /** another district of the province (not governing Nam Đông's communes) */
  otherDistrict: number;
  /** new commune from 01/07/2025 merging Khe Tre, Hương Lộc and Thượng Lộ (illustrative) */
  merged: number;
}

async function unit(db: Kysely<Database>, v: { code: string; name: string; kind: string; level: string; parent_id: number | null; valid_from?: string; valid_to?: string | null }): Promise<number> {
  const existing = await db.selectFrom('admin_unit').select('id').where('level', '=', v.level).where('code', '=', v.code).where('valid_from', '=', v.valid_from ?? '1900-01-01').executeTakeFirst();
  if (existing) return existing.id;
  const row = await db.insertInto('admin_unit').values({ code: v.code, name: v.name, full_name: `${v.kind} ${v.name}`, kind: v.kind, level: v.level, parent_id: v.parent_id, valid_from: v.valid_from ?? '1900-01-01', valid_to: v.valid_to ?? null, note: 'cff test fixture' }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** Uses the seeded Thừa Thiên Huế, Huế and Nam Đông rows (foundation seed) when present. */
export async function createNamDong(db: Kysely<Database>): Promise<Fixture> {
  const province = await unit(db, { code: '46', name: 'Thừa Thiên Huế', kind: 'tỉnh', level: 'province', parent_id: null, valid_to: '2025-01-01' });
  const hue = await unit(db, { code: '46', name: 'Huế', kind: 'thành phố', level: 'province', parent_id: null, valid_from: '2025-01-01' });
  if (!(await db.selectFrom('unit_succession').select('id').where('predecessor_id', '=', province).where('successor_id', '=', hue).executeTakeFirst())) {
    await db.insertInto('unit_succession').values({ predecessor_id: province, successor_id: hue, effective_date: '2025-01-01', kind: 'rename', share: null }).execute();
  }
  const district = await unit(db, { code: '483', name: 'Nam Đông', kind: 'huyện', level: 'district', parent_id: province, valid_to: '2025-01-01' });
  const otherDistrict = await unit(db, { code: 'T481', name: 'A Lưới', kind: 'huyện', level: 'district', parent_id: province, valid_to: '2025-07-01' });
  const communes: Record<string, number> = {};
  for (const [i, [name, kind]] of NAM_DONG_COMMUNES.entries()) {
    communes[name] = await unit(db, { code: `T2${String(i).padStart(4, '0')}`, name, kind, level: 'commune', parent_id: district, valid_to: '2025-07-01' });
  }
  const merged = await unit(db, { code: 'T29999', name: 'Khe Tre (mới)', kind: 'xã', level: 'commune', parent_id: hue, valid_from: '2025-07-01' });
  for (const name of ['Khe Tre', 'Hương Lộc', 'Thượng Lộ']) {
    await db.insertInto('unit_succession').values({ predecessor_id: communes[name], successor_id: merged, effective_date: '2025-07-01', kind: 'merge', share: null }).execute();
  }
  return { province, hue, district, communes, otherDistrict, merged };
}

/** A minimal valid PDF, PNG, JPEG, DOCX header. */
export const FILES = {
  pdf: Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'),
  png: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]),
  jpg: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46]),
  exe: Buffer.from('MZ\x90\x00\x03\x00\x00\x00 this is not evidence'),
};

/** A multipart/form-data body with one file field. */
export function multipart(filename: string, content: Buffer, mediaType = 'application/octet-stream'): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----vitreem${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${mediaType}\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([head, content, tail]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** Row counts of every cff table plus the audit log: to prove that a refused request stored nothing. */
export async function snapshot(db: Kysely<Database>): Promise<Record<string, number>> {
  const tables = ['cff_registration', 'cff_assessment_item', 'cff_evidence', 'cff_decision', 'cff_cycle_settings', 'cff_standard', 'cff_criterion', 'cff_subcriterion', 'audit_log'] as const;
  const counts: Record<string, number> = {};
  for (const t of tables) {
    const r = await db.selectFrom(t).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    counts[t] = Number(r.n);
  }
  const statuses = await db.selectFrom('cff_registration').select(['id', 'status', 'version']).orderBy('id').execute();
  counts['status_hash'] = statuses.reduce((h, r) => h + r.id * 31 + r.version * 7 + r.status.length, 0);
  return counts;
}
