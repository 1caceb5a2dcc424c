import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestContext, type TestContext } from '../helpers/context.ts';
import { buildFixture, createPlan, type Fixture } from './fixture.ts';

let ctx: TestContext;
let f: Fixture;
before(async () => {
  ctx = await createTestContext();
  f = await buildFixture(ctx.database.db);
});
after(async () => ctx.close());

async function enterAndSubmit(unitId: number, year: number, v: { n3a: number; d: number; n13: number; extra?: object[] }) {
  const list = await ctx.request({ url: `/api/my/reports?unitId=${unitId}&year=${year}&planId=${f.plan}` });
  const o = list.json.items.find((i: { kind: string }) => i.kind === 'annual');
  assert.ok(o, `an annual report for unit ${unitId} in ${year}`);
  const values = [
    { measure: '3a', numerator: v.n3a, denominator: v.d },
    { measure: '3b', numerator: v.n3a, denominator: v.d },
    { measure: '3c', numerator: v.n3a, denominator: v.d },
    { measure: '13', value: v.n13 },
    ...(v.extra ?? []),
  ];
  const saved = await ctx.request({ method: 'PUT', url: `/api/obligations/${o.id}`, payload: { version: o.version, values } });
  assert.equal(saved.statusCode, 200, saved.body);
  const s = await ctx.request({ method: 'POST', url: `/api/obligations/${o.id}/submit` });
  assert.equal(s.statusCode, 200, s.body);
  return o.id as number;
}

const measureOf = (dash: { measures: { code: string }[] }, code: string) => dash.measures.find((m) => m.code === code) as any;

test('aggregation is the ratio of sums, with coverage; counts add; disaggregations add up separately', async () => {
  for (const y of [2022, 2023, 2024, 2025, 2026]) {
    const r = await ctx.request({ method: 'POST', url: `/api/plans/${f.plan}/obligations?year=${y}` });
    assert.ok(r.statusCode === 201 || r.statusCode === 200, r.body);
  }
  // small commune: 3 deaths / 100 births = 30‰; large commune: 10 / 2000 = 5‰
  await enterAndSubmit(f.hoangKim, 2024, { n3a: 3, d: 100, n13: 2, extra: [{ measure: '3a', key: 'sex:female', numerator: 1, denominator: 50 }] });
  let dash = (await ctx.request({ url: `/api/dashboard/units/${f.hoangHoa}?year=2024` })).json;
  assert.equal(measureOf(dash, '3a').value, 30);
  assert.equal(measureOf(dash, '3a').coverage, 0.5);
  assert.equal(measureOf(dash, '3a').partial, true);
  await enterAndSubmit(f.hoangTrung, 2024, { n3a: 10, d: 2000, n13: 5, extra: [{ measure: '3a', key: 'sex:female', numerator: 6, denominator: 950 }] });
  dash = (await ctx.request({ url: `/api/dashboard/units/${f.thanhHoa}?year=2024` })).json;
  const m3a = measureOf(dash, '3a');
  assert.ok(Math.abs(m3a.value - (13 / 2100) * 1000) < 1e-9, `ratio of sums, got ${m3a.value}`);
  assert.notEqual(Math.round(m3a.value * 10) / 10, 17.5); // the average of the two rates
  assert.equal(m3a.coverage, 1);
  assert.equal(m3a.partial, false);
  assert.equal(measureOf(dash, '13').value, 7);
  const female = await ctx.database.db.selectFrom('aggregate_value').selectAll().where('unit_id', '=', f.nation).where('measure_id', '=', f.measures['3a']).where('year', '=', 2024).where('disagg_key', '=', 'sex:female').executeTakeFirstOrThrow();
  assert.deepEqual([Number(female.sum_numerator), Number(female.sum_denominator), Number(female.reporting_count)], [7, 1000, 2]);

  // the table of the district's communes
  const table = (await ctx.request({ url: `/api/dashboard/units/${f.hoangHoa}/children?measure=${f.measures['3a']}&year=2024` })).json;
  assert.deepEqual(table.children.map((c: { unit: { name: string }; value: number }) => [c.unit.name, c.value]).sort(), [['Hoằng Kim', 30], ['Hoằng Trung', 5]]);
  assert.equal(table.children.find((c: { unit: { name: string } }) => c.unit.name === 'Hoằng Kim').status, 'off_track');

  // a full recomputation gives exactly the incremental figures
  const snapshot = async () => (await ctx.database.db.selectFrom('aggregate_value').selectAll().where('year', '=', 2024).orderBy(['unit_id', 'measure_id', 'disagg_key']).execute()).map((r) => ({ ...r, sum_numerator: Number(r.sum_numerator), sum_denominator: Number(r.sum_denominator) })).filter((r) => r.reporting_count !== 0 || r.expected_count !== 0);
  const live = await snapshot();
  const rc = await ctx.request({ method: 'POST', url: '/api/reporting/recompute?year=2024' });
  assert.equal(rc.statusCode, 200, rc.body);
  assert.deepEqual(await snapshot(), live);
});

