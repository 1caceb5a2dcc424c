/**
 * Validation of reported values (pure). Errors block saving or submitting; warnings are flags shown
 * to the approver (implausible values, big jumps from last year) and never block.
 * Every message is in Vietnamese first, English second.
 */
import { UNIT_SCALE, type Disaggregation, type MeasureUnit } from '../model.ts';
import { valueOf } from './aggregation.ts';
import { formatNumberVi } from './format.ts';

export interface MeasureInfo {
  id?: number;
  code: string;
  nameVi: string;
  unit: MeasureUnit;
  disaggregations: Disaggregation[] | string[];
  groups?: string[];
  plausibleMin?: number | null;
  plausibleMax?: number | null;
}

/** A value as it arrives from a form or an API call (anything may be wrong with it). */
export interface ValueInput {
  measure: string;
  /** '' or absent = total; otherwise 'dimension:category', e.g. 'sex:female', 'area:rural' */
  key?: string | null;
  numerator?: unknown;
  denominator?: unknown;
  value?: unknown;
  unknown?: boolean | null;
  comment?: string | null;
}

export interface CleanValue {
  measure: string;
  key: string;
  numerator: number | null;
  denominator: number | null;
  value: number | null;
  unknown: boolean;
  comment: string | null;
}

export interface Issue {
  code: string;
  measure: string;
  key: string;
  field?: string;
  vi: string;
  en: string;
}

/** Categories of each disaggregation dimension. */
export const DISAGGREGATION_CATEGORIES: Record<string, string[]> = {
  sex: ['male', 'female'],
  area: ['urban', 'rural'],
  ethnicity: ['minority', 'majority'],
  age_group: ['0_5', '6_10', '11_15', '16_17'],
  disability: ['yes', 'no'],
};

/** Vietnamese words of the disaggregations, for messages: "theo giới tính", "(nữ)". */
export const DIMENSION_VI: Record<string, string> = { sex: 'giới tính', area: 'khu vực', ethnicity: 'dân tộc', age_group: 'nhóm tuổi', disability: 'khuyết tật' };
export const CATEGORY_VI: Record<string, string> = {
  'sex:male': 'nam', 'sex:female': 'nữ', 'area:urban': 'thành thị', 'area:rural': 'nông thôn', 'ethnicity:minority': 'dân tộc thiểu số', 'ethnicity:majority': 'dân tộc Kinh',
  'age_group:0_5': '0–5 tuổi', 'age_group:6_10': '6–10 tuổi', 'age_group:11_15': '11–15 tuổi', 'age_group:16_17': '16–17 tuổi', 'disability:yes': 'có khuyết tật', 'disability:no': 'không khuyết tật',
};
/** "(nữ)" for the key 'sex:female'; the key itself when it is not a known one (it is then refused anyway). */
export const keyVi = (key: string) => (key ? ` (${CATEGORY_VI[key] ?? key})` : '');

/** Parses a number typed by a person: JSON numbers, or text in Vietnamese format ("1.055", "12,5"). */
export function parseNumber(input: unknown): { ok: true; value: number | null } | { ok: false } {
  if (input === null || input === undefined || input === '') return { ok: true, value: null };
  if (typeof input === 'number') return Number.isFinite(input) ? { ok: true, value: input } : { ok: false };
  if (typeof input !== 'string') return { ok: false };
  const s = input.trim().replace(/\s/g, '');
  if (s === '') return { ok: true, value: null };
  if (/^-?\d{1,3}(\.\d{3})+(,\d+)?$/.test(s)) return { ok: true, value: Number(s.replace(/\./g, '').replace(',', '.')) };
  if (/^-?\d+(,\d+)?$/.test(s)) return { ok: true, value: Number(s.replace(',', '.')) };
  if (/^-?\d+\.\d{1,2}$/.test(s)) return { ok: true, value: Number(s) }; // a stray decimal dot, as in documents
  return { ok: false };
}

const isRatio = (unit: MeasureUnit) => UNIT_SCALE[unit] !== null;

