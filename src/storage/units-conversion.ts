/**
 * Import of the statistics office's conversion table for a later official change (a new resolution):
 * new communes ← old communes (merged whole, merged in part with shares, unchanged), CSV or XLSX of
 * the shape of ../shared/domain/units/conversion-2025-07-01.csv. Everything is checked first
 * (src/domain/unit-lists.ts, planConversion): any problem is a 400 naming the rows, nothing written.
 * Otherwise, in the caller's one transaction: the old communes that go end the day the new ones start,
 * the new communes are created (or found, when the new list was imported first), the succession links
 * are added with their shares (equal estimated shares for a split the file gives none for). A person
 * does this, so the row triggers audit every row, as for any other unit edit.
 */
import ExcelJS from 'exceljs';
import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';
import './schema-foundation.ts';
import { AppError } from '../api/errors.ts';
import { searchKey } from '../domain/units.ts';
import { planConversion, readConversionRecords, readCsvLines, type ConversionPlan, type ConversionProblem } from '../domain/unit-lists.ts';
import { decodeExchangeText } from '../exchange/encoding.ts';
import { fullNameOf } from './units.ts';

export interface ConversionImportResult {
  validFrom: string;
  dryRun: boolean;
  rows: number;
  added: { code: string; name: string; provinceCode: string }[];
  renamed: { code: string; name: string; was: string }[];
  ended: { code: string; name: string }[];
  unchanged: number;
  links: { from: string; to: string; kind: string; share: number | null; estimated: boolean }[];
  /** links of the table that the database already has (a second run) */
  linksExisting: number;
}

export function conversionError(problems: ConversionProblem[]): AppError {
  const first = problems[0];
  return new AppError(
    400,
    'invalid_conversion_table',
    `Bảng chuyển đổi có ${problems.length} lỗi, chưa ghi gì. ${first.vi}${problems.length > 1 ? ' …' : ''}`,
    `The conversion table has ${problems.length} problem(s); nothing was written. ${first.en}${problems.length > 1 ? ' …' : ''}`,
    ['file'],
    problems,
  );
}

/** CSV (UTF-8, UTF-16, Windows-1258, TCVN3; VNI refused by name) or XLSX → records with their line numbers. */
export async function readConversionFile(data: Buffer, format: 'csv' | 'xlsx'): Promise<{ cells: string[]; line: number }[]> {
  if (format === 'xlsx') {
    const wb = new ExcelJS.Workbook();
    try {
      await wb.xlsx.load(data as any);
    } catch {
      throw new AppError(400, 'invalid_xlsx', 'Tệp XLSX không đọc được.', 'The XLSX file cannot be read.', ['file']);
    }
    const ws = wb.worksheets[0];
    const out: { cells: string[]; line: number }[] = [];
    ws?.eachRow({ includeEmpty: false }, (row, line) => {
      const cells = (row.values as unknown[]).slice(1).map((v) => {
        if (v === null || v === undefined) return '';
        if (typeof v === 'object' && 'richText' in (v as object)) return (v as { richText: { text: string }[] }).richText.map((t) => t.text).join('');
        if (typeof v === 'object' && 'text' in (v as object)) return String((v as { text: unknown }).text);
        if (typeof v === 'object' && 'result' in (v as object)) return String((v as { result: unknown }).result);
        return String(v);
      });
      out.push({ cells, line });
    });
    return out;
  }
  const decoded = decodeExchangeText(data);
  if (!decoded.ok) throw new AppError(400, 'unreadable_encoding', decoded.vi, decoded.en, ['file'], { encoding: decoded.encoding });
  if (decoded.text.includes('\uFFFD'))
    throw new AppError(400, 'unreadable_encoding', 'Tệp có ký tự không đọc được (bảng mã không phải UTF-8). Hãy lưu lại dạng "CSV UTF-8 (Comma delimited)".', 'The file has characters that cannot be read (not UTF-8). Save it as "CSV UTF-8 (Comma delimited)".', ['file']);
  return readCsvLines(decoded.text);
}

const dayBefore = (iso: string) => {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
};

