import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestContext, type TestContext, type Client } from '../helpers/context.ts';
import { asSystem } from '../../src/storage/users.ts';
import { createPlan } from '../../src/storage/plans.ts';
import { setValueStore, NO_VALUE_STORE, type ValueStore } from '../../src/storage/exchange-values.ts';
import { reportingValueStore } from '../../src/storage/exchange-reporting.ts';
import { generateObligations, getObligation, runAction, saveValues } from '../../src/storage/reporting.ts';
import mammoth from 'mammoth';
import { valueKey, type ExchangeValue } from '../../src/exchange/types.ts';
import { kienGiangInput, kienGiangUnitId } from '../fixtures/documents/kien-giang-input.ts';

const FIX = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'exchange');
let ctx: TestContext;
let admin: Client;
let planId: number;
let kg: number;
let kgCode: string;

/** An in-memory stand-in for the reporting value store (the real adapter is tested with the reporting tables). */
function memoryStore(): ValueStore & { data: Map<string, ExchangeValue> } {
  const data = new Map<string, ExchangeValue>();
  return {
    available: true,
    data,
    read: async (_db, q) => [...data.values()].filter((v) => q.unitIds.includes(v.unitId) && v.period === q.period),
    // (not transactional: tests using it make no dry runs with writes)
    write: async (_trx, q) => {
      for (const w of q.writes) {
        const k = valueKey(w);
        const old = data.get(k);
        if (w.action === 'deleted') data.delete(k);
        else data.set(k, { unitId: w.unitId, measure: w.measure, group: w.group, part: w.part, period: w.period, value: w.value ?? old?.value ?? 0, comment: w.comment !== undefined ? w.comment : (old?.comment ?? null) });
      }
    },
  };
}

async function send(method: string, url: string, body: string, type: string) {
  const r = await ctx.app.inject({ method: method as 'POST', url, payload: body, headers: { 'content-type': type, 'x-csrf-token': admin.csrfToken }, cookies: { vitreem_session: admin.sessionId, vitreem_csrf: admin.csrfToken } });
  return { status: r.statusCode, json: (() => { try { return JSON.parse(r.body); } catch { return undefined; } })(), body: r.body, headers: r.headers };
}

before(async () => {
  ctx = await createTestContext();
  admin = await ctx.login('admin', ctx.admin.password);
  kg = await kienGiangUnitId(ctx.database.db);
  kgCode = (await ctx.database.db.selectFrom('admin_unit').select('code').where('id', '=', kg).executeTakeFirstOrThrow()).code;
  planId = await asSystem(ctx.database.db, 'test', (trx) => createPlan(trx, kienGiangInput(kg)));
});
after(async () => {
  setValueStore(NO_VALUE_STORE);
  await ctx?.close();
});

const E = (measure: string, part: string, dataElement: string, extra: Record<string, unknown> = {}) => ctx.request({ method: 'POST', url: '/api/exchange/mapping/elements', payload: { measure, part, dataElement, ...extra } });

