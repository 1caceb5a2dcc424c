/**
 * ADX, the IHE Aggregate Data Exchange profile (namespace urn:ihe:qrph:adx:2015):
 *   <adx exported="…"><group orgUnit period [dataSet] [completeDate] [attribute categories…]>
 *     <dataValue dataElement value [categoryOptionCombo] [comment] [followup] [deleted] [category attrs…]/>…</group>…</adx>
 * Read as DHIS2 writes it: `exported` and `dataSet` optional; DHIS2's own attributes on dataValue
 * (categoryOptionCombo, attributeOptionCombo, comment, followup, deleted, storedBy, created, lastUpdated) are not
 * disaggregation categories; group attributes other than DHIS2's own are attribute option combo categories.
 * Written as the schema says: `exported` always, every group has at least one dataValue, comments as DHIS2's
 * `comment` attribute (an <annotation> would be read by DHIS2 as the value). Pure.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { parseIsoInterval, parsePeriod, toIsoInterval, type Period } from '../domain/period.ts';
import type { CandidateRow, Conflict, ExchangeMapping, ExchangeValue } from './types.ts';
import { dhis2Number, elementFor, findElement, refuseDoctype, unmappedReason, type ExportResult, type ParseResult } from './dhis2.ts';

export const ADX_NS = 'urn:ihe:qrph:adx:2015';

export interface AdxDataValue {
  dataElement: string;
  /** null when the dataValue has no value attribute (DHIS2: a deletion, or a comment-only change) */
  value: string | null;
  /** disaggregation attributes (category code → option code) */
  categories: Record<string, string>;
  /** <annotation> text (IHE) or DHIS2's comment attribute */
  annotation: string | null;
  categoryOptionCombo?: string | null;
  attributeOptionCombo?: string | null;
  followup?: boolean;
  deleted?: boolean;
  storedBy?: string | null;
}

export interface AdxGroup {
  orgUnit: string;
  period: string;
  dataSet: string | null;
  completeDate: string | null;
  /** other group attributes: attribute option combo categories (e.g. mechanism="PEPFAR") */
  attributes: Record<string, string>;
  dataValues: AdxDataValue[];
}

export interface AdxDocument {
  exported: string | null;
  groups: AdxGroup[];
}

/** group attributes that are not attribute categories */
const GROUP_ATTRS = new Set(['orgUnit', 'period', 'dataSet', 'completeDate', 'dataSetComplete', 'comment', 'attributeOptionCombo']);
/** dataValue attributes DHIS2 writes that are not disaggregation categories */
const DV_ATTRS = new Set(['dataElement', 'value', 'categoryOptionCombo', 'attributeOptionCombo', 'comment', 'followup', 'deleted', 'storedBy', 'created', 'lastUpdated', 'timestamp']);
const DECIMAL = /^[-+]?(\d+(\.\d*)?|\.\d+)$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/;
const DATE = /^\d{4}-\d{2}-\d{2}/;
const NAME = /^[A-Za-z_][\w.-]*$/;

const bad = (object: string, index: number, vi: string, en: string, property?: string): Conflict => ({ object, value: vi, valueEn: en, errorCode: 'E7600', indexes: index >= 0 ? [index] : [], ...(property ? { property } : {}) });

const asArray = <T>(x: T | T[] | undefined): T[] => (x === undefined ? [] : Array.isArray(x) ? x : [x]);
const localName = (k: string): string => (k.includes(':') ? k.slice(k.indexOf(':') + 1) : k);

function textOf(node: unknown): string | null {
  if (node === undefined || node === null) return null;
  if (typeof node === 'string' || typeof node === 'number') return String(node);
  if (typeof node === 'object' && '#text' in (node as Record<string, unknown>)) return String((node as Record<string, unknown>)['#text']);
  return '';
}

/**
 * An ADX period: ISO 8601 start/duration ("2024-01-01/P1Y", "2023-11-01/P3M"), as the profile and DHIS2 write it;
 * a DHIS2 period code ("2024Q1") or the ISO forms "2015" and "2015-03" are read too.
 */
export function readAdxPeriod(text: string): Period | null {
  return parseIsoInterval(text) ?? parsePeriod(text);
}

