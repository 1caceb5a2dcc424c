/**
 * DHIS2 dataValueSets JSON (Web API /api/dataValueSets): parse, validate, serialize, and translate
 * through the administrator's mapping (vitreem measure + group ↔ dataElement + categoryOptionCombo,
 * unit ↔ orgUnit). Pure.
 */
import { z } from 'zod';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { parsePeriod } from '../domain/period.ts';
import { parseCsv } from './csv.ts';
import type { CandidateRow, Conflict, ElementMapping, ExchangeMapping, ExchangeValue } from './types.ts';

/** DHIS2 UIDs are 11 characters, a letter then letters/digits; fixtures and codes may be other strings, so we only require non-empty. */
export const DHIS2_UID = /^[A-Za-z][A-Za-z0-9]{10}$/;

const Id = z.string().trim().min(1);
const Scalar = z.union([z.string(), z.number(), z.boolean()]).transform((v) => String(v));
/** DHIS2 writes booleans as JSON booleans, and as "true"/"false" in XML and CSV */
const Bool = z.union([z.boolean(), z.enum(['true', 'false', 'TRUE', 'FALSE', 'True', 'False', '']).transform((v) => v.toLowerCase() === 'true')]);

export const Dhis2DataValueSchema = z.object({
  dataElement: Id,
  period: Id.optional(),
  orgUnit: Id.optional(),
  categoryOptionCombo: z.string().trim().optional(),
  attributeOptionCombo: z.string().trim().optional(),
  value: Scalar.nullable().optional(),
  comment: z.string().nullable().optional(),
  storedBy: z.string().nullable().optional(),
  created: z.string().nullable().optional(),
  lastUpdated: z.string().nullable().optional(),
  timestamp: z.string().nullable().optional(),
  followup: Bool.nullable().optional(),
  deleted: Bool.nullable().optional(),
});

/** DHIS2's id schemes: vitreem's mapping holds the identifiers the administrator entered (UIDs or codes). */
const ID_SCHEMES = new Set(['uid', 'code']);
const SCHEME_FIELDS = ['idScheme', 'dataElementIdScheme', 'orgUnitIdScheme', 'categoryOptionComboIdScheme', 'dataSetIdScheme'] as const;

export const Dhis2DataValueSetSchema = z.object({
  dataSet: z.string().trim().optional(),
  completeDate: z.string().optional(),
  period: z.string().trim().optional(),
  orgUnit: z.string().trim().optional(),
  attributeOptionCombo: z.string().trim().optional(),
  idScheme: z.string().optional(),
  dataElementIdScheme: z.string().optional(),
  orgUnitIdScheme: z.string().optional(),
  categoryOptionComboIdScheme: z.string().optional(),
  dataSetIdScheme: z.string().optional(),
  dataValues: z.array(z.unknown()),
});

export type Dhis2DataValue = z.infer<typeof Dhis2DataValueSchema>;
export interface Dhis2DataValueSet {
  dataSet?: string;
  completeDate?: string;
  period?: string;
  orgUnit?: string;
  attributeOptionCombo?: string;
  idScheme?: string;
  dataElementIdScheme?: string;
  orgUnitIdScheme?: string;
  categoryOptionComboIdScheme?: string;
  dataSetIdScheme?: string;
  dataValues: Dhis2DataValue[];
}

export interface ParseResult<T> {
  ok: boolean;
  value: T | null;
  /** structural problems, each with the row index when it concerns a row */
  conflicts: Conflict[];
}

const structural = (object: string, index: number, vi: string, en: string, property?: string, errorCode = 'E7600'): Conflict => ({ object, value: vi, valueEn: en, errorCode, indexes: index >= 0 ? [index] : [], ...(property ? { property } : {}) });

