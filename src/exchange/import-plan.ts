/**
 * Checks imported rows (from DHIS2 JSON/XML/CSV, ADX or vitreem's CSV/XLSX) against the plan, the catalogue,
 * the mapping and the reports they land in, and decides what to write — DHIS2's semantics:
 *  - `deleted: true` deletes the stored value; a row with neither value nor comment deletes it too (DHIS2);
 *  - a row with a comment and no value changes only the comment; `followup` is stored;
 *  - a non-default attribute option combo must be the mapping's, a dataSet must be the mapping's: otherwise a conflict;
 *  - every valid DHIS2 period is read; one the plan does not report on is "not a period this plan reports on".
 * All rows valid → the writes; any conflict → nothing is written and every bad row is reported (status ERROR). Pure.
 */
import { parsePeriod, type Period } from '../domain/period.ts';
import { parseNumberVi } from '../domain/format.ts';
import type { CandidateRow, Conflict, ImportContext, ImportSummary, ValuePart, ValueWrite } from './types.ts';
import { reportKey, valueKey } from './types.ts';

export interface ImportPlan {
  summary: ImportSummary;
  /** what to write (empty when there is any conflict) — the same for a dry run and a real run */
  writes: ValueWrite[];
}

const conflict = (object: string, errorCode: string, vi: string, en: string, index: number, property?: string): Conflict => ({ object, value: vi, valueEn: en, errorCode, indexes: [index], ...(property ? { property } : {}) });

/** Reads a value as written in DHIS2/ADX ("12.5") or in Vietnamese ("12,5", "1.055"). */
export function readNumber(raw: string): number | null {
  const s = raw.trim();
  if (/^[-+]?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(s)) return Number(s);
  return parseNumberVi(s);
}

/** DHIS2's boolean spellings (true/True/t/T/1, false/False/f/F/0) → 1 / 0; anything else null. */
export function readBoolean(raw: string): 0 | 1 | null {
  const s = raw.trim().toLowerCase();
  if (s === 'true' || s === 't' || s === '1' || s === 'có' || s === 'co') return 1;
  if (s === 'false' || s === 'f' || s === '0' || s === 'không' || s === 'khong') return 0;
  return null;
}

/** The default attribute option combo (DHIS2's "default" and its well-known UID), and no AOC at all. */
const DEFAULT_AOC = new Set(['', 'default', 'HllvX50cXC0']);

/** The default when the caller gives neither `periodRefusal` nor `reportsOn`: yearly periods only. */
export const YEARLY_ONLY = (p: Period): boolean => p.type === 'Yearly';

const RATIO = new Set(['percent', 'per_1000', 'per_10000', 'per_100000']);
export const isRatioUnit = (unit: string): boolean => RATIO.has(unit);

export function checkValue(value: number, unit: string, part: ValuePart = 'value'): { vi: string; en: string } | null {
  if (!Number.isFinite(value)) return { vi: 'giá trị không phải là số', en: 'value is not a number' };
  if (value < 0) return { vi: 'giá trị không được âm', en: 'value must not be negative' };
  if (part !== 'value') return null;
  if (unit === 'percent' && value > 100) return { vi: 'tỷ lệ phần trăm không được lớn hơn 100', en: 'a percentage cannot exceed 100' };
  if (unit === 'per_1000' && value > 1000) return { vi: 'tỷ suất trên 1.000 không được lớn hơn 1.000', en: 'a rate per 1,000 cannot exceed 1,000' };
  if (unit === 'count' && !Number.isInteger(value)) return { vi: 'số lượng phải là số nguyên', en: 'a count must be a whole number' };
  if (unit === 'boolean' && value !== 0 && value !== 1) return { vi: 'giá trị có/không phải là 0 hoặc 1', en: 'a yes/no value must be 0 or 1' };
  return null;
}

type Existing = { value: number | null; comment: string | null; followup?: boolean };
const existingOf = (x: number | Existing | undefined): Existing | undefined => (x === undefined ? undefined : typeof x === 'number' ? { value: x, comment: null } : x);