const BOOL = (s: string | undefined): boolean | undefined => (s === undefined ? undefined : s.toLowerCase() === 'true');

/** Parses and validates an ADX message. Row indexes count dataValues in document order across groups. */
export function parseAdx(xml: string): ParseResult<AdxDocument> {
  const doctype = refuseDoctype(xml);
  if (doctype) return { ok: false, value: null, conflicts: [doctype] };
  const wellFormed = XMLValidator.validate(xml);
  if (wellFormed !== true) {
    const e = wellFormed.err;
    return { ok: false, value: null, conflicts: [bad('xml', -1, `XML không hợp lệ (dòng ${e.line}, cột ${e.col}): ${e.msg}`, `Malformed XML (line ${e.line}, column ${e.col}): ${e.msg}`)] };
  }
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', parseAttributeValue: false, parseTagValue: false, trimValues: true, htmlEntities: false, isArray: (name) => ['group', 'dataValue'].includes(localName(name)) });
  const tree = parser.parse(xml) as Record<string, unknown>;
  const rootKey = Object.keys(tree).find((k) => localName(k) === 'adx');
  if (!rootKey) return { ok: false, value: null, conflicts: [bad('adx', -1, 'Phần tử gốc phải là <adx>', 'The root element must be <adx>')] };
  const root = (tree[rootKey] ?? {}) as Record<string, unknown>;
  const prefix = rootKey.includes(':') ? rootKey.slice(0, rootKey.indexOf(':')) : null;
  const conflicts: Conflict[] = [];
  const ns = root[prefix ? `@_xmlns:${prefix}` : '@_xmlns'];
  if (ns !== ADX_NS) conflicts.push(bad('xmlns', -1, `Không gian tên của <adx> phải là ${ADX_NS} (tệp dùng "${String(ns ?? '')}")`, `<adx> must be in namespace ${ADX_NS} (the file uses "${String(ns ?? '')}")`, 'xmlns'));
  // DHIS2 never writes `exported`: accepted without it, checked when present
  const exported = typeof root['@_exported'] === 'string' ? (root['@_exported'] as string) : null;
  if (exported !== null && !DATETIME.test(exported)) conflicts.push(bad('exported', -1, `Thuộc tính exported "${exported}" không phải ngày giờ ISO 8601`, `exported "${exported}" is not an ISO 8601 date-time`, 'exported'));
  const el = (k: string) => (prefix ? `${prefix}:${k}` : k);
  const groupsRaw = asArray(root[el('group')] as Record<string, unknown>[] | undefined);
  if (groupsRaw.length === 0) conflicts.push(bad('group', -1, '<adx> phải có ít nhất một <group>', '<adx> must contain at least one <group>', 'group'));
  const groups: AdxGroup[] = [];
  let index = 0;
  groupsRaw.forEach((g, gi) => {
    g = g ?? {};
    const gAttr = (k: string) => (typeof g[`@_${k}`] === 'string' ? (g[`@_${k}`] as string) : '');
    const where = `nhóm ${gi + 1}`;
    const whereEn = `group ${gi + 1}`;
    const gStart = index;
    const dvs = asArray(g[el('dataValue')] as Record<string, unknown>[] | undefined);
    const groupIndexes = dvs.map((_, j) => gStart + j);
    const groupConflict = (object: string, vi: string, en: string, property: string) => conflicts.push({ ...bad(object, -1, vi, en, property), indexes: groupIndexes });
    for (const req of ['orgUnit', 'period'] as const) if (!gAttr(req)) groupConflict(req, `${where}: thiếu thuộc tính ${req}`, `${whereEn}: missing attribute ${req}`, req);
    if (gAttr('period') && !readAdxPeriod(gAttr('period')))
      groupConflict(gAttr('period'), `${where}: kỳ "${gAttr('period')}" không phải một kỳ của DHIS2 (cần dạng ngày bắt đầu/độ dài, ví dụ 2024-01-01/P1Y, 2024-04-01/P3M)`, `${whereEn}: period "${gAttr('period')}" is no DHIS2 period (expected start/duration, e.g. 2024-01-01/P1Y, 2024-04-01/P3M)`, 'period');
    if (gAttr('completeDate') && !DATE.test(gAttr('completeDate'))) groupConflict(gAttr('completeDate'), `${where}: completeDate phải là ngày YYYY-MM-DD`, `${whereEn}: completeDate must be a date YYYY-MM-DD`, 'completeDate');
    if (dvs.length === 0) conflicts.push(bad('dataValue', -1, `${where}: phải có ít nhất một <dataValue>`, `${whereEn}: must contain at least one <dataValue>`, 'dataValue'));
    const attributes: Record<string, string> = {};
    for (const [key, v] of Object.entries(g)) {
      if (!key.startsWith('@_') || typeof v !== 'string') continue;
      const k = key.slice(2);
      if (!GROUP_ATTRS.has(k) && !k.startsWith('xmlns') && !k.includes(':')) attributes[k] = v;
    }
    const groupAoc = gAttr('attributeOptionCombo') || null;
    const dataValues: AdxDataValue[] = [];
    for (const dv0 of dvs) {
      const dv = dv0 ?? {};
      const i = index++;
      const has = (k: string) => typeof dv[`@_${k}`] === 'string';
      const a = (k: string) => (has(k) ? (dv[`@_${k}`] as string) : '');
      if (!a('dataElement')) conflicts.push(bad('dataElement', i, `Dòng ${i + 1} (${where}): thiếu thuộc tính dataElement`, `Row ${i + 1} (${whereEn}): missing attribute dataElement`, 'dataElement'));
      const deleted = BOOL(has('deleted') ? a('deleted') : undefined);
      const value = has('value') && a('value').trim() !== '' ? a('value').trim() : null;
      if (value !== null && !DECIMAL.test(value)) conflicts.push(bad(value, i, `Dòng ${i + 1} (${where}): giá trị "${value}" không phải là số`, `Row ${i + 1} (${whereEn}): value "${value}" is not numeric`, 'value'));
      const categories: Record<string, string> = {};
      for (const [key, v] of Object.entries(dv)) {
        if (!key.startsWith('@_') || typeof v !== 'string') continue;
        const k = key.slice(2);
        if (DV_ATTRS.has(k) || k.startsWith('xmlns') || k.includes(':')) continue;
        if (!NAME.test(k)) conflicts.push(bad(k, i, `Dòng ${i + 1}: tên thuộc tính phân tổ "${k}" không hợp lệ`, `Row ${i + 1}: invalid disaggregation attribute name "${k}"`, k));
        categories[k] = v;
      }
      const ann = dv[el('annotation')];
      const comment = has('comment') ? a('comment') : ann === undefined ? null : textOf(ann);
      dataValues.push({
        dataElement: a('dataElement'),
        value,
        categories,
        annotation: comment,
        categoryOptionCombo: a('categoryOptionCombo') || null,
        attributeOptionCombo: a('attributeOptionCombo') || groupAoc,
        ...(deleted !== undefined ? { deleted } : {}),
        ...(has('followup') ? { followup: BOOL(a('followup')) } : {}),
        storedBy: a('storedBy') || null,
      });
    }
    groups.push({ orgUnit: gAttr('orgUnit'), period: gAttr('period'), dataSet: gAttr('dataSet') || null, completeDate: gAttr('completeDate') || null, attributes, dataValues });
  });
  return { ok: conflicts.length === 0, value: { exported, groups }, conflicts };
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/\r/g, '&#13;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;');