/** Id schemes asked for by the request (query) or the file; anything but UID and CODE is refused. */
export function checkIdSchemes(schemes: Partial<Record<(typeof SCHEME_FIELDS)[number], string | undefined>>): Conflict[] {
  const out: Conflict[] = [];
  for (const f of SCHEME_FIELDS) {
    const v = schemes[f];
    if (v === undefined || v === '' || ID_SCHEMES.has(v.toLowerCase())) continue;
    out.push(structural(v, -1, `Kiểu mã "${v}" (${f}) không được hỗ trợ: vitreem đối chiếu mã UID hoặc CODE của DHIS2 qua bảng ánh xạ`, `Id scheme "${v}" (${f}) is not supported: vitreem matches DHIS2 UIDs or codes through its mapping`, f, 'E7601'));
  }
  return out;
}

/** Parses text or an object as a dataValueSet; every malformed row is reported, well-formed rows kept. */
export function parseDataValueSet(input: string | unknown): ParseResult<Dhis2DataValueSet> {
  let json: unknown = input;
  if (typeof input === 'string') {
    const t = input.replace(/^\uFEFF/, '').trimStart();
    if (t.startsWith('<')) return parseDataValueSetXml(input);
    try {
      json = JSON.parse(t);
    } catch (e) {
      return { ok: false, value: null, conflicts: [structural('json', -1, `Tệp không phải JSON hợp lệ: ${(e as Error).message}`, `Not valid JSON: ${(e as Error).message}`)] };
    }
  }
  return checkSet(json);
}

function checkSet(json: unknown): ParseResult<Dhis2DataValueSet> {
  const head = Dhis2DataValueSetSchema.safeParse(json);
  if (!head.success) {
    const i = head.error.issues[0];
    return { ok: false, value: null, conflicts: [structural(i.path.join('.') || 'dataValueSet', -1, `Cấu trúc dataValueSet không hợp lệ tại "${i.path.join('.')}": cần có mảng dataValues`, `Invalid dataValueSet at "${i.path.join('.')}": ${i.message}`)] };
  }
  const conflicts: Conflict[] = checkIdSchemes(head.data);
  const values: Dhis2DataValue[] = [];
  head.data.dataValues.forEach((raw, index) => {
    const r = Dhis2DataValueSchema.safeParse(raw);
    if (!r.success) {
      const i = r.error.issues[0];
      const field = i.path.join('.') || 'dataValue';
      conflicts.push(structural(field, index, `Dòng ${index + 1}: trường "${field}" thiếu hoặc sai kiểu`, `Row ${index + 1}: field "${field}" is missing or of the wrong type`, field));
      values.push({ dataElement: '' });
      return;
    }
    const v = r.data;
    const period = v.period ?? head.data.period;
    const orgUnit = v.orgUnit ?? head.data.orgUnit;
    if (!period) conflicts.push(structural('period', index, `Dòng ${index + 1}: thiếu kỳ báo cáo (period)`, `Row ${index + 1}: no period`, 'period'));
    if (!orgUnit) conflicts.push(structural('orgUnit', index, `Dòng ${index + 1}: thiếu đơn vị (orgUnit)`, `Row ${index + 1}: no orgUnit`, 'orgUnit'));
    values.push(v);
  });
  const set: Dhis2DataValueSet = { ...head.data, dataValues: values };
  for (const k of Object.keys(set) as (keyof Dhis2DataValueSet)[]) if (set[k] === undefined) delete set[k];
  return { ok: conflicts.length === 0, value: set, conflicts };
}

const localName = (k: string): string => (k.includes(':') ? k.slice(k.indexOf(':') + 1) : k);

/** A DOCTYPE can declare entities (and expand them a billion times): no exchange file needs one. */
export function refuseDoctype(xml: string): Conflict | null {
  return /<!DOCTYPE/i.test(xml.slice(0, 4096)) || /<!ENTITY/i.test(xml) ? structural('xml', -1, 'Tệp XML có khai báo DOCTYPE/ENTITY: không được nhận', 'The XML declares a DOCTYPE/ENTITY: refused', 'xml') : null;
}