// (indicator 1 is computed from the recognitions and never imported: test/reporting/indicator1.test.ts; rate examples here use measure 2)
test('mapping: an administrator maps measures and units; bad entries are refused with the field', async () => {
  assert.equal((await E('2', 'numerator', 'f7n9E0hX8qk')).statusCode, 201);
  assert.equal((await E('2', 'denominator', 'Ix2HsbDMLea')).statusCode, 201);
  assert.equal((await E('13', 'value', 'eY5ehpbEsB7')).statusCode, 201);
  assert.equal((await E('3a', 'numerator', 'NeoDeaths01')).statusCode, 201);
  assert.equal((await E('3a', 'denominator', 'LiveBirths1')).statusCode, 201);
  for (const [area, coc] of [['rural', 'Prlt0C1RF0s'], ['urban', 'V6L425pT3A0']]) {
    assert.equal((await E('4c', 'numerator', 'Ob4KMsVc0Jf', { group: `area:${area}`, categoryOptionCombo: coc, adxCategories: { AREA: area.toUpperCase() } })).statusCode, 201);
    assert.equal((await E('4c', 'denominator', 'Ob4KMsVc0Jd', { group: `area:${area}`, categoryOptionCombo: coc, adxCategories: { AREA: area.toUpperCase() } })).statusCode, 201);
  }
  const unknown = await E('99z', 'value', 'abc');
  assert.equal(unknown.statusCode, 400);
  assert.deepEqual(unknown.json.error.path, ['body', 'measure']);
  const badGroup = await E('2', 'numerator', 'xyz', { group: 'planet:mars' });
  assert.equal(badGroup.statusCode, 400);
  assert.deepEqual(badGroup.json.error.path, ['body', 'group']);
  const ratioAsValue = await E('2', 'value', 'xyzxyzxyz01');
  assert.equal(ratioAsValue.statusCode, 400);
  assert.match(ratioAsValue.json.error.message, /tử số \(numerator\) và mẫu số \(denominator\)/);
  const dup = await E('2', 'numerator', 'someOtherDE');
  assert.equal(dup.statusCode, 409);
  assert.equal((await ctx.request({ method: 'POST', url: '/api/exchange/mapping/org-units', payload: { unitId: kg, orgUnit: 'DiszpKrYNg8' } })).statusCode, 201);
  assert.equal((await ctx.request({ method: 'POST', url: '/api/exchange/mapping/org-units', payload: { unitId: 99999999, orgUnit: 'nowhere0001' } })).statusCode, 404);
  assert.equal((await ctx.request({ method: 'PUT', url: '/api/exchange/mapping/settings', payload: { dataSet: 'pBOMPrpg1QX' } })).statusCode, 200);
  const m = await ctx.request({ url: '/api/exchange/mapping' });
  assert.equal(m.json.elements.length, 9);
  assert.equal(m.json.dataSet, 'pBOMPrpg1QX');
  assert.deepEqual(m.json.elements.find((e: { group: string; part: string }) => e.group === 'area:urban' && e.part === 'numerator').adxCategories, { AREA: 'URBAN' });
  // the mapping writes are audited
  const audit = await ctx.database.db.selectFrom('audit_log' as never).selectAll().where('table_name' as never, '=', 'exchange_element_map' as never).execute();
  assert.ok(audit.length >= 9);
});

const SET_2024 = { dataSet: 'pBOMPrpg1QX', period: '2024', orgUnit: 'DiszpKrYNg8', dataValues: [
  { dataElement: 'f7n9E0hX8qk', value: '76', comment: 'Sở LĐ-TB&XH' },
  { dataElement: 'Ix2HsbDMLea', value: '100' },
  { dataElement: 'NeoDeaths01', value: '245' },
  { dataElement: 'LiveBirths1', value: '25000' },
  { dataElement: 'Ob4KMsVc0Jf', categoryOptionCombo: 'Prlt0C1RF0s', value: '41' },
  { dataElement: 'Ob4KMsVc0Jd', categoryOptionCombo: 'Prlt0C1RF0s', value: '1000' },
] };

test('without a value store only a dry run is possible', async () => {
  setValueStore(NO_VALUE_STORE);
  const set = JSON.stringify(SET_2024);
  assert.equal((await send('POST', `/api/exchange/dhis2/dataValueSets?planId=${planId}`, set, 'application/json')).status, 503);
  const dry = await send('POST', `/api/exchange/dhis2/dataValueSets?planId=${planId}&dryRun=true`, set, 'application/json');
  assert.equal(dry.status, 200, dry.body);
  assert.equal(dry.json.dryRun, true);
  assert.deepEqual(dry.json.importCount, { imported: 6, updated: 0, ignored: 0, deleted: 0 });
});

