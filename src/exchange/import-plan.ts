/**
 * Checks imported rows (from DHIS2 JSON, ADX or CSV) against the plan and the catalogue and decides
 * what to write: all rows valid → every value is imported or updated; any conflict → nothing is
 * written and every bad row is reported (status ERROR). Pure.
 */
import { parseDhis2Period, periodWithin, toDhis2Period } from './periods.ts';
import { parseNumberVi } from '../domain/format.ts';
import type { CandidateRow, Conflict, ExchangeValue, ImportContext, ImportSummary, ValuePart } from './types.ts';
import { valueKey } from './types.ts';

export interface ImportPlan {
  summary: ImportSummary;
  /** values to write (empty when there is any conflict) */
  writes: (ExchangeValue & { action: 'imported' | 'updated' })[];
}

const conflict = (object: string, errorCode: string, vi: string, en: string, index: number, property?: string): Conflict => ({ object, value: vi, valueEn: en, errorCode, indexes: [index], ...(property ? { property } : {}) });

/** Reads a value as written in DHIS2/ADX ("12.5") or in Vietnamese ("12,5", "1.055"). */
export function readNumber(raw: string): number | null {
  const s = raw.trim();
  if (/^[-+]?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(s)) return Number(s);
  return parseNumberVi(s);
}

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