/** DHIS2's XML data value set (`<dataValueSet xmlns="http://dhis2.org/schema/dxf/2.0" …><dataValue …/>…`). */
export function parseDataValueSetXml(xml: string): ParseResult<Dhis2DataValueSet> {
  const doctype = refuseDoctype(xml);
  if (doctype) return { ok: false, value: null, conflicts: [doctype] };
  const wellFormed = XMLValidator.validate(xml);
  if (wellFormed !== true) {
    const e = wellFormed.err;
    return { ok: false, value: null, conflicts: [structural('xml', -1, `XML không hợp lệ (dòng ${e.line}, cột ${e.col}): ${e.msg}`, `Malformed XML (line ${e.line}, column ${e.col}): ${e.msg}`)] };
  }
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', parseAttributeValue: false, parseTagValue: false, processEntities: true, htmlEntities: false, isArray: (name) => localName(name) === 'dataValue' });
  const tree = parser.parse(xml) as Record<string, unknown>;
  const rootKey = Object.keys(tree).find((k) => localName(k) === 'dataValueSet');
  if (!rootKey) return { ok: false, value: null, conflicts: [structural('dataValueSet', -1, 'Phần tử gốc phải là <dataValueSet> (định dạng XML của DHIS2)', 'The root element must be <dataValueSet> (DHIS2 XML)')] };
  const root = (tree[rootKey] ?? {}) as Record<string, unknown>;
  const attrs = (o: Record<string, unknown>): Record<string, string> => Object.fromEntries(Object.entries(o).filter(([k, v]) => typeof v === 'string' && !k.startsWith('xmlns') && k !== '#text').map(([k, v]) => [localName(k), v as string]));
  const dvKey = Object.keys(root).find((k) => localName(k) === 'dataValue');
  const rows = dvKey ? (root[dvKey] as unknown[]) : [];
  const dataValues = rows.map((r) => {
    const a = attrs((r ?? {}) as Record<string, unknown>);
    // value / comment may also come as child elements
    for (const child of ['value', 'comment'] as const) {
      const c = (r as Record<string, unknown>)?.[child];
      if (a[child] === undefined && typeof c === 'string') a[child] = c;
    }
    return a;
  });
  return checkSet({ ...attrs(root), dataValues });
}

/** DHIS2's CSV columns, in the order DHIS2 writes them (the order a file without a header row is read in). */
export const DHIS2_CSV_COLUMNS = ['dataElement', 'period', 'orgUnit', 'categoryOptionCombo', 'attributeOptionCombo', 'value', 'storedBy', 'lastUpdated', 'comment', 'followup', 'deleted'] as const;
const CSV_HEADER: Record<string, (typeof DHIS2_CSV_COLUMNS)[number]> = {
  dataelement: 'dataElement', de: 'dataElement', period: 'period', pe: 'period', orgunit: 'orgUnit', ou: 'orgUnit',
  categoryoptioncombo: 'categoryOptionCombo', catoptcombo: 'categoryOptionCombo', coc: 'categoryOptionCombo',
  attributeoptioncombo: 'attributeOptionCombo', attroptcombo: 'attributeOptionCombo', aoc: 'attributeOptionCombo',
  value: 'value', storedby: 'storedBy', lastupdated: 'lastUpdated', timestamp: 'lastUpdated', created: 'lastUpdated',
  comment: 'comment', followup: 'followup', deleted: 'deleted',
};

/** Is this CSV DHIS2's (first cell "dataelement", or a header-less file of DHIS2's 10–11 columns)? */
export function looksLikeDhis2Csv(text: string): boolean {
  const first = parseCsv(text.slice(0, 4096)).rows[0]?.fields ?? [];
  return (first[0] ?? '').trim().toLowerCase() === 'dataelement';
}

