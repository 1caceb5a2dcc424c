/**
 * DHIS2 dataValueSets JSON (Web API /api/dataValueSets): parse, validate, serialize, and translate
 * through the administrator's mapping (vitreem measure + group ↔ dataElement + categoryOptionCombo,
 * unit ↔ orgUnit). Pure.
 */
import { z } from 'zod';
import { parseDhis2Period } from './periods.ts';
import type { CandidateRow, Conflict, ElementMapping, ExchangeMapping, ExchangeValue } from './types.ts';

/** DHIS2 UIDs are 11 characters, a letter then letters/digits; fixtures and codes may be other strings, so we only require non-empty. */
export const DHIS2_UID = /^[A-Za-z][A-Za-z0-9]{10}$/;

const Id = z.string().trim().min(1);
const Scalar = z.union([z.string(), z.number(), z.boolean()]).transform((v) => String(v));

export const Dhis2DataValueSchema = z.object({
  dataElement: Id,
  period: Id.optional(),
  orgUnit: Id.optional(),
  categoryOptionCombo: Id.optional(),
  attributeOptionCombo: Id.optional(),
  value: Scalar.optional(),
  comment: z.string().nullable().optional(),
  storedBy: z.string().optional(),
  created: z.string().optional(),
  lastUpdated: z.string().optional(),
  followup: z.boolean().optional(),
  deleted: z.boolean().optional(),
});

export const Dhis2DataValueSetSchema = z.object({
  dataSet: Id.optional(),
  completeDate: z.string().optional(),
  period: Id.optional(),
  orgUnit: Id.optional(),
  attributeOptionCombo: Id.optional(),
  dataValues: z.array(z.unknown()),
});

export type Dhis2DataValue = z.infer<typeof Dhis2DataValueSchema>;
export interface Dhis2DataValueSet {
  dataSet?: string;
  completeDate?: string;
  period?: string;
  orgUnit?: string;
  attributeOptionCombo?: string;
  dataValues: Dhis2DataValue[];
}

export interface ParseResult<T> {
  ok: boolean;
  value: T | null;
  /** structural problems, each with the row index when it concerns a row */
  conflicts: Conflict[];
}

const structural = (object: string, index: number, vi: string, en: string, property?: string): Conflict => ({ object, value: vi, valueEn: en, errorCode: 'E7600', indexes: index >= 0 ? [index] : [], ...(property ? { property } : {}) });

/** Parses text or an object as a dataValueSet; every malformed row is reported, well-formed rows kept. */
export function parseDataValueSet(input: string | unknown): ParseResult<Dhis2DataValueSet> {
  let json: unknown = input;
  if (typeof input === 'string') {
    try {
      json = JSON.parse(input);
    } catch (e) {
      return { ok: false, value: null, conflicts: [structural('json', -1, `Tệp không phải JSON hợp lệ: ${(e as Error).message}`, `Not valid JSON: ${(e as Error).message}`)] };
    }
  }
  const head = Dhis2DataValueSetSchema.safeParse(json);
  if (!head.success) {
    const i = head.error.issues[0];
    return { ok: false, value: null, conflicts: [structural(i.path.join('.') || 'dataValueSet', -1, `Cấu trúc dataValueSet không hợp lệ tại "${i.path.join('.')}": cần có mảng dataValues`, `Invalid dataValueSet at "${i.path.join('.')}": ${i.message}`)] };
  }
  const conflicts: Conflict[] = [];
  const values: Dhis2DataValue[] = [];
  head.data.dataValues.forEach((raw, index) => {
    const r = Dhis2DataValueSchema.safeParse(raw);
    if (!r.success) {
      const i = r.error.issues[0];
      const field = i.path.join('.') || 'dataValue';
      conflicts.push(structural(field, index, `Dòng ${index + 1}: trường "${field}" thiếu hoặc sai kiểu`, `Row ${index + 1}: field "${field}" is missing or of the wrong type`, field));
      return;
    }
    const v = r.data;
    const period = v.period ?? head.data.period;
    const orgUnit = v.orgUnit ?? head.data.orgUnit;
    if (!period) conflicts.push(structural('period', index, `Dòng ${index + 1}: thiếu kỳ báo cáo (period)`, `Row ${index + 1}: no period`, 'period'));
    if (!orgUnit) conflicts.push(structural('orgUnit', index, `Dòng ${index + 1}: thiếu đơn vị (orgUnit)`, `Row ${index + 1}: no orgUnit`, 'orgUnit'));
    if (v.value === undefined && !v.deleted) conflicts.push(structural('value', index, `Dòng ${index + 1}: thiếu giá trị (value)`, `Row ${index + 1}: no value`, 'value'));
    values.push(v);
  });
  const set: Dhis2DataValueSet = { ...head.data, dataValues: values };
  for (const k of ['dataSet', 'completeDate', 'period', 'orgUnit', 'attributeOptionCombo'] as const) if (set[k] === undefined) delete set[k];
  return { ok: conflicts.length === 0, value: set, conflicts };
}

