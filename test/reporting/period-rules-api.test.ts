/**
 * A plan's reporting rules edited on their own (PUT /api/plans/:id/reporting-rules, issue #16): an issued plan with
 * reports keeps them; a quarterly rule limited to one indicator makes the quarters' reports; bad input refused in
 * Vietnamese first with nothing changed; only a planner of the issuing unit may do it.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestContext, type TestContext } from '../helpers/context.ts';
import { buildFixture, createPlan, type Fixture } from './fixture.ts';

let ctx: TestContext;
let f: Fixture;
let plan: number;
before(async () => {
  ctx = await createTestContext();
  f = await buildFixture(ctx.database.db);
  plan = await createPlan(ctx.database.db, f.thanhHoa, ['3', '13'], { number: 'P-QUY', rules: [{ reporter_kind: 'lower_units', due_day: 20, due_month: 11 }] });
});
after(async () => ctx.close());

const yearly = { reporterKind: 'lower_units', reporter: 'UBND các xã', recipient: 'UBND tỉnh', due: { day: 20, month: 11 } };
const quarterly = { reporterKind: 'lower_units', reporter: 'UBND các xã', recipient: 'UBND tỉnh', due: { day: 15, month: 3 }, period: 'quarterly', dueInPeriod: 'last_month', indicators: ['13'] };

test('a planner replaces the rules of an issued plan with reports: the year\'s reports stay, the quarters follow the new rule', async () => {
  const gen = await ctx.request({ method: 'POST', url: `/api/plans/${plan}/obligations?year=2024` });
  assert.equal(gen.statusCode, 201, gen.body);
  const before = (await ctx.request({ url: `/api/my/reports?unitId=${f.hoangKim}&year=2024` })).json.items.length;
  const doc = (await ctx.request({ url: `/api/plans/${plan}` })).json;
  const put = await ctx.request({ method: 'PUT', url: `/api/plans/${plan}/reporting-rules`, payload: { version: doc.version, rules: [yearly, quarterly] } });
  assert.equal(put.statusCode, 200, put.body);
  assert.deepEqual(put.json.reporting.map((r: { period: string; dueInPeriod: string | null; indicators: string[] | null }) => [r.period, r.dueInPeriod, r.indicators]), [['yearly', null, null], ['quarterly', 'last_month', ['13']]]);
  assert.equal(put.json.version, doc.version + 1);
  assert.equal((await ctx.request({ url: `/api/my/reports?unitId=${f.hoangKim}&year=2024` })).json.items.length, before);
  const q = await ctx.request({ method: 'POST', url: `/api/plans/${plan}/obligations?year=2024&period=2024Q3` });
  assert.equal(q.statusCode, 201, q.body);
  const [q3] = (await ctx.request({ url: `/api/my/reports?unitId=${f.hoangKim}&period=2024Q3` })).json.items;
  assert.deepEqual([q3.periodLabel, q3.kind], ['Quý III/2024', 'quarterly']);
  // "trước ngày 15 của tháng cuối kỳ": the commune 10 days before its district's 15/09
  assert.equal(q3.dueDate, '2024-09-05');
  const form = (await ctx.request({ url: `/api/obligations/${q3.id}` })).json;
  assert.deepEqual(form.measures.map((m: { code: string }) => m.code), ['13']);
});

test('bad rules are refused, Vietnamese first, nothing changed: an indicator the plan lacks, a sub-period without a deadline, a stale version', async () => {
  const doc = (await ctx.request({ url: `/api/plans/${plan}` })).json;
  const unknown = await ctx.request({ method: 'PUT', url: `/api/plans/${plan}/reporting-rules`, payload: { version: doc.version, rules: [yearly, { ...quarterly, indicators: ['13', '99'] }] } });
  assert.equal(unknown.statusCode, 400, unknown.body);
  assert.equal(unknown.json.error.code, 'unknown_indicator');
  assert.match(unknown.json.error.message, /Quy định báo cáo thứ 2: kế hoạch không có chỉ tiêu 99/);
  const undated = await ctx.request({ method: 'PUT', url: `/api/plans/${plan}/reporting-rules`, payload: { version: doc.version, rules: [{ ...quarterly, due: null, dueInPeriod: null }] } });
  assert.equal(undated.statusCode, 400, undated.body);
  assert.match(undated.json.error.message, /báo cáo quý cần có hạn nộp/);
  const inPeriodYearly = await ctx.request({ method: 'PUT', url: `/api/plans/${plan}/reporting-rules`, payload: { version: doc.version, rules: [{ ...yearly, dueInPeriod: 'last_month' }] } });
  assert.equal(inPeriodYearly.statusCode, 400, inPeriodYearly.body);
  const stale = await ctx.request({ method: 'PUT', url: `/api/plans/${plan}/reporting-rules`, payload: { version: doc.version - 1, rules: [yearly] } });
  assert.equal(stale.statusCode, 409);
  assert.equal(stale.json.error.code, 'version_conflict');
  const after = (await ctx.request({ url: `/api/plans/${plan}` })).json;
  assert.equal(after.version, doc.version);
  assert.equal(after.reporting.length, 2);
});

test('only a planner of the issuing unit: a reporter or another province\'s officer is refused', async () => {
  const doc = (await ctx.request({ url: `/api/plans/${plan}` })).json;
  const reporter = await ctx.createUser({ username: 'rules.leader', grants: [{ role: 'leader', unitId: f.thanhHoa }] });
  const r = await ctx.request({ method: 'PUT', url: `/api/plans/${plan}/reporting-rules`, payload: { version: doc.version, rules: [yearly] }, as: reporter });
  assert.equal(r.statusCode, 403, r.body);
  const officer = await ctx.createUser({ username: 'rules.officer', grants: [{ role: 'unit_officer', unitId: f.thanhHoa }] });
  const ok = await ctx.request({ method: 'PUT', url: `/api/plans/${plan}/reporting-rules`, payload: { version: doc.version, rules: [yearly] }, as: officer });
  assert.equal(ok.statusCode, 200, ok.body);
  assert.equal(ok.json.reporting.length, 1);
});