export function planImport(rows: CandidateRow[], ctx: ImportContext, options: { dryRun?: boolean; preConflicts?: Conflict[] } = {}): ImportPlan {
  const conflicts: Conflict[] = [...(options.preConflicts ?? [])];
  const warnings: Conflict[] = [];
  const accepted: (Omit<ValueWrite, 'action'> & { action: ValueWrite['action'] | 'unchanged'; index: number })[] = [];
  const seen = new Map<string, number>();
  const reportsOn = ctx.reportsOn ?? YEARLY_ONLY;
  let derivedRows = 0;
  for (const r of rows) {
    const before = conflicts.length;
    const at = `dòng ${r.index + 1}`;
    const atEn = `row ${r.index + 1}`;
    if (r.unitId === null) conflicts.push(conflict(r.orgUnit, 'E7610', `Đơn vị "${r.orgUnit}" không có trong bảng ánh xạ đơn vị (${at})`, `Org unit "${r.orgUnit}" is not in the unit mapping (${atEn})`, r.index, 'orgUnit'));
    else if (ctx.allowedUnits && !ctx.allowedUnits.has(r.unitId)) conflicts.push(conflict(r.orgUnit, 'E7617', `Bạn không có quyền nhập số liệu cho đơn vị "${r.orgUnit}" (${at})`, `You may not enter values for org unit "${r.orgUnit}" (${atEn})`, r.index, 'orgUnit'));
    const measure = r.measure ? ctx.measures.get(r.measure) : undefined;
    if (r.measure === null) conflicts.push(conflict(r.dataElement, 'E7611', `Phần tử dữ liệu "${r.dataElement}"${r.categoryOptionCombo ? ` / nhóm "${r.categoryOptionCombo}"` : ''} không có trong bảng ánh xạ chỉ số (${at})`, `Data element "${r.dataElement}"${r.categoryOptionCombo ? ` / category option combo "${r.categoryOptionCombo}"` : ''} is not in the measure mapping (${atEn})`, r.index, 'dataElement'));
    else if (!measure) conflicts.push(conflict(r.dataElement, 'E7611', `Chỉ số "${r.measure}" không có trong danh mục (${at})`, `Measure "${r.measure}" is not in the catalogue (${atEn})`, r.index, 'dataElement'));
    else if (r.group !== null && !measure.groups.includes(r.group) && !measure.disaggregations.some((d) => r.group!.startsWith(`${d}:`)))
      conflicts.push(conflict(r.categoryOptionCombo ?? r.group, 'E7612', `Chỉ số ${measure.code} không có nhóm "${r.group}" (${at})`, `Measure ${measure.code} has no group "${r.group}" (${atEn})`, r.index, 'categoryOptionCombo'));
    const period = parsePeriod(r.period);
    if (!period) conflicts.push(conflict(r.period, 'E7613', `"${r.period}" không phải là kỳ của DHIS2 (ví dụ 2024, 2024Q1, 202401, 2024W3) (${at})`, `"${r.period}" is not a DHIS2 period (e.g. 2024, 2024Q1, 202401, 2024W3) (${atEn})`, r.index, 'period'));
    else if (ctx.periodRefusal && ctx.periodRefusal(period)) {
      const why = ctx.periodRefusal(period)!;
      conflicts.push(conflict(r.period, 'E7614', `${why.vi} (${at})`, `${why.en} (${atEn})`, r.index, 'period'));
    } else if (!ctx.periodRefusal && !reportsOn(period))
      conflicts.push(conflict(r.period, 'E7614', `Kỳ "${r.period}" (${period.type}, ${period.start} – ${period.end}) không phải kỳ báo cáo của kế hoạch này (kế hoạch báo cáo theo năm, ví dụ "${period.year}") (${at})`, `Period "${r.period}" (${period.type}, ${period.start} – ${period.end}) is not a period this plan reports on (the plan reports yearly, e.g. "${period.year}") (${atEn})`, r.index, 'period'));
    else if ((ctx.periodFrom !== null && Number(period.start.slice(0, 4)) < ctx.periodFrom) || (ctx.periodTo !== null && Number(period.end.slice(0, 4)) > ctx.periodTo))
      conflicts.push(conflict(r.period, 'E7615', `Kỳ "${r.period}" nằm ngoài giai đoạn của kế hoạch (${ctx.periodFrom ?? '…'}–${ctx.periodTo ?? '…'}) (${at})`, `Period "${r.period}" is outside the plan (${ctx.periodFrom ?? '…'}–${ctx.periodTo ?? '…'}) (${atEn})`, r.index, 'period'));
    const aoc = r.attributeOptionCombo ?? '';
    if (!DEFAULT_AOC.has(aoc) && !ctx.attributeOptionCombos?.has(aoc))
      conflicts.push(conflict(aoc, 'E7627', `Tổ hợp thuộc tính (attributeOptionCombo) "${aoc}" không có trong bảng ánh xạ: vitreem chỉ nhận tổ hợp mặc định${ctx.attributeOptionCombos?.size ? ` hoặc ${[...ctx.attributeOptionCombos].join(', ')}` : ''} (${at})`, `Attribute option combo "${aoc}" is not mapped: vitreem takes the default combo${ctx.attributeOptionCombos?.size ? ` or ${[...ctx.attributeOptionCombos].join(', ')}` : ''} only (${atEn})`, r.index, 'attributeOptionCombo'));
    if (r.dataSet && ctx.dataSet && r.dataSet !== ctx.dataSet)
      conflicts.push(conflict(r.dataSet, 'E7628', `Bộ dữ liệu (dataSet) "${r.dataSet}" không phải bộ dữ liệu được trao đổi (${ctx.dataSet}) (${at})`, `Data set "${r.dataSet}" is not the data set exchanged (${ctx.dataSet}) (${atEn})`, r.index, 'dataSet'));
    // the value: a number, or a deletion, or a comment-only change
    const deleting = r.deleted === true || (r.rawValue === null && !r.comment);
    const commentOnly = !deleting && r.rawValue === null;
    let value: number | null = null;
    if (!deleting && !commentOnly && r.rawValue !== null) {
      value = measure?.unit === 'boolean' ? readBoolean(r.rawValue) : readNumber(r.rawValue);
      if (value === null) conflicts.push(conflict(r.rawValue, 'E7619', `Giá trị "${r.rawValue}" không phải là ${measure?.unit === 'boolean' ? 'có/không (true/false, 1/0)' : 'số'} (${at})`, `Value "${r.rawValue}" is not ${measure?.unit === 'boolean' ? 'a yes/no (true/false, 1/0)' : 'a number'} (${atEn})`, r.index, 'value'));
    }
    if (measure && isRatioUnit(measure.unit) && r.part === 'value')
      conflicts.push(conflict(r.dataElement, 'E7622', `Chỉ số ${measure.code} là tỷ lệ: cần ánh xạ và gửi tử số và mẫu số, không gửi trực tiếp tỷ lệ (${at})`, `Measure ${measure.code} is a rate: map and send its numerator and denominator, not the rate itself (${atEn})`, r.index, 'dataElement'));
    else if (measure && !isRatioUnit(measure.unit) && r.part !== 'value')
      conflicts.push(conflict(r.dataElement, 'E7622', `Chỉ số ${measure.code} không phải tỷ lệ: không có tử số/mẫu số (${at})`, `Measure ${measure.code} is not a rate: it has no numerator/denominator (${atEn})`, r.index, 'dataElement'));
    else if (measure && value !== null) {
      const bad = checkValue(value, measure.unit, r.part);
      if (bad) conflicts.push(conflict(r.rawValue ?? '', 'E7619', `Giá trị ${r.rawValue} của chỉ số ${measure.code}: ${bad.vi} (${at})`, `Value ${r.rawValue} of measure ${measure.code}: ${bad.en} (${atEn})`, r.index, 'value'));
      else if (r.part === 'value' && ((measure.plausibleMin != null && value < measure.plausibleMin) || (measure.plausibleMax != null && value > measure.plausibleMax)))
        warnings.push(conflict(r.rawValue ?? '', 'W7620', `Giá trị ${r.rawValue} của chỉ số ${measure.code} nằm ngoài khoảng hợp lý ${measure.plausibleMin ?? ''}–${measure.plausibleMax ?? ''} (${at})`, `Value ${r.rawValue} of measure ${measure.code} is outside the plausible range ${measure.plausibleMin ?? ''}–${measure.plausibleMax ?? ''} (${atEn})`, r.index, 'value'));
    }
    if (conflicts.length > before || r.unitId === null || !measure || !period) continue;
    const derived = ctx.derived?.[measure.code];
    if (derived) {
      derivedRows++;
      warnings.push(conflict(r.dataElement, 'W7625', `Chỉ số ${measure.code} không được nhập, bỏ qua (${at}): ${derived.vi}`, `Measure ${measure.code} is not imported, ignored (${atEn}): ${derived.en}`, r.index, 'dataElement'));
      continue;
    }
    // the report the row lands in (resolved by the caller: the one place reports, locks and access are checked)
    const report = ctx.reports?.get(reportKey({ unitId: r.unitId, measure: measure.code, period: period.code }));
    if (report && !report.ok) {
      conflicts.push(conflict(r.period, report.errorCode, `${report.vi} (${at})`, `${report.en} (${atEn})`, r.index, report.property));
      continue;
    }
    const base = { unitId: r.unitId, measure: measure.code, group: r.group, part: r.part, period: period.code };
    const key = valueKey(base);
    if (seen.has(key)) {
      conflicts.push(conflict(r.dataElement, 'E7621', `Giá trị bị lặp: ${at} trùng với dòng ${seen.get(key)! + 1} (cùng đơn vị, chỉ số, nhóm, kỳ)`, `Duplicate value: ${atEn} repeats row ${seen.get(key)! + 1} (same unit, measure, group, period)`, r.index));
      continue;
    }
    seen.set(key, r.index);
    const old = existingOf(ctx.existing.get(key));
    const comment = r.comment === null ? undefined : r.comment.trim() === '' ? null : r.comment;
    const followup = r.followup;
    const metaChanged = (comment !== undefined && comment !== (old?.comment ?? null)) || (followup !== undefined && followup !== (old?.followup ?? false));
    let action: ValueWrite['action'] | 'unchanged';
    if (deleting) action = old && (old.value !== null || old.comment !== null) ? 'deleted' : 'unchanged';
    else if (commentOnly) action = metaChanged ? 'comment' : 'unchanged';
    else if (!old || old.value === null) action = 'imported';
    else action = old.value !== value ? 'updated' : metaChanged ? 'comment' : 'unchanged';
    accepted.push({ ...base, action, value: deleting || commentOnly ? null : value, ...(comment !== undefined && !deleting ? { comment } : {}), ...(followup !== undefined && !deleting ? { followup } : {}), index: r.index });
  }
  // a rate needs its numerator and its denominator, consistent with each other — after the import, with what is stored
  const pairs = new Map<string, { n: number | null; d: number | null; unit: string; one: (typeof accepted)[number]; nIndex?: number; dIndex?: number }>();
  for (const a of accepted) {
    if (a.part === 'value' || a.action === 'unchanged' || a.action === 'comment') continue;
    const k = valueKey({ ...a, part: 'value' });
    const stored = (part: ValuePart) => existingOf(ctx.existing.get(valueKey({ ...a, part })))?.value ?? null;
    const p = pairs.get(k) ?? { n: stored('numerator'), d: stored('denominator'), unit: ctx.measures.get(a.measure)!.unit, one: a };
    if (a.part === 'numerator') [p.n, p.nIndex] = [a.action === 'deleted' ? null : a.value, a.index];
    else [p.d, p.dIndex] = [a.action === 'deleted' ? null : a.value, a.index];
    pairs.set(k, p);
  }
  for (const p of pairs.values()) {
    const one = p.one;
    const where = `${one.measure}${one.group ? `/${one.group}` : ''}, kỳ ${one.period}`;
    const whereEn = `${one.measure}${one.group ? `/${one.group}` : ''}, period ${one.period}`;
    if ((p.n === null) !== (p.d === null)) {
      const index = p.nIndex ?? p.dIndex ?? one.index;
      conflicts.push(conflict(one.measure, 'E7623', `Chỉ số ${where}: sau khi nhập sẽ có ${p.n !== null ? 'tử số' : 'mẫu số'} nhưng không có ${p.n !== null ? 'mẫu số' : 'tử số'} (dòng ${index + 1})`, `Measure ${whereEn}: after the import the ${p.n !== null ? 'denominator' : 'numerator'} would be missing (row ${index + 1})`, index));
    } else if (p.d === 0) conflicts.push(conflict(one.measure, 'E7624', `Chỉ số ${where}: mẫu số bằng 0 (dòng ${(p.dIndex ?? one.index) + 1})`, `Measure ${whereEn}: the denominator is zero (row ${(p.dIndex ?? one.index) + 1})`, p.dIndex ?? one.index));
    else if (p.unit === 'percent' && p.n !== null && p.d !== null && p.n > p.d) conflicts.push(conflict(one.measure, 'E7624', `Chỉ số ${where}: tử số lớn hơn mẫu số (dòng ${(p.nIndex ?? one.index) + 1})`, `Measure ${whereEn}: the numerator exceeds the denominator (row ${(p.nIndex ?? one.index) + 1})`, p.nIndex ?? one.index));
  }
  const dryRun = !!options.dryRun;
  if (conflicts.length > 0) return { summary: refusedSummary(conflicts, warnings, rows.length, dryRun), writes: [] };
  const writes: ValueWrite[] = accepted.filter((a) => a.action !== 'unchanged').map(({ index: _i, ...w }) => w as ValueWrite);
  const count = (k: ValueWrite['action']) => writes.filter((w) => w.action === k).length;
  const imported = count('imported');
  const updated = count('updated') + count('comment');
  const deleted = count('deleted');
  const ignored = accepted.length - writes.length + derivedRows;
  return {
    summary: {
      responseType: 'ImportSummary',
      status: warnings.length ? 'WARNING' : 'SUCCESS',
      description: `${dryRun ? 'Chạy thử (không lưu): ' : ''}Nhập ${imported}, cập nhật ${updated}, xóa ${deleted}, bỏ qua ${ignored} (không đổi hoặc được tính tự động). / ${dryRun ? 'Dry run (nothing stored): ' : ''}Imported ${imported}, updated ${updated}, deleted ${deleted}, ignored ${ignored} (unchanged or computed).`,
      importCount: { imported, updated, ignored, deleted },
      conflicts: [],
      warnings,
      dryRun,
    },
    writes,
  };
}

/** The ImportSummary of a refused import: every conflict, nothing stored. */
export function refusedSummary(conflicts: Conflict[], warnings: Conflict[], rowCount: number, dryRun: boolean): ImportSummary {
  return {
    responseType: 'ImportSummary',
    status: 'ERROR',
    description: `Không nhập: ${conflicts.length} lỗi trong ${new Set(conflicts.flatMap((c) => c.indexes)).size} dòng; không có giá trị nào được lưu. / Import refused: ${conflicts.length} conflict(s); nothing was stored.`,
    importCount: { imported: 0, updated: 0, ignored: rowCount, deleted: 0 },
    conflicts,
    warnings,
    dryRun,
  };
}
