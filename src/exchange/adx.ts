/**
 * ADX, the IHE Aggregate Data Exchange profile (namespace urn:ihe:qrph:adx:2015):
 *   <adx exported="…"><group orgUnit period dataSet [completeDate] [attrs…]>
 *     <dataValue dataElement value [category attrs…]>[<annotation>…</annotation>]</dataValue>…</group>…</adx>
 * Parsing checks the structure the ADX schema requires: well-formed XML, the namespace, `exported`,
 * required group and dataValue attributes, ISO 8601 start/duration periods, numeric values. Pure.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { parseAdxPeriod, parseDhis2Period, toAdxPeriod, toDhis2Period } from './periods.ts';
import type { CandidateRow, Conflict, ExchangeMapping, ExchangeValue } from './types.ts';
import { dhis2Number, elementFor, unmappedReason, type ExportResult, type ParseResult } from './dhis2.ts';

export const ADX_NS = 'urn:ihe:qrph:adx:2015';

export interface AdxDataValue {
  dataElement: string;
  value: string;
  /** disaggregation attributes (category code → option code) */
  categories: Record<string, string>;
  annotation: string | null;
}

export interface AdxGroup {
  orgUnit: string;
  period: string;
  dataSet: string;
  completeDate: string | null;
  /** other group attributes (attribute option combo categories) */
  attributes: Record<string, string>;
  dataValues: AdxDataValue[];
}

export interface AdxDocument {
  exported: string;
  groups: AdxGroup[];
}

const GROUP_ATTRS = new Set(['orgUnit', 'period', 'dataSet', 'completeDate']);
const DV_ATTRS = new Set(['dataElement', 'value']);
const DECIMAL = /^[-+]?(\d+(\.\d*)?|\.\d+)$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
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

