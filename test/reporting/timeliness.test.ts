/**
 * Timeliness by one rule (src/domain/reporting/timeliness.ts, docs/reporting.md "Timeliness"): first
 * submission, resubmission after a return (grace), approval; every screen and document reads the same answer.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestContext, type TestContext } from '../helpers/context.ts';
import { buildFixture, type Fixture } from './fixture.ts';
import { submissionOnTime, timelinessFromEvents, vnDay, deadlineState, RESUBMISSION_GRACE_DAYS } from '../../src/domain/reporting/timeliness.ts';
import { reportingResults } from '../../src/storage/exchange-reporting.ts';

test('the rule: first submission by the due date (Vietnam day); a resubmission keeps it only within the grace of the return', () => {
  assert.equal(vnDay('2025-11-20T16:59:00Z'), '2025-11-20'); // 23:59 in Hà Nội
  assert.equal(vnDay('2025-11-20T17:00:00Z'), '2025-11-21');
  assert.equal(submissionOnTime({ dueDate: '2025-11-20', submittedOn: '2025-11-20', previous: null }), true);
  assert.equal(submissionOnTime({ dueDate: '2025-11-20', submittedOn: '2025-11-21', previous: null }), false);
  // returned on 25/11, sent again within the grace: still on time; a year later: late
  assert.equal(submissionOnTime({ dueDate: '2025-11-20', submittedOn: '2025-11-28', previous: { onTime: true, returnedOn: '2025-11-25' } }), true);
  assert.equal(RESUBMISSION_GRACE_DAYS, 7);
  assert.equal(submissionOnTime({ dueDate: '2025-11-20', submittedOn: '2025-12-03', previous: { onTime: true, returnedOn: '2025-11-25' } }), false);
  assert.equal(submissionOnTime({ dueDate: '2025-11-20', submittedOn: '2026-12-07', previous: { onTime: true, returnedOn: '2025-11-25' } }), false);
  // first sent late: a resubmission never makes it on time (unless itself before the deadline)
  assert.equal(submissionOnTime({ dueDate: '2025-11-20', submittedOn: '2025-11-26', previous: { onTime: false, returnedOn: '2025-11-25' } }), false);
  assert.equal(submissionOnTime({ dueDate: '2025-11-20', submittedOn: '2025-11-19', previous: { onTime: false, returnedOn: '2025-11-18' } }), true);
  // the case replayed from its events; approval changes nothing
  const events = [{ action: 'submit', at: '2025-11-18T03:00:00Z' }, { action: 'return', at: '2025-11-25T03:00:00Z' }, { action: 'submit', at: '2026-12-07T03:00:00Z' }, { action: 'approve', at: '2026-12-08T03:00:00Z' }];
  assert.equal(timelinessFromEvents('2025-11-20', events), false);
  assert.equal(timelinessFromEvents('2025-11-20', events.slice(0, 1)), true);
  assert.equal(timelinessFromEvents('2025-11-20', []), null);
  // reopened after approval and sent again within the grace: on time
  assert.equal(timelinessFromEvents('2025-11-20', [{ action: 'submit', at: '2025-11-18T03:00:00Z' }, { action: 'approve', at: '2025-11-22T03:00:00Z' }, { action: 'reopen', at: '2025-12-01T03:00:00Z' }, { action: 'submit', at: '2025-12-02T03:00:00Z' }]), true);
  assert.equal(deadlineState('submitted', '2025-11-20', '2026-12-07', false), 'late');
  assert.equal(deadlineState('approved', '2025-11-20', '2026-12-07', true), 'on_time');
  assert.equal(deadlineState('returned', '2025-11-20', '2026-12-07', true), 'returned');
});

let ctx: TestContext;
let f: Fixture;
before(async () => {
  ctx = await createTestContext();
  f = await buildFixture(ctx.database.db);
});
after(async () => ctx.close());

const values = [
  { measure: '3a', numerator: 3, denominator: 100 }, { measure: '3b', numerator: 4, denominator: 100 }, { measure: '3c', numerator: 5, denominator: 100 }, { measure: '13', value: 2 },
];

async function report(unitId: number, year: number) {
  const r = await ctx.request({ url: `/api/my/reports?unitId=${unitId}&year=${year}` });
  assert.equal(r.statusCode, 200, r.body);
  return r.json.items.find((i: { kind: string }) => i.kind === 'annual');
}

test('a report sent on time, returned on 25/11/2025 and sent again on 07/12/2026 is late everywhere: list, form, completeness, overview, the yearly document', async () => {
  const db = ctx.database.db;
  const gen = await ctx.request({ method: 'POST', url: `/api/plans/${f.plan}/obligations?year=2025` });
  assert.equal(gen.statusCode, 201, gen.body);
  const o = await report(f.merged, 2025);
  assert.equal(o.dueDate, '2025-11-20');
  const saved = await ctx.request({ method: 'PUT', url: `/api/obligations/${o.id}`, payload: { version: o.version, values } });
  assert.equal(saved.statusCode, 200, saved.body);
  const sent = await ctx.request({ method: 'POST', url: `/api/obligations/${o.id}/submit`, headers: { 'idempotency-key': 't-1' } });
  assert.equal(sent.statusCode, 200, sent.body);
  // as it happened: sent on 18/11/2025, returned on 25/11/2025
  await sql`update obligation set first_submitted_at = '2025-11-18T03:00:00Z', submitted_at = '2025-11-18T03:00:00Z', on_time = true where id = ${o.id}`.execute(db);
  assert.equal((await report(f.merged, 2025)).deadline, 'on_time');
  const ret = await ctx.request({ method: 'POST', url: `/api/obligations/${o.id}/return`, payload: { reason: 'Số liệu chưa khớp.' } });
  assert.equal(ret.statusCode, 200, ret.body);
  await sql`update obligation set returned_at = '2025-11-25T03:00:00Z' where id = ${o.id}`.execute(db);

  // returned: neither received nor on time (never "Đã nộp 0 · Đúng hạn 1")
  const during = await ctx.request({ url: `/api/completeness?unitId=${f.thanhHoa}&year=2025` });
  assert.equal(during.statusCode, 200, during.body);
  assert.equal(during.json.total.received, 0);
  assert.equal(during.json.total.onTime, 0);
  const doc = await reportingResults.completeness(db, { unitId: f.thanhHoa, year: 2025 } as never);
  for (const row of doc.rows) assert.ok(row.onTime <= row.received, JSON.stringify(row));
  assert.equal((await report(f.merged, 2025)).deadline, 'returned');

  // sent again today (07/12/2026 or later): late, in every place
  const again = await ctx.request({ method: 'POST', url: `/api/obligations/${o.id}/submit`, headers: { 'idempotency-key': 't-2' } });
  assert.equal(again.statusCode, 200, again.body);
  const listed = await report(f.merged, 2025);
  assert.equal(listed.deadline, 'late');
  assert.equal(listed.firstSubmittedAt, '2025-11-18T03:00:00.000Z');
  const form = await ctx.request({ url: `/api/obligations/${o.id}` });
  assert.equal(form.json.deadline, 'late');
  const c = await ctx.request({ url: `/api/completeness?unitId=${f.thanhHoa}&year=2025` });
  assert.equal(c.json.total.received, 1);
  assert.equal(c.json.total.onTime, 0);
  const doc2 = await reportingResults.completeness(db, { unitId: f.thanhHoa, year: 2025 } as never);
  assert.deepEqual(doc2.rows.map((r) => [r.received, r.onTime]), [[1, 0]]);
  const ov = await ctx.request({ url: `/api/overview?unitId=${f.thanhHoa}&year=2025` });
  assert.equal(ov.statusCode, 200, ov.body);
  assert.ok(ov.json.lateReports.some((r: { id: number; overdue: boolean }) => r.id === o.id && !r.overdue));
  // approval changes nothing
  const ok = await ctx.request({ method: 'POST', url: `/api/obligations/${o.id}/approve` });
  assert.equal(ok.statusCode, 200, ok.body);
  assert.equal((await report(f.merged, 2025)).deadline, 'late');
});

test('a report of a coming year sent now is on time; returned and sent again at once it stays on time', async () => {
  const gen = await ctx.request({ method: 'POST', url: `/api/plans/${f.plan}/obligations?year=2029` });
  assert.equal(gen.statusCode, 201, gen.body);
  const o = await report(f.merged, 2029);
  await ctx.request({ method: 'PUT', url: `/api/obligations/${o.id}`, payload: { version: o.version, values } });
  assert.equal((await ctx.request({ method: 'POST', url: `/api/obligations/${o.id}/submit` })).statusCode, 200);
  assert.equal((await report(f.merged, 2029)).deadline, 'on_time');
  assert.equal((await ctx.request({ method: 'POST', url: `/api/obligations/${o.id}/return`, payload: { reason: 'Bổ sung ghi chú.' } })).statusCode, 200);
  assert.equal((await ctx.request({ method: 'POST', url: `/api/obligations/${o.id}/submit` })).statusCode, 200);
  assert.equal((await report(f.merged, 2029)).deadline, 'on_time');
  const c = await ctx.request({ url: `/api/completeness?unitId=${f.thanhHoa}&year=2029` });
  assert.deepEqual([c.json.total.received, c.json.total.onTime], [1, 1]);
});
