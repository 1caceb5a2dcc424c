/** Bad input: each a clear bilingual error with a path, and nothing written (row counts and audit log unchanged). */
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestContext, type TestContext } from '../helpers/context.ts';

let ctx: TestContext;
let kg: number;
let hk: number;
let national: number;
const TABLES = ['plan', 'plan_implements', 'objective', 'plan_indicator', 'indicator', 'measure', 'target', 'baseline', 'task', 'task_agency', 'indicator_assignment', 'reporting_rule', 'plan_review', 'budget_line', 'agency', 'plan_agency', 'admin_unit', 'unit_succession', 'audit_log'];

async function counts(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of TABLES) out[t] = Number((await sql<{ n: number }>`select count(*)::int as n from ${sql.table(t)}`.execute(ctx.database.db)).rows[0].n);
  return out;
}

const base = () => ({
  number: '200/KH-UBND', title: 'Kế hoạch thử', level: 'province', issuerUnitId: kg, issueDate: '2021-06-01', periodFrom: 2021, periodTo: 2030, parentPlanId: national,
  objectives: [{ key: '1', title: 'Mục tiêu 1' }],
  agencies: [{ name: 'Sở Y tế', sector: 'health' }],
  indicators: [{ number: '3', catalogue: '3', objective: '1', targets: [{ measure: '3a', year: 2025, comparator: '<', value: 9.5 }] }],
  tasks: [{ title: 'Nhiệm vụ', lead: ['Sở Y tế'] }],
  assignments: [{ agency: 'Sở Y tế', indicators: ['3'] }],
  budget: { statedTotal: 100, lines: [{ activity: 'Hoạt động', year: 2021, source: 'local', amount: 100 }] },
});

before(async () => {
  ctx = await createTestContext();
  kg = (await ctx.request({ url: '/api/units?level=province&code=91&at=2021-05-18' })).json.items[0].id;
  hk = (await ctx.request({ url: '/api/units?level=commune&q=Hoang Kim' })).json.items[0].id;
  national = (await ctx.request({ url: '/api/plans?q=23/QĐ-TTg' })).json.items[0].id;
  const ok = await ctx.request({ method: 'POST', url: '/api/plans', payload: base() });
  assert.equal(ok.statusCode, 201, ok.body);
});
after(async () => ctx.close());

async function refused(payload: unknown, status: number, code: string, path: (string | number)[], opts: { method?: string; url?: string } = {}) {
  const before = await counts();
  const r = await ctx.request({ method: opts.method ?? 'POST', url: opts.url ?? '/api/plans', payload });
  assert.equal(r.statusCode, status, r.body);
  assert.equal(r.json.error.code, code);
  assert.deepEqual(r.json.error.path, path);
  assert.ok(r.json.error.message && r.json.error.messageEn && r.json.error.message !== r.json.error.messageEn, 'Vietnamese and English messages');
  assert.doesNotMatch(r.body, /at .*\.ts:\d+/, 'no stack trace');
  assert.deepEqual(await counts(), before, 'nothing written');
  return r.json.error;
}

test('an unknown issuing unit', async () => {
  const e = await refused({ ...base(), number: '201/KH-UBND', issuerUnitId: 999999 }, 400, 'unknown_unit', ['issuerUnitId']);
  assert.match(e.message, /Không có đơn vị hành chính/);
});

test('an issue date outside the issuing unit’s validity (Hoằng Kim after its merger; a partial date too)', async () => {
  await refused({ title: 'KH xã', level: 'commune', issuerUnitId: hk, issueDate: '2025-09-01' }, 400, 'date_outside_unit_validity', ['issueDate']);
  await refused({ title: 'KH xã', level: 'commune', issuerUnitId: hk, issueDateText: '2026' }, 400, 'date_outside_unit_validity', ['issueDateText']);
});

test('a target without a year', async () => {
  const p = base();
  p.indicators[0].targets = [{ measure: '3a', comparator: '<', value: 9.5 } as any];
  const e = await refused({ ...p, number: '202/KH-UBND' }, 400, 'validation_failed', ['body', 'indicators', 0, 'targets', 0, 'year']);
  assert.match(e.message, /thiếu giá trị bắt buộc/);
});

test('a duplicate plan number for the same issuer in the same year (another year is fine)', async () => {
  const e = await refused(base(), 409, 'duplicate_plan_number', ['number']);
  assert.match(e.message, /đã có kế hoạch số 200\/KH-UBND năm 2021/);
  const other = await ctx.request({ method: 'POST', url: '/api/plans', payload: { ...base(), issueDate: '2022-01-10' } });
  assert.equal(other.statusCode, 201);
  assert.equal((await ctx.request({ method: 'DELETE', url: `/api/plans/${other.json.id}` })).statusCode, 204);
});

