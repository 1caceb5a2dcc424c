/**
 * The exchange API on the reporting engine (the real value store): DHIS2 XML and CSV bodies, one write path for dry
 * and real runs, locked reports in the ImportSummary, deletions, follow-up, legacy encodings, and a round trip of
 * every export (DHIS2 JSON, ADX, values.xlsx).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestContext, type TestContext, type Client } from '../helpers/context.ts';
import { asSystem } from '../../src/storage/users.ts';
import { createPlan } from '../../src/storage/plans.ts';
import { setValueStore } from '../../src/storage/exchange-values.ts';
import { reportingValueStore } from '../../src/storage/exchange-reporting.ts';
import { generateObligations } from '../../src/storage/reporting.ts';
import { encodeWindows1258 } from '../../src/importer/decode.ts';
import { kienGiangInput, kienGiangUnitId } from '../fixtures/documents/kien-giang-input.ts';

const DVS = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'shared', 'interop', 'dhis2-datavalueset');
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
let ctx: TestContext;
let admin: Client;
let planId: number;
let kg: number;
let kgCode: string;

async function send(method: string, url: string, body: string | Buffer, type: string) {
  const r = await ctx.app.inject({ method: method as 'POST', url, payload: body, headers: { 'content-type': type, 'x-csrf-token': admin.csrfToken }, cookies: { vitreem_session: admin.sessionId, vitreem_csrf: admin.csrfToken } });
  return { status: r.statusCode, json: (() => { try { return JSON.parse(r.body); } catch { return undefined; } })(), body: r.body, raw: r.rawPayload, headers: r.headers };
}
const get = (url: string) => ctx.app.inject({ method: 'GET', url, cookies: { vitreem_session: admin.sessionId, vitreem_csrf: admin.csrfToken } });
const stored = async (code: string, year = 2024) =>
  ctx.database.db.selectFrom('data_value as dv').innerJoin('measure as m', 'm.id', 'dv.measure_id').innerJoin('obligation as o', 'o.id', 'dv.obligation_id').select(['dv.numerator', 'dv.denominator', 'dv.value', 'dv.comment', 'dv.followup', 'dv.disagg_key']).where('m.code', '=', code).where('o.unit_id', '=', kg).where('o.year', '=', year).where('o.plan_id', '=', planId).orderBy('dv.disagg_key').execute();

before(async () => {
  ctx = await createTestContext();
  admin = await ctx.login('admin', ctx.admin.password);
  kg = await kienGiangUnitId(ctx.database.db);
  kgCode = (await ctx.database.db.selectFrom('admin_unit').select('code').where('id', '=', kg).executeTakeFirstOrThrow()).code;
  planId = await asSystem(ctx.database.db, 'test', (trx) => createPlan(trx, kienGiangInput(kg)));
  await asSystem(ctx.database.db, 'test', async (trx) => {
    await generateObligations(trx, planId, 2024);
    await generateObligations(trx, planId, 2025);
  });
  setValueStore(reportingValueStore);
  const E = (measure: string, part: string, dataElement: string, extra: Record<string, unknown> = {}) => ctx.request({ method: 'POST', url: '/api/exchange/mapping/elements', payload: { measure, part, dataElement, ...extra } });
  assert.equal((await E('2', 'numerator', 'RateNum0001')).statusCode, 201);
  assert.equal((await E('2', 'denominator', 'RateDen0001')).statusCode, 201);
  assert.equal((await E('13', 'value', 'eY5ehpbEsB7')).statusCode, 201);
  assert.equal((await ctx.request({ method: 'POST', url: '/api/exchange/mapping/org-units', payload: { unitId: kg, orgUnit: 'DiszpKrYNg8' } })).statusCode, 201);
  assert.equal((await ctx.request({ method: 'PUT', url: '/api/exchange/mapping/settings', payload: { dataSet: 'pBOMPrpg1QX' } })).statusCode, 200);
});
after(async () => {
  await ctx?.close();
});

const xmlSet = (year: string, rows: string) => `<dataValueSet xmlns="http://dhis2.org/schema/dxf/2.0" dataSet="pBOMPrpg1QX" period="${year}" orgUnit="DiszpKrYNg8">\n${rows}\n</dataValueSet>`;

test('DHIS2 XML is read (DHIS2\'s default format); a dry run answers what the real run does, even for a numerator alone', async () => {
  const first = xmlSet('2024', '<dataValue dataElement="RateNum0001" value="76" comment="Sở LĐ-TB&amp;XH"/><dataValue dataElement="RateDen0001" value="100"/><dataValue dataElement="eY5ehpbEsB7" value="12" followup="true"/>');
  const dry = await send('POST', `/api/exchange/dhis2/dataValueSets?planId=${planId}&dryRun=true`, first, 'application/xml');
  assert.equal(dry.status, 200, dry.body);
  assert.deepEqual(dry.json.importCount, { imported: 3, updated: 0, ignored: 0, deleted: 0 });
  assert.equal((await stored('2')).length, 0, 'the dry run stored nothing');
  const real = await send('POST', `/api/exchange/dhis2/dataValueSets?planId=${planId}`, first, 'application/xml');
  assert.equal(real.status, 200, real.body);
  assert.deepEqual(real.json.importCount, dry.json.importCount);
  assert.deepEqual((await stored('2')).map((r) => [Number(r.numerator), Number(r.denominator), r.comment]), [[76, 100, 'Sở LĐ-TB&XH']]);
  assert.equal((await stored('13'))[0].followup, true);
  // only the numerator changes: dry run and real run agree ("updated 1") and the denominator stays
  const numOnly = xmlSet('2024', '<dataValue dataElement="RateNum0001" value="80"/>');
  const dry2 = await send('POST', `/api/exchange/dhis2/dataValueSets?planId=${planId}&dryRun=true`, numOnly, 'application/xml');
  const real2 = await send('POST', `/api/exchange/dhis2/dataValueSets?planId=${planId}`, numOnly, 'application/xml');
  assert.equal(dry2.status, 200, dry2.body);
  assert.equal(real2.status, 200, real2.body);
  assert.deepEqual(dry2.json.importCount, { imported: 0, updated: 1, ignored: 0, deleted: 0 });
  assert.deepEqual(real2.json.importCount, dry2.json.importCount);
  assert.deepEqual((await stored('2')).map((r) => [Number(r.numerator), Number(r.denominator), r.comment]), [[80, 100, 'Sở LĐ-TB&XH']]);
  // a comment-only change is stored
  const commentOnly = xmlSet('2024', '<dataValue dataElement="eY5ehpbEsB7" comment="đã kiểm tra"/>');
  const c = await send('POST', `/api/exchange/dhis2/dataValueSets?planId=${planId}`, commentOnly, 'application/xml');
  assert.deepEqual(c.json.importCount, { imported: 0, updated: 1, ignored: 0, deleted: 0 });
  assert.deepEqual((await stored('13')).map((r) => [Number(r.value), r.comment]), [[12, 'đã kiểm tra']]);
});

test('DHIS2 CSV with and without header; deleted deletes; a foreign data set and a monthly period are conflicts', async () => {
  const header = '"dataelement","period","orgunit","categoryoptioncombo","attributeoptioncombo","value","storedby","timestamp","comment","followup","deleted"\n';
  const row = (de: string, value: string, deleted = '') => `"${de}","2025","DiszpKrYNg8","","","${value}","john","2025-01-01","","false","${deleted}"\n`;
  const r1 = await send('POST', `/api/exchange/dhis2/dataValueSets?planId=${planId}`, header + row('eY5ehpbEsB7', '7'), 'text/csv');
  assert.equal(r1.status, 200, r1.body);
  assert.equal(r1.json.importCount.imported, 1);
  const r2 = await send('POST', `/api/exchange/dhis2/dataValueSets?planId=${planId}`, row('eY5ehpbEsB7', '7', 'true') + ';;;;\n', 'text/csv');
  assert.equal(r2.status, 200, r2.body);
  assert.deepEqual(r2.json.importCount, { imported: 0, updated: 0, ignored: 0, deleted: 1 });
  assert.equal((await stored('13', 2025)).length, 0);
  // DHIS2's own file: monthly 2012 periods this plan does not report on, each row named
  const b = await send('POST', `/api/exchange/dhis2/dataValueSets?planId=${planId}`, fs.readFileSync(path.join(DVS, 'dataValueSetBNoHeader.csv')), 'text/csv');
  assert.equal(b.status, 409);
  assert.equal(b.json.responseType, 'ImportSummary');
  assert.ok(b.json.conflicts.some((c: { errorCode: string; valueEn: string }) => c.errorCode === 'E7614' && /Period "201201" \(Monthly, 2012-01-01 – 2012-01-31\) is not a period this plan reports on/.test(c.valueEn)));
  const foreign = await send('POST', `/api/exchange/dhis2/dataValueSets?planId=${planId}`, xmlSet('2025', '<dataValue dataElement="eY5ehpbEsB7" value="1"/>').replace('pBOMPrpg1QX', 'OtherDataSet'), 'application/xml');
  assert.equal(foreign.status, 409);
  assert.equal(foreign.json.conflicts[0].errorCode, 'E7628');
  const scheme = await send('POST', `/api/exchange/dhis2/dataValueSets?planId=${planId}&idScheme=NAME`, header + row('eY5ehpbEsB7', '7'), 'text/csv');
  assert.equal(scheme.status, 409);
  assert.equal(scheme.json.conflicts[0].errorCode, 'E7601');
  // never a 500 on garbage
  for (const [body, type] of [['<dataValueSet><dataValue', 'application/xml'], ['<!DOCTYPE x [<!ENTITY a "aaaa">]><dataValueSet/>', 'application/xml'], ['\u0000\u0001\u0002', 'text/csv'], ['{"dataValues": 5}', 'application/json'], ['<adx/>', 'text/xml']] as const) {
    const r = await send('POST', `/api/exchange/dhis2/dataValueSets?planId=${planId}`, body, type);
    assert.ok(r.status === 409 || r.status === 400, `${body}: ${r.status} ${r.body}`);
  }
});

test('an approved report: dry run and real run both answer an ImportSummary with the conflict, nothing changes', async () => {
  const db = ctx.database.db;
  const ids = (await db.selectFrom('obligation').select('id').where('plan_id', '=', planId).where('unit_id', '=', kg).where('year', '=', 2024).execute()).map((o) => o.id);
  await db.updateTable('obligation').set({ status: 'approved' }).where('id', 'in', ids).execute();
  try {
    const set = JSON.stringify({ period: '2024', orgUnit: 'DiszpKrYNg8', dataValues: [{ dataElement: 'eY5ehpbEsB7', value: '99' }] });
    for (const dry of ['true', 'false']) {
      const r = await send('POST', `/api/exchange/dhis2/dataValueSets?planId=${planId}&dryRun=${dry}`, set, 'application/json');
      assert.equal(r.status, 409, r.body);
      assert.equal(r.json.responseType, 'ImportSummary');
      assert.equal(r.json.status, 'ERROR');
      assert.equal(r.json.conflicts[0].errorCode, 'E7626');
      assert.match(r.json.conflicts[0].value, /đã được phê duyệt và khóa/);
      assert.match(r.json.conflicts[0].valueEn, /is approved and locked/);
    }
    assert.equal(Number((await stored('13'))[0].value), 12);
  } finally {
    await db.updateTable('obligation').set({ status: 'draft' }).where('id', 'in', ids).execute();
  }
});

test('a Windows-1258 CSV with Vietnamese headers: comments stored right, not garbled; VNI refused naming it', async () => {
  const csv = `Mã đơn vị;Chỉ số;Nhóm;Giá trị;Ghi chú\n${kgCode};13;;14;Tảo hôn ở Hòn Đất\n;;;;\n`;
  const r = await send('POST', `/api/exchange/csv?planId=${planId}&unitId=${kg}&period=2024`, encodeWindows1258(csv), 'text/csv');
  assert.equal(r.status, 200, r.body);
  assert.deepEqual((await stored('13')).map((x) => [Number(x.value), x.comment]), [[14, 'Tảo hôn ở Hòn Đất']]);
  const vni = Buffer.from(`Ma\u00f5 \u00f1\u00f4n vò;Chæ soá;Giaù trò;Ghi chuù\n${kgCode};13;14;Taûo hoân ôû Hoøn Ñaát\n`, 'latin1');
  const v = await send('POST', `/api/exchange/csv?planId=${planId}&unitId=${kg}&period=2024`, vni, 'text/csv');
  assert.equal(v.status, 400);
  assert.match(v.json.error.message, /bảng mã VNI/);
});

test('round trips: DHIS2 JSON, ADX and values.xlsx read back unchanged; an ADX export without values is 204', async () => {
  const base = `planId=${planId}&unitId=${kg}&period=2024`;
  const json = await get(`/api/exchange/dhis2/dataValueSets?${base}`);
  assert.equal(json.statusCode, 200);
  const doc = JSON.parse(json.body);
  assert.equal(doc.dataValues.length, 3);
  assert.ok(doc.dataValues.some((d: { followup: boolean; storedBy: string }) => d.followup === true && d.storedBy));
  const back = await send('POST', `/api/exchange/dhis2/dataValueSets?planId=${planId}`, JSON.stringify(doc), 'application/json');
  assert.equal(back.status, 200, back.body);
  assert.deepEqual(back.json.importCount, { imported: 0, updated: 0, ignored: 3, deleted: 0 }, JSON.stringify(doc));
  assert.deepEqual(back.json.importCount, { imported: 0, updated: 0, ignored: 3, deleted: 0 });
  const adx = await get(`/api/exchange/adx?${base}`);
  assert.equal(adx.statusCode, 200);
  assert.match(adx.body, /comment="Tảo hôn ở Hòn Đất"/);
  const adxBack = await send('POST', `/api/exchange/adx?planId=${planId}`, adx.body, 'application/adx+xml');
  assert.equal(adxBack.status, 200, adxBack.body);
  assert.deepEqual(adxBack.json.importCount, { imported: 0, updated: 0, ignored: 3, deleted: 0 });
  const xlsx = await get(`/api/exchange/values.xlsx?${base}`);
  assert.equal(xlsx.statusCode, 200);
  const xBack = await send('POST', `/api/exchange/csv?${base}`, xlsx.rawPayload, XLSX);
  assert.equal(xBack.status, 200, xBack.body);
  // the rate is one row (numerator and denominator side by side), the count another
  assert.deepEqual(xBack.json.importCount, { imported: 0, updated: 0, ignored: 3, deleted: 0 });
  // into the empty 2025 reports through the same workbook: identical values
  const to2025 = await send('POST', `/api/exchange/dhis2/dataValueSets?planId=${planId}`, JSON.stringify({ ...doc, dataValues: doc.dataValues.map((d: object) => ({ ...d, period: '2025' })) }), 'application/json');
  assert.equal(to2025.status, 200, to2025.body);
  const strip = (vs: { period: string }[]) => vs.map(({ period: _p, ...v }) => v);
  assert.deepEqual(strip(await reportingValueStore.read(ctx.database.db, { planId, unitIds: [kg], period: '2025' })).map((v) => JSON.stringify({ ...v, storedBy: null })), strip(await reportingValueStore.read(ctx.database.db, { planId, unitIds: [kg], period: '2024' })).map((v) => JSON.stringify({ ...v, storedBy: null })));
  const empty = await get(`/api/exchange/adx?planId=${planId}&unitId=${kg}&period=2026`);
  assert.equal(empty.statusCode, 204);
});
