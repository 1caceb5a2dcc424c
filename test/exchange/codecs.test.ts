import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDataValueSet, dataValueSetToCandidates, toDataValueSet } from '../../src/exchange/dhis2.ts';
import { parseAdx, serializeAdx, toAdx, adxToCandidates } from '../../src/exchange/adx.ts';
import { parseAdxPeriod, parseDhis2Period, toAdxPeriod, toDhis2Period } from '../../src/exchange/periods.ts';
import { planImport } from '../../src/exchange/import-plan.ts';
import { readValuesCsv } from '../../src/exchange/csv.ts';
import type { ExchangeMapping, ExchangeValue, ImportContext, MeasureInfo } from '../../src/exchange/types.ts';
import { NATIONAL_INDICATORS } from '../../src/domain/catalogue/national-programme.ts';

const FIX = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'exchange');
const read = (f: string) => fs.readFileSync(path.join(FIX, f), 'utf8');

const KG = 91; // unit ids as stored
const RACH_GIA = 913;
const mapping: ExchangeMapping = {
  dataSet: 'pBOMPrpg1QX',
  attributeOptionCombo: null,
  orgUnits: [{ unitId: KG, orgUnit: 'DiszpKrYNg8' }, { unitId: RACH_GIA, orgUnit: '234' }],
  elements: [
    { measure: '1', group: null, dataElement: 'f7n9E0hX8qk', categoryOptionCombo: null, adxCategories: {} },
    { measure: '2', group: null, dataElement: 'Ix2HsbDMLea', categoryOptionCombo: null, adxCategories: {} },
    { measure: '3a', group: null, dataElement: 'eY5ehpbEsB7', categoryOptionCombo: null, adxCategories: {} },
    { measure: '4c', group: 'rural', dataElement: 'Ob4KMsVc0Jf', categoryOptionCombo: 'Prlt0C1RF0s', adxCategories: { AREA: 'RURAL' } },
    { measure: '4c', group: 'urban', dataElement: 'Ob4KMsVc0Jf', categoryOptionCombo: 'V6L425pT3A0', adxCategories: { AREA: 'URBAN' } },
    { measure: '14', group: null, dataElement: 'MAL01', categoryOptionCombo: null, adxCategories: {} },
    { measure: '16', group: null, dataElement: 'MAL02', categoryOptionCombo: null, adxCategories: {} },
    { measure: '11a', group: null, dataElement: 'MAL03', categoryOptionCombo: null, adxCategories: {} },
  ],
};

const measures = new Map<string, MeasureInfo>(NATIONAL_INDICATORS.flatMap((i) => i.measures).map((m) => [m.code, { code: m.code, unit: m.unit, groups: m.groups ?? [], disaggregations: m.disaggregations, plausibleMin: m.plausibleMin, plausibleMax: m.plausibleMax }]));
const ctx = (over: Partial<ImportContext> = {}): ImportContext => ({ measures, allowedUnits: null, periodFrom: 2021, periodTo: 2030, periodTypes: ['yearly'], existing: new Map(), ...over });

const values: ExchangeValue[] = [
  { unitId: KG, measure: '1', group: null, period: '2024', value: 76.2, comment: 'Theo báo cáo của Sở LĐ-TB&XH' },
  { unitId: KG, measure: '3a', group: null, period: '2024', value: 9.8, comment: null },
  { unitId: KG, measure: '4c', group: 'rural', period: '2024', value: 4.1, comment: null },
  { unitId: KG, measure: '4c', group: 'urban', period: '2024', value: 8.75, comment: 'nguồn: "Viện Dinh dưỡng" <2024>' },
  { unitId: RACH_GIA, measure: '14', group: null, period: '2024', value: 99.05, comment: null },
  { unitId: RACH_GIA, measure: '11a', group: null, period: '2023', value: 1055, comment: null },
];
const sortV = (v: ExchangeValue[]) => [...v].sort((a, b) => `${a.unitId}${a.measure}${a.group}${a.period}`.localeCompare(`${b.unitId}${b.measure}${b.group}${b.period}`));