test('an unknown measure code, an unknown catalogue indicator, a unit that cannot be converted', async () => {
  const p = base();
  p.indicators[0].targets = [{ measure: '3d', year: 2025, comparator: '<', value: 9 }];
  const e = await refused({ ...p, number: '203/KH-UBND' }, 400, 'unknown_measure', ['indicators', 0, 'targets', 0, 'measure']);
  assert.match(e.message, /có: 3a, 3b, 3c/);
  const q = base();
  q.indicators[0].catalogue = '25';
  await refused({ ...q, number: '204/KH-UBND' }, 400, 'unknown_indicator', ['indicators', 0, 'catalogue']);
  const u = base();
  (u.indicators[0].targets[0] as any).unit = 'count';
  await refused({ ...u, number: '205/KH-UBND' }, 400, 'unit_mismatch', ['indicators', 0, 'targets', 0, 'unit']);
});

test('a range whose minimum exceeds its maximum; a comparator without a value', async () => {
  const p = base();
  p.indicators[0].targets = [{ measure: '3a', year: 2025, comparator: 'range', value: 5, valueMax: 3 } as any];
  const e = await refused({ ...p, number: '206/KH-UBND' }, 400, 'validation_failed', ['body', 'indicators', 0, 'targets', 0, 'valueMax']);
  assert.match(e.message, /khoảng giá trị có giá trị nhỏ nhất 5 lớn hơn giá trị lớn nhất 3/);
  const q = base();
  q.indicators[0].targets = [{ measure: '3a', year: 2025, comparator: '<' } as any];
  await refused({ ...q, number: '207/KH-UBND' }, 400, 'validation_failed', ['body', 'indicators', 0, 'targets', 0, 'value']);
});

test('a parent plan that does not exist; a period that ends before it starts; a 31 February', async () => {
  await refused({ ...base(), number: '208/KH-UBND', parentPlanId: 99999 }, 400, 'unknown_plan', ['parentPlanId']);
  await refused({ ...base(), number: '209/KH-UBND', periodFrom: 2030, periodTo: 2021 }, 400, 'validation_failed', ['body', 'periodTo']);
  await refused({ ...base(), number: '210/KH-UBND', issueDate: '2021-02-31' }, 400, 'validation_failed', ['body', 'issueDate']);
});

test('an agency named in a task or an assignment but not listed; an indicator number the plan does not have', async () => {
  const p = base();
  p.tasks = [{ title: 'Nhiệm vụ', lead: ['Sở Không Có'] }];
  await refused({ ...p, number: '211/KH-UBND' }, 400, 'unknown_agency', ['tasks', 0, 'lead', 0]);
  const q = base();
  q.assignments = [{ agency: 'Sở Y tế', indicators: ['3', '99'] }];
  await refused({ ...q, number: '212/KH-UBND' }, 400, 'validation_failed', ['body', 'assignments', 0, 'indicators', 1]);
});

test('a plan level that does not match the issuing unit; malformed JSON', async () => {
  await refused({ ...base(), number: '213/KH-UBND', level: 'commune' }, 400, 'level_mismatch', ['level']);
  const before = await counts();
  // signed in (ctx.request): anonymous callers are refused with 401 before their body is read
  const r = await ctx.request({ method: 'POST', url: '/api/plans', payload: '{"title": ', headers: { 'content-type': 'application/json' } });
  assert.equal(r.statusCode, 400);
  assert.equal(r.json.error.code, 'malformed_json');
  assert.deepEqual(await counts(), before);
});

test('units: a duplicate code in the same period, a parent of a lower level, a succession cycle', async () => {
  await refused({ code: '91', name: 'Kiên Giang 2', level: 'province', validFrom: '2020-01-01', validTo: '2024-01-01' }, 409, 'duplicate_unit_code', ['code'], { url: '/api/units' });
  await refused({ code: '99999', name: 'Xã lạ', level: 'province', parentId: hk }, 400, 'invalid_parent_level', ['parentId'], { url: '/api/units' });
  const ag = (await ctx.request({ url: '/api/units?level=province&code=91&at=2026-01-01' })).json.items[0];
  await refused({ successorId: kg, effectiveDate: '2026-01-01', kind: 'merge' }, 400, 'succession_cycle', ['successorId'], { url: `/api/units/${ag.id}/successions` });
  await refused({ successorId: 424242, effectiveDate: '2026-01-01', kind: 'merge' }, 400, 'unknown_unit', ['successorId'], { url: `/api/units/${ag.id}/successions` });
});
