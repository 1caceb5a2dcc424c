import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestContext, type TestContext } from '../helpers/context.ts';
import { loadDemo } from '../../src/storage/demo/index.ts';

let ctx: TestContext;
before(async () => {
  ctx = await createTestContext();
});
after(async () => ctx.close());

test('the demo loads a living province: dashboards, history across the merger, a returned and an overdue report', async () => {
  const summary = await loadDemo(ctx.database.db, { only: 'reporting' });
  assert.equal(summary.alreadyLoaded, false);
  assert.equal(summary.province.name, 'tỉnh Thanh Hóa');
  const { reporting } = summary;
  assert.equal(reporting.communes, 10);
  assert.deepEqual(reporting.years, [2021, 2022, 2023, 2024, 2025]);
  assert.ok(reporting.approved > 20, `approved ${reporting.approved}`);
  assert.deepEqual([reporting.returned, reporting.draft], [1, 1]);
  assert.ok(reporting.late >= 5, `late ${reporting.late}`);
  // only the reporting part: no seed plans, demo users, recognitions or children
  const db = ctx.database.db;
  const count = async (table: 'app_user' | 'cff_registration' | 'child') => Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  assert.deepEqual([await count('cff_registration'), await count('child')], [0, 0]);
  assert.equal((await db.selectFrom('app_user').select('id').where('username', 'like', 'demo.%').execute()).length, 0);
  const again = await loadDemo(db, { only: 'reporting' }); // idempotent
  assert.equal(again.alreadyLoaded, true);
  assert.deepEqual(again.reporting, reporting);
  assert.match(again.messageVi, /đã có sẵn/);
  const dash = (await ctx.request({ url: `/api/dashboard/units/${summary.province.id}?year=2024` })).json;
  assert.equal(dash.measures.length, 34);
  const m3a = dash.measures.find((m: { code: string }) => m.code === '3a');
  assert.ok(m3a.value > 0 && m3a.value < 60, `3a = ${m3a.value}`);
  assert.equal(m3a.coverage, 1);
  assert.ok(dash.measures.filter((m: { code: string }) => m.code !== '1').every((m: { status: string }) => ['achieved', 'on_track', 'at_risk', 'off_track', 'no_target'].includes(m.status)));
  // indicator 1 is never a reported figure: without recognitions (loadDemo adds them) it has no data
  const m1 = dash.measures.find((m: { code: string }) => m.code === '1');
  assert.deepEqual([m1.value, m1.status], [null, 'no_data']);
  // 2025: the merged communes' series go back to 2021 through their predecessors
  // Hoằng Phú from 01/07/2025 takes Hoằng Kim, Hoằng Trung, Hoằng Phú and Hoằng Quý (its own 2025 report was returned: not counted)
  const merged = await ctx.database.db.selectFrom('admin_unit').select('id').where('level', '=', 'commune').where('code', '=', '15889').where('valid_from', '=', '2025-07-01').executeTakeFirstOrThrow();
  const measure = m3a.measureId;
  const series = (await ctx.request({ url: `/api/dashboard/units/${merged.id}/series?measure=${measure}&from=2021&to=2025` })).json;
  assert.deepEqual(series.years.map((y: { year: number; reportingCount: number }) => [y.year, y.reportingCount]), [[2021, 4], [2022, 4], [2023, 4], [2024, 4], [2025, 0]]);
  const statuses = (await ctx.request({ url: `/api/my/reports?planId=${reporting.planId}&year=2025` })).json.items.map((i: { status: string }) => i.status);
  assert.ok(statuses.includes('returned') && statuses.includes('draft') && statuses.includes('submitted'));
  const overview = (await ctx.request({ url: `/api/overview?unitId=${summary.province.id}&year=2025` })).json;
  assert.ok(overview.lateReports.length > 0);
});
