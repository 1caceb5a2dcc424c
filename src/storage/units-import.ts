/**
 * Import of the statistics office's list of administrative units ("Danh mục đơn vị hành chính",
 * GSO export: one row per commune with its district and province), CSV or XLSX:
 *   Tỉnh / Thành phố, Mã TP, Quận Huyện, Mã QH, Phường Xã, Mã PX, Cấp, Tên Tiếng Anh
 * (the list from 1 July 2025 has no district columns). Units are upserted by (level, code) among
 * those valid on `validFrom`; new ones start on that date. All-or-nothing: every bad row is reported
 * (row number, reason in Vietnamese and English) and nothing is written.
 */
import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';
import './schema-foundation.ts';
import { AppError } from '../api/errors.ts';
import { readXlsxUpload } from '../api/input-limits.ts';
import { searchKey } from '../domain/units.ts';
import { fullNameOf, listUnits, type Unit } from './units.ts';

export interface UnitListRow {
  /** 1-based row number in the file (header = 1) */
  row: number;
  provinceCode: string;
  provinceName: string;
  districtCode: string | null;
  districtName: string | null;
  communeCode: string | null;
  communeName: string | null;
  /** "Xã", "Phường", "Thị trấn", "Đặc khu" */
  communeKind: string | null;
  nameEn: string | null;
}

export interface RowError {
  row: number;
  column?: string;
  vi: string;
  en: string;
}

const HEADERS: Record<string, keyof Omit<UnitListRow, 'row'>> = {
  tinhthanhpho: 'provinceName', tinh: 'provinceName', matp: 'provinceCode', matinh: 'provinceCode',
  quanhuyen: 'districtName', huyen: 'districtName', maqh: 'districtCode', mahuyen: 'districtCode',
  phuongxa: 'communeName', xaphuong: 'communeName', xa: 'communeName', mapx: 'communeCode', maxa: 'communeCode',
  cap: 'communeKind', tentienganh: 'nameEn',
};
const headerKey = (h: string) => searchKey(h).replace(/[^a-z0-9]/g, '');

const KINDS = ['thành phố trực thuộc trung ương', 'thành phố', 'tỉnh', 'quận', 'huyện', 'thị xã', 'thị trấn', 'phường', 'xã', 'đặc khu'];
/** "Huyện Hoằng Hóa" → { kind: 'huyện', name: 'Hoằng Hóa' } */
export function splitKind(full: string): { kind: string | null; name: string } {
  const text = full.trim().replace(/\s+/g, ' ');
  const lower = text.toLowerCase();
  for (const k of KINDS) if (lower.startsWith(`${k} `)) return { kind: k, name: text.slice(k.length + 1).trim() };
  return { kind: null, name: text };
}

