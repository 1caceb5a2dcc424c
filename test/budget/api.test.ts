/**
 * Budget execution through the API on seed 001 (Kiên Giang, 18.670 triệu đồng): entry, history, audit,
 * bad input (nothing stored), optimistic locking, who may enter what, the yearly lock through the real
 * report workflow (submit → approve → reopen), and spending surviving an edit of the plan.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestContext, type TestContext } from '../helpers/context.ts';
import { kienGiangBudgetPlan, SPENT_2024, type BudgetFixture } from './fixture.ts';

let ctx: TestContext;
let f: BudgetFixture;
const users: Record<string, { username: string; password: string }> = {};

async function rows() {
  const db = ctx.database.db;
  const n = async (t: 'budget_spending' | 'budget_spending_history' | 'budget_activity') => Number((await db.selectFrom(t).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  return { spending: await n('budget_spending'), history: await n('budget_spending_history'), activities: await n('budget_activity') };
}
const put = (values: unknown[], as?: { username: string; password: string }) => ctx.request({ method: 'PUT', url: `/api/plans/${f.planId}/budget/spending`, payload: { values }, as });
const execution = async (as?: { username: string; password: string }) => ctx.request({ url: `/api/plans/${f.planId}/budget/execution`, as });

before(async () => {
  ctx = await createTestContext();
  f = await kienGiangBudgetPlan(ctx);
  const db = ctx.database.db;
  const canTho = (await db.selectFrom('admin_unit').select('id').where('name', '=', 'Cần Thơ').where('level', '=', 'province').executeTakeFirstOrThrow()).id;
  const yTe = f.agencies['Sở Y tế'];
  for (const [name, grants] of Object.entries({
    officer: [{ role: 'unit_officer', unitId: f.unitId }],
    otherOfficer: [{ role: 'unit_officer', unitId: canTho }],
    viewer: [{ role: 'viewer', unitId: f.unitId }],
    health: [{ role: 'agency_reporter', unitId: f.unitId, agencyId: yTe }],
  })) users[name] = await ctx.createUser({ username: `budget-${name}`, grants });
});
after(async () => ctx?.close());

test('the table of seed 001 before any spending: 18.670 planned, nothing spent, every year open', async () => {
  const r = await execution(users.officer);
  assert.equal(r.statusCode, 200, r.body);
  const t = r.json;
  assert.equal(t.currencyUnit, 'million_vnd');
  assert.deepEqual(t.currencyLabel, { vi: 'triệu đồng', en: 'million VND' });
  assert.equal(t.total.planned, 18670);
  assert.equal(t.total.spent, null);
  assert.equal(t.sourceTotals.local.planned, 13670);
  assert.equal(t.sourceTotals.mobilised.planned, 5000);
  assert.equal(t.activities.length, 7);
  assert.ok(t.activities.every((a: { canEdit: boolean; id: number | null }) => a.canEdit && a.id === null), 'nothing stored by a read');
  assert.ok(t.locks.every((l: { locked: boolean }) => !l.locked));
  assert.deepEqual(t.permissions, { enterAll: true, assignLead: true });
  assert.equal((await rows()).activities, 0);
});

test('a unit officer enters 2024: stored with history and audit; totals and rates follow', async () => {
  const r = await put(SPENT_2024.map((v) => ({ ...v, year: 2024, version: 0 })).concat([{ activity: '2', source: 'local', year: 2023, amount: '290', note: 'Tổ chức 2/3 đợt truyền thông', version: 0 } as never]), users.officer);
  assert.equal(r.statusCode, 200, r.body);
  assert.deepEqual([r.json.saved.inserted, r.json.saved.updated, r.json.saved.deleted], [7, 0, 0]);
  // 612,5 of 500 for activity 4 (mobilised) is above the plan: a warning, stored anyway
  assert.deepEqual(r.json.saved.warnings.map((w: { code: string; activity: string }) => [w.code, w.activity]), [['over_plan', '4']]);
  const t = r.json.execution;
  const y = t.yearTotals['2024'];
  assert.deepEqual([y.local.planned, y.local.spent, y.local.rate], [1215, 1181, 97.2]);
  assert.deepEqual([y.mobilised.planned, y.mobilised.spent, y.mobilised.rate], [500, 612.5, 122.5]);
  assert.deepEqual([y.all.planned, y.all.spent, y.all.rate], [1715, 1793.5, 104.6]);
  const a2 = t.activities.find((a: { key: string }) => a.key === '2');
  assert.equal(a2.cells['2023'].local.note, 'Tổ chức 2/3 đợt truyền thông');
  assert.equal(a2.cells['2023'].local.updatedBy, 'budget-officer');
  assert.equal(a2.cells['2024'].local.version, 1);
  assert.equal(t.activities.find((a: { key: string }) => a.key === '7').total.spent, null, 'activity 7 has no figure: not 0');

  const h = (await ctx.request({ url: `/api/plans/${f.planId}/budget/spending/history?year=2023`, as: users.viewer })).json.items;
  assert.equal(h.length, 1);
  assert.deepEqual([h[0].action, h[0].actor.name, h[0].old, h[0].new], ['insert', 'budget-officer', null, { amount: 290, note: 'Tổ chức 2/3 đợt truyền thông', currencyUnit: 'million_vnd' }]);
  const audit = await ctx.database.db.selectFrom('audit_log').select(['actor_name', 'action']).where('table_name', '=', 'budget_spending').execute();
  assert.equal(audit.length, 7);
  assert.ok(audit.every((a) => a.actor_name === 'budget-officer' && a.action === 'insert'));
});

test('bad input: a clear bilingual error, and nothing stored (not even the good figures beside it)', async () => {
  const before = await rows();
  const good = { activity: '5', year: 2022, source: 'local', amount: 70 };
  const cases: [unknown, number, string, RegExp][] = [
    [{ activity: '2', year: 2022, source: 'local', amount: -10 }, 400, 'negative_amount', /không được âm/],
    [{ activity: '2', year: 2022, source: 'local', amount: 'ba trăm triệu' }, 400, 'not_a_number', /"ba trăm triệu" không phải là số/],
    [{ activity: '2', year: 2022, source: 'local', amount: '1,2,3' }, 400, 'not_a_number', /không phải là số/],
    [{ activity: '8', year: 2022, source: 'local', amount: 10 }, 400, 'unknown_activity', /không có hoạt động "8"/],
    [{ activity: 'Xây cầu', year: 2022, source: 'local', amount: 10 }, 400, 'unknown_activity', /Xây cầu/],
    [{ activity: '2', year: 2031, source: 'local', amount: 10 }, 400, 'year_outside_plan', /năm 2031 nằm ngoài giai đoạn của kế hoạch \(2021–2030\)/],
    [{ activity: '2', year: 2020, source: 'local', amount: 10 }, 400, 'year_outside_plan', /2020/],
    [{ activity: '2', year: 2022, source: 'vay ngân hàng', amount: 10 }, 400, 'unknown_source', /nguồn kinh phí "vay ngân hàng" không có/],
    [{ activity: '2', year: 2022, source: 'local', amount: 10, currencyUnit: 'đồng' }, 400, 'wrong_currency_unit', /triệu đồng/],
    [{ activity: '2', year: 2022, source: 'local', amount: 10.12345 }, 400, 'too_many_decimals', /chữ số thập phân/],
    [{ activity: '2', year: 2022, source: 'local', amount: 1e12 }, 400, 'amount_too_large', /quá lớn/],
    [{ activity: "2'; drop table budget_spending; --", year: 2022, source: 'local', amount: 1 }, 400, 'unknown_activity', /drop table/],
  ];
  for (const [bad, status, code, message] of cases) {
    const r = await put([good, bad], users.officer);
    assert.equal(r.statusCode, status, JSON.stringify(bad));
    assert.equal(r.json.error.code, code, JSON.stringify(bad));
    assert.match(r.json.error.message, message);
    assert.match(r.json.error.message, /^Mục 2: /, 'the message names the entry');
    assert.match(r.json.error.messageEn, /^Entry 2: /);
    assert.deepEqual(r.json.error.path, ['values', 1, r.json.error.details.issues[0].field]);
  }
  // several problems at once are all listed
  const many = await put([{ activity: '2', year: 2022, source: 'local', amount: 'x' }, { activity: '9', year: 2040, source: '?', amount: -1 }], users.officer);
  assert.equal(many.statusCode, 400);
  assert.equal(many.json.error.details.issues.length, 5);
  assert.match(many.json.error.message, /và 4 lỗi khác/);
  // not even JSON of the right shape
  assert.equal((await ctx.request({ method: 'PUT', url: `/api/plans/${f.planId}/budget/spending`, payload: { values: [] }, as: users.officer })).statusCode, 400);
  assert.equal((await ctx.request({ method: 'PUT', url: `/api/plans/${f.planId}/budget/spending`, payload: { values: 'all' }, as: users.officer })).statusCode, 400);
  assert.equal((await ctx.request({ method: 'PUT', url: '/api/plans/999999/budget/spending', payload: { values: [good] } })).statusCode, 404);
  assert.deepEqual(await rows(), before);
});

test('optimistic locking per cell: a stale version gets 409 with the current figure; a dry run writes nothing', async () => {
  const stale = await put([{ activity: '2', year: 2024, source: 'local', amount: 280, version: 0 }], users.officer);
  assert.equal(stale.statusCode, 409);
  assert.equal(stale.json.error.code, 'version_conflict');
  assert.match(stale.json.error.message, /người khác/);
  assert.deepEqual(stale.json.error.details.conflicts[0].current, { amount: 285, note: null, version: 1 });
  const before = await rows();
  const dry = await ctx.request({ method: 'PUT', url: `/api/plans/${f.planId}/budget/spending`, payload: { values: [{ activity: '2', year: 2024, source: 'local', amount: 280, version: 1 }], dryRun: true }, as: users.officer });
  assert.equal(dry.statusCode, 200);
  assert.deepEqual([dry.json.saved.inserted, dry.json.saved.updated], [0, 1], 'a dry run says what it would do');
  assert.deepEqual(await rows(), before);
  const ok = await put([{ activity: '2', year: 2024, source: 'local', amount: 280, version: 1 }], users.officer);
  assert.equal(ok.statusCode, 200, ok.body);
  assert.equal(ok.json.saved.updated, 1);
  const h = (await ctx.request({ url: `/api/plans/${f.planId}/budget/spending/history?year=2024` })).json.items[0];
  assert.deepEqual([h.action, h.old.amount, h.new.amount], ['update', 285, 280]);
  // removing a figure (no amount, no note) is a change with history too
  const del = await put([{ activity: '2', year: 2023, source: 'local', amount: null, note: null, version: 1 }], users.officer);
  assert.equal(del.json.saved.deleted, 1);
  assert.equal(del.json.execution.activities[1].cells['2023'].local.spent, null);
  const h2 = (await ctx.request({ url: `/api/plans/${f.planId}/budget/spending/history?year=2023` })).json.items[0];
  assert.deepEqual([h2.action, h2.old.amount, h2.new], ['delete', 290, null]);
  // two people entering the same empty cell at once: one wins, the other is told (never a 500, never twice)
  const both = await Promise.all([280, 281].map((amount) => put([{ activity: '6', year: 2021, source: 'local', amount, version: 0 }], users.officer)));
  assert.deepEqual(both.map((x) => x.statusCode).sort(), [200, 409]);
  const cell = await ctx.database.db.selectFrom('budget_spending as s').innerJoin('budget_activity as a', 'a.id', 's.activity_id').select('s.amount').where('a.activity_no', '=', '6').where('s.year', '=', 2021).execute();
  assert.equal(cell.length, 1);
  // the history table refuses to be rewritten
  await assert.rejects(ctx.database.db.deleteFrom('budget_spending_history').execute());
});

test('who may enter: the issuing unit\'s officers; an agency only the activities it leads; others read within their scope', async () => {
  const v = { activity: '3', year: 2022, source: 'local', amount: 195 };
  assert.equal((await execution(users.otherOfficer)).statusCode, 403);
  assert.equal((await put([v], users.otherOfficer)).statusCode, 403);
  assert.equal((await execution(users.viewer)).statusCode, 200);
  assert.deepEqual((await execution(users.viewer)).json.permissions, { enterAll: false, assignLead: false });
  assert.equal((await put([v], users.viewer)).statusCode, 403);
  assert.equal((await ctx.request({ url: `/api/plans/${f.planId}/budget/execution`, anonymous: true })).statusCode, 401);

  // the health department leads nothing yet: it reads, but enters nothing
  const health = await execution(users.health);
  assert.equal(health.statusCode, 200);
  assert.ok(health.json.activities.every((a: { canEdit: boolean }) => !a.canEdit));
  const refused = await put([v], users.health);
  assert.equal(refused.statusCode, 403);
  assert.equal(refused.json.error.code, 'activity_not_yours');
  assert.match(refused.json.error.message, /hoạt động 3 không do cơ quan của bạn chủ trì/);
  // the agency cannot give itself the activity; the officer can, to an agency of the plan only
  const lead = (agencyId: number | null, as = users.officer, activity: unknown = '3') => ctx.request({ method: 'PUT', url: `/api/plans/${f.planId}/budget/activities/lead`, payload: { activity, agencyId }, as });
  assert.equal((await lead(f.agencies['Sở Y tế'], users.health)).statusCode, 403);
  const foreign = (await ctx.database.db.selectFrom('agency').select('id').where('unit_id', '<>', f.unitId).executeTakeFirstOrThrow()).id;
  const notInPlan = await lead(foreign);
  assert.equal(notInPlan.statusCode, 400);
  assert.equal(notInPlan.json.error.code, 'agency_not_in_plan');
  assert.equal((await lead(f.agencies['Sở Y tế'], users.officer, '42')).json.error.code, 'unknown_activity');
  const given = await lead(f.agencies['Sở Y tế']);
  assert.equal(given.statusCode, 200, given.body);
  assert.equal(given.json.activity.leadAgencyId, f.agencies['Sở Y tế']);
  const now = await execution(users.health);
  assert.deepEqual(now.json.activities.filter((a: { canEdit: boolean }) => a.canEdit).map((a: { key: string }) => a.key), ['3']);
  const ok = await put([v], users.health);
  assert.equal(ok.statusCode, 200, ok.body);
  // one activity of another agency in the same request refuses the whole request
  const before = await rows();
  const mixed = await put([{ ...v, amount: 196, version: 1 }, { activity: '6', year: 2022, source: 'local', amount: 380 }], users.health);
  assert.equal(mixed.statusCode, 403);
  assert.deepEqual(await rows(), before);
  // a draft plan takes no spending
  const draft = await kienGiangBudgetPlan(ctx, { status: 'draft', number: '108/KH-UBND' });
  const d = await ctx.request({ method: 'PUT', url: `/api/plans/${draft.planId}/budget/spending`, payload: { values: [v] } });
  assert.equal(d.statusCode, 409);
  assert.equal(d.json.error.code, 'plan_not_issued');
});

test('a year locks when the year\'s report is submitted or approved, and opens again when it is reopened', async () => {
  const gen = await ctx.request({ method: 'POST', url: `/api/plans/${f.planId}/obligations?year=2024` });
  assert.ok([200, 201].includes(gen.statusCode), gen.body);
  const mine = (await ctx.request({ url: `/api/my/reports?planId=${f.planId}&year=2024&unitId=${f.unitId}` })).json.items.find((o: { agency: unknown; kind: string }) => o.agency === null && o.kind === 'annual');
  assert.ok(mine, 'the province\'s own 2024 report');
  const form = (await ctx.request({ url: `/api/obligations/${mine.id}` })).json;
  const filled = await ctx.request({ method: 'PUT', url: `/api/obligations/${mine.id}`, payload: { version: form.version, values: form.measures.map((m: { code: string }) => ({ measure: m.code, unknown: true })) } });
  assert.equal(filled.statusCode, 200, filled.body);
  const submitted = await ctx.request({ method: 'POST', url: `/api/obligations/${mine.id}/submit` });
  assert.equal(submitted.statusCode, 200, submitted.body);

  const cell = async () => (await execution(users.officer)).json.activities.find((a: { key: string }) => a.key === '5').cells['2024'].local;
  const v = async (amount: number) => ({ activity: '5', year: 2024, source: 'local', amount, version: (await cell()).version });
  let r = await put([await v(61)], users.officer);
  assert.equal(r.statusCode, 409);
  assert.equal(r.json.error.code, 'year_locked');
  assert.match(r.json.error.message, /Báo cáo năm 2024 đã gửi và đang chờ phê duyệt/);
  const locks = (await execution(users.officer)).json.locks;
  assert.deepEqual(locks.filter((l: { locked: boolean }) => l.locked).map((l: { year: number; status: string }) => [l.year, l.status]), [[2024, 'submitted']]);
  // other years stay open
  assert.equal((await put([{ activity: '5', year: 2023, source: 'local', amount: 75, version: 0 }], users.officer)).statusCode, 200);

  assert.equal((await ctx.request({ method: 'POST', url: `/api/obligations/${mine.id}/approve` })).statusCode, 200);
  r = await put([await v(61)], users.officer);
  assert.equal(r.statusCode, 409);
  assert.match(r.json.error.message, /đã được phê duyệt nên số liệu kinh phí năm 2024 đã khóa; cấp phê duyệt có thể mở lại/);
  assert.match(r.json.error.messageEn, /approved/);
  assert.equal((await cell()).spent, 60, 'nothing changed');

  assert.equal((await ctx.request({ method: 'POST', url: `/api/obligations/${mine.id}/reopen` })).statusCode, 200);
  r = await put([await v(61)], users.officer);
  assert.equal(r.statusCode, 200, r.body);
  assert.equal((await cell()).spent, 61);
});

test('spending survives an edit of the plan: a reworded activity keeps its figures, a removed one is kept apart', async () => {
  const plan = (await ctx.request({ url: `/api/plans/${f.planId}` })).json;
  const lines = plan.budget.lines
    .filter((l: { activityNo: string }) => l.activityNo !== '6')
    .map(({ id: _id, ...l }: { id: number; activity: string; activityNo: string }) => (l.activityNo === '2' ? { ...l, activity: 'Truyền thông, giáo dục về quyền trẻ em (sửa lời)' } : l));
  const { id: _i, version, ...rest } = plan;
  void _i;
  const input = {
    number: rest.number, title: rest.title, kind: rest.kind, level: rest.level, issuerUnitId: rest.issuerUnitId, issuerName: rest.issuerName, issueDate: rest.issueDate, issueDateText: rest.issueDateText,
    place: rest.place, periodFrom: rest.periodFrom, periodTo: rest.periodTo, parentPlanId: rest.parentPlanId, signer: rest.signer, signerTitle: rest.signerTitle, implements: rest.implements,
    objectives: rest.objectives.map((o: { key: string; title: string }) => ({ key: o.key, title: o.title })),
    indicators: rest.indicators.map((i: { number: string; objective: string; text: string; catalogue: string; definition: unknown; targets: { id: number; measureId: number }[]; baselines: { id: number; measureId: number }[] }) => ({
      number: i.number, objective: i.objective, text: i.text, catalogue: i.catalogue, definition: i.definition,
      targets: i.targets.map(({ id: _a, measureId: _b, ...t }) => t), baselines: i.baselines.map(({ id: _a, measureId: _b, ...b }) => b),
    })),
    agencies: rest.agencies.map((a: { name: string; sector: string; shortName: string | null }) => ({ name: a.name, sector: a.sector, shortName: a.shortName })),
    tasks: rest.tasks.map(({ id: _a, ...t }: { id: number }) => t),
    assignments: rest.assignments.map(({ agencyId: _a, ...a }: { agencyId: number }) => a),
    reporting: rest.reporting.map(({ id: _a, reporterAgencyId: _b, ...r }: { id: number; reporterAgencyId: number }) => r),
    reviews: rest.reviews,
    budget: { currencyUnit: 'million_vnd', statedTotal: rest.budget.statedTotal, lines },
    version,
  };
  const upd = await ctx.request({ method: 'PUT', url: `/api/plans/${f.planId}`, payload: input });
  assert.equal(upd.statusCode, 200, upd.body);
  const t = (await execution(users.officer)).json;
  const a2 = t.activities.find((a: { key: string }) => a.key === '2');
  assert.equal(a2.name, 'Truyền thông, giáo dục về quyền trẻ em (sửa lời)');
  assert.equal(a2.cells['2024'].local.spent, 280);
  const removed = t.activities.find((a: { inPlan: boolean }) => !a.inPlan);
  assert.ok(removed, 'activity 6 (removed from the plan) still shows its 2024 spending');
  assert.equal(removed.cells['2024'].local.spent, 400);
  assert.equal(removed.canEdit, false);
  assert.equal(t.total.planned, 18670 - 4000);
  // the lead agency of activity 3 is kept too
  assert.equal(t.activities.find((a: { key: string }) => a.key === '3').leadAgencyId, f.agencies['Sở Y tế']);
  // entering the removed activity is refused as unknown
  const r = await put([{ activity: '6', year: 2024, source: 'local', amount: 1 }], users.officer);
  assert.equal(r.json.error.code, 'unknown_activity');
  // an agency the plan no longer lists leads nothing any more
  await ctx.database.db.deleteFrom('plan_agency').where('plan_id', '=', f.planId).where('agency_id', '=', f.agencies['Sở Y tế']).execute();
  assert.equal((await execution(users.officer)).json.activities.find((a: { key: string }) => a.key === '3').leadAgencyId, null);
  assert.equal((await put([{ activity: '3', year: 2021, source: 'local', amount: 190 }], users.health)).statusCode, 403);
});
