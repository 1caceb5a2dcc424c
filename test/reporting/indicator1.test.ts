/**
 * Indicator 1 (share of child-friendly communes) is one figure, computed from the recognitions, and
 * every place that shows it agrees: the unit dashboard, the series, the child-unit table, the leader's
 * overview, the documents' indicator results (DOCX/PDF data and indicators.xlsx), the DHIS2 and XLSX value
 * exports, and the report form. On the demo province (Thanh Hóa: recognitions 2021–2025 through the real
 * child-friendly commune cycle, communes merged on 01/07/2025).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { createTestContext, type TestContext } from '../helpers/context.ts';
import { loadDemo, type DemoSummary } from '../../src/storage/demo/index.ts';
import { indicatorOne } from '../../src/storage/indicator1.ts';
import { reportData } from '../../src/storage/documents.ts';
import '../../src/storage/exchange-reporting.ts';

let ctx: TestContext;
let demo: DemoSummary;
let m1: number;
const unitByCode = async (code: string, level = 'commune') => (await ctx.database.db.selectFrom('admin_unit').select('id').where('code', '=', code).where('level', '=', level).executeTakeFirstOrThrow()).id;
/** a commune from 01/07/2025 (codes repeat across the reform) */
const newCommune = async (code: string) => (await ctx.database.db.selectFrom('admin_unit').select('id').where('code', '=', code).where('level', '=', 'commune').where('valid_from', '=', '2025-07-01').executeTakeFirstOrThrow()).id;
const round = (x: number | null) => (x === null ? null : Math.round(x * 1000) / 1000);

before(async () => {
  ctx = await createTestContext();
  demo = await loadDemo(ctx.database.db);
  m1 = (await ctx.database.db.selectFrom('measure as m').innerJoin('indicator as i', 'i.id', 'm.indicator_id').select('m.id').where('i.scope_plan_id', 'is', null).where('m.code', '=', '1').executeTakeFirstOrThrow()).id;
});
after(async () => ctx.close());

test('the figure itself: Thanh Hóa 2021–2025 from the recognitions; no cycle that year is no data, not 0%', async () => {
  const db = ctx.database.db;
  const got = [];
  for (const year of [2020, 2021, 2022, 2023, 2024, 2025]) {
    const f = await indicatorOne(db, demo.province.id, year);
    got.push([year, f.numerator, f.denominator, round(f.value)]);
  }
  assert.deepEqual(got, [
    [2020, null, null, null], // the province did not run the cycle in vitreem: no data
    [2021, 1, 7, 14.286],
    [2022, 2, 7, 28.571],
    [2023, 2, 7, 28.571],
    [2024, 4, 7, 57.143],
    [2025, 1, 3, 33.333], // merged communes start again: only Hoằng Kim's successor recognised
  ]);
  assert.equal((await indicatorOne(db, demo.province.id, 2024)).coverage, 1);
  // a merged commune asked about 2023 answers through its predecessors (Hoằng Kim and Hoằng Phú recognised, Hoằng Trung and Hoằng Quý not)
  const hp25 = await newCommune('15889');
  assert.deepEqual([(await indicatorOne(db, hp25, 2023)).numerator, (await indicatorOne(db, hp25, 2023)).denominator], [2, 4]);
  // the nation: Thanh Hóa's communes count; communes of provinces that do not run the cycle lower the coverage, not the value
  const nation = (await db.selectFrom('admin_unit').select('id').where('level', '=', 'nation').executeTakeFirstOrThrow()).id;
  // two communes of Hà Nội, which does not run the cycle in vitreem
  const hanoi = (await db.selectFrom('admin_unit').select('id').where('level', '=', 'province').where('code', '=', '01').executeTakeFirstOrThrow()).id;
  for (const [code, name] of [['HN-T1', 'Phường Thử Một'], ['HN-T2', 'Phường Thử Hai']]) {
    const r = await ctx.request({ method: 'POST', url: '/api/units', payload: { code, name, level: 'commune', kind: 'phường', parentId: hanoi, validFrom: '2020-01-01' } });
    assert.equal(r.statusCode, 201, r.body);
  }
  const hn = await indicatorOne(db, hanoi, 2024);
  assert.deepEqual([hn.value, hn.numerator, hn.expectedCount, hn.coverage], [null, null, 2, 0], 'no data, not 0%');
  const n = await indicatorOne(db, nation, 2024);
  assert.deepEqual([n.numerator, n.denominator, round(n.value)], [4, 7, 57.143]);
  assert.deepEqual([n.expectedCount, round(n.coverage), n.partial], [9, round(7 / 9), true], JSON.stringify(n));
  // the reported values of the old demo, if any, are ignored: nothing feeds measure 1 any more
  const fed = await db.selectFrom('obligation_measure').select('obligation_id').where('measure_id', '=', m1).execute();
  assert.equal(fed.length, 0, 'no report asks for indicator 1');
});