/** Minimal RFC 4180 CSV (quotes, "" escapes, comma or semicolon, BOM). */
export function parseCsv(text: string): string[][] {
  const src = text.replace(/^\uFEFF/, '');
  const firstLine = src.split(/\r?\n/, 1)[0] ?? '';
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : firstLine.includes('\t') && !firstLine.includes(',') ? '\t' : ',';
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (quoted) {
      if (c === '"' && src[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === delimiter) { row.push(field); field = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && src[i + 1] === '\n') i++;
      row.push(field); rows.push(row); row = []; field = '';
    } else field += c;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows.filter((r) => r.some((x) => x.trim() !== ''));
}

/** Table → typed rows, with every problem reported (pure). */
export function parseUnitList(table: string[][]): { rows: UnitListRow[]; errors: RowError[] } {
  const errors: RowError[] = [];
  const headerIndex = table.findIndex((r) => r.some((c) => headerKey(c) === 'matp' || headerKey(c) === 'matinh'));
  if (headerIndex < 0) return { rows: [], errors: [{ row: 1, vi: 'Không tìm thấy dòng tiêu đề (cần các cột "Tỉnh / Thành phố", "Mã TP", …).', en: 'No header row found (columns "Tỉnh / Thành phố", "Mã TP", … are needed).' }] };
  const columns = table[headerIndex].map((h) => HEADERS[headerKey(h)] ?? null);
  for (const needed of ['provinceCode', 'provinceName'] as const)
    if (!columns.includes(needed)) errors.push({ row: headerIndex + 1, vi: `Thiếu cột ${needed === 'provinceCode' ? '"Mã TP"' : '"Tỉnh / Thành phố"'}.`, en: `Missing column ${needed === 'provinceCode' ? '"Mã TP"' : '"Tỉnh / Thành phố"'}.` });
  if (errors.length) return { rows: [], errors };
  const rows: UnitListRow[] = [];
  const seen = new Map<string, { row: number; name: string }>();
  table.slice(headerIndex + 1).forEach((cells, i) => {
    const rowNo = headerIndex + i + 2;
    const get = (k: keyof Omit<UnitListRow, 'row'>) => {
      const idx = columns.indexOf(k);
      const v = idx >= 0 ? (cells[idx] ?? '').trim() : '';
      return v === '' ? null : v;
    };
    const r: UnitListRow = {
      row: rowNo,
      provinceCode: get('provinceCode') ?? '', provinceName: get('provinceName') ?? '',
      districtCode: get('districtCode'), districtName: get('districtName'),
      communeCode: get('communeCode'), communeName: get('communeName'), communeKind: get('communeKind'), nameEn: get('nameEn'),
    };
    const bad = (column: string, vi: string, en: string) => errors.push({ row: rowNo, column, vi, en });
    if (!/^\d{2}$/.test(r.provinceCode)) bad('Mã TP', `mã tỉnh "${r.provinceCode}" phải có 2 chữ số`, `province code "${r.provinceCode}" must have 2 digits`);
    if (!r.provinceName) bad('Tỉnh / Thành phố', 'thiếu tên tỉnh', 'province name missing');
    if ((r.districtCode === null) !== (r.districtName === null)) bad('Mã QH', 'mã và tên quận/huyện phải đi cùng nhau', 'district code and name go together');
    if (r.districtCode !== null && !/^\d{3}$/.test(r.districtCode)) bad('Mã QH', `mã huyện "${r.districtCode}" phải có 3 chữ số`, `district code "${r.districtCode}" must have 3 digits`);
    if ((r.communeCode === null) !== (r.communeName === null)) bad('Mã PX', 'mã và tên phường/xã phải đi cùng nhau', 'commune code and name go together');
    if (r.communeCode !== null && !/^\d{5}$/.test(r.communeCode)) bad('Mã PX', `mã xã "${r.communeCode}" phải có 5 chữ số`, `commune code "${r.communeCode}" must have 5 digits`);
    const same = (level: string, code: string | null, name: string | null) => {
      if (code === null || name === null) return;
      const k = `${level}:${code}`;
      const prev = seen.get(k);
      if (prev && prev.name !== name) bad(level, `mã ${code} đã dùng cho "${prev.name}" ở dòng ${prev.row}`, `code ${code} is already "${prev.name}" on row ${prev.row}`);
      else if (prev && level === 'commune') bad(level, `xã mã ${code} lặp lại (dòng ${prev.row})`, `commune ${code} repeated (row ${prev.row})`);
      else if (!prev) seen.set(k, { row: rowNo, name });
    };
    same('province', r.provinceCode, r.provinceName);
    same('district', r.districtCode, r.districtName);
    same('commune', r.communeCode, r.communeName);
    rows.push(r);
  });
  return { rows, errors };
}

export interface UnitChange {
  action: 'create' | 'update';
  level: 'province' | 'district' | 'commune';
  code: string;
  name: string;
  /** an update: the name and kind before */
  was?: string;
}
export interface UnitsImportResult {
  /** what the import adds or changes (the first 5.000), so a dry run lists what would change */
  changes: UnitChange[];
  rows: number;
  validFrom: string;
  created: { province: number; district: number; commune: number };
  updated: number;
  unchanged: number;
  dryRun: boolean;
}

export function importError(errors: RowError[]): AppError {
  const first = errors[0];
  return new AppError(400, 'invalid_unit_list', `Danh mục đơn vị hành chính có ${errors.length} lỗi; dòng ${first.row}: ${first.vi}.`, `The unit list has ${errors.length} error(s); row ${first.row}: ${first.en}.`, ['file'], errors);
}

/** Upserts the parsed list (call inside one transaction). Throws AppError listing every bad row. */
export async function importUnitList(trx: Kysely<Database>, table: string[][], options: { validFrom: string; dryRun?: boolean }): Promise<UnitsImportResult> {
  const { rows, errors } = parseUnitList(table);
  if (!errors.length && rows.length === 0) errors.push({ row: 2, vi: 'Tệp không có dòng dữ liệu', en: 'The file has no data rows' });
  if (errors.length) throw importError(errors);
  const at = options.validFrom;
  const nation = (await listUnits(trx, { level: 'nation', at, limit: 1 }))[0];
  if (!nation) throw new AppError(400, 'no_nation', 'Chưa có đơn vị cấp quốc gia.', 'There is no nation unit.', ['validFrom']);
  const existing = new Map<string, Unit>();
  for (const level of ['province', 'district', 'commune']) for (const u of await listUnits(trx, { level, at, limit: 100000 })) existing.set(`${level}:${u.code}`, u);
  const result: UnitsImportResult = { rows: rows.length, validFrom: at, created: { province: 0, district: 0, commune: 0 }, updated: 0, unchanged: 0, dryRun: options.dryRun === true, changes: [] };
  const note = (c: UnitChange) => {
    if (result.changes.length < 5000) result.changes.push(c);
  };
  const done = new Map<string, number>();
  const upsert = async (level: 'province' | 'district' | 'commune', code: string, fullName: string, parentId: number, kindOverride: string | null, nameEn: string | null) => {
    const key = `${level}:${code}`;
    if (done.has(key)) return done.get(key)!;
    const { kind: k, name } = splitKind(fullName);
    const kind = (kindOverride ? kindOverride.toLowerCase() : null) ?? k;
    const full = fullNameOf(kind, name);
    const current = existing.get(key);
    let id: number;
    if (current) {
      id = current.id;
      if (current.name !== name || current.kind !== kind || current.parentId !== parentId || (nameEn !== null && current.nameEn !== nameEn)) {
        result.updated++;
        note({ action: 'update', level, code, name: full, was: current.fullName ?? current.name });
        if (!options.dryRun)
          await trx.updateTable('admin_unit').set({ name, kind, full_name: full, parent_id: parentId, name_en: nameEn ?? current.nameEn, search_key: searchKey(`${full} ${nameEn ?? current.nameEn ?? ''}`) }).where('id', '=', id).execute();
      } else result.unchanged++;
    } else {
      result.created[level]++;
      note({ action: 'create', level, code, name: full });
      if (options.dryRun) id = -result.created[level];
      else
        id = (await trx.insertInto('admin_unit').values({ code, name, full_name: full, kind, level, parent_id: parentId, valid_from: at, valid_to: null, note: 'Nhập từ danh mục TCTK', name_en: nameEn, search_key: searchKey(`${full} ${nameEn ?? ''}`) }).returning('id').executeTakeFirstOrThrow()).id;
    }
    done.set(key, id);
    return id;
  };
  for (const r of rows) {
    const provinceId = await upsert('province', r.provinceCode, r.provinceName, nation.id, null, r.communeCode ? null : r.nameEn);
    let parentId = provinceId;
    if (r.districtCode && r.districtName) parentId = await upsert('district', r.districtCode, r.districtName, provinceId, null, null);
    if (r.communeCode && r.communeName) await upsert('commune', r.communeCode, r.communeName, parentId, r.communeKind, r.nameEn);
  }
  return result;
}

/** Decodes an uploaded file (CSV: UTF-8 with or without BOM; XLSX) into a table. */
export async function readUnitListFile(data: Buffer, format: 'csv' | 'xlsx'): Promise<string[][]> {
  if (format === 'xlsx') {
    // read in a worker thread (time, memory and row limits): a national list of 10.000 communes does not stall the server
    const rows = await readXlsxUpload(data, ['file'], () => new AppError(400, 'invalid_xlsx', 'Tệp XLSX không đọc được.', 'The XLSX file cannot be read.', ['file']));
    return rows.map((r) => r.cells);
  }
  return parseCsv(data.toString('utf8'));
}