export function planImport(rows: CandidateRow[], ctx: ImportContext, options: { dryRun?: boolean; preConflicts?: Conflict[] } = {}): ImportPlan {
  const conflicts: Conflict[] = [...(options.preConflicts ?? [])];
  const warnings: Conflict[] = [];
  const accepted: (ExchangeValue & { action: 'imported' | 'updated' | 'unchanged' })[] = [];
  const seen = new Map<string, number>();
  let derivedRows = 0;
  for (const r of rows) {
    const before = conflicts.length;
    if (r.unitId === null) conflicts.push(conflict(r.orgUnit, 'E7610', `Đơn vị "${r.orgUnit}" không có trong bảng ánh xạ đơn vị (dòng ${r.index + 1})`, `Org unit "${r.orgUnit}" is not in the unit mapping (row ${r.index + 1})`, r.index, 'orgUnit'));
    else if (ctx.allowedUnits && !ctx.allowedUnits.has(r.unitId)) conflicts.push(conflict(r.orgUnit, 'E7617', `Bạn không có quyền nhập số liệu cho đơn vị "${r.orgUnit}" (dòng ${r.index + 1})`, `You may not enter values for org unit "${r.orgUnit}" (row ${r.index + 1})`, r.index, 'orgUnit'));
    const measure = r.measure ? ctx.measures.get(r.measure) : undefined;
    if (r.measure === null) conflicts.push(conflict(r.dataElement, 'E7611', `Phần tử dữ liệu "${r.dataElement}"${r.categoryOptionCombo ? ` / nhóm "${r.categoryOptionCombo}"` : ''} không có trong bảng ánh xạ chỉ số (dòng ${r.index + 1})`, `Data element "${r.dataElement}"${r.categoryOptionCombo ? ` / category option combo "${r.categoryOptionCombo}"` : ''} is not in the measure mapping (row ${r.index + 1})`, r.index, 'dataElement'));
    else if (!measure) conflicts.push(conflict(r.dataElement, 'E7611', `Chỉ số "${r.measure}" không có trong danh mục (dòng ${r.index + 1})`, `Measure "${r.measure}" is not in the catalogue (row ${r.index + 1})`, r.index, 'dataElement'));
    else if (r.group !== null && !measure.groups.includes(r.group) && !measure.disaggregations.some((d) => r.group!.startsWith(`${d}:`)))
      conflicts.push(conflict(r.categoryOptionCombo ?? r.group, 'E7612', `Chỉ số ${measure.code} không có nhóm "${r.group}" (dòng ${r.index + 1})`, `Measure ${measure.code} has no group "${r.group}" (row ${r.index + 1})`, r.index, 'categoryOptionCombo'));
    const period = parseDhis2Period(r.period);
    if (!period) conflicts.push(conflict(r.period, 'E7613', `Kỳ báo cáo "${r.period}" không hợp lệ (dòng ${r.index + 1})`, `Period "${r.period}" is not valid (row ${r.index + 1})`, r.index, 'period'));
    else if (!ctx.periodTypes.includes(period.type)) conflicts.push(conflict(r.period, 'E7614', `Kỳ "${r.period}" (${period.type}) không được nhận; kế hoạch báo cáo theo năm (dòng ${r.index + 1})`, `Period "${r.period}" (${period.type}) is not accepted; the plan reports yearly (row ${r.index + 1})`, r.index, 'period'));
    else if (!periodWithin(period, ctx.periodFrom, ctx.periodTo)) conflicts.push(conflict(r.period, 'E7615', `Kỳ "${r.period}" nằm ngoài giai đoạn của kế hoạch (${ctx.periodFrom ?? '…'}–${ctx.periodTo ?? '…'}) (dòng ${r.index + 1})`, `Period "${r.period}" is outside the plan (${ctx.periodFrom ?? '…'}–${ctx.periodTo ?? '…'}) (row ${r.index + 1})`, r.index, 'period'));
    const value = readNumber(r.rawValue);
    if (value === null) conflicts.push(conflict(r.rawValue, 'E7619', `Giá trị "${r.rawValue}" không phải là số (dòng ${r.index + 1})`, `Value "${r.rawValue}" is not a number (row ${r.index + 1})`, r.index, 'value'));
    else if (measure && isRatioUnit(measure.unit) && r.part === 'value')
      conflicts.push(conflict(r.dataElement, 'E7622', `Chỉ số ${measure.code} là tỷ lệ: cần ánh xạ và gửi tử số và mẫu số, không gửi trực tiếp tỷ lệ (dòng ${r.index + 1})`, `Measure ${measure.code} is a rate: map and send its numerator and denominator, not the rate itself (row ${r.index + 1})`, r.index, 'dataElement'));
    else if (measure && !isRatioUnit(measure.unit) && r.part !== 'value')
      conflicts.push(conflict(r.dataElement, 'E7622', `Chỉ số ${measure.code} không phải tỷ lệ: không có tử số/mẫu số (dòng ${r.index + 1})`, `Measure ${measure.code} is not a rate: it has no numerator/denominator (row ${r.index + 1})`, r.index, 'dataElement'));
    else if (measure) {
      const bad = checkValue(value, measure.unit, r.part);
      if (bad) conflicts.push(conflict(r.rawValue, 'E7619', `Giá trị ${r.rawValue} của chỉ số ${measure.code}: ${bad.vi} (dòng ${r.index + 1})`, `Value ${r.rawValue} of measure ${measure.code}: ${bad.en} (row ${r.index + 1})`, r.index, 'value'));
      else if (r.part === 'value' && ((measure.plausibleMin != null && value < measure.plausibleMin) || (measure.plausibleMax != null && value > measure.plausibleMax)))
        warnings.push(conflict(r.rawValue, 'W7620', `Giá trị ${r.rawValue} của chỉ số ${measure.code} nằm ngoài khoảng hợp lý ${measure.plausibleMin ?? ''}–${measure.plausibleMax ?? ''} (dòng ${r.index + 1})`, `Value ${r.rawValue} of measure ${measure.code} is outside the plausible range ${measure.plausibleMin ?? ''}–${measure.plausibleMax ?? ''} (row ${r.index + 1})`, r.index, 'value'));
    }
    if (conflicts.length > before || r.unitId === null || !measure || !period || value === null) continue;
    const derived = ctx.derived?.[measure.code];
    if (derived) {
      derivedRows++;
      warnings.push(conflict(r.dataElement, 'W7625', `Chỉ số ${measure.code} không được nhập, bỏ qua (dòng ${r.index + 1}): ${derived.vi}`, `Measure ${measure.code} is not imported, ignored (row ${r.index + 1}): ${derived.en}`, r.index, 'dataElement'));
      continue;
    }
    const v: ExchangeValue = { unitId: r.unitId, measure: measure.code, group: r.group, part: r.part, period: toDhis2Period(period), value, comment: r.comment };
    const key = valueKey(v);
    if (seen.has(key)) {
      conflicts.push(conflict(r.dataElement, 'E7621', `Giá trị bị lặp: dòng ${r.index + 1} trùng với dòng ${seen.get(key)! + 1} (cùng đơn vị, chỉ số, nhóm, kỳ)`, `Duplicate value: row ${r.index + 1} repeats row ${seen.get(key)! + 1} (same unit, measure, group, period)`, r.index));
      continue;
    }
    seen.set(key, r.index);
    const old = ctx.existing.get(key);
    accepted.push({ ...v, action: old === undefined ? 'imported' : old === value ? 'unchanged' : 'updated' });
  }
  // a rate needs its numerator and its denominator, consistent with each other
  const pairs = new Map<string, { n?: (typeof accepted)[number]; d?: (typeof accepted)[number]; unit: string }>();
  for (const a of accepted) {
    if (a.part === 'value') continue;
    const k = valueKey({ ...a, part: 'value' });
    const p = pairs.get(k) ?? { unit: ctx.measures.get(a.measure)!.unit };
    if (a.part === 'numerator') p.n = a;
    else p.d = a;
    pairs.set(k, p);
  }
  for (const p of pairs.values()) {
    const one = (p.n ?? p.d)!;
    const index = seen.get(valueKey(one))!;
    const where = `${one.measure}${one.group ? `/${one.group}` : ''}, kỳ ${one.period}`;
    const whereEn = `${one.measure}${one.group ? `/${one.group}` : ''}, period ${one.period}`;
    if (!p.n || !p.d) conflicts.push(conflict(one.measure, 'E7623', `Chỉ số ${where}: có ${p.n ? 'tử số' : 'mẫu số'} nhưng thiếu ${p.n ? 'mẫu số' : 'tử số'} (dòng ${index + 1})`, `Measure ${whereEn}: the ${p.n ? 'denominator' : 'numerator'} is missing (row ${index + 1})`, index));
    else if (p.d.value === 0) conflicts.push(conflict(one.measure, 'E7624', `Chỉ số ${where}: mẫu số bằng 0 (dòng ${seen.get(valueKey(p.d))! + 1})`, `Measure ${whereEn}: the denominator is zero (row ${seen.get(valueKey(p.d))! + 1})`, seen.get(valueKey(p.d))!));
    else if (p.unit === 'percent' && p.n.value > p.d.value) conflicts.push(conflict(one.measure, 'E7624', `Chỉ số ${where}: tử số lớn hơn mẫu số (dòng ${seen.get(valueKey(p.n))! + 1})`, `Measure ${whereEn}: the numerator exceeds the denominator (row ${seen.get(valueKey(p.n))! + 1})`, seen.get(valueKey(p.n))!));
  }
  const dryRun = !!options.dryRun;
  if (conflicts.length > 0) {
    return {
      summary: {
        responseType: 'ImportSummary',
        status: 'ERROR',
        description: `Không nhập: ${conflicts.length} lỗi trong ${new Set(conflicts.flatMap((c) => c.indexes)).size} dòng; không có giá trị nào được lưu. / Import refused: ${conflicts.length} conflict(s); nothing was stored.`,
        importCount: { imported: 0, updated: 0, ignored: rows.length, deleted: 0 },
        conflicts,
        warnings,
        dryRun,
      },
      writes: [],
    };
  }
  const writes = accepted.filter((a): a is ExchangeValue & { action: 'imported' | 'updated' } => a.action !== 'unchanged');
  const imported = writes.filter((w) => w.action === 'imported').length;
  const updated = writes.length - imported;
  const ignored = accepted.length - writes.length + derivedRows;
  return {
    summary: {
      responseType: 'ImportSummary',
      status: warnings.length ? 'WARNING' : 'SUCCESS',
      description: `${dryRun ? 'Chạy thử: ' : ''}Nhập ${imported}, cập nhật ${updated}, bỏ qua ${ignored} (không đổi hoặc được tính tự động). / ${dryRun ? 'Dry run: ' : ''}Imported ${imported}, updated ${updated}, ignored ${ignored} (unchanged or computed).`,
      importCount: { imported, updated, ignored, deleted: 0 },
      conflicts: [],
      warnings,
      dryRun,
    },
    writes: dryRun ? [] : writes,
  };
}
