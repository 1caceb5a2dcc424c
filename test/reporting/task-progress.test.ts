/**
 * Task progress (issue #16) on seed 001 (Kiên Giang): the lead agency's reporter enters it per period, another
 * agency's reporter cannot; a step back from "hoàn thành" needs a reason (nothing stored without one); the
 * issuer's roll-up per agency; the yearly report's task section (DOCX/PDF data) grouped as the plan groups its
 * tasks; completion over the years for the reviews; evidence files checked by content.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestContext, type TestContext } from '../helpers/context.ts';
import { kienGiangBudgetPlan, type BudgetFixture } from '../budget/fixture.ts';
import { validateTaskProgress } from '../../src/domain/reporting/task-progress.ts';
import { reportData } from '../../src/storage/documents.ts';
import { reportDocument } from '../../src/domain/documents/compose.ts';

test('rules: leaving "hoàn thành" needs a reason; "không thực hiện được" needs a reason or difficulties; completed is 100%', () => {
  const base = { percent: null, results: null, difficulties: null, reason: null };
  assert.deepEqual(validateTaskProgress({ ...base, status: 'in_progress' }, { status: 'completed', period: '2024' }).map((i) => i.code), ['reason_required']);
  assert.deepEqual(validateTaskProgress({ ...base, status: 'in_progress', reason: 'Phát sinh thêm đối tượng.' }, { status: 'completed', period: '2024' }), []);
  assert.deepEqual(validateTaskProgress({ ...base, status: 'not_feasible' }, null).map((i) => i.code), ['reason_required']);
  assert.deepEqual(validateTaskProgress({ ...base, status: 'completed', percent: 80 }, null).map((i) => i.code), ['completed_below_100']);
  assert.deepEqual(validateTaskProgress({ ...base, status: 'not_started', percent: 10 }, null).map((i) => i.code), ['not_started_with_percent']);
  assert.deepEqual(validateTaskProgress({ ...base, status: 'in_progress', percent: 60 }, null), []);
});

let ctx: TestContext;
let f: BudgetFixture;
let task: { id: number; title: string; section: string | null; lead: number; leadName: string };
let other: number;
const users: Record<string, { username: string; password: string }> = {};
before(async () => {
  ctx = await createTestContext();
  f = await kienGiangBudgetPlan(ctx);
  const db = ctx.database.db;
  // seed 001 as the fixture holds it has one task; a second, under a group of its own, led by Sở Y tế
  const t2 = await db.insertInto('task').values({ plan_id: f.planId, section: 'Nâng cao chất lượng chăm sóc sức khỏe trẻ em', title: 'Khám sức khỏe định kỳ cho trẻ em dưới 6 tuổi', description: null, position: 10 }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('task_agency').values({ task_id: t2.id, agency_id: f.agencies['Sở Y tế'], role: 'lead', position: 0 }).execute();
  const leads = await db.selectFrom('task as t').innerJoin('task_agency as ta', 'ta.task_id', 't.id').innerJoin('agency as a', 'a.id', 'ta.agency_id').select(['t.id', 't.title', 't.section', 'a.id as agency', 'a.name']).where('t.plan_id', '=', f.planId).where('ta.role', '=', 'lead').orderBy('t.position').execute();
  assert.ok(leads.length >= 2, 'tasks with lead agencies');
  const first = leads[0];
  task = { id: first.id, title: first.title, section: first.section, lead: first.agency, leadName: first.name };
  other = Object.values(f.agencies).find((a) => !leads.filter((l) => l.id === first.id).some((l) => l.agency === a))!;
  users.lead = await ctx.createUser({ username: 'task-lead', grants: [{ role: 'agency_reporter', unitId: f.unitId, agencyId: task.lead }] });
  users.other = await ctx.createUser({ username: 'task-other', grants: [{ role: 'agency_reporter', unitId: f.unitId, agencyId: other }] });
  users.officer = await ctx.createUser({ username: 'task-officer', grants: [{ role: 'unit_officer', unitId: f.unitId }] });
});
after(async () => ctx?.close());

const put = (period: string, body: Record<string, unknown>, as = users.lead) => ctx.request({ method: 'PUT', url: `/api/tasks/${task.id}/progress/${period}`, payload: { agencyId: task.lead, ...body }, as });

test("the lead agency's reporter enters 2024 and 2025; another agency's reporter cannot; bad periods and a step back without reason store nothing", async () => {
  const ok = await put('2024', { status: 'completed', percent: 100, results: 'Đã tổ chức 12 lớp tập huấn cho 480 cán bộ.' });
  assert.equal(ok.statusCode, 200, ok.body);
  assert.equal(ok.json.statusLabel.vi, 'Hoàn thành');
  const intruder = await ctx.request({ method: 'PUT', url: `/api/tasks/${task.id}/progress/2024`, payload: { agencyId: task.lead, status: 'not_started' }, as: users.other });
  assert.equal(intruder.statusCode, 403, intruder.body);
  const ownAgencyNotLead = await ctx.request({ method: 'PUT', url: `/api/tasks/${task.id}/progress/2024`, payload: { agencyId: other, status: 'not_started' }, as: users.other });
  // its own agency does not lead the task: the access check refuses it too (it is checked against the lead agency)
  assert.equal(ownAgencyNotLead.statusCode, 403, ownAgencyNotLead.body);
  // a unit officer (no agency) naming an agency that does not lead the task: a clear 400
  const officerNotLead = await ctx.request({ method: 'PUT', url: `/api/tasks/${task.id}/progress/2024`, payload: { agencyId: other, status: 'not_started' }, as: users.officer });
  assert.equal(officerNotLead.statusCode, 400, officerNotLead.body);
  assert.equal(officerNotLead.json.error.code, 'not_lead_agency');
  // 2025 back to "đang thực hiện" without a reason: refused, bilingual, nothing stored
  const back = await put('2025', { status: 'in_progress', percent: 40 });
  assert.equal(back.statusCode, 400, back.body);
  assert.equal(back.json.error.code, 'reason_required');
  assert.match(back.json.error.message, /đã "hoàn thành" \(kỳ 2024\)/);
  const none = await ctx.request({ url: `/api/tasks/${task.id}/progress`, as: users.officer });
  assert.equal(none.statusCode, 200, none.body);
  assert.deepEqual(none.json.items.map((i: { period: string }) => i.period), ['2024']);
  const withReason = await put('2025', { status: 'in_progress', percent: 40, reason: 'Mở rộng sang các xã mới sáp nhập.', difficulties: 'Thiếu kinh phí địa phương.' });
  assert.equal(withReason.statusCode, 200, withReason.body);
  // the same period: completed then back without a reason is refused too
  assert.equal((await put('2025', { status: 'completed', percent: 100, version: withReason.json.version })).statusCode, 200);
  const again = await put('2025', { status: 'in_progress' });
  assert.equal(again.statusCode, 400);
  // periods the plan does not ask for, outside the plan, or garbage
  for (const period of ['2025Q3', '2035', 'abcd', '2025S3']) {
    const r = await put(period, { status: 'in_progress' });
    assert.equal(r.statusCode, 400, `${period}: ${r.body}`);
  }
  const pct = await put('2025', { status: 'in_progress', percent: 140, reason: 'x' });
  assert.equal(pct.statusCode, 400);
});

test("the issuer's roll-up per agency, completion over the years, and the yearly report's task section", async () => {
  const r = await ctx.request({ url: `/api/plans/${f.planId}/task-progress?period=2024`, as: users.officer });
  assert.equal(r.statusCode, 200, r.body);
  assert.equal(r.json.total.completed, 1);
  assert.ok(r.json.total.not_reported >= 1);
  const lead = r.json.byAgency.find((a: { agency: { id: number } | null }) => a.agency?.id === task.lead);
  assert.equal(lead.counts.completed, 1);
  assert.ok(r.json.sections.length >= 2); // grouped as the plan groups its tasks
  const years = await ctx.request({ url: `/api/plans/${f.planId}/task-progress/years?from=2024&to=2025`, as: users.officer });
  assert.equal(years.statusCode, 200, years.body);
  assert.deepEqual(years.json.years.map((y: { year: number; counts: { completed: number } }) => [y.year, y.counts.completed]), [[2024, 1], [2025, 1]]);
  const forbidden = await ctx.request({ url: `/api/plans/${f.planId}/task-progress?period=2024`, as: users.other });
  assert.ok([200, 403].includes(forbidden.statusCode));

  const data = await reportData(ctx.database.db, { unitId: f.unitId, planId: f.planId, year: 2024, kind: 'yearly' });
  assert.ok(data.tasks);
  assert.match(data.tasks!.summary, /^Năm 2024: 1\/\d+ nhiệm vụ hoàn thành/);
  const row = data.tasks!.sections.flatMap((s) => s.rows).find((x) => x.title === task.title)!;
  assert.deepEqual([row.status, row.agency, row.results], ['Hoàn thành', task.leadName, 'Đã tổ chức 12 lớp tập huấn cho 480 cán bộ.']);
  const doc = reportDocument(data);
  const text = JSON.stringify(doc.body);
  assert.match(text, /KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ/);
  assert.match(text, /Đã tổ chức 12 lớp tập huấn/);
  const review = await reportData(ctx.database.db, { unitId: f.unitId, planId: f.planId, year: 2025, kind: 'midterm' });
  assert.ok(review.tasks!.years!.length >= 2);
});

test('evidence: a real PDF is kept; a renamed text file is refused', async () => {
  const list = await ctx.request({ url: `/api/tasks/${task.id}/progress`, as: users.officer });
  const id = list.json.items[0].id;
  const boundary = '----vitreem';
  const body = (name: string, bytes: Buffer) => Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`), bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]);
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
  const ok = await ctx.request({ method: 'POST', url: `/api/task-progress/${id}/evidence`, payload: body('bien-ban.pdf', pdf), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, as: users.lead });
  assert.equal(ok.statusCode, 201, ok.body);
  const bad = await ctx.request({ method: 'POST', url: `/api/task-progress/${id}/evidence`, payload: body('bao-cao.pdf', Buffer.from('not a pdf at all')), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, as: users.lead });
  assert.equal(bad.statusCode, 400, bad.body);
  const got = await ctx.request({ url: `/api/task-progress/${id}/evidence/${ok.json.id}`, as: users.officer });
  assert.equal(got.statusCode, 200);
  assert.equal(got.body.slice(0, 5), '%PDF-');
});