/** DHIS2's CSV data value set, with or without its header row; rows of bare separators (Excel's `;;;;`) are skipped. */
export function parseDataValueSetCsv(text: string): ParseResult<Dhis2DataValueSet> {
  const { rows, error } = parseCsv(text);
  if (error) return { ok: false, value: null, conflicts: [structural('csv', -1, error.vi, error.en)] };
  let columns: readonly string[] = DHIS2_CSV_COLUMNS;
  let body = rows;
  const first = rows[0]?.fields.map((f) => f.trim().toLowerCase().replace(/[\s_]/g, '')) ?? [];
  if (first[0] === 'dataelement') {
    const unknown = first.filter((h) => !CSV_HEADER[h]);
    if (unknown.length) return { ok: false, value: null, conflicts: [structural('csv', -1, `Cột không được hỗ trợ: ${unknown.join(', ')}`, `Unsupported column(s): ${unknown.join(', ')}`)] };
    columns = first.map((h) => CSV_HEADER[h]);
    body = rows.slice(1);
  }
  const dataValues = body.map((r) => {
    const o: Record<string, string> = {};
    columns.forEach((c, i) => {
      const v = r.fields[i];
      if (v !== undefined && v !== '') o[c] = v;
    });
    return o;
  });
  const parsed = checkSet({ dataValues });
  // a row longer than DHIS2's columns is an error, named with its line
  body.forEach((r, index) => {
    if (r.fields.length > columns.length) parsed.conflicts.push(structural(`line ${r.line}`, index, `Dòng ${r.line}: có ${r.fields.length} cột, nhiều hơn ${columns.length}`, `Line ${r.line}: ${r.fields.length} fields, more than ${columns.length}`));
  });
  parsed.ok = parsed.conflicts.length === 0;
  return parsed;
}

const DEFAULT_COC = new Set(['HllvX50cXC0', 'default']);
const sameCoc = (a: string | null | undefined, b: string | null | undefined): boolean => (a && !DEFAULT_COC.has(a) ? a : null) === (b && !DEFAULT_COC.has(b) ? b : null);

export function findElement(mapping: ExchangeMapping, dataElement: string, coc: string | null | undefined): ElementMapping | undefined {
  return mapping.elements.find((e) => e.dataElement === dataElement && sameCoc(e.categoryOptionCombo, coc));
}

/** DHIS2 rows → candidate rows (ids resolved through the mapping; unresolved ones stay null for the checks to report). */
export function dataValueSetToCandidates(set: Dhis2DataValueSet, mapping: ExchangeMapping): CandidateRow[] {
  const units = new Map(mapping.orgUnits.map((o) => [o.orgUnit, o.unitId]));
  return set.dataValues.map((v, index) => {
    const orgUnit = v.orgUnit ?? set.orgUnit ?? '';
    const coc = v.categoryOptionCombo || null;
    const el = findElement(mapping, v.dataElement, coc);
    const value = v.value === undefined || v.value === null || v.value === '' ? null : v.value;
    return {
      index,
      unitId: units.get(orgUnit) ?? null,
      orgUnit,
      measure: el?.measure ?? null,
      group: el?.group ?? null,
      part: el?.part ?? 'value',
      dataElement: v.dataElement,
      categoryOptionCombo: coc,
      period: v.period ?? set.period ?? '',
      rawValue: value,
      comment: v.comment === undefined || v.comment === null ? null : v.comment,
      attributeOptionCombo: v.attributeOptionCombo || set.attributeOptionCombo || null,
      dataSet: set.dataSet || null,
      deleted: v.deleted === true,
      ...(typeof v.followup === 'boolean' ? { followup: v.followup } : {}),
      storedBy: v.storedBy ?? null,
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
    if (!parsePeriod(v.period)) throw new Error(`invalid period ${v.period}`);
    const dv: Dhis2DataValue = { dataElement: el.dataElement, period: v.period, orgUnit: ou.orgUnit, value: dhis2Number(v.value) };
    if (el.categoryOptionCombo) dv.categoryOptionCombo = el.categoryOptionCombo;
    if (mapping.attributeOptionCombo) dv.attributeOptionCombo = mapping.attributeOptionCombo;
    if (v.storedBy) dv.storedBy = v.storedBy;
    if (v.comment) dv.comment = v.comment;
    dv.followup = v.followup === true;
    dataValues.push(dv);
  }
  const document: Dhis2DataValueSet = { dataValues };
  const dataSet = options.dataSet ?? mapping.dataSet;
  if (dataSet) document.dataSet = dataSet;
  if (options.completeDate) document.completeDate = options.completeDate;
  return { document: Object.keys(document).length > 1 ? { ...document, dataValues } : document, unmapped };
}