test('dashboard, series, child-unit table and overview all show that figure', async () => {
  const province = demo.province.id;
  for (const year of [2021, 2022, 2023, 2024, 2025]) {
    const f = await indicatorOne(ctx.database.db, province, year);
    const dash = (await ctx.request({ url: `/api/dashboard/units/${province}?year=${year}` })).json;
    const row = dash.measures.find((m: { code: string }) => m.code === '1');
    assert.deepEqual([row.value, row.numerator, row.denominator, row.coverage], [f.value, f.numerator, f.denominator, f.coverage], `dashboard ${year}`);
  }
  const series = (await ctx.request({ url: `/api/dashboard/units/${province}/series?measure=${m1}&from=2021&to=2030` })).json;
  for (const y of series.years) {
    if (y.year > 2025) continue;
    assert.equal(y.value, (await indicatorOne(ctx.database.db, province, y.year)).value, `series ${y.year}`);
  }
  assert.deepEqual(series.years.map((y: { year: number }) => y.year), [2021, 2022, 2023, 2024, 2025, 2026, 2027, 2028, 2029, 2030]);
  assert.ok(series.years.filter((y: { year: number }) => y.year > 2025).every((y: { value: number | null; expected: number | null }) => y.value === null && y.expected !== null), 'future years: trajectory only');
  // 2024: the two districts; each child's figure and the total are the same function's
  for (const [unit, year] of [[province, 2024], [province, 2025], [await unitByCode('399', 'district'), 2024]] as const) {
    const table = (await ctx.request({ url: `/api/dashboard/units/${unit}/children?measure=${m1}&year=${year}` })).json;
    assert.equal(table.total.value, (await indicatorOne(ctx.database.db, unit, year)).value, `total ${unit} ${year}`);
    const withValue = table.children.filter((c: { value: number | null }) => c.value !== null);
    assert.ok(withValue.length >= 2, `${unit} ${year}: ${JSON.stringify(table.children.map((c: { unit: { name: string }; value: number | null }) => [c.unit.name, c.value]))}`);
    for (const c of table.children) assert.equal(c.value, (await indicatorOne(ctx.database.db, c.unit.id, year)).value, `child ${c.unit.name} ${year}`);
  }
  const hoangHoa = (await ctx.request({ url: `/api/dashboard/units/${province}/children?measure=${m1}&year=2024` })).json.children.find((c: { unit: { name: string } }) => c.unit.name === 'Hoằng Hóa');
  assert.deepEqual([hoangHoa.numerator, hoangHoa.denominator], [3, 4]); // Hoằng Kim, Hoằng Trung, Hoằng Phú recognised; Hoằng Quỳ never registered
  // 2025: 33,3% against ≥ 65% by 2025 → off track on the leader's overview, with the same value
  const overview = (await ctx.request({ url: `/api/overview?unitId=${province}&year=2025` })).json;
  const off = overview.offTrack.find((m: { code: string }) => m.code === '1');
  assert.ok(off, 'indicator 1 is off track in 2025');
  assert.equal(off.value, (await indicatorOne(ctx.database.db, province, 2025)).value);
  assert.equal(off.status, 'off_track');
});

