import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestContext, type TestContext, type Client } from '../helpers/context.ts';
import { childBody, createPeople, createUnits, type People, type Units } from './fixtures.ts';

let ctx: TestContext;
let u: Units;
let p: People;
let childId: number;
before(async () => {
  ctx = await createTestContext();
  u = await createUnits(ctx);
  p = await createPeople(ctx, u);
  const c = await p.workerA.request({ method: 'POST', url: '/api/children', payload: childBody(u.communeA, { fullName: 'Lò Thị Én', birthDate: '2014-08-08' }) });
  assert.equal(c.statusCode, 201, c.body);
  childId = c.json.id;
});
after(async () => ctx.close());

const hoursAgo = (h: number) => new Date(Date.now() - h * 3600_000).toISOString();
const send = (who: Client, method: string, url: string, payload?: unknown) => who.request({ method, url, payload });
const openCase = async (receivedAt: string, extra: Record<string, unknown> = {}) => {
  const r = await send(p.workerA, 'POST', '/api/cases', { childId, source: 'hotline_111', channel: 'phone', reporter: { name: 'Hàng xóm', relation: 'neighbour' }, receivedAt, description: 'Trẻ bị đánh, có vết bầm', ...extra });
  assert.equal(r.statusCode, 201, r.body);
  return r.json;
};
const steps = (c: { steps: { step: string; doneAt: string | null }[] }) => c.steps.filter((s) => s.doneAt).map((s) => s.step);

test('a case opens from a report with who, when and how; the 12-hour limit binds the emergency measure of an urgent report, not the assessment (NĐ 56 Điều 26.3)', async () => {
  const received = hoursAgo(1);
  const c = await openCase(received, { urgency: 'urgent' });
  assert.deepEqual(steps(c), ['receive']);
  const assess = c.steps.find((s: { step: string }) => s.step === 'assess');
  assert.equal(assess.dueAt, null, 'the assessment has no 12-hour limit of its own');
  const emergency = c.steps.find((s: { step: string }) => s.step === 'emergency');
  assert.equal(new Date(emergency.dueAt).getTime() - new Date(received).getTime(), 12 * 3600_000);
  assert.match(emergency.limitBasis, /12 giờ kể từ khi nhận được thông tin.*Điều 26 khoản 3/);
  // an ordinary report: no emergency step, nothing due within 12 hours
  const ordinary = await openCase(hoursAgo(1));
  assert.ok(!ordinary.steps.some((s: { step: string }) => s.step === 'emergency'));
  assert.ok(ordinary.steps.every((s: { dueAt: string | null }) => s.dueAt === null));
  assert.equal(c.reporter.name, 'Hàng xóm');
  const raw = JSON.stringify((await ctx.database.db.selectFrom('child_case').selectAll().where('id', '=', c.id).executeTakeFirstOrThrow()));
  assert.ok(!raw.includes('Hàng xóm') && !raw.includes('vết bầm'), 'reporter and description are encrypted');
});