/** Checks and (unless dryRun) applies a conversion table inside the caller's transaction. */
export async function importConversion(trx: Kysely<Database>, records: { cells: string[]; line: number }[], options: { validFrom: string; dryRun?: boolean }): Promise<ConversionImportResult> {
  const at = options.validFrom;
  const before = dayBefore(at);
  const { rows, problems } = readConversionRecords(records);
  if (!rows.length) problems.push({ lines: [], vi: 'Tệp không có dòng chuyển đổi nào (cần các cột Tỉnh, Tên Xã mới, Mã Xã mới, Tên Xã cũ, Mã Xã cũ, Ghi chú…).', en: 'The file has no conversion rows (columns Tỉnh, Tên Xã mới, Mã Xã mới, Tên Xã cũ, Mã Xã cũ, Ghi chú… are needed).' });
  if (!rows.length) throw conversionError(problems);

  const oldRows = await trx.selectFrom('admin_unit').select(['id', 'code', 'name', 'kind', 'full_name']).where('level', '=', 'commune').where('code', 'in', [...new Set(rows.map((r) => r.oldCode))])
    .where('valid_from', '<=', before).where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', before)])).execute();
  const provinces = await trx.selectFrom('admin_unit').select(['id', 'code']).where('level', '=', 'province')
    .where('valid_from', '<=', at).where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', at)])).execute();
  const provinceCodes = [...new Set(rows.map((r) => r.provinceCode).filter((c): c is string => !!c))];
  const startingRows = await trx.selectFrom('admin_unit as c').innerJoin('admin_unit as p', 'p.id', 'c.parent_id')
    .select(['c.id', 'c.code', 'c.name', 'c.kind']).where('c.level', '=', 'commune').where('c.valid_from', '=', at)
    .where((eb) => eb.or([eb('p.code', 'in', provinceCodes.length ? provinceCodes : ['']), eb('c.code', 'in', [...new Set(rows.map((r) => r.newCode))])])).execute();
  const { plan, problems: planned } = planConversion(rows, {
    validFrom: at,
    old: new Map(oldRows.map((r) => [r.code, { name: r.name, kind: r.kind }])),
    startingOn: new Map(startingRows.map((r) => [r.code, { name: r.name, kind: r.kind }])),
    provinces: new Set(provinces.map((p) => p.code)),
  });
  // every problem at once, in the order of the file (rows already refused are not planned)
  const all = [...problems, ...planned].sort((a, b) => (a.lines[0] ?? Infinity) - (b.lines[0] ?? Infinity));
  if (all.length) throw conversionError(all);

  const oldId = new Map(oldRows.map((r) => [r.code, r.id]));
  const newId = new Map(startingRows.map((r) => [r.code, r.id]));
  const existing = new Set<string>();
  const candidateIds = [...oldId.values()];
  for (let i = 0; i < candidateIds.length; i += 1000) {
    const links = await trx.selectFrom('unit_succession').select(['predecessor_id', 'successor_id']).where('predecessor_id', 'in', candidateIds.slice(i, i + 1000)).execute();
    for (const l of links) existing.add(`${l.predecessor_id}|${l.successor_id}`);
  }
  const oldName = new Map(oldRows.map((r) => [r.code, r.full_name ?? fullNameOf(r.kind, r.name)]));
  const newName = new Map<string, string>([...startingRows.map((r) => [r.code, fullNameOf(r.kind, r.name)] as const), ...[...plan.added, ...plan.renamed].map((u) => [u.code, fullNameOf(u.kind, u.name)] as const)]);
  const linksToAdd = plan.links.filter((l) => !(newId.has(l.newCode) && existing.has(`${oldId.get(l.oldCode)}|${newId.get(l.newCode)}`)));
  // the old communes that do not end yet (a second run finds them ended already)
  const endIds = await trx.selectFrom('admin_unit').select(['id', 'code']).where('id', 'in', plan.ended.length ? plan.ended.map((e) => oldId.get(e.code)!) : [-1])
    .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', at)])).execute();
  const endingCodes = new Set(endIds.map((r) => r.code));
  const result: ConversionImportResult = {
    validFrom: at,
    dryRun: options.dryRun === true,
    rows: rows.length,
    added: plan.added.map((u) => ({ code: u.code, name: fullNameOf(u.kind, u.name), provinceCode: u.provinceCode })),
    renamed: plan.renamed.map((u) => ({ code: u.code, name: fullNameOf(u.kind, u.name), was: u.was })),
    ended: plan.ended.filter((e) => endingCodes.has(e.code)),
    unchanged: plan.unchanged.length,
    links: linksToAdd.map((l) => ({ from: `${oldName.get(l.oldCode)} (${l.oldCode})`, to: `${newName.get(l.newCode)} (${l.newCode})`, kind: l.kind, share: l.share, estimated: l.estimated })),
    linksExisting: plan.links.length - linksToAdd.length,
  };
  if (options.dryRun) return result;
  await applyPlan(trx, plan, { at, oldId, newId, endIds: endIds.map((r) => r.id), provinceId: new Map(provinces.map((p) => [p.code, p.id])), linksToAdd });
  return result;
}

async function applyPlan(trx: Kysely<Database>, plan: ConversionPlan, c: { at: string; oldId: Map<string, number>; newId: Map<string, number>; endIds: number[]; provinceId: Map<string, number>; linksToAdd: ConversionPlan['links'] }): Promise<void> {
  // the old communes end first (a new commune may take the code of one of them)
  for (let i = 0; i < c.endIds.length; i += 1000) await trx.updateTable('admin_unit').set({ valid_to: c.at }).where('id', 'in', c.endIds.slice(i, i + 1000)).execute();
  const create = [...plan.added, ...plan.renamed];
  for (let i = 0; i < create.length; i += 500) {
    const values = create.slice(i, i + 500).map((u) => {
      const fullName = fullNameOf(u.kind, u.name);
      return { code: u.code, name: u.name, full_name: fullName, kind: u.kind, level: 'commune', parent_id: c.provinceId.get(u.provinceCode)!, valid_from: c.at, valid_to: null, note: `Theo bảng chuyển đổi từ ngày ${c.at.split('-').reverse().join('/')}`, name_en: null, search_key: searchKey(fullName) };
    });
    const ids = await trx.insertInto('admin_unit').values(values).returning(['id', 'code']).execute();
    for (const r of ids) c.newId.set(r.code, r.id);
  }
  for (let i = 0; i < c.linksToAdd.length; i += 500) {
    const values = c.linksToAdd.slice(i, i + 500).map((l) => ({ predecessor_id: c.oldId.get(l.oldCode)!, successor_id: c.newId.get(l.newCode)!, effective_date: c.at, kind: l.kind, share: l.share, share_estimated: l.estimated }));
    await trx.insertInto('unit_succession').values(values).onConflict((oc) => oc.columns(['predecessor_id', 'successor_id']).doNothing()).execute();
  }
}
