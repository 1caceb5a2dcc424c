/**
 * Case notifications: a step due within 2 hours and overdue (case worker and supervisor), a plan
 * awaiting approval, a closure request, a case referred up or transferred (received) — and never the
 * child's name or any identifying detail, in the app or in the e-mail ("ca số 12 tại xã …").
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestContext, type TestContext } from '../helpers/context.ts';
import { childBody, createPeople, createUnits, type People, type Units } from '../register/fixtures.ts';
import { createMailer, type Mailer } from '../../src/notify/mailer.ts';
import { runNotifications } from '../../src/notify/runner.ts';
import { startSmtp, type TestSmtp } from './smtp.ts';

let ctx: TestContext;
let u: Units;
let p: People;
let smtp: TestSmtp;
let mailer: Mailer;
const CHILD = 'Giàng Thị Mỷ';
const CAREGIVER = 'Giàng A Chứ';
const ADDRESS = 'Bản Phiêng Pẻn, xã Quài Cang';
let childId: number;

before(async () => {
  ctx = await createTestContext();
  u = await createUnits(ctx);
  p = await createPeople(ctx, u);
  const db = ctx.database.db;
  for (const name of ['worker_a', 'supervisor_a', 'supervisor_p', 'worker_b']) await db.updateTable('app_user').set({ email: `${name}@dienbien.example` }).where('username', '=', name).execute();
  smtp = await startSmtp();
  mailer = createMailer({ url: smtp.url });
  const c = await p.workerA.request({ method: 'POST', url: '/api/children', payload: childBody(u.communeA, { fullName: CHILD, birthDate: '2013-02-03', address: ADDRESS, caregivers: [{ name: CAREGIVER, relation: 'cha' }] }) });
  assert.equal(c.statusCode, 201, c.body);
  childId = c.json.id;
});
after(async () => {
  mailer?.close();
  await smtp?.close();
  await ctx?.close();
});

const hoursAgo = (h: number) => new Date(Date.now() - h * 3600_000).toISOString();
const openCase = async (receivedAt: string) => {
  const r = await p.workerA.request({ method: 'POST', url: '/api/cases', payload: { childId, source: 'hotline_111', channel: 'phone', reporter: { name: 'Hàng xóm', relation: 'neighbour' }, receivedAt, description: `${CHILD} bị đánh`, urgency: 'urgent' } });
  assert.equal(r.statusCode, 201, r.body);
  return r.json as { id: number };
};
const titles = async (who: { request: (o: { url: string }) => Promise<{ json: { items: { title: string; body: string; kind: string; link: string }[] } }> }) => (await who.request({ url: '/api/notifications?limit=200' })).json.items;

test('an assessment due within 2 hours, then overdue: the case worker and the supervisors are told, by number and commune only', async () => {
  const c = await openCase(hoursAgo(11)); // the 12-hour assessment is due in an hour
  const r1 = await runNotifications(ctx.database.db, { mailer, baseUrl: 'https://vitreem.example', now: new Date() });
  assert.ok(r1.notified.cases >= 3, JSON.stringify(r1.notified));
  for (const who of [p.workerA, p.supervisorA, p.provinceSupervisor]) {
    const n = (await titles(who)).find((x) => x.kind === 'case_step_due' && x.link === `/cases/${c.id}`);
    assert.ok(n, 'told');
    assert.match(n.title, /^Sắp đến hạn: bước "[^"]+" của /);
    assert.match(n.title, new RegExp(`ca số ${c.id} tại Xã Quài Cang`));
  }
  assert.equal((await titles(p.workerB)).length, 0, 'another commune\'s worker is not told');
  const r2 = await runNotifications(ctx.database.db, { mailer, baseUrl: 'https://vitreem.example', now: new Date(Date.now() + 2 * 3600_000) });
  assert.ok(r2.notified.cases >= 3);
  const over = (await titles(p.supervisorA)).find((x) => x.kind === 'case_step_overdue');
  assert.ok(over && /^Quá hạn/.test(over.title));
  const mails = smtp.messages.filter((m) => m.to.includes('supervisor_a@dienbien.example'));
  assert.equal(mails.length, 2);
  assert.ok(mails.every((m) => m.subject.includes(`ca số ${c.id} tại Xã Quài Cang`)));
});

test('plan awaiting approval, closure requested, referred up, transferred: the right people', async () => {
  const c = await openCase(hoursAgo(3));
  const step = (body: Record<string, unknown>) => p.workerA.request({ method: 'POST', url: `/api/cases/${c.id}/steps`, payload: body });
  assert.equal((await step({ step: 'assess', notes: 'đã xác minh', emergencyMeasures: 'Tạm thời đưa trẻ về nhà bà ngoại' })).statusCode, 200);
  assert.equal((await step({ step: 'plan', notes: 'Kế hoạch hỗ trợ' })).statusCode, 200);
  assert.ok((await titles(p.supervisorA)).some((x) => x.kind === 'case_plan_pending' && x.link === `/cases/${c.id}`), 'plan awaiting approval');
  assert.ok(!(await titles(p.workerA)).some((x) => x.kind === 'case_plan_pending'), 'not the worker who asked');
  const up = await p.workerA.request({ method: 'POST', url: `/api/cases/${c.id}/refer-up`, payload: { toUnitId: u.province, reason: 'Vượt quá khả năng của xã' } });
  assert.equal(up.statusCode, 200, up.body);
  assert.ok((await titles(p.provinceSupervisor)).some((x) => x.kind === 'case_referred_up' && x.title.includes(`ca số ${c.id}`)));
  const tr = await p.workerA.request({ method: 'POST', url: `/api/cases/${c.id}/transfer`, payload: { toUnitId: u.communeB, reason: 'Gia đình chuyển nơi ở' } });
  assert.equal(tr.statusCode, 200, tr.body);
  const received = (await titles(p.workerB)).find((x) => x.kind === 'case_transferred');
  assert.ok(received, 'the receiving commune\'s worker is told');
  assert.match(received.body, /từ Xã Quài Cang đến Xã Mường Mùn/);
});

test('no child name, caregiver, address or description anywhere in notifications or e-mails', async () => {
  await runNotifications(ctx.database.db, { mailer, baseUrl: 'https://vitreem.example', now: new Date(Date.now() + 3600_000) });
  const rows = await ctx.database.db.selectFrom('notification').select(['title', 'body', 'link']).execute();
  assert.ok(rows.length >= 8);
  const outbox = await ctx.database.db.selectFrom('notification_outbox').select(['subject', 'recipient', 'last_error']).execute();
  const everything = JSON.stringify(rows) + JSON.stringify(outbox) + smtp.messages.map((m) => m.subject + m.text + m.raw).join('\n');
  assert.ok(smtp.messages.length >= 4);
  for (const secret of [CHILD, 'Giàng', 'Mỷ', CAREGIVER, 'Phiêng Pẻn', 'bị đánh', 'Hàng xóm', '2013']) assert.ok(!everything.includes(secret), `"${secret}" leaked`);
  // and the audit log of the outbox carries none either
  const audit = await ctx.database.db.selectFrom('audit_log').select('detail').where('table_name', 'in', ['notification_outbox', 'notification']).execute();
  assert.ok(!JSON.stringify(audit).includes('Giàng'));
});
