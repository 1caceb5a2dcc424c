import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDataValueSet, dataValueSetToCandidates, toDataValueSet } from '../../src/exchange/dhis2.ts';
import { parseAdx, serializeAdx, toAdx, adxToCandidates } from '../../src/exchange/adx.ts';
import { parseIsoInterval, parsePeriod, toIsoInterval } from '../../src/domain/period.ts';
import { planImport } from '../../src/exchange/import-plan.ts';
import { readValuesCsv } from '../../src/exchange/csv.ts';
import { valueKey, type ExchangeMapping, type ExchangeValue, type ImportContext, type MeasureInfo, type ValueWrite } from '../../src/exchange/types.ts';
import { NATIONAL_INDICATORS } from '../../src/domain/catalogue/national-programme.ts';

const FIX = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'exchange');
const read = (f: string) => fs.readFileSync(path.join(FIX, f), 'utf8');

const KG = 91; // unit ids as stored
const RACH_GIA = 913;
const E = (measure: string, part: 'value' | 'numerator' | 'denominator', dataElement: string, extra: Partial<ExchangeMapping['elements'][number]> = {}) => ({ measure, group: null, part, dataElement, categoryOptionCombo: null, adxCategories: {}, ...extra });
const mapping: ExchangeMapping = {
  dataSet: 'pBOMPrpg1QX',
  attributeOptionCombo: null,
  orgUnits: [{ unitId: KG, orgUnit: 'DiszpKrYNg8' }, { unitId: RACH_GIA, orgUnit: '234' }],
  elements: [
    // the DHIS2 docs example's three data elements: indicator 1 as numerator and denominator, indicator 13 (a count)
    E('1', 'numerator', 'f7n9E0hX8qk'),
    E('1', 'denominator', 'Ix2HsbDMLea'),
    E('13', 'value', 'eY5ehpbEsB7'),
    E('3a', 'numerator', 'NeoDeaths01'),
    E('3a', 'denominator', 'LiveBirths1'),
    E('4c', 'numerator', 'Ob4KMsVc0Jf', { group: 'area:rural', categoryOptionCombo: 'Prlt0C1RF0s', adxCategories: { AREA: 'RURAL' } }),
    E('4c', 'denominator', 'Ob4KMsVc0Jd', { group: 'area:rural', categoryOptionCombo: 'Prlt0C1RF0s', adxCategories: { AREA: 'RURAL' } }),
    E('4c', 'numerator', 'Ob4KMsVc0Jf', { group: 'area:urban', categoryOptionCombo: 'V6L425pT3A0', adxCategories: { AREA: 'URBAN' } }),
    E('4c', 'denominator', 'Ob4KMsVc0Jd', { group: 'area:urban', categoryOptionCombo: 'V6L425pT3A0', adxCategories: { AREA: 'URBAN' } }),
    // the IHE ADX example's data elements
    E('14', 'numerator', 'MAL01'),
    E('14', 'denominator', 'MAL02'),
    E('11a', 'value', 'MAL03'),
  ],
};

const measures = new Map<string, MeasureInfo>(NATIONAL_INDICATORS.flatMap((i) => i.measures).map((m) => [m.code, { code: m.code, unit: m.unit, groups: m.groups ?? [], disaggregations: m.disaggregations, plausibleMin: m.plausibleMin, plausibleMax: m.plausibleMax }]));
const ctx = (over: Partial<ImportContext> = {}): ImportContext => ({ measures, allowedUnits: null, periodFrom: 2021, periodTo: 2030, existing: new Map(), ...over });

