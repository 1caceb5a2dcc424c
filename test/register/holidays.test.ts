import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestContext, type TestContext } from '../helpers/context.ts';
import { childBody, createPeople, createUnits, type People, type Units } from './fixtures.ts';

let ctx: TestContext;
let u: Units;
let p: People;
before(async () => {
  ctx = await createTestContext();
  u = await createUnits(ctx);
  p = await createPeople(ctx, u);
});
after(async () => ctx.close());

test('the calendar of 2026: the Labour Code’s 11 days with Tết and Giỗ Tổ computed from the lunar calendar, and the made-up day', async () => {
  const r = await p.workerA.request({ method: 'GET', url: '/api/holidays?year=2026' });
  assert.equal(r.statusCode, 200, r.body);
  const days = r.json.holidays.map((h: { date: string }) => h.date);
  for (const d of ['2026-01-01', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-04-26', '2026-04-27', '2026-04-30', '2026-05-01', '2026-09-02']) assert.ok(days.includes(d), d);
  assert.match(r.json.basisVi, /Điều 112/);
  const bad = await p.workerA.request({ method: 'GET', url: '/api/holidays?year=abc' });
  assert.equal(bad.statusCode, 400);
});

test('only an administrator corrects the calendar; a correction moves the plan’s due time; bad dates refused, nothing stored', async () => {
  // a case worker (who holds rights, not this one) is refused
  const refused = await p.workerA.request({ method: 'PUT', url: '/api/holidays/2026-03-02', payload: { kind: 'day_off', nameVi: 'x' } });
  assert.equal(refused.statusCode, 403);
  for (const date of ['2026-02-30', '2026-13-01', '26-03-02', '2026-3-2']) {
    const r = await ctx.request({ method: 'PUT', url: `/api/holidays/${date}`, payload: { kind: 'day_off' } });
    assert.equal(r.statusCode, 400, `${date}: ${r.body}`);
  }
  assert.equal((await ctx.request({ method: 'PUT', url: '/api/holidays/2026-03-03', payload: { kind: 'working_day' } })).json.error.code, 'already_working_day');
  assert.equal((await ctx.request({ method: 'PUT', url: '/api/holidays/2026-02-17', payload: { kind: 'day_off' } })).json.error.code, 'already_day_off');
  assert.equal((await ctx.database.db.selectFrom('public_holiday_override').selectAll().execute()).length, 0);

  // a case assessed on a Friday: the plan is due at the end of the 5th working day
  const child = await p.workerA.request({ method: 'POST', url: '/api/children', payload: childBody(u.communeA, { fullName: 'Hà Văn Lịch', birthDate: '2015-01-01' }) });
  const assessedOn = new Date();
  // the next five weekdays after today, in Vietnam time, none of them a holiday today's test depends on: mark the first a day off
  const vn = (d: Date) => new Date(d.getTime() + 7 * 3600_000).toISOString().slice(0, 10);
  let next = new Date(assessedOn.getTime() + 86_400_000);
  while ([0, 6].includes(new Date(`${vn(next)}T00:00:00Z`).getUTCDay())) next = new Date(next.getTime() + 86_400_000);
  const open = async () => {
    const c = await p.workerA.request({ method: 'POST', url: '/api/cases', payload: { childId: child.json.id, source: 'school', receivedAt: new Date(Date.now() - 3600_000).toISOString() } });
    assert.equal(c.statusCode, 201, c.body);
    const r = await p.workerA.request({ method: 'POST', url: `/api/cases/${c.json.id}/steps`, payload: { step: 'assess', seriousRisk: false } });
    assert.equal(r.statusCode, 200, r.body);
    return new Date(r.json.steps.find((s: { step: string }) => s.step === 'plan').dueAt).getTime();
  };
  const before = await open();
  const set = await ctx.request({ method: 'PUT', url: `/api/holidays/${vn(next)}`, payload: { kind: 'day_off', nameVi: 'Nghỉ theo thông báo của Thủ tướng' } });
  const computedOff = set.statusCode === 400 && set.json.error.code === 'already_day_off';
  assert.ok(set.statusCode === 200 || computedOff, set.body);
  if (!computedOff) {
    const after = await open();
    assert.ok(after - before >= 86_400_000, 'one more day to make the plan');
    const year = Number(vn(next).slice(0, 4));
    const cal = await p.workerA.request({ method: 'GET', url: `/api/holidays?year=${year}` });
    assert.ok(cal.json.holidays.some((h: { date: string; computed: boolean; nameVi: string }) => h.date === vn(next) && !h.computed && h.nameVi.includes('Thủ tướng')));
    assert.equal((await ctx.request({ method: 'DELETE', url: `/api/holidays/${vn(next)}` })).statusCode, 200);
    assert.equal((await ctx.request({ method: 'DELETE', url: `/api/holidays/${vn(next)}` })).statusCode, 404);
  }
});