/** Checks one value: types, signs, numerator ≤ denominator, denominator not zero, known key. */
export function validateValue(measure: MeasureInfo, input: ValueInput): { clean: CleanValue | null; errors: Issue[] } {
  const key = (input.key ?? '').trim();
  const errors: Issue[] = [];
  const issue = (code: string, field: string | undefined, vi: string, en: string) => errors.push({ code, measure: measure.code, key, field, vi, en });
  const label = `chỉ tiêu ${measure.code}${keyVi(key)}`;
  const labelEn = `measure ${measure.code}${key ? ` (${key})` : ''}`;

  if (key) {
    const [dimension, category] = key.split(':');
    const allowedDims = new Set<string>([...(measure.disaggregations as string[]), ...((measure.groups ?? []).length ? ['area'] : [])]);
    if (!category || !allowedDims.has(dimension) || !DISAGGREGATION_CATEGORIES[dimension]?.includes(category)) {
      issue('invalid_disaggregation', 'key', `Phân tổ "${key}" không áp dụng cho ${label}.`, `Disaggregation "${key}" does not apply to ${labelEn}.`);
      return { clean: null, errors };
    }
  }

  const fields = { numerator: input.numerator, denominator: input.denominator, value: input.value };
  const parsed: Record<string, number | null> = {};
  for (const [field, raw] of Object.entries(fields)) {
    if (measure.unit === 'boolean' && field === 'value' && typeof raw === 'boolean') {
      parsed[field] = raw ? 1 : 0;
      continue;
    }
    const p = parseNumber(raw);
    if (!p.ok) {
      issue('not_a_number', field, `${label}: "${String(raw)}" không phải là số.`, `${labelEn}: "${String(raw)}" is not a number.`);
      continue;
    }
    parsed[field] = p.value;
    if (p.value !== null && p.value < 0) issue('negative', field, `${label}: giá trị không được âm.`, `${labelEn}: the value cannot be negative.`);
  }
  if (errors.length) return { clean: null, errors };

  const unknown = input.unknown === true;
  let numerator = parsed.numerator ?? null;
  let denominator = parsed.denominator ?? null;
  let value = parsed.value ?? null;

  if (unknown) {
    if (numerator !== null || denominator !== null || value !== null)
      issue('unknown_with_value', undefined, `${label}: đã đánh dấu "không rõ" thì không nhập số liệu.`, `${labelEn}: a value marked "unknown" cannot have numbers.`);
    numerator = denominator = value = null;
  } else if (isRatio(measure.unit)) {
    if (value !== null && numerator === null && denominator === null)
      issue('ratio_needs_parts', 'numerator', `${label}: cần nhập tử số và mẫu số, không nhập trực tiếp tỷ lệ.`, `${labelEn}: enter the numerator and denominator, not the rate itself.`);
    if ((numerator === null) !== (denominator === null))
      issue('incomplete_ratio', numerator === null ? 'numerator' : 'denominator', `${label}: cần nhập cả tử số và mẫu số.`, `${labelEn}: both numerator and denominator are needed.`);
    // a numerator and a denominator count children (births, pupils, communes): whole numbers, like any count
    for (const [field, x] of [['numerator', numerator], ['denominator', denominator]] as const)
      if (x !== null && !Number.isInteger(x)) issue('not_integer', field, `${label}: ${field === 'numerator' ? 'tử số' : 'mẫu số'} là số đếm, phải là số nguyên.`, `${labelEn}: the ${field} is a count and must be a whole number.`);
    if (denominator === 0) issue('zero_denominator', 'denominator', `${label}: mẫu số bằng 0, không tính được tỷ lệ.`, `${labelEn}: the denominator is zero; the rate cannot be computed.`);
    if (numerator !== null && denominator !== null && denominator > 0 && numerator > denominator)
      issue('numerator_exceeds_denominator', 'numerator', `${label}: tử số (${formatNumberVi(numerator)}) lớn hơn mẫu số (${formatNumberVi(denominator)}).`, `${labelEn}: the numerator (${numerator}) exceeds the denominator (${denominator}).`);
    value = null;
  } else if (measure.unit === 'count') {
    if (value === null && numerator !== null) value = numerator;
    if (value !== null && !Number.isInteger(value)) issue('not_integer', 'value', `${label}: số đếm phải là số nguyên.`, `${labelEn}: a count must be a whole number.`);
    numerator = denominator = null;
  } else {
    if (value !== null && value !== 0 && value !== 1) issue('not_boolean', 'value', `${label}: chỉ nhận "có" hoặc "không".`, `${labelEn}: only yes or no is accepted.`);
    numerator = denominator = null;
  }
  const comment = typeof input.comment === 'string' && input.comment.trim() ? input.comment.trim().slice(0, 4000) : null;
  if (errors.length) return { clean: null, errors };
  return { clean: { measure: measure.code, key, numerator, denominator, value, unknown, comment }, errors };
}