const V = (unitId: number, measure: string, part: ExchangeValue['part'], value: number, extra: Partial<ExchangeValue> = {}): ExchangeValue => ({ unitId, measure, group: null, part, period: '2024', value, comment: null, ...extra });
const values: ExchangeValue[] = [
  V(KG, '1', 'numerator', 76, { comment: 'Theo báo cáo của Sở LĐ-TB&XH' }),
  V(KG, '1', 'denominator', 100),
  V(KG, '3a', 'numerator', 245),
  V(KG, '3a', 'denominator', 25000),
  V(KG, '4c', 'numerator', 41, { group: 'area:rural' }),
  V(KG, '4c', 'denominator', 1000, { group: 'area:rural' }),
  V(KG, '4c', 'numerator', 87.5, { group: 'area:urban', comment: 'nguồn: "Viện Dinh dưỡng" <2024>' }),
  V(KG, '4c', 'denominator', 1000, { group: 'area:urban' }),
  V(RACH_GIA, '13', 'value', 12),
  V(RACH_GIA, '13', 'value', 15, { period: '2023' }),
];
const sortV = (v: ExchangeValue[]) => [...v].sort((a, b) => valueKey(a).localeCompare(valueKey(b)));
/** the writes of an import as the values they store (no comment given = none) */
const asValues = (ws: ValueWrite[]): ExchangeValue[] => ws.map(({ action: _a, followup: _f, ...w }) => ({ ...w, value: w.value!, comment: w.comment ?? null }));

test('periods: DHIS2 ids and ADX ISO 8601 durations convert both ways', () => {
  for (const [d, a] of [['2024', '2024-01-01/P1Y'], ['2024Q3', '2024-07-01/P3M'], ['202401', '2024-01-01/P1M'], ['2024S2', '2024-07-01/P6M'], ['20240229', '2024-02-29/P1D'], ['2024W1', '2024-01-01/P7D'], ['2015W53', '2015-12-28/P7D'], ['2024April', '2024-04-01/P1Y'], ['2024NovQ1', '2023-11-01/P3M'], ['202401B', '2024-01-01/P2M'], ['2024BiW1', '2024-01-01/P14D'], ['2024WedW1', '2024-01-03/P7D']]) {
    const p = parsePeriod(d)!;
    assert.ok(p, d);
    assert.equal(toIsoInterval(p), a, d);
    assert.equal(parseIsoInterval(a)?.code, d, a);
  }
  assert.equal(parsePeriod('2024Q5'), null);
  assert.equal(parsePeriod('202413'), null);
  assert.equal(parsePeriod('20230229'), null);
  assert.equal(parsePeriod('2016W53'), null); // 2016 has 52 ISO weeks
  assert.equal(parseIsoInterval('2024/P1Y'), null);
  assert.equal(parseIsoInterval('2024-02-01/P1Y')?.code, '2024Feb'); // DHIS2's FinancialFeb
  assert.equal(parseIsoInterval('2024-03-01/P1Y'), null);
  assert.equal(parseIsoInterval('2024-02-30/P1D'), null);
  assert.equal(parseIsoInterval('2024-01-01/PT1H'), null);
  assert.equal(parsePeriod('2024')!.end, '2024-12-31');
});