test('Decree 56 order: out-of-order steps, urgent risk without emergency measures, implementation before approval, closure without review — all refused, nothing stored', async () => {
  const c = await openCase(hoursAgo(2), { urgency: 'urgent' });
  const url = `/api/cases/${c.id}/steps`;
  let r = await send(p.workerA, 'POST', url, { step: 'plan', notes: 'kế hoạch' });
  assert.equal(r.statusCode, 400);
  assert.equal(r.json.error.code, 'step_out_of_order');
  assert.match(r.json.error.message, /Sai trình tự/);
  r = await send(p.workerA, 'POST', url, { step: 'close' });
  assert.equal(r.json.error.code, 'closure_without_review');
  const unchanged = await send(p.workerA, 'GET', `/api/cases/${c.id}`);
  assert.deepEqual(steps(unchanged.json), ['receive']);
  // the assessment finds serious risk: the emergency measure is its own step, due 12 hours after receipt
  r = await send(p.workerA, 'POST', url, { step: 'assess', notes: 'đã xác minh', seriousRisk: true });
  assert.equal(r.statusCode, 200, r.body);
  assert.equal(r.json.seriousRisk, true);
  r = await send(p.workerA, 'POST', url, { step: 'plan', notes: 'kế hoạch' });
  assert.equal(r.json.error.code, 'step_out_of_order');
  r = await send(p.workerA, 'POST', url, { step: 'emergency', notes: 'đã can thiệp' });
  assert.equal(r.json.error.code, 'emergency_measures_required');
  assert.match(r.json.error.message, /cách ly tạm thời/);
  r = await send(p.workerA, 'POST', url, { step: 'emergency', emergencyMeasures: 'Tạm thời cách ly trẻ, đưa về nhà bà ngoại' });
  assert.equal(r.statusCode, 200, r.body);
  // the plan is now due 5 working days after the emergency measure, until 24:00 of the 5th working day (Điều 28.1)
  const plan = r.json.steps.find((s: { step: string }) => s.step === 'plan');
  assert.ok(plan.dueAt);
  assert.match(plan.limitBasis, /05 ngày làm việc.*Mẫu số 04.*Điều 28 khoản 1/);
  assert.equal(new Date(plan.dueAt).getUTCHours(), 17, '24:00 Vietnam time');
  const emergencyDone = r.json.steps.find((s: { step: string }) => s.step === 'emergency').doneAt;
  const days = (new Date(plan.dueAt).getTime() - new Date(emergencyDone).getTime()) / 86_400_000;
  assert.ok(days >= 5 && days <= 12, `5 working days = ${days} calendar days`);
  r = await send(p.workerA, 'POST', url, { step: 'plan', notes: 'Kế hoạch hỗ trợ, can thiệp: tư vấn tâm lý, trợ giúp pháp lý' });
  assert.equal(r.json.status, 'plan_pending');
  r = await send(p.workerA, 'POST', url, { step: 'implement' });
  assert.equal(r.json.error.code, 'plan_not_approved');
  // a case worker cannot approve
  r = await send(p.workerA, 'POST', `/api/cases/${c.id}/approvals`, { kind: 'plan', decision: 'approved' });
  assert.equal(r.statusCode, 403);
  const pending = await send(p.supervisorA, 'GET', `/api/cases/approvals?unitId=${u.communeA}`);
  assert.ok(pending.json.items.some((i: { id: number; kind: string }) => i.id === c.id && i.kind === 'plan'));
  r = await send(p.supervisorA, 'POST', `/api/cases/${c.id}/approvals`, { kind: 'closure', decision: 'approved' });
  assert.equal(r.json.error.code, 'closure_without_review');
  r = await send(p.supervisorA, 'POST', `/api/cases/${c.id}/approvals`, { kind: 'plan', decision: 'approved', note: 'Đồng ý' });
  assert.equal(r.statusCode, 200, r.body);
  assert.equal(r.json.planApproved, true);
  for (const step of ['implement', 'follow_up', 'review']) {
    r = await send(p.workerA, 'POST', url, { step, notes: `Đã ${step}` });
    assert.equal(r.statusCode, 200, r.body);
  }
  r = await send(p.workerA, 'POST', `/api/cases/${c.id}/referrals`, { service: 'legal_aid', provider: 'Trung tâm trợ giúp pháp lý tỉnh' });
  assert.equal(r.statusCode, 201);
  r = await send(p.workerA, 'PATCH', `/api/cases/${c.id}/referrals/${r.json.id}`, { outcome: 'provided', note: 'Đã có luật sư' });
  assert.equal(r.statusCode, 200);
  r = await send(p.workerA, 'POST', `/api/cases/${c.id}/meetings`, { heldAt: new Date().toISOString(), participants: 'Ban bảo vệ trẻ em xã, cha mẹ', decisions: 'Đóng hồ sơ' });
  assert.equal(r.statusCode, 201);
  r = await send(p.workerA, 'POST', url, { step: 'close', notes: 'Trẻ an toàn, mục tiêu kế hoạch đạt' });
  assert.equal(r.json.status, 'closure_pending');
  r = await send(p.supervisorA, 'POST', `/api/cases/${c.id}/approvals`, { kind: 'closure', decision: 'approved' });
  assert.equal(r.json.status, 'closed');
  assert.deepEqual(steps(r.json), ['receive', 'assess', 'emergency', 'plan', 'implement', 'follow_up', 'review', 'close']);
  const full = await send(p.workerA, 'GET', `/api/cases/${c.id}`);
  assert.equal(full.json.referrals[0].outcome, 'provided');
  assert.equal(full.json.meetings.length, 1);
  assert.deepEqual(full.json.approvals.map((a: { kind: string }) => a.kind), ['plan', 'closure']);
  r = await send(p.workerA, 'POST', url, { step: 'review' });
  assert.equal(r.json.error.code, 'case_closed');
});