test('documents (DOCX/PDF data, indicators.xlsx) and the DHIS2 and XLSX value exports carry the same figure', async () => {
  const province = demo.province.id;
  const planId = demo.reporting.planId;
  const f2024 = await indicatorOne(ctx.database.db, province, 2024);
  const data = await reportData(ctx.database.db, { unitId: province, planId, year: 2024, kind: 'yearly' });
  const docRow = data.indicators.find((r) => r.number === '1');
  assert.equal(docRow?.result, f2024.value);

  const xlsx = await ctx.app.inject({ method: 'GET', url: `/api/reports/${province}/2024/indicators.xlsx?planId=${planId}`, cookies: await adminCookies() });
  assert.equal(xlsx.statusCode, 200, xlsx.body.slice(0, 300));
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
  const ws = wb.worksheets[0];
  const results = new Map<string, number | null>();
  ws.eachRow((row, n) => {
    // column 9: the result (column 4 is the unit of measure, added for NĐ 30 printing)
    if (n > 3 && row.getCell(2).value === '1') results.set(String(row.getCell(1).value), row.getCell(9).value as number | null);
  });
  assert.equal(results.get('Thanh Hóa') ?? results.get('tỉnh Thanh Hóa'), f2024.value, JSON.stringify([...results]));
  const hoangHoa = await unitByCode('399', 'district');
  assert.equal(results.get('Hoằng Hóa'), (await indicatorOne(ctx.database.db, hoangHoa, 2024)).value);

  // DHIS2: map indicator 1's numerator and denominator and the province, export 2024
  for (const [part, de] of [['numerator', 'CffRecogN01'], ['denominator', 'CffCommD001']] as const)
    assert.equal((await ctx.request({ method: 'POST', url: '/api/exchange/mapping/elements', payload: { measure: '1', part, dataElement: de } })).statusCode, 201);
  assert.equal((await ctx.request({ method: 'POST', url: '/api/exchange/mapping/org-units', payload: { unitId: province, orgUnit: 'ThanhHoa038' } })).statusCode, 201);
  const dvs = (await ctx.request({ url: `/api/exchange/dhis2/dataValueSets?planId=${planId}&unitId=${province}&period=2024` })).json;
  const de = (id: string) => dvs.dataValues.find((d: { dataElement: string; orgUnit: string }) => d.dataElement === id && d.orgUnit === 'ThanhHoa038');
  assert.deepEqual([Number(de('CffRecogN01')?.value), Number(de('CffCommD001')?.value)], [f2024.numerator, f2024.denominator]);

  const values = await ctx.app.inject({ method: 'GET', url: `/api/exchange/values.xlsx?planId=${planId}&unitId=${province}&period=2024&children=true`, cookies: await adminCookies() });
  assert.equal(values.statusCode, 200);
  const raw = new ExcelJS.Workbook();
  await raw.xlsx.load(values.rawPayload as unknown as ArrayBuffer);
  const lines: string[] = [];
  raw.worksheets[0].eachRow((row) => lines.push(row.values!.toString()));
  const kim = lines.filter((l) => l.includes('Hoằng Kim') && /,1,/.test(l));
  assert.ok(kim.length >= 2, `Hoằng Kim's indicator 1 (recognised in 2024: 1/1) is exported: ${lines.slice(0, 5).join(' | ')}`);

  // importing indicator 1 stores nothing: it is computed (a warning says so), the other values still go in
  const set = { period: '2024', orgUnit: 'ThanhHoa038', dataValues: [{ dataElement: 'CffRecogN01', value: '7' }, { dataElement: 'CffCommD001', value: '7' }] };
  const imported = await ctx.request({ method: 'POST', url: `/api/exchange/dhis2/dataValueSets?planId=${planId}`, payload: set });
  assert.equal(imported.statusCode, 200, imported.body);
  assert.deepEqual(imported.json.importCount, { imported: 0, updated: 0, ignored: 2, deleted: 0 });
  assert.match(imported.json.warnings[0].value, /quyết định công nhận/);
  assert.equal((await indicatorOne(ctx.database.db, province, 2024)).numerator, 4);
});

test('the report form shows indicator 1 computed, never asks for it, and refuses a typed value', async () => {
  const hp25 = await newCommune('15520');
  const mine = (await ctx.request({ url: `/api/my/reports?unitId=${hp25}&year=2025` })).json.items.find((i: { agency: unknown }) => i.agency === null);
  const form = (await ctx.request({ url: `/api/obligations/${mine.id}` })).json;
  assert.ok(!form.measures.some((m: { code: string }) => m.code === '1'), 'not in the form');
  const derived = form.derived.find((d: { measure: string }) => d.measure === '1');
  const f = await indicatorOne(ctx.database.db, hp25, 2025);
  assert.deepEqual([derived.value, derived.numerator, derived.denominator], [f.value, f.numerator, f.denominator]);
  assert.match(derived.noteVi, /quyết định công nhận/);
  if (form.status === 'draft' || form.status === 'returned') {
    const typed = await ctx.request({ method: 'PUT', url: `/api/obligations/${mine.id}`, payload: { version: form.version, values: [{ measure: '1', numerator: 1, denominator: 1 }] } });
    assert.equal(typed.statusCode, 400);
    assert.equal(typed.json.error.code, 'measure_not_assigned');
  }
});

async function adminCookies(): Promise<Record<string, string>> {
  const c = await ctx.sessionFor({ id: ctx.admin.id, username: ctx.admin.username });
  return { vitreem_session: c.sessionId, vitreem_csrf: c.csrfToken };
}