test('DHIS2 docs example parses; its ids resolve through the mapping; its 2014 period is refused row by row', () => {
  const parsed = parseDataValueSet(read('dhis2-docs-example.json'));
  assert.ok(parsed.ok, JSON.stringify(parsed.conflicts));
  assert.equal(parsed.value!.dataValues.length, 3);
  const rows = dataValueSetToCandidates(parsed.value!, mapping);
  assert.deepEqual(rows.map((r) => [r.unitId, r.measure, r.part, r.period, r.rawValue, r.comment]), [[KG, '1', 'numerator', '201401', '1', 'comment1'], [KG, '1', 'denominator', '201401', '2', 'comment2'], [KG, '13', 'value', '201401', '3', 'comment3']]);
  const result = planImport(rows, ctx());
  assert.equal(result.summary.status, 'ERROR');
  assert.deepEqual(result.summary.importCount, { imported: 0, updated: 0, ignored: 3, deleted: 0 });
  assert.equal(result.writes.length, 0);
  // a monthly period is a valid DHIS2 period the plan does not report on; the example's non-default attribute option combo is not mapped
  assert.deepEqual(result.summary.conflicts.map((c) => [c.object, c.errorCode, c.indexes[0]]), [['201401', 'E7614', 0], ['aocID', 'E7627', 0], ['201401', 'E7614', 1], ['aocID', 'E7627', 1], ['201401', 'E7614', 2], ['aocID', 'E7627', 2]]);
  assert.match(result.summary.conflicts[0].value, /Kỳ "201401" \(Monthly, 2014-01-01 – 2014-01-31\) không phải kỳ báo cáo của kế hoạch này/);
  assert.match(result.summary.conflicts[0].valueEn, /is not a period this plan reports on/);
  assert.match(result.summary.conflicts[1].valueEn, /Attribute option combo "aocID" is not mapped/);
  // accepted when monthly periods are allowed and the plan covers 2014
  const ok = planImport(rows, ctx({ reportsOn: (p) => p.type === 'Yearly' || p.type === 'Monthly', periodFrom: 2012, periodTo: 2020, attributeOptionCombos: new Set(['aocID']) }));
  assert.equal(ok.summary.status, 'SUCCESS');
  assert.equal(ok.summary.importCount.imported, 3);
});

test('DHIS2 import: unknown UIDs, periods outside the plan, bad values → every bad row reported, nothing written', () => {
  const set = {
    dataSet: 'pBOMPrpg1QX',
    period: '2024',
    orgUnit: 'DiszpKrYNg8',
    dataValues: [
      { dataElement: 'f7n9E0hX8qk', value: '76.2' }, // fine
      { dataElement: 'xxxxxxxxxxx', value: '1' }, // unknown data element
      { dataElement: 'f7n9E0hX8qk', orgUnit: 'unknownOU01', value: '1' }, // unknown org unit
      { dataElement: 'eY5ehpbEsB7', period: '2035', value: '9' }, // outside the plan
      { dataElement: 'eY5ehpbEsB7', value: '2.5' }, // a count that is not whole
      { dataElement: 'eY5ehpbEsB7', value: 'nine' }, // not a number
      { dataElement: 'Ob4KMsVc0Jf', categoryOptionCombo: 'NOPEnopeNOP', value: '3' }, // unknown combo
      { dataElement: 'f7n9E0hX8qk', value: '77' }, // duplicates row 1
      { value: '5' }, // malformed: no data element
      { dataElement: 'Ix2HsbDMLea', value: '100' }, // fine: the denominator of row 1
    ],
  };
  const parsed = parseDataValueSet(set);
  assert.equal(parsed.ok, false);
  assert.deepEqual(parsed.conflicts.map((c) => [c.property, c.indexes[0]]), [['dataElement', 8]]);
  const rows = dataValueSetToCandidates(parsed.value!, mapping);
  const r = planImport(rows, ctx(), { preConflicts: parsed.conflicts });
  assert.equal(r.summary.status, 'ERROR');
  assert.equal(r.writes.length, 0);
  const rowsWithErrors = [...new Set(r.summary.conflicts.flatMap((c) => c.indexes))].sort((a, b) => a - b);
  assert.deepEqual(rowsWithErrors, [1, 2, 3, 4, 5, 6, 7, 8]);
  const codes = Object.fromEntries(r.summary.conflicts.map((c) => [c.indexes[0], c.errorCode]));
  assert.equal(codes[1], 'E7611');
  assert.equal(codes[2], 'E7610');
  assert.equal(codes[3], 'E7615');
  assert.equal(codes[4], 'E7619');
  assert.equal(codes[5], 'E7619');
  assert.equal(codes[6], 'E7611');
  assert.equal(codes[7], 'E7621');
  assert.match(r.summary.conflicts.find((c) => c.indexes[0] === 4)!.valueEn, /a count must be a whole number/);
  for (const c of r.summary.conflicts) assert.ok(c.value && c.valueEn, 'bilingual');
});