test('a merged commune\'s earlier years are the sum of its predecessors', async () => {
  // 13 (child marriages) is a child-protection count: 1–4 would be withheld on dashboards (small-cell rule), so 6
  await enterAndSubmit(f.merged, 2026, { n3a: 4, d: 2200, n13: 6 });
  const series = (await ctx.request({ url: `/api/dashboard/units/${f.merged}/series?measure=${f.measures['3a']}&from=2022&to=2026` })).json;
  const y2024 = series.years.find((y: { year: number }) => y.year === 2024);
  assert.deepEqual([y2024.numerator, y2024.denominator], [13, 2100]);
  const y2026 = series.years.find((y: { year: number }) => y.year === 2026);
  assert.deepEqual([y2026.numerator, y2026.denominator], [4, 2200]);
  assert.equal(series.years.find((y: { year: number }) => y.year === 2022).value, null); // nothing reported: no data, never zero
  // and the province's series is continuous across the reform
  const province = (await ctx.request({ url: `/api/dashboard/units/${f.thanhHoa}/series?measure=${f.measures['13']}&from=2024&to=2026` })).json;
  assert.deepEqual(province.years.map((y: { year: number; value: number | null }) => [y.year, y.value]), [[2024, 7], [2025, null], [2026, 6]]);
});

test('status against the seed targets: Kiên Giang 3a < 9,5‰ in 2025, its own plan first', async () => {
  const db = ctx.database.db;
  const kgPlan = await createPlan(db, f.kienGiang, ['3'], { number: '107/KH-UBND', overrides: { '3a': [{ year: 2025, comparator: '<', value: 9.5 }, { year: 2030, comparator: '<', value: 9 }] } });
  await db.insertInto('admin_unit').values([
    { code: 'KG-A', name: 'Xã A', level: 'commune', parent_id: f.kienGiang, valid_to: '2025-07-01', full_name: null, kind: null, note: null },
    { code: 'KG-B', name: 'Xã B', level: 'commune', parent_id: f.kienGiang, valid_to: '2025-07-01', full_name: null, kind: null, note: null },
  ]).execute();
  const gen = await ctx.request({ method: 'POST', url: `/api/plans/${kgPlan}/obligations?year=2024` });
  assert.equal(gen.json.created, 2);
  const units = await db.selectFrom('admin_unit').select(['id', 'code']).where('code', 'in', ['KG-A', 'KG-B']).execute();
  for (const [i, u] of units.entries()) {
    const o = (await ctx.request({ url: `/api/my/reports?unitId=${u.id}&year=2024` })).json.items[0];
    const d = i === 0 ? 1000 : 3000;
    const n = i === 0 ? 9 : 27; // 9‰ each: the province meets < 9,5‰ already
    const vals = ['3a', '3b', '3c'].map((m) => ({ measure: m, numerator: n, denominator: d }));
    assert.equal((await ctx.request({ method: 'PUT', url: `/api/obligations/${o.id}`, payload: { version: o.version, values: vals } })).statusCode, 200);
    assert.equal((await ctx.request({ method: 'POST', url: `/api/obligations/${o.id}/submit` })).statusCode, 200);
  }
  const dash = (await ctx.request({ url: `/api/dashboard/units/${f.kienGiang}?year=2024` })).json;
  assert.equal(dash.plan.number, '107/KH-UBND');
  const m3a = measureOf(dash, '3a');
  assert.equal(m3a.value, 9);
  assert.equal(m3a.status, 'achieved');
  assert.deepEqual([m3a.target.year, m3a.target.comparator, m3a.target.value], [2025, '<', 9.5]);
  // 3c < 18,5‰ by 2025 (national value in the plan): 9‰ achieved too; Thanh Hóa has its own plan (national targets)
  assert.equal(measureOf(dash, '3c').status, 'achieved');
  // a unit with no plan of its own is judged against the national programme
  const nation = (await ctx.request({ url: `/api/dashboard/units/${f.nation}?year=2024` })).json;
  assert.equal(nation.plan.number, '23/QĐ-TTg');
  assert.equal(measureOf(nation, '1').status, 'no_data');

  const completeness = (await ctx.request({ url: `/api/completeness?unitId=${f.kienGiang}&year=2024` })).json;
  assert.deepEqual([completeness.total.expected, completeness.total.received], [2, 2]);
  const overview = (await ctx.request({ url: `/api/overview?unitId=${f.thanhHoa}&year=2024` })).json;
  assert.ok(Array.isArray(overview.offTrack) && Array.isArray(overview.lateReports));
  assert.ok(overview.lateReports.some((r: { unit: { id: number } }) => r.unit.id === f.hoangHoa)); // the district never reported (due 20/11/2024)
});
