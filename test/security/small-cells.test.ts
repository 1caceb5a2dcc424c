/**
 * Small-cell suppression of reported child counts (issue #13, "Also:"): one injury death of a child in one
 * commune, reported through the real workflow, leaves no dashboard, table, series, values.xlsx, DHIS2 or ADX
 * export as a figure; other indicators (3a, neonatal deaths) and large counts still do.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { createTestContext, type TestContext } from '../helpers/context.ts';
import { buildFixture, createPlan, type Fixture } from '../reporting/fixture.ts';
import { isSmallCount, SMALL_CELL_MEASURES, suppressFigure, suppressValues } from '../../src/domain/reporting/small-cells.ts';
import { Counter } from './harness.ts';

let ctx: TestContext;
let f: Fixture;
let plan: number;
const counter = new Counter('small-cells');

before(async () => {
  ctx = await createTestContext();
  f = await buildFixture(ctx.database.db);
  plan = await createPlan(ctx.database.db, f.thanhHoa, ['3', '9', '11', '13'], { number: 'KH-SMALL' });
  const r = await ctx.request({ method: 'POST', url: `/api/plans/${plan}/obligations?year=2024` });
  assert.ok(r.statusCode === 201 || r.statusCode === 200, r.body);
  const enter = async (unitId: number, values: object[]) => {
    const list = await ctx.request({ url: `/api/my/reports?unitId=${unitId}&year=2024&planId=${plan}` });
    const o = list.json.items.find((i: { kind: string }) => i.kind === 'annual');
    assert.ok(o, `an annual report for unit ${unitId}`);
    const saved = await ctx.request({ method: 'PUT', url: `/api/obligations/${o.id}`, payload: { version: o.version, values } });
    assert.equal(saved.statusCode, 200, saved.body);
    const submitted = await ctx.request({ method: 'POST', url: `/api/obligations/${o.id}/submit` });
    assert.equal(submitted.statusCode, 200, submitted.body);
  };
  // Hoằng Kim: one boy died of an injury, three children abused, two child marriages; 1 neonatal death (not a protection indicator)
  await enter(f.hoangKim, [
    { measure: '11b', numerator: 1, denominator: 900 },
    { measure: '11a', numerator: 12, denominator: 900 },
    { measure: '9', numerator: 3, denominator: 900 },
    { measure: '13', value: 2 },
    { measure: '3a', numerator: 1, denominator: 50 },
    { measure: '3b', numerator: 1, denominator: 50 },
    { measure: '3c', numerator: 1, denominator: 50 },
  ]);
  // Hoằng Trung: none
  await enter(f.hoangTrung, [
    { measure: '11b', numerator: 0, denominator: 1000 },
    { measure: '11a', numerator: 7, denominator: 1000 },
    { measure: '9', numerator: 0, denominator: 1000 },
    { measure: '13', value: 0 },
    { measure: '3a', numerator: 0, denominator: 60 },
    { measure: '3b', numerator: 0, denominator: 60 },
    { measure: '3c', numerator: 0, denominator: 60 },
  ]);
});
after(async () => {
  counter.report();
  assert.equal(counter.successes, 0, counter.findings.join('\n'));
  await ctx.close();
});

/** a figure that shows a small child count of a protected measure: a leak */
function leaks(code: string, fig: { value: number | null; numerator: number | null; denominator?: number | null }): boolean {
  if (!SMALL_CELL_MEASURES.has(code)) return false;
  if (isSmallCount(fig.numerator) || isSmallCount(fig.denominator ?? null)) return true;
  return fig.numerator === null && (fig.denominator ?? null) === null && isSmallCount(fig.value);
}

test('the rule: which measures, which counts', () => {
  assert.deepEqual([...SMALL_CELL_MEASURES].sort(), ['10', '11a', '11b', '12', '13', '8a', '8b', '9']);
  assert.deepEqual(suppressFigure('11b', { value: 111.1, numerator: 1, denominator: 900 }), { value: null, numerator: null, denominator: 900, suppressed: true });
  assert.deepEqual(suppressFigure('11b', { value: 0, numerator: 0, denominator: 900 }), { value: 0, numerator: 0, denominator: 900, suppressed: false }, 'zero stays');
  assert.deepEqual(suppressFigure('13', { value: 4, numerator: null, denominator: null }), { value: null, numerator: null, denominator: null, suppressed: true });
  assert.deepEqual(suppressFigure('8b', { value: 75, numerator: 3, denominator: 4 }), { value: null, numerator: null, denominator: null, suppressed: true });
  assert.equal(suppressFigure('3a', { value: 20, numerator: 1, denominator: 50 }).value, 20, 'not a protection indicator');
  assert.equal(suppressFigure('14', { value: 75, numerator: 3, denominator: 4 }).value, 75, 'birth registration is not suppressed');
  const v = (measure: string, part: string, value: number) => ({ unitId: 1, measure, group: null, period: '2024', part, value });
  const out = suppressValues([v('11b', 'numerator', 1), v('11b', 'denominator', 900), v('11a', 'numerator', 12), v('11a', 'denominator', 900), v('3a', 'numerator', 1)]);
  assert.deepEqual(out.values.map((x) => `${x.measure}:${x.part}`), ['11a:numerator', '11a:denominator', '3a:numerator']);
  assert.equal(out.suppressed, 2);
});

