import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestContext, type TestContext } from '../helpers/context.ts';
import { loadDemoData } from '../../src/storage/demo.ts';

let ctx: TestContext;
before(async () => {
  ctx = await createTestContext();
});
after(async () => ctx.close());

test('the demo loads a living province: dashboards, history across the merger, a returned and an overdue report', async () => {
  const summary = await loadDemoData(ctx.database.db);
  assert.equal(summary.communes, 10);
  assert.ok(summary.submitted > 20);
  const again = await loadDemoData(ctx.database.db); // idempotent
  assert.equal(again.planId, summary.planId);
  const dash = (await ctx.request({ url: `/api/dashboard/units/${summary.provinceId}?year=2024` })).json;
  assert.equal(dash.measures.length, 34);
  const m3a = dash.measures.find((m: { code: string }) => m.code === '3a');
  assert.ok(m3a.value > 0 && m3a.value < 60, `3a = ${m3a.value}`);
  assert.equal(m3a.coverage, 1);
  assert.ok(dash.measures.filter((m: { code: string }) => m.code !== '1').every((m: { status: string }) => ['achieved', 'on_track', 'at_risk', 'off_track', 'no_target'].includes(m.status)));
  // indicator 1 is never a reported figure: without recognitions (loadDemo adds them) it has no data
  const m1 = dash.measures.find((m: { code: string }) => m.code === '1');
  assert.deepEqual([m1.value, m1.status], [null, 'no_data']);
  // 2025: the merged communes' series go back to 2021 through their predecessors
  const merged = await ctx.database.db.selectFrom('admin_unit').select('id').where('code', '=', 'DEMO-XL25').executeTakeFirstOrThrow();
  const measure = m3a.measureId;
  const series = (await ctx.request({ url: `/api/dashboard/units/${merged.id}/series?measure=${measure}&from=2021&to=2025` })).json;
  assert.deepEqual(series.years.map((y: { year: number; reportingCount: number }) => [y.year, y.reportingCount]), [[2021, 3], [2022, 3], [2023, 3], [2024, 3], [2025, 1]]);
  const statuses = (await ctx.request({ url: `/api/my/reports?planId=${summary.planId}&year=2025` })).json.items.map((i: { status: string }) => i.status);
  assert.ok(statuses.includes('returned') && statuses.includes('draft') && statuses.includes('submitted'));
  const overview = (await ctx.request({ url: `/api/overview?unitId=${summary.provinceId}&year=2025` })).json;
  assert.ok(overview.lateReports.length > 0);
});
