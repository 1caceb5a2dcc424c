/**
 * Sub-annual reporting periods (issue #16): rules, DHIS2 period codes on obligations, generation refused for a
 * period the plan does not ask for, live sums per period, one yearly series, a sub-period count above the year's.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestContext, type TestContext } from '../helpers/context.ts';
import { buildFixture, createPlan, type Fixture } from './fixture.ts';
import { checkPeriod, dueDateOf, periodLabel, periodsOfRule, yearFigure, subPeriodYardstick, reportingPeriod } from '../../src/domain/reporting/periods.ts';

test('rules: "trước ngày 15/6" asks for the first half only; "trước ngày 15 của tháng cuối kỳ" for every period, with its deadline', () => {
  const halfFixed = { periodType: 'SixMonthly' as const, dueDay: 15, dueMonth: 6, dueMonthOffset: null };
  assert.deepEqual(periodsOfRule(halfFixed, 2025).map((p) => p.code), ['2025S1']);
  assert.equal(dueDateOf(halfFixed, reportingPeriod('2025S1')!), '2025-06-15');
  const quarterly = { periodType: 'Quarterly' as const, dueDay: 15, dueMonth: 3, dueMonthOffset: 0 };
  assert.deepEqual(periodsOfRule(quarterly, 2025).map((p) => [p.code, dueDateOf(quarterly, p)]), [['2025Q1', '2025-03-15'], ['2025Q2', '2025-06-15'], ['2025Q3', '2025-09-15'], ['2025Q4', '2025-12-15']]);
  const monthlyAfter = { periodType: 'Monthly' as const, dueDay: 5, dueMonth: 1, dueMonthOffset: 1 };
  const months = periodsOfRule(monthlyAfter, 2025);
  assert.equal(months.length, 12);
  assert.equal(dueDateOf(monthlyAfter, months[11]), '2026-01-05');
  assert.equal(dueDateOf({ periodType: 'Monthly', dueDay: 31, dueMonth: 1, dueMonthOffset: 0 }, months[1]), '2025-02-28');
  assert.deepEqual([periodLabel('2025S1').vi, periodLabel('2025Q3').vi, periodLabel('202507').vi, periodLabel('2025').vi], ['6 tháng đầu năm 2025', 'Quý III/2025', 'Tháng 7/2025', 'Năm 2025']);
  const bad = checkPeriod('2025Q3', [halfFixed]);
  assert.equal(bad.ok, false);
  assert.match((bad as { vi: string }).vi, /không quy định báo cáo kỳ Quý III\/2025/);
  assert.equal(checkPeriod('2025Q5', []).ok, false);
  assert.equal(checkPeriod('2025S1', [halfFixed]).ok, true);
});

test('one series: the year from its report when it exists, else the sub-periods added up (rates from summed parts, never averaged)', () => {
  const s1 = { code: '2025S1', sums: { numerator: 3, denominator: 100, reportingCount: 1, expectedCount: 1 } };
  const s2 = { code: '2025S2', sums: { numerator: 30, denominator: 1000, reportingCount: 1, expectedCount: 1 } };
  const fromParts = yearFigure('per_1000', null, [s1, s2]);
  assert.equal(fromParts.source, 'periods');
  assert.equal(fromParts.complete, true);
  assert.equal(fromParts.value!.toFixed(2), (33 / 1100 * 1000).toFixed(2)); // 30,00‰, not the mean of 30‰ and 30‰ by luck: see counts
  const counts = yearFigure('count', null, [{ code: '2025Q1', sums: { numerator: 4, denominator: 0, reportingCount: 1, expectedCount: 1 } }, { code: '2025Q2', sums: { numerator: 6, denominator: 0, reportingCount: 1, expectedCount: 1 } }]);
  assert.equal(counts.value, 10);
  assert.equal(counts.complete, false);
  assert.equal(counts.partial, true);
  const year = yearFigure('count', { numerator: 25, denominator: 0, reportingCount: 1, expectedCount: 1 }, [s1]);
  assert.deepEqual([year.source, year.value], ['year', 25]);
  // a half year's count is judged as a whole year's (× 2), at the path's point of mid-year
  assert.deepEqual(subPeriodYardstick('count', reportingPeriod('2025S1')!, 10), { fractionalYear: 2024.5, comparable: 20 });
  assert.deepEqual(subPeriodYardstick('per_1000', reportingPeriod('2025Q3')!, 12), { fractionalYear: 2024.75, comparable: 12 });
});

let ctx: TestContext;
let f: Fixture;
let plan: number;
before(async () => {
  ctx = await createTestContext();
  f = await buildFixture(ctx.database.db);
  // a province plan: the year's report by 20/11 and the six-month review by 15/6 (only the first half)
  plan = await createPlan(ctx.database.db, f.thanhHoa, ['3', '13'], { number: 'P-6T', rules: [{ reporter_kind: 'lower_units', due_day: 20, due_month: 11 }] });
  await ctx.database.db.insertInto('reporting_rule').values({ plan_id: plan, reporter_kind: 'lower_units', reporter_agency_id: null, reporter_text: 'UBND các xã', recipient_unit_id: null, recipient_agency_id: null, recipient_text: 'UBND tỉnh', due_day: 15, due_month: 6, due_year: null, recurrence: 'yearly', position: 1, period_type: 'SixMonthly', due_month_offset: null, indicator_codes: JSON.stringify(['13']) }).execute();
});
after(async () => ctx.close());

const countOf = async (unitId: number, kind: string, year: number) => {
  const r = await ctx.request({ url: `/api/my/reports?unitId=${unitId}&year=${year}&kind=${kind}` });
  assert.equal(r.statusCode, 200, r.body);
  return r.json.items;
};

test('generation: the year, and 2024S1 limited to indicator 13, each obligation with its period and range; a period outside the rules refused, nothing created', async () => {
  const db = ctx.database.db;
  const refused = await ctx.request({ method: 'POST', url: `/api/plans/${plan}/obligations?year=2024&period=2024Q3` });
  assert.equal(refused.statusCode, 400, refused.body);
  assert.equal(refused.json.error.code, 'period_not_in_rules');
  assert.match(refused.json.error.message, /Quý III\/2024/);
  assert.equal((await db.selectFrom('obligation').select('id').where('plan_id', '=', plan).execute()).length, 0);
  const garbage = await ctx.request({ method: 'POST', url: `/api/plans/${plan}/obligations?year=2024&period=2024X9` });
  assert.equal(garbage.statusCode, 400);

  const gen = await ctx.request({ method: 'POST', url: `/api/plans/${plan}/obligations?year=2024` });
  assert.equal(gen.statusCode, 201, gen.body);
  assert.deepEqual(gen.json.periods.map((p: { kind: string; period: string }) => `${p.kind}:${p.period}`), ['annual:2024', 'sixmonthly:2024S1']);
  const [half] = await countOf(f.hoangKim, 'sixmonthly', 2024);
  assert.deepEqual([half.period, half.periodLabel, half.periodStart, half.periodEnd, half.dueDate], ['2024S1', '6 tháng đầu năm 2024', '2024-01-01', '2024-06-30', '2024-06-05']);
  const form = await ctx.request({ url: `/api/obligations/${half.id}` });
  assert.deepEqual(form.json.measures.map((m: { code: string }) => m.code), ['13']);
  const [year] = await countOf(f.hoangKim, 'annual', 2024);
  assert.equal(year.period, '2024');
  const again = await ctx.request({ method: 'POST', url: `/api/plans/${plan}/obligations?year=2024&period=2024S1` });
  assert.equal(again.statusCode, 200);
  assert.equal(again.json.created, 0);
  const filtered = await ctx.request({ url: `/api/my/reports?unitId=${f.hoangKim}&period=2024S1` });
  assert.deepEqual(filtered.json.items.map((i: { id: number }) => i.id), [half.id]);
});

test('a half-year count submitted: live sums per period at the province; the year made of it while the year is not reported; a year below the half refused', async () => {
  const [half] = await countOf(f.hoangKim, 'sixmonthly', 2024);
  const saved = await ctx.request({ method: 'PUT', url: `/api/obligations/${half.id}`, payload: { version: half.version, values: [{ measure: '13', value: 7 }] } });
  assert.equal(saved.statusCode, 200, saved.body);
  assert.equal((await ctx.request({ method: 'POST', url: `/api/obligations/${half.id}/submit` })).statusCode, 200);
  const series = await ctx.request({ url: `/api/dashboard/units/${f.thanhHoa}/periods?measure=${f.measures['13']}&year=2024` });
  assert.equal(series.statusCode, 200, series.body);
  assert.equal(series.json.periods[0].period, '2024S1');
  assert.equal(series.json.periods[0].value, 7);
  assert.equal(series.json.periods[0].projectedYear, 14);
  assert.equal(series.json.year_figure.source, 'periods');
  assert.equal(series.json.year_figure.value, 7);
  assert.match(series.json.source.vi, /6 tháng đầu năm 2024/);
  const dash = await ctx.request({ url: `/api/dashboard/units/${f.thanhHoa}?year=2024` });
  const m13 = dash.json.measures.find((m: { code: string }) => m.code === '13');
  assert.deepEqual([m13.source, m13.value, m13.periods], ['periods', 7, ['2024S1']]);
  assert.match(m13.sourceText.vi, /chưa đủ năm/);
  // the province's completeness of the period
  const c = await ctx.request({ url: `/api/completeness?unitId=${f.thanhHoa}&year=2024&period=2024S1` });
  assert.equal(c.statusCode, 200, c.body);
  assert.deepEqual([c.json.kind, c.json.total.expected, c.json.total.received], ['sixmonthly', 3, 1]); // two communes and their district

  // the year's report: 5 child marriages in the year, but 7 in its first half: refused, nothing stored
  const [year] = await countOf(f.hoangKim, 'annual', 2024);
  const values = [{ measure: '3a', numerator: 3, denominator: 100 }, { measure: '3b', numerator: 4, denominator: 100 }, { measure: '3c', numerator: 5, denominator: 100 }];
  const low = await ctx.request({ method: 'PUT', url: `/api/obligations/${year.id}`, payload: { version: year.version, values: [...values, { measure: '13', value: 5 }] } });
  assert.equal(low.statusCode, 400, low.body);
  assert.equal(low.json.error.code, 'period_exceeds_year');
  assert.match(low.json.error.message, /6 tháng đầu năm 2024 \(7\) lớn hơn số liệu cả năm 2024 \(5\)/);
  const form = await ctx.request({ url: `/api/obligations/${year.id}` });
  assert.equal(form.json.values.length, 0);
  assert.equal(form.json.version, year.version);
  const ok = await ctx.request({ method: 'PUT', url: `/api/obligations/${year.id}`, payload: { version: year.version, values: [...values, { measure: '13', value: 12 }] } });
  assert.equal(ok.statusCode, 200, ok.body);
  assert.equal((await ctx.request({ method: 'POST', url: `/api/obligations/${year.id}/submit` })).statusCode, 200);
  const dash2 = await ctx.request({ url: `/api/dashboard/units/${f.thanhHoa}?year=2024` });
  const y13 = dash2.json.measures.find((m: { code: string }) => m.code === '13');
  assert.deepEqual([y13.source, y13.value], ['year', 12]);
  // the returned half-year cannot now be raised above the year
  assert.equal((await ctx.request({ method: 'POST', url: `/api/obligations/${half.id}/return`, payload: { reason: 'Kiểm tra lại.' } })).statusCode, 200);
  const after = await ctx.request({ url: `/api/obligations/${half.id}` });
  const high = await ctx.request({ method: 'PUT', url: `/api/obligations/${half.id}`, payload: { version: after.json.version, values: [{ measure: '13', value: 13 }] } });
  assert.equal(high.statusCode, 400);
  assert.equal(high.json.error.code, 'period_exceeds_year');
  // the period's live sums went with the return, and a recomputation gives the same
  const province = async () => (await ctx.database.db.selectFrom('aggregate_period_value').select(['reporting_count', 'sum_numerator']).where('unit_id', '=', f.thanhHoa).where('measure_id', '=', f.measures['13']).where('period', '=', '2024S1').executeTakeFirstOrThrow());
  assert.equal(Number((await province()).reporting_count), 0);
  assert.equal((await ctx.request({ method: 'POST', url: `/api/obligations/${half.id}/submit` })).statusCode, 200);
  const live = await province();
  assert.deepEqual([Number(live.reporting_count), Number(live.sum_numerator)], [1, 7]);
  const { recomputeAggregates } = await import('../../src/storage/reporting.ts');
  await recomputeAggregates(ctx.database.db, 2024);
  const rebuilt = await province();
  assert.deepEqual([Number(rebuilt.reporting_count), Number(rebuilt.sum_numerator)], [1, 7]);
});