test('dashboards: the commune, the district above it, its table of communes and the series withhold 1–4', async () => {
  for (const unitId of [f.hoangKim, f.hoangHoa]) {
    const dash = (await ctx.request({ url: `/api/dashboard/units/${unitId}?year=2024` })).json;
    assert.ok(dash.measures.length > 0, JSON.stringify(dash).slice(0, 300));
    for (const m of dash.measures) counter.attempt(leaks(m.code, m), `dashboard ${unitId} ${m.code}: ${JSON.stringify({ v: m.value, n: m.numerator, d: m.denominator })}`);
    const m11b = dash.measures.find((m: { code: string }) => m.code === '11b');
    assert.equal(m11b.suppressed, true);
    assert.equal(m11b.value, null);
    if (unitId === f.hoangKim) assert.equal(dash.measures.find((m: { code: string }) => m.code === '3a').value, 20, 'other indicators keep their figures');
    assert.equal(dash.measures.find((m: { code: string }) => m.code === '11a').numerator, unitId === f.hoangKim ? 12 : 19, 'large counts are shown');
  }
  for (const code of ['11b', '9', '13']) {
    const table = (await ctx.request({ url: `/api/dashboard/units/${f.hoangHoa}/children?measure=${f.measures[code]}&year=2024` })).json;
    for (const row of [...table.children, table.total]) counter.attempt(leaks(code, row), `table ${code} ${JSON.stringify(row).slice(0, 200)}`);
    const series = (await ctx.request({ url: `/api/dashboard/units/${f.hoangKim}/series?measure=${f.measures[code]}&from=2023&to=2025` })).json;
    for (const y of series.years) counter.attempt(leaks(code, y), `series ${code} ${JSON.stringify(y)}`);
  }
  const overview = (await ctx.request({ url: `/api/overview?unitId=${f.hoangHoa}&year=2024` })).json;
  for (const m of overview.offTrack) counter.attempt(leaks(m.code, { value: m.value, numerator: null }) && m.value !== null && SMALL_CELL_MEASURES.has(m.code) && m.code === '13', `overview ${m.code} ${m.value}`);
});

test('exports: values.xlsx, DHIS2 dataValueSets and ADX of the province with its communes carry no 1–4 of a protection indicator', async () => {
  for (const [measure, part, dataElement] of [['11b', 'numerator', 'dEl11bNum01'], ['11b', 'denominator', 'dEl11bDen01'], ['9', 'numerator', 'dEl9Num0001'], ['9', 'denominator', 'dEl9Den0001'], ['13', 'value', 'dEl13Val001'], ['3a', 'numerator', 'dEl3aNum001'], ['3a', 'denominator', 'dEl3aDen001']]) {
    const r = await ctx.request({ method: 'POST', url: '/api/exchange/mapping/elements', payload: { measure, part, dataElement } });
    assert.equal(r.statusCode, 201, r.body);
  }
  for (const [unitId, orgUnit] of [[f.hoangKim, 'OUhoangKim1'], [f.hoangTrung, 'OUhoangTrg1'], [f.hoangHoa, 'OUhoangHoa1'], [f.thanhHoa, 'OUthanhHoa1']] as const)
    assert.equal((await ctx.request({ method: 'POST', url: '/api/exchange/mapping/org-units', payload: { unitId, orgUnit } })).statusCode, 201);
  const query = `planId=${plan}&unitId=${f.thanhHoa}&period=2024&children=true`;
  const json = await ctx.request({ url: `/api/exchange/dhis2/dataValueSets?${query}` });
  assert.equal(json.statusCode, 200, json.body);
  const byElement = new Map([['dEl11bNum01', '11b'], ['dEl9Num0001', '9'], ['dEl13Val001', '13']]);
  const dv = json.json.dataValues as { dataElement: string; orgUnit: string; value: string }[];
  assert.ok(dv.some((d) => d.dataElement === 'dEl3aNum001' && d.orgUnit === 'OUhoangKim1' && Number(d.value) === 1), 'neonatal deaths (not a protection indicator) are exported as they are');
  for (const d of dv) counter.attempt(byElement.has(d.dataElement) && isSmallCount(Number(d.value)), `DHIS2 ${d.dataElement} ${d.orgUnit} = ${d.value}`);
  assert.ok(!dv.some((d) => d.dataElement === 'dEl11bDen01' && d.orgUnit === 'OUhoangKim1'), 'the denominator of a withheld rate goes too');
  const adx = await ctx.request({ url: `/api/exchange/adx?${query}` });
  assert.equal(adx.statusCode, 200);
  for (const m of adx.body.matchAll(/<dataValue[^>]*dataElement="([^"]+)"[^>]*value="([^"]+)"/g)) counter.attempt(byElement.has(m[1]) && isSmallCount(Number(m[2])), `ADX ${m[0]}`);
  const xlsx = await ctx.app.inject({ method: 'GET', url: `/api/exchange/values.xlsx?${query}`, cookies: { vitreem_session: (await ctx.login('admin', ctx.admin.password)).sessionId } });
  assert.equal(xlsx.statusCode, 200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
  let rows = 0;
  wb.worksheets[0].eachRow((row, n) => {
    if (n === 1) return;
    rows++;
    const measure = String(row.getCell(4).value);
    counter.attempt(SMALL_CELL_MEASURES.has(measure) && isSmallCount(Number(row.getCell(7).value)), `values.xlsx ${measure} ${row.getCell(2).value} = ${row.getCell(7).value}`);
  });
  assert.ok(rows > 0, 'values.xlsx has rows');
});