test('overdue steps: the 12-hour legal limit of the emergency measure; a unit may set 8 hours, not 24; an ordinary case is not late at 20 hours', async () => {
  const late = await openCase(hoursAgo(20), { urgency: 'urgent' });
  const ordinary = await openCase(hoursAgo(20));
  const list = await send(p.supervisorA, 'GET', `/api/cases/overdue?unitId=${u.communeA}`);
  const item = list.json.items.find((i: { caseId: number }) => i.caseId === late.id);
  assert.ok(item, 'the 20-hour-old urgent case is overdue');
  assert.equal(item.step, 'emergency');
  assert.ok(Math.abs(item.overdueHours - 8) < 0.2, `overdue ${item.overdueHours} h`);
  assert.ok(!list.json.items.some((i: { caseId: number }) => i.caseId === ordinary.id), 'no 12-hour limit on an ordinary assessment');
  const tooLong = await send(p.supervisorA, 'PUT', '/api/cases/time-limits', { unitId: u.communeA, step: 'emergency', hours: 24 });
  assert.equal(tooLong.statusCode, 400);
  assert.equal(tooLong.json.error.code, 'limit_longer_than_law');
  assert.equal((await send(p.workerA, 'PUT', '/api/cases/time-limits', { unitId: u.communeA, step: 'emergency', hours: 8 })).statusCode, 403);
  const ok = await send(p.supervisorA, 'PUT', '/api/cases/time-limits', { unitId: u.communeA, step: 'emergency', hours: 8 });
  assert.equal(ok.statusCode, 200, ok.body);
  const limits = await send(p.workerA, 'GET', `/api/cases/time-limits?unitId=${u.communeA}`);
  assert.equal(limits.json.effective.find((l: { step: string }) => l.step === 'emergency').hours, 8);
  const tenHours = await openCase(hoursAgo(10), { urgency: 'urgent' });
  const after8 = await send(p.supervisorA, 'GET', `/api/cases/overdue?unitId=${u.communeA}`);
  assert.ok(after8.json.items.some((i: { caseId: number }) => i.caseId === tenHours.id), 'overdue under the 8-hour internal limit');
  // the province's overdue list includes the commune's
  const province = await send(p.provinceSupervisor, 'GET', `/api/cases/overdue?unitId=${u.province}`);
  assert.ok(province.json.items.some((i: { caseId: number }) => i.caseId === late.id));
  assert.ok(!JSON.stringify(province.json).includes('Lò Thị Én'), 'no child identity in the overdue list');
  // my cases, with the due step
  const mine = await send(p.workerA, 'GET', '/api/cases/mine');
  const m = mine.json.items.find((i: { id: number }) => i.id === late.id);
  // the step to act on is the overdue one: the 12-hour emergency measure, although the assessment comes first in order
  assert.equal(m.nextStep.step, 'emergency');
});

test('a step completed after its limit keeps its lateness — when and by how much — for the supervisor (issue #19.9)', async () => {
  const c = await openCase(hoursAgo(30), { urgency: 'urgent' });
  const url = `/api/cases/${c.id}/steps`;
  let r = await send(p.workerA, 'POST', url, { step: 'assess', seriousRisk: true, doneAt: hoursAgo(20) });
  assert.equal(r.statusCode, 200, r.body);
  r = await send(p.workerA, 'POST', url, { step: 'emergency', emergencyMeasures: 'Cách ly tạm thời khỏi người gây hại', doneAt: hoursAgo(10) });
  assert.equal(r.statusCode, 200, r.body);
  const emergency = r.json.steps.find((s: { step: string }) => s.step === 'emergency');
  // received 30 h ago, due after 12 h (or the unit's 8 h), done 10 h ago: 8 or 12 hours late
  assert.ok(emergency.lateHours >= 8 && emergency.lateHours <= 12.2, `late ${emergency.lateHours} h`);
  const seen = await send(p.workerA, 'GET', `/api/cases/${c.id}`);
  assert.equal(seen.json.steps.find((s: { step: string }) => s.step === 'emergency').lateHours, emergency.lateHours);
  const list = await send(p.supervisorA, 'GET', `/api/cases/overdue?unitId=${u.communeA}`);
  const late = list.json.completedLate.find((i: { caseId: number }) => i.caseId === c.id);
  assert.ok(late, 'the supervisor sees the late step after it is done');
  assert.equal(late.step, 'emergency');
  assert.equal(late.lateHours, emergency.lateHours);
  assert.ok(late.doneAt && late.dueAt);
  assert.ok(!JSON.stringify(list.json).includes('Lò Thị Én'), 'no child identity');
  // an ordinary assessment: no serious risk, the emergency step does not apply
  const o = await openCase(hoursAgo(2));
  r = await send(p.workerA, 'POST', `/api/cases/${o.id}/steps`, { step: 'assess', seriousRisk: false, emergencyMeasures: 'x' });
  assert.equal(r.json.error.code, 'step_not_applicable');
  r = await send(p.workerA, 'POST', `/api/cases/${o.id}/steps`, { step: 'assess', seriousRisk: false });
  assert.equal(r.statusCode, 200, r.body);
  r = await send(p.workerA, 'POST', `/api/cases/${o.id}/steps`, { step: 'emergency', emergencyMeasures: 'x' });
  assert.equal(r.json.error.code, 'step_not_applicable');
  assert.ok(r.json.error.message.includes('Điều 26'));
});