test('malformed DHIS2 files are refused with a clear message', () => {
  assert.match(parseDataValueSet('{"dataValues": [').conflicts[0].value, /không phải JSON hợp lệ/);
  assert.match(parseDataValueSet({ dataValues: 'x' }).conflicts[0].valueEn, /dataValues/);
  assert.equal(parseDataValueSet([]).ok, false);
  const noPeriod = parseDataValueSet({ dataValues: [{ dataElement: 'f7n9E0hX8qk', orgUnit: 'DiszpKrYNg8', value: '1' }] });
  assert.deepEqual(noPeriod.conflicts.map((c) => c.property), ['period']);
});

test('DHIS2 round trip: vitreem → dataValueSets JSON → vitreem loses nothing', () => {
  const { document, unmapped } = toDataValueSet(values, mapping, { completeDate: '2024-12-01' });
  assert.equal(unmapped.length, 0);
  const text = JSON.stringify(document);
  const urban = document.dataValues.find((d) => d.categoryOptionCombo === 'V6L425pT3A0')!;
  assert.deepEqual(urban, { dataElement: 'Ob4KMsVc0Jf', period: '2024', orgUnit: 'DiszpKrYNg8', value: '87.5', categoryOptionCombo: 'V6L425pT3A0', comment: 'nguồn: "Viện Dinh dưỡng" <2024>', followup: false });
  const parsed = parseDataValueSet(text);
  assert.ok(parsed.ok);
  const r = planImport(dataValueSetToCandidates(parsed.value!, mapping), ctx());
  assert.equal(r.summary.status, 'SUCCESS', JSON.stringify(r.summary.conflicts));
  assert.deepEqual(sortV(asValues(r.writes)), sortV(values));
  // importing again over the same values: all ignored (unchanged); one changed value: updated
  const existing = new Map(values.map((v) => [valueKey(v), { value: v.value, comment: v.comment }]));
  existing.set(valueKey(V(KG, '3a', 'numerator', 0)), { value: 250, comment: null });
  const again = planImport(dataValueSetToCandidates(parsed.value!, mapping), ctx({ existing }));
  assert.deepEqual(again.summary.importCount, { imported: 0, updated: 1, ignored: 9, deleted: 0 });
});

test('export leaves out unmapped values and says why', () => {
  const { document, unmapped } = toDataValueSet([...values, V(999, '1', 'numerator', 1), V(KG, '24', 'numerator', 1)], mapping);
  assert.equal(document.dataValues.length, values.length);
  assert.deepEqual(unmapped.map((u) => u.reasonEn), ['unit 999 is not mapped', 'measure 24 (numerator) is not mapped']);
});

test('ADX: the IHE example validates; disaggregation attributes and annotations are read', () => {
  const parsed = parseAdx(read('adx-ihe-example.xml'));
  assert.ok(parsed.ok, JSON.stringify(parsed.conflicts));
  const doc = parsed.value!;
  assert.equal(doc.exported, '2015-02-08T19:30:00Z');
  assert.equal(doc.groups.length, 1);
  assert.deepEqual({ ...doc.groups[0], dataValues: undefined }, { orgUnit: '234', period: '2015-06-01/P1M', dataSet: '(TB/HIV)VCCT', completeDate: '2015-07-01', attributes: {}, dataValues: undefined });
  assert.equal(doc.groups[0].dataValues[2].annotation, 'Some comment');
  assert.deepEqual(doc.groups[0].dataValues[3].categories, { GENDER: 'FMLE', HIV_AGE: 'AGE0-14' });
  const rows = adxToCandidates(doc, mapping);
  assert.deepEqual(rows.slice(0, 3).map((r) => [r.unitId, r.measure, r.part, r.period, r.rawValue]), [[RACH_GIA, '14', 'numerator', '201506', '32'], [RACH_GIA, '14', 'denominator', '201506', '20'], [RACH_GIA, '11a', 'value', '201506', '23']]);
  const r = planImport(rows, ctx());
  assert.equal(r.summary.status, 'ERROR');
  assert.deepEqual([...new Set(r.summary.conflicts.flatMap((c) => c.indexes))], [0, 1, 2, 3, 4]);
  assert.ok(r.summary.conflicts.some((c) => c.indexes[0] === 3 && c.errorCode === 'E7611' && /GENDER=FMLE/.test(c.valueEn)));
});

