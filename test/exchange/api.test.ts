import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestContext, type TestContext, type Client } from '../helpers/context.ts';
import { asSystem } from '../../src/storage/users.ts';
import { createPlan } from '../../src/storage/plans.ts';
import { setValueStore, NO_VALUE_STORE, type ValueStore } from '../../src/storage/exchange-values.ts';
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
    write: async (_trx, q) => {
      for (const v of q.values) data.set(valueKey(v), { ...v });
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

test('mapping: an administrator maps measures and units; bad entries are refused with the field', async () => {
  const el = (measure: string, dataElement: string, extra: Record<string, unknown> = {}) => ctx.request({ method: 'POST', url: '/api/exchange/mapping/elements', payload: { measure, dataElement, ...extra } });
  assert.equal((await el('1', 'f7n9E0hX8qk')).statusCode, 201);
  assert.equal((await el('2', 'Ix2HsbDMLea')).statusCode, 201);
  assert.equal((await el('3a', 'eY5ehpbEsB7')).statusCode, 201);
  assert.equal((await el('4c', 'Ob4KMsVc0Jf', { group: 'rural', categoryOptionCombo: 'Prlt0C1RF0s', adxCategories: { AREA: 'RURAL' } })).statusCode, 201);
  assert.equal((await el('4c', 'Ob4KMsVc0Jf', { group: 'urban', categoryOptionCombo: 'V6L425pT3A0', adxCategories: { AREA: 'URBAN' } })).statusCode, 201);
  const unknown = await el('99z', 'abc');
  assert.equal(unknown.statusCode, 400);
  assert.deepEqual(unknown.json.error.path, ['body', 'measure']);
  const badGroup = await el('1', 'xyz', { group: 'planet:mars' });
  assert.equal(badGroup.statusCode, 400);
  assert.deepEqual(badGroup.json.error.path, ['body', 'group']);
  const dup = await el('1', 'someOtherDE');
  assert.equal(dup.statusCode, 409);
  assert.equal((await ctx.request({ method: 'POST', url: '/api/exchange/mapping/org-units', payload: { unitId: kg, orgUnit: 'DiszpKrYNg8' } })).statusCode, 201);
  assert.equal((await ctx.request({ method: 'POST', url: '/api/exchange/mapping/org-units', payload: { unitId: 99999999, orgUnit: 'nowhere0001' } })).statusCode, 404);
  assert.equal((await ctx.request({ method: 'PUT', url: '/api/exchange/mapping/settings', payload: { dataSet: 'pBOMPrpg1QX' } })).statusCode, 200);
  const m = await ctx.request({ url: '/api/exchange/mapping' });
  assert.equal(m.json.elements.length, 5);
  assert.equal(m.json.dataSet, 'pBOMPrpg1QX');
  assert.deepEqual(m.json.elements.find((e: { group: string }) => e.group === 'urban').adxCategories, { AREA: 'URBAN' });
  // the mapping writes are audited
  const audit = await ctx.database.db.selectFrom('audit_log' as never).selectAll().where('table_name' as never, '=', 'exchange_element_map' as never).execute();
  assert.ok(audit.length >= 5);
});

test('without a value store only a dry run is possible', async () => {
  setValueStore(NO_VALUE_STORE);
  const set = JSON.stringify({ period: '2024', orgUnit: 'DiszpKrYNg8', dataValues: [{ dataElement: 'f7n9E0hX8qk', value: '76.2' }] });
  assert.equal((await send('POST', `/api/exchange/dhis2/dataValueSets?planId=${planId}`, set, 'application/json')).status, 503);
  const dry = await send('POST', `/api/exchange/dhis2/dataValueSets?planId=${planId}&dryRun=true`, set, 'application/json');
  assert.equal(dry.status, 200, dry.body);
  assert.equal(dry.json.dryRun, true);
  assert.deepEqual(dry.json.importCount, { imported: 1, updated: 0, ignored: 0, deleted: 0 });
});

test('DHIS2 import through the API: imported, then ignored when unchanged, updated when changed; the docs example is refused row by row', async () => {
  const store = memoryStore();
  setValueStore(store);
  const set = { dataSet: 'pBOMPrpg1QX', period: '2024', orgUnit: 'DiszpKrYNg8', dataValues: [{ dataElement: 'f7n9E0hX8qk', value: '76.2', comment: 'Sở LĐ-TB&XH' }, { dataElement: 'eY5ehpbEsB7', value: '9.8' }, { dataElement: 'Ob4KMsVc0Jf', categoryOptionCombo: 'Prlt0C1RF0s', value: '4.1' }] };
  const r1 = await send('POST', `/api/exchange/dhis2/dataValueSets?planId=${planId}`, JSON.stringify(set), 'application/json');
  assert.equal(r1.status, 200, r1.body);
  assert.equal(r1.json.status, 'SUCCESS');
  assert.deepEqual(r1.json.importCount, { imported: 3, updated: 0, ignored: 0, deleted: 0 });
  assert.equal(store.data.get(`${kg}|4c|rural|2024`)?.value, 4.1);
  set.dataValues[1].value = '9.6';
  const r2 = await send('POST', `/api/exchange/dhis2/dataValueSets?planId=${planId}`, JSON.stringify(set), 'application/json');
  assert.deepEqual(r2.json.importCount, { imported: 0, updated: 1, ignored: 2, deleted: 0 });

  const before = JSON.stringify([...store.data]);
  const docs = await send('POST', `/api/exchange/dhis2/dataValueSets?planId=${planId}`, fs.readFileSync(path.join(FIX, 'dhis2-docs-example.json'), 'utf8'), 'application/json');
  assert.equal(docs.status, 409);
  assert.equal(docs.json.status, 'ERROR');
  assert.deepEqual(docs.json.importCount, { imported: 0, updated: 0, ignored: 3, deleted: 0 });
  assert.deepEqual(docs.json.conflicts.map((c: { indexes: number[] }) => c.indexes[0]), [0, 1, 2]);
  const mixed = { period: '2024', orgUnit: 'DiszpKrYNg8', dataValues: [{ dataElement: 'f7n9E0hX8qk', value: '80' }, { dataElement: 'UNKNOWNuid1', value: '1' }, { dataElement: 'f7n9E0hX8qk', orgUnit: 'NOTmapped01', value: '2' }, { dataElement: 'eY5ehpbEsB7', period: '2031', value: '9' }, { dataElement: 'Ix2HsbDMLea', value: 'abc' }] };
  const bad = await send('POST', `/api/exchange/dhis2/dataValueSets?planId=${planId}`, JSON.stringify(mixed), 'application/json');
  assert.equal(bad.status, 409);
  assert.deepEqual([...new Set(bad.json.conflicts.flatMap((c: { indexes: number[] }) => c.indexes))].sort(), [1, 2, 3, 4]);
  assert.equal(JSON.stringify([...store.data]), before, 'nothing half-imported');
  const notJson = await send('POST', `/api/exchange/dhis2/dataValueSets?planId=${planId}`, '{"dataValues": [', 'text/plain');
  assert.equal(notJson.status, 409);
  assert.match(notJson.json.conflicts[0].value, /không phải JSON hợp lệ/);
});

test('round trip through the API: values → JSON / ADX → an empty store → identical values', async () => {
  const source = memoryStore();
  const values: ExchangeValue[] = [
    { unitId: kg, measure: '1', group: null, period: '2024', value: 76.2, comment: 'Sở LĐ-TB&XH' },
    { unitId: kg, measure: '3a', group: null, period: '2024', value: 9.8, comment: null },
    { unitId: kg, measure: '4c', group: 'rural', period: '2024', value: 4.1, comment: null },
    { unitId: kg, measure: '4c', group: 'urban', period: '2024', value: 8.75, comment: 'nguồn <Viện Dinh dưỡng> & "khảo sát"' },
  ];
  for (const v of values) source.data.set(valueKey(v), v);
  setValueStore(source);
  const json = await ctx.request({ url: `/api/exchange/dhis2/dataValueSets?planId=${planId}&unitId=${kg}&period=2024` });
  assert.equal(json.statusCode, 200);
  assert.equal(json.json.dataSet, 'pBOMPrpg1QX');
  assert.equal(json.json.dataValues.length, 4);
  const adx = await ctx.app.inject({ method: 'GET', url: `/api/exchange/adx?planId=${planId}&unitId=${kg}&period=2024`, cookies: { vitreem_session: admin.sessionId, vitreem_csrf: admin.csrfToken } });
  assert.equal(adx.statusCode, 200);
  assert.match(String(adx.headers['content-type']), /application\/adx\+xml/);
  assert.match(adx.body, /period="2024-01-01\/P1Y"/);

  for (const [label, body, url, type] of [['json', JSON.stringify(json.json), '/api/exchange/dhis2/dataValueSets', 'application/json'], ['adx', adx.body, '/api/exchange/adx', 'application/xml']] as const) {
    const target = memoryStore();
    setValueStore(target);
    const r = await send('POST', `${url}?planId=${planId}`, body, type);
    assert.equal(r.status, 200, `${label}: ${r.body}`);
    assert.equal(r.json.importCount.imported, 4, label);
    const sort = (m: Map<string, ExchangeValue>) => [...m.entries()].sort(([a], [b]) => a.localeCompare(b));
    assert.deepEqual(sort(target.data), sort(source.data), label);
  }
  const xlsx = await ctx.app.inject({ method: 'GET', url: `/api/exchange/values.xlsx?planId=${planId}&unitId=${kg}&period=2024`, cookies: { vitreem_session: admin.sessionId, vitreem_csrf: admin.csrfToken } });
  assert.equal(xlsx.statusCode, 200);
});

test('ADX import validates the structure; CSV import is all or nothing with every bad row reported', async () => {
  const store = memoryStore();
  setValueStore(store);
  const bad = await send('POST', `/api/exchange/adx?planId=${planId}`, '<adx xmlns="urn:ihe:qrph:adx:2015" exported="2024-12-01T00:00:00Z"><group orgUnit="DiszpKrYNg8" period="2024-01-01/P1M" dataSet="x"><dataValue dataElement="f7n9E0hX8qk" value="12,5"/><dataValue dataElement="eY5ehpbEsB7" value="9"/></group></adx>', 'application/xml');
  assert.equal(bad.status, 409);
  assert.ok(bad.json.conflicts.some((c: { valueEn: string }) => /value "12,5" is not numeric/.test(c.valueEn)));
  assert.ok(bad.json.conflicts.some((c: { valueEn: string }) => /Period "202401".*not accepted/.test(c.valueEn)));
  assert.equal(store.data.size, 0);

  const csvBad = `unit_code,measure,group,value\n${kgCode},1,,76,2\n${kgCode},3a,,9.8\nXX,1,,5\n${kgCode},4c,rural,140\n`;
  const r = await send('POST', `/api/exchange/csv?planId=${planId}&unitId=${kg}&period=2024`, csvBad, 'text/csv');
  assert.equal(r.status, 409, r.body);
  const rows = [...new Set(r.json.conflicts.flatMap((c: { indexes: number[] }) => c.indexes))].sort();
  assert.deepEqual(rows, [0, 2, 3]);
  assert.equal(store.data.size, 0);
  const csvGood = `unit_code;measure;group;value;comment\n${kgCode};1;;76,2;"Báo cáo; Sở"\n${kgCode};3a;;9,8;\n${kgCode};4c;rural;4,1;\n`;
  const ok = await send('POST', `/api/exchange/csv?planId=${planId}&unitId=${kg}&period=2024`, csvGood, 'text/csv');
  assert.equal(ok.status, 200, ok.body);
  assert.equal(ok.json.importCount.imported, 3);
  assert.equal(store.data.get(`${kg}|1||2024`)?.value, 76.2);
  assert.equal(store.data.get(`${kg}|1||2024`)?.comment, 'Báo cáo; Sở');
  const missing = await send('POST', `/api/exchange/csv?planId=${planId}&unitId=${kg}&period=2024`, 'unit_code,measure\n', 'text/csv');
  assert.equal(missing.status, 400);
  assert.match(missing.json.error.message, /Thiếu cột bắt buộc: value/);
});