test('periods: DHIS2 ids and ADX ISO 8601 durations convert both ways', () => {
  for (const [d, a] of [['2024', '2024-01-01/P1Y'], ['2024Q3', '2024-07-01/P3M'], ['202401', '2024-01-01/P1M'], ['2024S2', '2024-07-01/P6M'], ['20240229', '2024-02-29/P1D'], ['2024W1', '2024-01-01/P7D'], ['2015W53', '2015-12-28/P7D']]) {
    const p = parseDhis2Period(d)!;
    assert.ok(p, d);
    assert.equal(toAdxPeriod(p), a, d);
    const back = parseAdxPeriod(a);
    assert.ok(back.ok, a);
    assert.equal(toDhis2Period((back as { ok: true; period: typeof p }).period), d, a);
  }
  assert.equal(parseDhis2Period('2024Q5'), null);
  assert.equal(parseDhis2Period('202413'), null);
  assert.equal(parseDhis2Period('20230229'), null);
  assert.equal(parseDhis2Period('2016W53'), null); // 2016 has 52 ISO weeks
  assert.equal(parseAdxPeriod('2024/P1Y').ok, false);
  assert.equal(parseAdxPeriod('2024-02-01/P1Y').ok, false); // a year must start on 1 January
  assert.equal(parseAdxPeriod('2024-02-30/P1D').ok, false);
  assert.equal(parseAdxPeriod('2024-01-01/PT1H').ok, false);
  assert.equal(parseDhis2Period('2024')!.end, '2024-12-31');
});

test('DHIS2 docs example parses; its ids resolve through the mapping; its 2014 period is refused row by row', () => {
  const parsed = parseDataValueSet(read('dhis2-docs-example.json'));
  assert.ok(parsed.ok, JSON.stringify(parsed.conflicts));
  assert.equal(parsed.value!.dataValues.length, 3);
  const rows = dataValueSetToCandidates(parsed.value!, mapping);
  assert.deepEqual(rows.map((r) => [r.unitId, r.measure, r.period, r.rawValue, r.comment]), [[KG, '1', '201401', '1', 'comment1'], [KG, '2', '201401', '2', 'comment2'], [KG, '3a', '201401', '3', 'comment3']]);
  const result = planImport(rows, ctx());
  assert.equal(result.summary.status, 'ERROR');
  assert.deepEqual(result.summary.importCount, { imported: 0, updated: 0, ignored: 3, deleted: 0 });
  assert.equal(result.writes.length, 0);
  assert.deepEqual(result.summary.conflicts.map((c) => [c.object, c.errorCode, c.indexes[0]]), [['201401', 'E7614', 0], ['201401', 'E7614', 1], ['201401', 'E7614', 2]]);
  assert.match(result.summary.conflicts[0].value, /Kỳ "201401"/);
  // accepted when monthly periods are allowed and the plan covers 2014
  const ok = planImport(rows, ctx({ periodTypes: ['yearly', 'monthly'], periodFrom: 2012, periodTo: 2020 }));
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
      { dataElement: 'Ix2HsbDMLea', value: '140' }, // a percentage above 100
      { dataElement: 'eY5ehpbEsB7', value: 'nine' }, // not a number
      { dataElement: 'Ob4KMsVc0Jf', categoryOptionCombo: 'NOPEnopeNOP', value: '3' }, // unknown combo
      { dataElement: 'f7n9E0hX8qk', value: '77' }, // duplicates row 1
      { value: '5' }, // malformed: no data element
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
  assert.deepEqual(urban, { dataElement: 'Ob4KMsVc0Jf', period: '2024', orgUnit: 'DiszpKrYNg8', value: '8.75', categoryOptionCombo: 'V6L425pT3A0', comment: 'nguồn: "Viện Dinh dưỡng" <2024>' });
  const parsed = parseDataValueSet(text);
  assert.ok(parsed.ok);
  const r = planImport(dataValueSetToCandidates(parsed.value!, mapping), ctx());
  assert.equal(r.summary.status, 'SUCCESS', JSON.stringify(r.summary.conflicts));
  assert.deepEqual(sortV(r.writes.map(({ action: _a, ...v }) => v)), sortV(values));
  // importing again over the same values: all ignored (unchanged); one changed value: updated
  const existing = new Map(values.map((v) => [`${v.unitId}|${v.measure}|${v.group ?? ''}|${v.period}`, v.value]));
  existing.set(`${KG}|3a||2024`, 10.1);
  const again = planImport(dataValueSetToCandidates(parsed.value!, mapping), ctx({ existing }));
  assert.deepEqual(again.summary.importCount, { imported: 0, updated: 1, ignored: 5, deleted: 0 });
});