/** Writes ADX; a document without groups cannot be valid (the schema wants one group): callers answer 204 instead. */
export function serializeAdx(doc: AdxDocument): string {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>', `<adx xmlns="${ADX_NS}" exported="${esc(doc.exported ?? new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'))}">`];
  for (const g of doc.groups) {
    if (!g.dataValues.length) continue;
    const attrs = [`orgUnit="${esc(g.orgUnit)}"`, `period="${esc(g.period)}"`, ...(g.dataSet ? [`dataSet="${esc(g.dataSet)}"`] : []), ...(g.completeDate ? [`completeDate="${esc(g.completeDate)}"`] : []), ...Object.entries(g.attributes).map(([k, v]) => `${k}="${esc(v)}"`)];
    out.push(`  <group ${attrs.join(' ')}>`);
    for (const dv of g.dataValues) {
      const a = [
        `dataElement="${esc(dv.dataElement)}"`,
        ...Object.entries(dv.categories).map(([k, v]) => `${k}="${esc(v)}"`),
        `value="${esc(dv.value ?? '')}"`,
        ...(dv.annotation ? [`comment="${esc(dv.annotation)}"`] : []),
        ...(dv.storedBy ? [`storedBy="${esc(dv.storedBy)}"`] : []),
        ...(dv.followup ? ['followup="true"'] : []),
      ].join(' ');
      out.push(`    <dataValue ${a}/>`);
    }
    out.push('  </group>');
  }
  out.push('</adx>');
  return out.join('\n') + '\n';
}