test('ADX structure is validated: namespace, exported, required attributes, period syntax, numeric values', () => {
  const bad = `<?xml version="1.0"?>
<adx xmlns="urn:ihe:qrph:adx:2015" exported="yesterday">
  <group orgUnit="234" period="2024-13-01/P1Y">
    <dataValue dataElement="MAL01" value="3,2"/>
    <dataValue value="4"/>
    <dataValue dataElement="MAL02"/>
  </group>
  <group orgUnit="234" period="2024-01-01/P1Y" dataSet="X"/>
</adx>`;
  const p = parseAdx(bad);
  assert.equal(p.ok, false);
  const msgs = p.conflicts.map((c) => c.valueEn);
  assert.ok(msgs.some((m) => /exported "yesterday" is not an ISO 8601/.test(m)), msgs.join('\n'));
  assert.ok(!msgs.some((m) => /missing attribute dataSet/.test(m)), 'dataSet is optional (DHIS2 writes groups without it)');
  assert.ok(msgs.some((m) => /group 1: period "2024-13-01\/P1Y" is no DHIS2 period/.test(m)), msgs.join('\n'));
  assert.ok(msgs.some((m) => /Row 1 \(group 1\): value "3,2" is not numeric/.test(m)));
  assert.ok(msgs.some((m) => /Row 2 \(group 1\): missing attribute dataElement/.test(m)));
  // a dataValue without a value is DHIS2's deletion (or a comment-only change), not a structural error
  assert.ok(!msgs.some((m) => /Row 3 \(group 1\): missing attribute value/.test(m)));
  assert.ok(msgs.some((m) => /group 2: must contain at least one <dataValue>/.test(m)));
  assert.match(parseAdx('<adx xmlns="urn:other" exported="2024-01-01"><group orgUnit="a" period="2024-01-01/P1Y" dataSet="d"><dataValue dataElement="x" value="1"/></group></adx>').conflicts[0].valueEn, /namespace urn:ihe:qrph:adx:2015/);
  assert.match(parseAdx('<adx><group>').conflicts[0].value, /XML không hợp lệ/);
  assert.match(parseAdx('<dataValueSet/>').conflicts[0].valueEn, /root element must be <adx>/);
  // a prefixed root is fine
  assert.ok(parseAdx('<a:adx xmlns:a="urn:ihe:qrph:adx:2015" exported="2024-01-01T00:00:00Z"><a:group orgUnit="o" period="2024-01-01/P1Y" dataSet="d"><a:dataValue dataElement="x" value="1"/></a:group></a:adx>').ok);
});

test('ADX round trip: vitreem → ADX XML → vitreem loses nothing (ISO 8601 periods, categories, annotations)', () => {
  const { document, unmapped } = toAdx(values, mapping, { exported: '2024-12-01T08:00:00Z' });
  assert.equal(unmapped.length, 0);
  const xml = serializeAdx(document);
  assert.match(xml, /<group orgUnit="DiszpKrYNg8" period="2024-01-01\/P1Y" dataSet="pBOMPrpg1QX">/);
  assert.match(xml, /<dataValue dataElement="Ob4KMsVc0Jf" AREA="URBAN" value="87.5" comment="nguồn: &quot;Viện Dinh dưỡng&quot; &lt;2024&gt;"\/>/);
  assert.match(xml, /period="2023-01-01\/P1Y"/);
  const parsed = parseAdx(xml);
  assert.ok(parsed.ok, JSON.stringify(parsed.conflicts));
  const r = planImport(adxToCandidates(parsed.value!, mapping), ctx());
  assert.equal(r.summary.status, 'SUCCESS', JSON.stringify(r.summary.conflicts));
  assert.deepEqual(sortV(asValues(r.writes)), sortV(values));
});