test('DHIS2 import through the API: imported, then ignored when unchanged, updated when changed; bad files are refused row by row', async () => {
  const store = memoryStore();
  setValueStore(store);
  const set = structuredClone(SET_2024);
  const r1 = await send('POST', `/api/exchange/dhis2/dataValueSets?planId=${planId}`, JSON.stringify(set), 'application/json');
  assert.equal(r1.status, 200, r1.body);
  assert.equal(r1.json.status, 'SUCCESS');
  assert.deepEqual(r1.json.importCount, { imported: 6, updated: 0, ignored: 0, deleted: 0 });
  assert.equal(store.data.get(valueKey({ unitId: kg, measure: '4c', group: 'area:rural', part: 'numerator', period: '2024' }))?.value, 41);
  set.dataValues[2].value = '240';
  const r2 = await send('POST', `/api/exchange/dhis2/dataValueSets?planId=${planId}`, JSON.stringify(set), 'application/json');
  assert.deepEqual(r2.json.importCount, { imported: 0, updated: 1, ignored: 5, deleted: 0 });

  const before = JSON.stringify([...store.data]);
  const docs = await send('POST', `/api/exchange/dhis2/dataValueSets?planId=${planId}`, fs.readFileSync(path.join(FIX, 'dhis2-docs-example.json'), 'utf8'), 'application/json');
  assert.equal(docs.status, 409);
  assert.equal(docs.json.status, 'ERROR');
  assert.deepEqual(docs.json.importCount, { imported: 0, updated: 0, ignored: 3, deleted: 0 });
  // each row: a monthly period the plan does not report on, and an attribute option combo that is not mapped
  assert.deepEqual(docs.json.conflicts.map((c: { indexes: number[]; errorCode: string }) => [c.indexes[0], c.errorCode]), [[0, 'E7614'], [0, 'E7627'], [1, 'E7614'], [1, 'E7627'], [2, 'E7614'], [2, 'E7627']]);
  const mixed = { period: '2024', orgUnit: 'DiszpKrYNg8', dataValues: [{ dataElement: 'eY5ehpbEsB7', value: '3' }, { dataElement: 'UNKNOWNuid1', value: '1' }, { dataElement: 'eY5ehpbEsB7', orgUnit: 'NOTmapped01', value: '2' }, { dataElement: 'eY5ehpbEsB7', period: '2031', value: '9' }, { dataElement: 'NeoDeaths01', value: 'abc' }, { dataElement: 'f7n9E0hX8qk', value: '5' }] };
  const bad = await send('POST', `/api/exchange/dhis2/dataValueSets?planId=${planId}`, JSON.stringify(mixed), 'application/json');
  assert.equal(bad.status, 409);
  // (row 5, a new numerator of measure 2 alone, is fine: its denominator is stored)
  assert.deepEqual([...new Set(bad.json.conflicts.flatMap((c: { indexes: number[] }) => c.indexes))].sort(), [1, 2, 3, 4]);
  assert.equal(JSON.stringify([...store.data]), before, 'nothing half-imported');
  const notJson = await send('POST', `/api/exchange/dhis2/dataValueSets?planId=${planId}`, '{"dataValues": [', 'text/plain');
  assert.equal(notJson.status, 409);
  assert.match(notJson.json.conflicts[0].value, /không phải JSON hợp lệ/);
});

test('ADX import validates the structure; CSV import is all or nothing with every bad row reported', async () => {
  const store = memoryStore();
  setValueStore(store);
  const bad = await send('POST', `/api/exchange/adx?planId=${planId}`, '<adx xmlns="urn:ihe:qrph:adx:2015" exported="2024-12-01T00:00:00Z"><group orgUnit="DiszpKrYNg8" period="2024-01-01/P1M" dataSet="x"><dataValue dataElement="f7n9E0hX8qk" value="12,5"/><dataValue dataElement="eY5ehpbEsB7" value="9"/></group></adx>', 'application/xml');
  assert.equal(bad.status, 409);
  assert.ok(bad.json.conflicts.some((c: { valueEn: string }) => /value "12,5" is not numeric/.test(c.valueEn)));
  assert.ok(bad.json.conflicts.some((c: { valueEn: string }) => /Period "202401".*is not a period this plan reports on/.test(c.valueEn)));
  assert.ok(bad.json.conflicts.some((c: { valueEn: string; errorCode: string }) => c.errorCode === 'E7628' && /Data set "x" is not the data set exchanged/.test(c.valueEn)));
  assert.equal(store.data.size, 0);

  const csvBad = `unit_code,measure,group,numerator,denominator,value\n${kgCode},2,,76,100,\n${kgCode},3a,,245,,\nXX,13,,,,5\n${kgCode},4c,area:rural,140,100,\n`;
  const r = await send('POST', `/api/exchange/csv?planId=${planId}&unitId=${kg}&period=2024`, csvBad, 'text/csv');
  assert.equal(r.status, 409, r.body);
  const rows = [...new Set(r.json.conflicts.flatMap((c: { indexes: number[] }) => c.indexes))].sort();
  assert.deepEqual(rows, [1, 2, 3]);
  assert.equal(store.data.size, 0);
  const csvGood = `unit_code;measure;group;tử số;mẫu số;giá trị;ghi chú\n${kgCode};2;;76;100;;"Báo cáo; Sở"\n${kgCode};3a;;245;25.000;;\n${kgCode};13;;;;12;\n`;
  const ok = await send('POST', `/api/exchange/csv?planId=${planId}&unitId=${kg}&period=2024`, csvGood, 'text/csv');
  assert.equal(ok.status, 200, ok.body);
  assert.equal(ok.json.importCount.imported, 5);
  assert.equal(store.data.get(valueKey({ unitId: kg, measure: '3a', group: null, part: 'denominator', period: '2024' }))?.value, 25000);
  assert.equal(store.data.get(valueKey({ unitId: kg, measure: '2', group: null, part: 'numerator', period: '2024' }))?.comment, 'Báo cáo; Sở');
  const missing = await send('POST', `/api/exchange/csv?planId=${planId}&unitId=${kg}&period=2024`, 'unit_code\n', 'text/csv');
  assert.equal(missing.status, 400);
  assert.match(missing.json.error.message, /Thiếu cột bắt buộc: measure/);
});