export const isEmpty = (v: CleanValue) => !v.unknown && v.numerator === null && v.denominator === null && v.value === null;

/**
 * Checks a whole report at submission: every required measure has a total value or is explicitly
 * "unknown" (errors); implausible values, big jumps from last year and parts that do not add up
 * to the total are warnings.
 */
export function validateReport(
  measures: MeasureInfo[],
  values: CleanValue[],
  previous: Map<string, number | null> = new Map(),
): { errors: Issue[]; warnings: Issue[] } {
  const errors: Issue[] = [];
  const warnings: Issue[] = [];
  const byMeasure = new Map<string, CleanValue[]>();
  for (const v of values) byMeasure.set(v.measure, [...(byMeasure.get(v.measure) ?? []), v]);
  for (const m of measures) {
    const list = byMeasure.get(m.code) ?? [];
    const total = list.find((v) => v.key === '');
    if (!total || isEmpty(total)) {
      errors.push({ code: 'required_missing', measure: m.code, key: '', vi: `Chưa nhập chỉ tiêu ${m.code} (${m.nameVi}); nếu không có số liệu, hãy chọn "không rõ".`, en: `Measure ${m.code} is missing; if there is no data, mark it "unknown".` });
      continue;
    }
    for (const v of list) {
      const x = valueOf(m.unit, v);
      if (x === null) continue;
      const where = keyVi(v.key);
      if ((m.plausibleMin !== null && m.plausibleMin !== undefined && x < m.plausibleMin) || (m.plausibleMax !== null && m.plausibleMax !== undefined && x > m.plausibleMax)) {
        warnings.push({ code: 'implausible', measure: m.code, key: v.key, vi: `Chỉ tiêu ${m.code}${where}: giá trị ${formatNumberVi(x)} nằm ngoài khoảng hợp lý (${formatNumberVi(m.plausibleMin ?? 0)}–${m.plausibleMax === null || m.plausibleMax === undefined ? '∞' : formatNumberVi(m.plausibleMax)}).`, en: `Measure ${m.code}${v.key ? ` (${v.key})` : ""}: value ${x} is outside the plausible range.` });
      }
      if (v.key === '') {
        const prev = previous.get(m.code);
        if (prev !== null && prev !== undefined && isJump(m.unit, prev, x)) {
          warnings.push({ code: 'jump', measure: m.code, key: '', vi: `Chỉ tiêu ${m.code}: thay đổi lớn so với năm trước (${formatNumberVi(prev)} → ${formatNumberVi(x)}).`, en: `Measure ${m.code}: large change from last year (${prev} → ${x}).` });
        }
      }
    }
    // parts of a dimension should add up to the total (numerators and denominators / counts)
    for (const [dimension, categories] of Object.entries(DISAGGREGATION_CATEGORIES)) {
      const parts = categories.map((c) => list.find((v) => v.key === `${dimension}:${c}`));
      if (parts.some((p) => !p || isEmpty(p) || p.unknown) || total.unknown) continue;
      const sum = (f: (v: CleanValue) => number | null) => parts.reduce((s, p) => s + (f(p!) ?? 0), 0);
      const mismatch = isRatio(m.unit)
        ? sum((p) => p.numerator) !== total.numerator || sum((p) => p.denominator) !== total.denominator
        : m.unit === 'count' && sum((p) => p.value) !== total.value;
      if (mismatch)
        warnings.push({ code: 'parts_mismatch', measure: m.code, key: dimension, vi: `Chỉ tiêu ${m.code}: tổng các phân tổ theo ${DIMENSION_VI[dimension] ?? dimension} không bằng số tổng.`, en: `Measure ${m.code}: the "${dimension}" breakdown does not add up to the total.` });
    }
  }
  return { errors, warnings };
}

/** A change of more than half (and more than a trivial absolute amount) from last year. */
export function isJump(unit: MeasureUnit, previous: number, current: number): boolean {
  const diff = Math.abs(current - previous);
  const minimal = unit === 'count' ? 5 : unit === 'percent' ? 2 : unit === 'boolean' ? Infinity : 1;
  if (diff < minimal) return false;
  if (previous === 0) return current !== 0;
  return diff / Math.abs(previous) > 0.5;
}