test('CSV: Vietnamese numbers, quoted fields, all rows checked; one bad row refuses the whole file', () => {
  const unitByCode = new Map([['91', KG], ['913', RACH_GIA]]);
  const measureCodes = new Set(measures.keys());
  const good = '\uFEFFunit_code;measure;group;numerator;denominator;value;comment\n91;1;;76;100;;"Theo báo cáo; Sở LĐ-TB&XH"\n91;11a;;1.055;200.000;;\n913;4c;area:rural;4,5;100;;\n913;13;;;;12;\n';
  const read1 = readValuesCsv(good, { period: '2024', unitByCode, measureCodes });
  assert.equal(read1.fileError, null);
  assert.deepEqual(read1.conflicts, []);
  const r1 = planImport(read1.candidates, ctx());
  assert.equal(r1.summary.status, 'SUCCESS');
  assert.deepEqual(r1.writes.map((w) => [w.unitId, w.measure, w.group, w.part, w.value]), [[KG, '1', null, 'numerator', 76], [KG, '1', null, 'denominator', 100], [KG, '11a', null, 'numerator', 1055], [KG, '11a', null, 'denominator', 200000], [RACH_GIA, '4c', 'area:rural', 'numerator', 4.5], [RACH_GIA, '4c', 'area:rural', 'denominator', 100], [RACH_GIA, '13', null, 'value', 12]]);
  assert.equal(r1.writes[0].comment, 'Theo báo cáo; Sở LĐ-TB&XH');

  const badCsv = 'unit_code,measure,numerator,denominator,value,period\n91,1,76,100,,2024\n99,13,,,5,2024\n91,zz,,,5,2024\n91,3a,abc,1000,,2024\n91,3a,5,1000,,2023\n91,3a\n91,2,150,100,,2024\n91,13,,,3,2024\n91,5a,5,,,2024\n91,14,,,97.5,2024\n';
  const read2 = readValuesCsv(badCsv, { period: '2024', unitByCode, measureCodes });
  const r2 = planImport(read2.candidates, ctx(), { preConflicts: read2.conflicts });
  assert.equal(r2.summary.status, 'ERROR');
  assert.equal(r2.writes.length, 0);
  const byRow = new Map<number, string[]>();
  for (const c of r2.summary.conflicts) for (const i of c.indexes) byRow.set(i, [...(byRow.get(i) ?? []), c.valueEn]);
  assert.deepEqual([...byRow.keys()].sort(), [1, 2, 3, 4, 5, 6, 8, 9]);
  assert.match(byRow.get(1)![0], /Line 3: no unit with code "99"/);
  assert.match(byRow.get(2)![0], /Line 4: no measure "zz"/);
  assert.match(byRow.get(3)![0], /Line 5: numerator "abc" is not a number/);
  assert.match(byRow.get(4)![0], /Line 6: period "2023" differs/);
  assert.match(byRow.get(5)![0], /Line 7: no figure/);
  assert.match(byRow.get(6)!.join(), /numerator exceeds the denominator/);
  assert.match(byRow.get(8)!.join(), /the denominator would be missing/);
  assert.match(byRow.get(9)!.join(), /is a rate: map and send its numerator and denominator/);

  assert.match(readValuesCsv('unit\n91\n', { period: '2024', unitByCode, measureCodes }).fileError!.en, /Missing required column\(s\): measure/);
  assert.match(readValuesCsv('unit_code,measure,value,colour\n', { period: '2024', unitByCode, measureCodes }).fileError!.en, /Unsupported column\(s\): colour/);
  assert.match(readValuesCsv('unit_code,measure,value\n91,1,"5\n', { period: '2024', unitByCode, measureCodes }).fileError!.en, /unclosed quote/);
  assert.match(readValuesCsv('', { period: '2024', unitByCode, measureCodes }).fileError!.vi, /trống/);
});