test('export leaves out unmapped values and says why', () => {
  const { document, unmapped } = toDataValueSet([...values, { unitId: 999, measure: '1', group: null, period: '2024', value: 1, comment: null }, { unitId: KG, measure: '24', group: null, period: '2024', value: 1, comment: null }], mapping);
  assert.equal(document.dataValues.length, values.length);
  assert.deepEqual(unmapped.map((u) => u.reasonEn), ['unit 999 is not mapped', 'measure 24 is not mapped']);
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
  assert.deepEqual(rows.slice(0, 3).map((r) => [r.unitId, r.measure, r.period, r.rawValue]), [[RACH_GIA, '14', '201506', '32'], [RACH_GIA, '16', '201506', '20'], [RACH_GIA, '11a', '201506', '23']]);
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
  assert.ok(msgs.some((m) => /group 1: missing attribute dataSet/.test(m)));
  assert.ok(msgs.some((m) => /group 1: Start date of period "2024-13-01\/P1Y" does not exist/.test(m)));
  assert.ok(msgs.some((m) => /Row 1 \(group 1\): value "3,2" is not numeric/.test(m)));
  assert.ok(msgs.some((m) => /Row 2 \(group 1\): missing attribute dataElement/.test(m)));
  assert.ok(msgs.some((m) => /Row 3 \(group 1\): missing attribute value/.test(m)));
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
  assert.match(xml, /<dataValue dataElement="Ob4KMsVc0Jf" AREA="URBAN" value="8.75"><annotation>nguồn: &quot;Viện Dinh dưỡng&quot; &lt;2024&gt;<\/annotation><\/dataValue>/);
  assert.match(xml, /period="2023-01-01\/P1Y"/);
  const parsed = parseAdx(xml);
  assert.ok(parsed.ok, JSON.stringify(parsed.conflicts));
  const r = planImport(adxToCandidates(parsed.value!, mapping), ctx());
  assert.equal(r.summary.status, 'SUCCESS', JSON.stringify(r.summary.conflicts));
  assert.deepEqual(sortV(r.writes.map(({ action: _a, ...v }) => v)), sortV(values));
});

test('CSV: Vietnamese numbers, quoted fields, all rows checked; one bad row refuses the whole file', () => {
  const unitByCode = new Map([['91', KG], ['913', RACH_GIA]]);
  const measureCodes = new Set(measures.keys());
  const good = '\uFEFFunit_code;measure;group;value;comment\n91;1;;76,2;"Theo báo cáo; Sở LĐ-TB&XH"\n91;11a;;1.055;\n913;4c;rural;4,1;\n';
  const read1 = readValuesCsv(good, { period: '2024', unitByCode, measureCodes });
  assert.equal(read1.fileError, null);
  assert.deepEqual(read1.conflicts, []);
  const r1 = planImport(read1.candidates, ctx());
  assert.equal(r1.summary.status, 'SUCCESS');
  assert.deepEqual(r1.writes.map((w) => [w.unitId, w.measure, w.group, w.value, w.comment]), [[KG, '1', null, 76.2, 'Theo báo cáo; Sở LĐ-TB&XH'], [KG, '11a', null, 1055, null], [RACH_GIA, '4c', 'rural', 4.1, null]]);

  const badCsv = 'unit_code,measure,value,period\n91,1,76.2,2024\n99,1,5,2024\n91,zz,5,2024\n91,3a,abc,2024\n91,3a,5,2023\n91,3a\n91,1,150,2024\n91,4c,3,2024\n';
  const read2 = readValuesCsv(badCsv, { period: '2024', unitByCode, measureCodes });
  const r2 = planImport(read2.candidates, ctx(), { preConflicts: read2.conflicts });
  assert.equal(r2.summary.status, 'ERROR');
  assert.equal(r2.writes.length, 0);
  const byRow = new Map<number, string[]>();
  for (const c of r2.summary.conflicts) for (const i of c.indexes) byRow.set(i, [...(byRow.get(i) ?? []), c.valueEn]);
  assert.deepEqual([...byRow.keys()].sort(), [1, 2, 3, 4, 5, 6]);
  assert.match(byRow.get(1)![0], /Line 3: no unit with code "99"/);
  assert.match(byRow.get(2)![0], /Line 4: no measure "zz"/);
  assert.match(byRow.get(3)![0], /Line 5: value "abc" is not a number/);
  assert.match(byRow.get(4)![0], /Line 6: period "2023" differs/);
  assert.match(byRow.get(5)![0], /Line 7: 2 fields, expected 4/);
  assert.match(byRow.get(6)![0], /cannot exceed 100/);

  assert.match(readValuesCsv('unit,measure\n91,1\n', { period: '2024', unitByCode, measureCodes }).fileError!.en, /Missing required column\(s\): value/);
  assert.match(readValuesCsv('unit_code,measure,value,colour\n', { period: '2024', unitByCode, measureCodes }).fileError!.en, /Unsupported column\(s\): colour/);
  assert.match(readValuesCsv('unit_code,measure,value\n91,1,"5\n', { period: '2024', unitByCode, measureCodes }).fileError!.en, /unclosed quote/);
  assert.match(readValuesCsv('', { period: '2024', unitByCode, measureCodes }).fileError!.vi, /trống/);
});
