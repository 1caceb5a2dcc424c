import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestContext, type TestContext } from '../helpers/context.ts';
import { loadDemo } from '../../src/storage/demo/index.ts';

let ctx: TestContext;
let provinceId: number;
let planId: number;
before(async () => {
  ctx = await createTestContext();
  const summary = await loadDemo(ctx.database.db, { only: 'reporting' });
  provinceId = summary.province.id;
  planId = summary.reporting.planId;
  assert.deepEqual(summary.reporting.periods, ['202501', '202502', '202503', '202504', '202505', '202506', '202507', '2025S1']);
});
after(async () => ctx.close());

const unitAt = async (level: string, code: string, at: string) =>
  (await ctx.database.db.selectFrom('admin_unit').select('id').where('level', '=', level).where('code', '=', code).where('valid_from', '<=', at).where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', at)])).executeTakeFirstOrThrow()).id;

test('demo: the plan shows its six-monthly and monthly rules in words, the monthly one limited to indicators 9 and 13', async () => {
  const plan = (await ctx.request({ url: `/api/plans/${planId}` })).json;
  const rules = plan.reporting.map((r: { period: string; due: { day: number; month: number } | null; dueInPeriod: string | null; indicators: string[] | null }) => [r.period, r.due?.day, r.dueInPeriod, r.indicators]);
  assert.deepEqual(rules, [['yearly', 20, null, null], ['sixmonthly', 15, null, null], ['monthly', 5, 'next_month', ['9', '13']]]);
});

test('demo: the first half of 2025 from the communes before the merger, on the province dashboard beside the year', async () => {
  const hoangKim = await unitAt('commune', '15889', '2025-01-01');
  const half = (await ctx.request({ url: `/api/my/reports?unitId=${hoangKim}&period=2025S1` })).json.items;
  assert.equal(half.length, 1);
  assert.deepEqual([half[0].periodLabel, half[0].status, half[0].dueDate], ['6 tháng đầu năm 2025', 'approved', '2025-06-05']);
  const dash = (await ctx.request({ url: `/api/dashboard/units/${provinceId}?year=2025` })).json;
  const m3a = dash.measures.find((m: { code: string }) => m.code === '3a');
  const series = (await ctx.request({ url: `/api/dashboard/units/${provinceId}/periods?measure=${m3a.measureId}&year=2025` })).json;
  const s1 = series.periods.find((p: { period: string }) => p.period === '2025S1');
  assert.ok(s1 && s1.value > 0 && s1.value < 60, JSON.stringify(s1));
  assert.equal(s1.reportingCount, 7);
  assert.equal(series.year_figure.source, 'year');
  // an old commune, abolished on 01/07/2025, has no year's report for 2025: its year is its first half
  const own = (await ctx.request({ url: `/api/dashboard/units/${hoangKim}?year=2025` })).json.measures.find((m: { code: string }) => m.code === '3a');
  assert.deepEqual([own.source, own.periods], ['periods', ['2025S1']]);
  assert.match(own.sourceText.vi, /Cộng từ các kỳ: 6 tháng đầu năm 2025 \(chưa đủ năm\)/);
  // the province's inbox: Thọ Xuân's half-year consolidation waits; the new communes' July statistics too
  const inbox = (await ctx.request({ url: `/api/inbox?unitId=${provinceId}&status=submitted` })).json.items;
  const labels = inbox.map((i: { periodLabel: string }) => i.periodLabel);
  assert.ok(labels.includes('6 tháng đầu năm 2025') && labels.includes('Tháng 7/2025'), labels.join(', '));
});

test('demo: monthly case statistics for indicators 9 and 13 only, January–July 2025, completeness per month', async () => {
  const hoangPhu = await unitAt('commune', '15889', '2025-08-01');
  const july = (await ctx.request({ url: `/api/my/reports?unitId=${hoangPhu}&period=202507` })).json.items;
  assert.equal(july.length, 1);
  const form = (await ctx.request({ url: `/api/obligations/${july[0].id}` })).json;
  assert.deepEqual(form.measures.map((m: { code: string }) => m.code), ['9', '13']);
  const c = (await ctx.request({ url: `/api/completeness?unitId=${provinceId}&year=2025&period=202503` })).json;
  assert.equal(c.kind, 'monthly');
  assert.ok(c.total.received >= 7, JSON.stringify(c.total));
  // every month's count is within the commune's year
  const m13 = (await ctx.request({ url: `/api/dashboard/units/${provinceId}?year=2025` })).json.measures.find((m: { code: string }) => m.code === '13');
  const months = (await ctx.request({ url: `/api/dashboard/units/${provinceId}/periods?measure=${m13.measureId}&year=2025` })).json.periods.filter((p: { period: string }) => /^\d{6}$/.test(p.period));
  assert.deepEqual(months.map((p: { period: string }) => p.period), ['202501', '202502', '202503', '202504', '202505', '202506', '202507']);
});