const DEFAULT_COC = new Set(['HllvX50cXC0', 'default']);
const sameCoc = (a: string | null | undefined, b: string | null | undefined): boolean => (a && !DEFAULT_COC.has(a) ? a : null) === (b && !DEFAULT_COC.has(b) ? b : null);

export function findElement(mapping: ExchangeMapping, dataElement: string, coc: string | null | undefined): ElementMapping | undefined {
  return mapping.elements.find((e) => e.dataElement === dataElement && sameCoc(e.categoryOptionCombo, coc));
}

/** DHIS2 rows → candidate rows (ids resolved through the mapping; unresolved ones stay null for the checks to report). */
export function dataValueSetToCandidates(set: Dhis2DataValueSet, mapping: ExchangeMapping): CandidateRow[] {
  return set.dataValues.map((v, index) => {
    const orgUnit = v.orgUnit ?? set.orgUnit ?? '';
    const el = findElement(mapping, v.dataElement, v.categoryOptionCombo);
    return {
      index,
      unitId: mapping.orgUnits.find((o) => o.orgUnit === orgUnit)?.unitId ?? null,
      orgUnit,
      measure: el?.measure ?? null,
      group: el?.group ?? null,
      part: el?.part ?? 'value',
      dataElement: v.dataElement,
      categoryOptionCombo: v.categoryOptionCombo ?? null,
      period: v.period ?? set.period ?? '',
      rawValue: v.value ?? '',
      comment: v.comment ?? null,
    };
  });
}

export function elementFor(mapping: ExchangeMapping, v: ExchangeValue): ElementMapping | undefined {
  return mapping.elements.find((e) => e.measure === v.measure && (e.group ?? null) === (v.group ?? null) && (e.part ?? 'value') === v.part);
}

export function unmappedReason(v: ExchangeValue, element: boolean): { value: ExchangeValue; reasonVi: string; reasonEn: string } {
  const what = `${v.measure}${v.group ? `/${v.group}` : ''}${v.part !== 'value' ? ` (${v.part === 'numerator' ? 'tử số' : 'mẫu số'})` : ''}`;
  const whatEn = `${v.measure}${v.group ? `/${v.group}` : ''}${v.part !== 'value' ? ` (${v.part})` : ''}`;
  return element ? { value: v, reasonVi: `chỉ số ${what} chưa được ánh xạ`, reasonEn: `measure ${whatEn} is not mapped` } : { value: v, reasonVi: `đơn vị ${v.unitId} chưa được ánh xạ`, reasonEn: `unit ${v.unitId} is not mapped` };
}

/** Formats a number the way DHIS2 stores it: plain decimal with a dot, no grouping, no trailing zeros. */
export function dhis2Number(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Number(n.toPrecision(15)));
}

export interface ExportResult<T> {
  document: T;
  /** values left out because the mapping has no entry for them */
  unmapped: { value: ExchangeValue; reasonVi: string; reasonEn: string }[];
}

/** vitreem values → a dataValueSet (each row carries its own period and orgUnit). */
export function toDataValueSet(values: ExchangeValue[], mapping: ExchangeMapping, options: { dataSet?: string | null; completeDate?: string | null } = {}): ExportResult<Dhis2DataValueSet> {
  const unmapped: ExportResult<Dhis2DataValueSet>['unmapped'] = [];
  const dataValues: Dhis2DataValue[] = [];
  for (const v of values) {
    const el = elementFor(mapping, v);
    const ou = mapping.orgUnits.find((o) => o.unitId === v.unitId);
    if (!el || !ou) {
      unmapped.push(unmappedReason(v, !el));
      continue;
    }
    if (!parseDhis2Period(v.period)) throw new Error(`invalid period ${v.period}`);
    const dv: Dhis2DataValue = { dataElement: el.dataElement, period: v.period, orgUnit: ou.orgUnit, value: dhis2Number(v.value) };
    if (el.categoryOptionCombo) dv.categoryOptionCombo = el.categoryOptionCombo;
    if (mapping.attributeOptionCombo) dv.attributeOptionCombo = mapping.attributeOptionCombo;
    if (v.comment) dv.comment = v.comment;
    dataValues.push(dv);
  }
  const document: Dhis2DataValueSet = { dataValues };
  const dataSet = options.dataSet ?? mapping.dataSet;
  if (dataSet) document.dataSet = dataSet;
  if (options.completeDate) document.completeDate = options.completeDate;
  return { document: Object.keys(document).length > 1 ? { ...document, dataValues } : document, unmapped };
}