const sameCategories = (a: Record<string, string>, b: Record<string, string>): boolean => {
  const ka = Object.keys(a).sort();
  const kb = Object.keys(b).sort();
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && a[k] === b[k]);
};
const categoriesText = (c: Record<string, string>): string | null =>
  Object.keys(c).length
    ? Object.entries(c)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => `${k}=${v}`)
        .join(';')
    : null;

/** ADX rows → candidate rows for the import checks (periods turned into their DHIS2 codes). */
export function adxToCandidates(doc: AdxDocument, mapping: ExchangeMapping): CandidateRow[] {
  const rows: CandidateRow[] = [];
  let index = 0;
  for (const g of doc.groups) {
    const p = readAdxPeriod(g.period);
    const period = p ? p.code : g.period;
    const unitId = mapping.orgUnits.find((o) => o.orgUnit === g.orgUnit)?.unitId ?? null;
    const groupAoc = categoriesText(g.attributes);
    for (const dv of g.dataValues) {
      const el = dv.categoryOptionCombo
        ? findElement(mapping, dv.dataElement, dv.categoryOptionCombo)
        : mapping.elements.find((e) => e.dataElement === dv.dataElement && sameCategories(e.adxCategories ?? {}, dv.categories));
      rows.push({
        index: index++,
        unitId,
        orgUnit: g.orgUnit,
        measure: el?.measure ?? null,
        group: el?.group ?? null,
        part: el?.part ?? 'value',
        dataElement: dv.dataElement,
        categoryOptionCombo: dv.categoryOptionCombo ?? categoriesText(dv.categories),
        period,
        rawValue: dv.value,
        comment: dv.annotation,
        attributeOptionCombo: dv.attributeOptionCombo ?? groupAoc,
        dataSet: g.dataSet,
        deleted: dv.deleted === true,
        ...(dv.followup !== undefined ? { followup: dv.followup } : {}),
        storedBy: dv.storedBy ?? null,
      });
    }
  }
  return rows;
}

/** vitreem values → ADX, one group per unit × period. */
export function toAdx(values: ExchangeValue[], mapping: ExchangeMapping, options: { dataSet?: string | null; exported?: string; completeDates?: Map<string, string> } = {}): ExportResult<AdxDocument> {
  const unmapped: ExportResult<AdxDocument>['unmapped'] = [];
  const groups = new Map<string, AdxGroup>();
  const dataSet = options.dataSet ?? mapping.dataSet ?? null;
  const aoc = mapping.attributeOptionCombo ? Object.fromEntries(mapping.attributeOptionCombo.split(';').filter((kv) => kv.includes('=')).map((kv) => kv.split('=', 2) as [string, string])) : {};
  for (const v of values) {
    const el = elementFor(mapping, v);
    const ou = mapping.orgUnits.find((o) => o.unitId === v.unitId);
    if (!el || !ou) {
      unmapped.push(unmappedReason(v, !el));
      continue;
    }
    const p = parsePeriod(v.period);
    if (!p) throw new Error(`invalid period ${v.period}`);
    const key = `${ou.orgUnit}|${v.period}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { orgUnit: ou.orgUnit, period: toIsoInterval(p), dataSet, completeDate: options.completeDates?.get(`${v.unitId}|${v.period}`) ?? null, attributes: { ...aoc }, dataValues: [] }));
    g.dataValues.push({ dataElement: el.dataElement, value: dhis2Number(v.value), categories: { ...(el.adxCategories ?? {}) }, annotation: v.comment, storedBy: v.storedBy ?? null, ...(v.followup ? { followup: true } : {}) });
  }
  return { document: { exported: options.exported ?? new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'), groups: [...groups.values()] }, unmapped };
}