/** Parses and validates an ADX message. Row indexes count dataValues in document order across groups. */
export function parseAdx(xml: string): ParseResult<AdxDocument> {
  const wellFormed = XMLValidator.validate(xml);
  if (wellFormed !== true) {
    const e = wellFormed.err;
    return { ok: false, value: null, conflicts: [bad('xml', -1, `XML không hợp lệ (dòng ${e.line}, cột ${e.col}): ${e.msg}`, `Malformed XML (line ${e.line}, column ${e.col}): ${e.msg}`)] };
  }
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', parseAttributeValue: false, parseTagValue: false, trimValues: true, isArray: (name) => ['group', 'dataValue'].includes(localName(name)) });
  const tree = parser.parse(xml) as Record<string, unknown>;
  const rootKey = Object.keys(tree).find((k) => localName(k) === 'adx');
  if (!rootKey) return { ok: false, value: null, conflicts: [bad('adx', -1, 'Phần tử gốc phải là <adx>', 'The root element must be <adx>')] };
  const root = tree[rootKey] as Record<string, unknown>;
  const prefix = rootKey.includes(':') ? rootKey.slice(0, rootKey.indexOf(':')) : null;
  const conflicts: Conflict[] = [];
  const ns = root[prefix ? `@_xmlns:${prefix}` : '@_xmlns'];
  if (ns !== ADX_NS) conflicts.push(bad('xmlns', -1, `Không gian tên của <adx> phải là ${ADX_NS}`, `<adx> must be in namespace ${ADX_NS}`, 'xmlns'));
  const exported = typeof root['@_exported'] === 'string' ? (root['@_exported'] as string) : '';
  if (!exported) conflicts.push(bad('exported', -1, '<adx> thiếu thuộc tính exported', '<adx> has no exported attribute', 'exported'));
  else if (!DATETIME.test(exported)) conflicts.push(bad('exported', -1, `Thuộc tính exported "${exported}" không phải ngày giờ ISO 8601`, `exported "${exported}" is not an ISO 8601 date-time`, 'exported'));
  const el = (k: string) => (prefix ? `${prefix}:${k}` : k);
  const groupsRaw = asArray(root[el('group')] as Record<string, unknown>[] | undefined);
  if (groupsRaw.length === 0) conflicts.push(bad('group', -1, '<adx> phải có ít nhất một <group>', '<adx> must contain at least one <group>', 'group'));
  const groups: AdxGroup[] = [];
  let index = 0;
  groupsRaw.forEach((g, gi) => {
    const gAttr = (k: string) => (typeof g[`@_${k}`] === 'string' ? (g[`@_${k}`] as string) : '');
    const where = `nhóm ${gi + 1}`;
    const whereEn = `group ${gi + 1}`;
    const gStart = index;
    const dvs = asArray(g[el('dataValue')] as Record<string, unknown>[] | undefined);
    const groupIndexes = dvs.map((_, j) => gStart + j);
    const groupConflict = (object: string, vi: string, en: string, property: string) => conflicts.push({ ...bad(object, -1, vi, en, property), indexes: groupIndexes });
    for (const req of ['orgUnit', 'period', 'dataSet'] as const) if (!gAttr(req)) groupConflict(req, `${where}: thiếu thuộc tính ${req}`, `${whereEn}: missing attribute ${req}`, req);
    if (gAttr('period')) {
      const p = parseAdxPeriod(gAttr('period'));
      if (!p.ok) groupConflict(gAttr('period'), `${where}: ${p.vi}`, `${whereEn}: ${p.en}`, 'period');
    }
    if (gAttr('completeDate') && !DATE.test(gAttr('completeDate'))) groupConflict(gAttr('completeDate'), `${where}: completeDate phải là ngày YYYY-MM-DD`, `${whereEn}: completeDate must be a date YYYY-MM-DD`, 'completeDate');
    if (dvs.length === 0) conflicts.push(bad('dataValue', -1, `${where}: phải có ít nhất một <dataValue>`, `${whereEn}: must contain at least one <dataValue>`, 'dataValue'));
    const attributes: Record<string, string> = {};
    for (const [key, v] of Object.entries(g)) {
      if (!key.startsWith('@_') || typeof v !== 'string') continue;
      const k = key.slice(2);
      if (!GROUP_ATTRS.has(k) && !k.startsWith('xmlns')) attributes[k] = v;
    }
    const dataValues: AdxDataValue[] = [];
    for (const dv of dvs) {
      const i = index++;
      const a = (k: string) => (typeof dv[`@_${k}`] === 'string' ? (dv[`@_${k}`] as string) : '');
      if (!a('dataElement')) conflicts.push(bad('dataElement', i, `Dòng ${i + 1} (${where}): thiếu thuộc tính dataElement`, `Row ${i + 1} (${whereEn}): missing attribute dataElement`, 'dataElement'));
      if (dv['@_value'] === undefined) conflicts.push(bad('value', i, `Dòng ${i + 1} (${where}): thiếu thuộc tính value`, `Row ${i + 1} (${whereEn}): missing attribute value`, 'value'));
      else if (!DECIMAL.test(a('value'))) conflicts.push(bad(a('value'), i, `Dòng ${i + 1} (${where}): giá trị "${a('value')}" không phải là số`, `Row ${i + 1} (${whereEn}): value "${a('value')}" is not numeric`, 'value'));
      const categories: Record<string, string> = {};
      for (const [key, v] of Object.entries(dv)) {
        if (!key.startsWith('@_') || typeof v !== 'string') continue;
        const k = key.slice(2);
        if (DV_ATTRS.has(k) || k.startsWith('xmlns') || k.includes(':')) continue;
        if (!NAME.test(k)) conflicts.push(bad(k, i, `Dòng ${i + 1}: tên thuộc tính phân tổ "${k}" không hợp lệ`, `Row ${i + 1}: invalid disaggregation attribute name "${k}"`, k));
        categories[k] = v;
      }
      const ann = dv[el('annotation')];
      dataValues.push({ dataElement: a('dataElement'), value: a('value'), categories, annotation: ann === undefined ? null : textOf(ann) });
    }
    groups.push({ orgUnit: gAttr('orgUnit'), period: gAttr('period'), dataSet: gAttr('dataSet'), completeDate: gAttr('completeDate') || null, attributes, dataValues });
  });
  return { ok: conflicts.length === 0, value: { exported, groups }, conflicts };
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function serializeAdx(doc: AdxDocument): string {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>', `<adx xmlns="${ADX_NS}" exported="${esc(doc.exported)}">`];
  for (const g of doc.groups) {
    const attrs = [`orgUnit="${esc(g.orgUnit)}"`, `period="${esc(g.period)}"`, `dataSet="${esc(g.dataSet)}"`, ...(g.completeDate ? [`completeDate="${esc(g.completeDate)}"`] : []), ...Object.entries(g.attributes).map(([k, v]) => `${k}="${esc(v)}"`)];
    out.push(`  <group ${attrs.join(' ')}>`);
    for (const dv of g.dataValues) {
      const a = [`dataElement="${esc(dv.dataElement)}"`, ...Object.entries(dv.categories).map(([k, v]) => `${k}="${esc(v)}"`), `value="${esc(dv.value)}"`].join(' ');
      out.push(dv.annotation ? `    <dataValue ${a}><annotation>${esc(dv.annotation)}</annotation></dataValue>` : `    <dataValue ${a}/>`);
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

/** ADX rows → candidate rows for the import checks (periods turned into their DHIS2 keys). */
export function adxToCandidates(doc: AdxDocument, mapping: ExchangeMapping): CandidateRow[] {
  const rows: CandidateRow[] = [];
  let index = 0;
  for (const g of doc.groups) {
    const p = parseAdxPeriod(g.period);
    const period = p.ok ? toDhis2Period(p.period) : g.period;
    const unitId = mapping.orgUnits.find((o) => o.orgUnit === g.orgUnit)?.unitId ?? null;
    for (const dv of g.dataValues) {
      const el = mapping.elements.find((e) => e.dataElement === dv.dataElement && sameCategories(e.adxCategories ?? {}, dv.categories));
      rows.push({
        index: index++,
        unitId,
        orgUnit: g.orgUnit,
        measure: el?.measure ?? null,
        group: el?.group ?? null,
        part: el?.part ?? 'value',
        dataElement: dv.dataElement,
        categoryOptionCombo: Object.keys(dv.categories).length ? Object.entries(dv.categories).map(([k, v]) => `${k}=${v}`).join(';') : null,
        period,
        rawValue: dv.value,
        comment: dv.annotation || null,
      });
    }
  }
  return rows;
}

/** vitreem values → ADX, one group per unit × period. */
export function toAdx(values: ExchangeValue[], mapping: ExchangeMapping, options: { dataSet?: string | null; exported?: string; completeDate?: string | null } = {}): ExportResult<AdxDocument> {
  const unmapped: ExportResult<AdxDocument>['unmapped'] = [];
  const groups = new Map<string, AdxGroup>();
  const dataSet = options.dataSet ?? mapping.dataSet ?? 'VITREEM';
  for (const v of values) {
    const el = elementFor(mapping, v);
    const ou = mapping.orgUnits.find((o) => o.unitId === v.unitId);
    if (!el || !ou) {
      unmapped.push(unmappedReason(v, !el));
      continue;
    }
    const p = parseDhis2Period(v.period);
    if (!p) throw new Error(`invalid period ${v.period}`);
    const key = `${ou.orgUnit}|${v.period}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { orgUnit: ou.orgUnit, period: toAdxPeriod(p), dataSet, completeDate: options.completeDate ?? null, attributes: {}, dataValues: [] }));
    g.dataValues.push({ dataElement: el.dataElement, value: dhis2Number(v.value), categories: { ...(el.adxCategories ?? {}) }, annotation: v.comment });
  }
  return { document: { exported: options.exported ?? new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'), groups: [...groups.values()] }, unmapped };
}