test('with the reporting engine: import into the reports of a year, export, and import into an empty year: identical', async () => {
  setValueStore(reportingValueStore);
  const db = ctx.database.db;
  await asSystem(db, 'test', async (trx) => {
    await generateObligations(trx, planId, 2024);
    await generateObligations(trx, planId, 2025);
  });
  const set = { ...structuredClone(SET_2024), dataValues: [...SET_2024.dataValues, { dataElement: 'eY5ehpbEsB7', value: '12', comment: 'tảo hôn' }] };
  const r1 = await send('POST', `/api/exchange/dhis2/dataValueSets?planId=${planId}`, JSON.stringify(set), 'application/json');
  assert.equal(r1.status, 200, r1.body);
  assert.equal(r1.json.importCount.imported, 7);
  // stored by the reporting engine, in the report each measure is assigned to, with its history
  const stored = await db.selectFrom('data_value as dv').innerJoin('measure as m', 'm.id', 'dv.measure_id').innerJoin('obligation as o', 'o.id', 'dv.obligation_id').select(['m.code', 'dv.disagg_key', 'dv.numerator', 'dv.denominator', 'dv.value', 'o.year']).where('o.year', '=', 2024).orderBy('m.code').orderBy('dv.disagg_key').execute();
  assert.deepEqual(stored.map((r) => [r.code, r.disagg_key, r.numerator === null ? null : Number(r.numerator), r.denominator === null ? null : Number(r.denominator), r.value === null ? null : Number(r.value)]), [['13', '', null, null, 12], ['2', '', 76, 100, null], ['3a', '', 245, 25000, null], ['4c', 'area:rural', 41, 1000, null]]);
  assert.ok((await db.selectFrom('data_value_history').select('id').execute()).length >= 4);
  // a refused row leaves the reports untouched
  const bad = await send('POST', `/api/exchange/dhis2/dataValueSets?planId=${planId}`, JSON.stringify({ period: '2024', orgUnit: 'DiszpKrYNg8', dataValues: [{ dataElement: 'f7n9E0hX8qk', value: '99' }, { dataElement: 'Ix2HsbDMLea', value: '50' }] }), 'application/json');
  assert.equal(bad.status, 409);
  assert.match(bad.json.conflicts[0].valueEn, /numerator exceeds the denominator/);

  const exported = await ctx.request({ url: `/api/exchange/dhis2/dataValueSets?planId=${planId}&unitId=${kg}&period=2024` });
  assert.equal(exported.json.dataValues.length, 7);
  const adx = await ctx.app.inject({ method: 'GET', url: `/api/exchange/adx?planId=${planId}&unitId=${kg}&period=2024`, cookies: { vitreem_session: admin.sessionId, vitreem_csrf: admin.csrfToken } });
  // into the empty 2025 reports, once through JSON and once (over it, identical) through ADX
  const to2025 = { ...exported.json, dataValues: exported.json.dataValues.map((d: { period: string }) => ({ ...d, period: '2025' })) };
  const r2 = await send('POST', `/api/exchange/dhis2/dataValueSets?planId=${planId}`, JSON.stringify(to2025), 'application/json');
  assert.equal(r2.status, 200, r2.body);
  assert.equal(r2.json.importCount.imported, 7);
  const strip = (vs: ExchangeValue[]) => vs.map(({ period: _p, ...v }) => v).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  const v2024 = await reportingValueStore.read(db, { planId, unitIds: [kg], period: '2024' });
  const v2025 = await reportingValueStore.read(db, { planId, unitIds: [kg], period: '2025' });
  assert.equal(v2024.length, 7);
  assert.deepEqual(strip(v2025), strip(v2024));
  const r3 = await send('POST', `/api/exchange/adx?planId=${planId}`, adx.body.replaceAll('period="2024-01-01/P1Y"', 'period="2025-01-01/P1Y"'), 'application/xml');
  assert.equal(r3.status, 200, r3.body);
  assert.deepEqual(r3.json.importCount, { imported: 0, updated: 0, ignored: 7, deleted: 0 });
  // a year without reports refuses the whole import
  const r4 = await send('POST', `/api/exchange/dhis2/dataValueSets?planId=${planId}`, JSON.stringify({ ...to2025, dataValues: to2025.dataValues.map((d: { period: string }) => ({ ...d, period: '2026' })) }), 'application/json');
  assert.equal(r4.status, 409);
  assert.equal(r4.json.responseType, 'ImportSummary');
  assert.equal(r4.json.conflicts[0].errorCode, 'E7616');
  assert.match(r4.json.conflicts[0].valueEn, /has no report for period 2026/);
  assert.equal((await reportingValueStore.read(db, { planId, unitIds: [kg], period: '2026' })).length, 0);
  const xlsx = await ctx.app.inject({ method: 'GET', url: `/api/exchange/values.xlsx?planId=${planId}&unitId=${kg}&period=2024`, cookies: { vitreem_session: admin.sessionId, vitreem_csrf: admin.csrfToken } });
  assert.equal(xlsx.statusCode, 200);
  // once the reports are submitted, the report document shows the live result, its status and the completeness
  const withValues = await db.selectFrom('obligation').select('id').where('unit_id', '=', kg).where('year', '=', 2024).where('id', 'in', db.selectFrom('data_value').select('obligation_id')).execute();
  for (const o of withValues)
    await asSystem(db, 'test', async (trx) => {
      // what was not exchanged is marked "unknown", as a reporter would before submitting
      const view = await getObligation(trx, o.id);
      const have = new Set(view.values.map((v) => `${v.measure}|${v.key}`));
      const values = [...view.values.map((v) => ({ measure: v.measure, key: v.key, numerator: v.numerator, denominator: v.denominator, value: v.value, unknown: v.unknown, comment: v.comment })), ...view.measures.filter((m) => !have.has(`${m.code}|`)).map((m) => ({ measure: m.code, key: '', unknown: true }))];
      await saveValues(trx, o.id, { version: view.version, values }, { id: null, name: 'test' });
      await runAction(trx, o.id, 'submit', { id: null, name: 'test' });
    });
  const docx = await ctx.app.inject({ url: `/api/reports/${kg}/2024/yearly.docx?planId=${planId}`, cookies: { vitreem_session: admin.sessionId, vitreem_csrf: admin.csrfToken } });
  assert.equal(docx.statusCode, 200);
  const { value: html } = await mammoth.convertToHtml({ buffer: docx.rawPayload });
  assert.match(html, /<td><p>2<\/p><\/td><td><p>Tỷ lệ trẻ em đến 8 tuổi[^<]*<\/p><\/td><td><\/td><td><p>≥ 90%<\/p><\/td><td><p>≥ 95%<\/p><\/td><td><p>76%<\/p><\/td><td><p>Chậm tiến độ<\/p><\/td>/);
  // indicator 1 comes from the recognitions (none in Kiên Giang here): no data, whatever a report might have held
  assert.match(html, /<td><p>1<\/p><\/td><td><p>Tỷ lệ xã, phường, thị trấn[^<]*<\/p><\/td><td><p>[^<]*<\/p><\/td><td><p>≥ 75%<\/p><\/td><td><p>≥ 85%<\/p><\/td><td><p>—<\/p><\/td><td><p>Chưa có số liệu<\/p><\/td>/);
  assert.match(html, /Tỷ lệ báo cáo đầy đủ: \d/);
});