test('a case worker of another commune cannot read or write the case: 403, nothing stored', async () => {
  const c = await openCase(hoursAgo(1));
  const before = await ctx.database.db.selectFrom('case_step').select(['step', 'done_at']).where('case_id', '=', c.id).execute();
  const w = await send(p.workerB, 'POST', `/api/cases/${c.id}/steps`, { step: 'assess', notes: 'x', emergencyMeasures: 'y' });
  assert.equal(w.statusCode, 403);
  assert.equal((await send(p.workerB, 'GET', `/api/cases/${c.id}`)).statusCode, 403);
  assert.equal((await send(p.workerB, 'POST', `/api/cases/${c.id}/referrals`, { service: 'health' })).statusCode, 403);
  assert.equal((await send(p.workerB, 'POST', '/api/cases', { childId, source: 'school', receivedAt: hoursAgo(1) })).statusCode, 403);
  const afterRows = await ctx.database.db.selectFrom('case_step').select(['step', 'done_at']).where('case_id', '=', c.id).execute();
  assert.deepEqual(afterRows, before);
  assert.equal((await ctx.database.db.selectFrom('case_referral').selectAll().where('case_id', '=', c.id).execute()).length, 0);
});

test('a provincial supervisor sees the child only once a case is referred up to the province', async () => {
  const c = await openCase(hoursAgo(1));
  assert.equal((await send(p.provinceSupervisor, 'GET', `/api/children/${childId}`)).statusCode, 403);
  assert.equal((await send(p.provinceSupervisor, 'GET', `/api/cases/${c.id}`)).statusCode, 403);
  const bad = await send(p.workerA, 'POST', `/api/cases/${c.id}/refer-up`, { toUnitId: u.communeB, reason: 'Vượt khả năng của xã' });
  assert.equal(bad.json.error.code, 'not_a_higher_level');
  const up = await send(p.workerA, 'POST', `/api/cases/${c.id}/refer-up`, { toUnitId: u.province, reason: 'Vượt khả năng của xã' });
  assert.equal(up.statusCode, 200, up.body);
  assert.equal((await send(p.provinceSupervisor, 'GET', `/api/cases/${c.id}`)).statusCode, 200);
  assert.equal((await send(p.provinceSupervisor, 'GET', `/api/children/${childId}`)).statusCode, 200);
  // the viewer still sees no child
  assert.equal((await send(p.viewer, 'GET', `/api/children/${childId}`)).statusCode, 403);
});

test('bad case input: receipt in the future, unknown source, report after receipt', async () => {
  const future = await send(p.workerA, 'POST', '/api/cases', { childId, source: 'school', receivedAt: new Date(Date.now() + 86_400_000).toISOString() });
  assert.equal(future.json.error.code, 'received_in_future');
  const src = await send(p.workerA, 'POST', '/api/cases', { childId, source: 'rumour', receivedAt: hoursAgo(1) });
  assert.equal(src.statusCode, 400);
  const order = await send(p.workerA, 'POST', '/api/cases', { childId, source: 'police', reportedAt: hoursAgo(1), receivedAt: hoursAgo(2) });
  assert.equal(order.json.error.code, 'reported_after_received');
});
