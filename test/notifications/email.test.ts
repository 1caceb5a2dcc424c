/**
 * Notifications end to end against a real SMTP server started in the test (smtp-server): report
 * reminders and workflow events to the right people, in Vietnamese with dd/mm/yyyy and a link; one
 * e-mail per event and recipient with several runners at once; a down SMTP server retried; a wrong
 * address bounced into the log; a user without e-mail in-app only; the daily digest; own-only access.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestContext, type TestContext, type Client } from '../helpers/context.ts';
import { buildFixture, type Fixture } from '../reporting/fixture.ts';
import { createMailer, type Mailer } from '../../src/notify/mailer.ts';
import { runNotifications } from '../../src/notify/runner.ts';
import { freePort, startSmtp, type TestSmtp } from './smtp.ts';

let ctx: TestContext;
let f: Fixture;
let smtp: TestSmtp;
let mailer: Mailer;
let reporter: Client; // unit officer of Hoằng Kim (fills in its report)
let approver: Client; // unit officer of Hoằng Hóa (receives the communes' reports)
let noMail: Client; // unit officer of Hoằng Trung without an e-mail address
let report: { id: number; due: string };
let trungReport: { id: number; due: string };
const BASE = 'https://vitreem.example.gov.vn';

const at = (day: string, hour = 9) => new Date(Date.parse(`${day}T00:00:00Z`) + (hour - 7) * 3600_000); // hour in Vietnam time
const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const run = (now: Date, m: Mailer | null = mailer, worker?: string) => runNotifications(ctx.database.db, { mailer: m, baseUrl: BASE, now, worker });

before(async () => {
  ctx = await createTestContext();
  f = await buildFixture(ctx.database.db);
  smtp = await startSmtp({ rejectRecipient: /@bounce\.example$/ });
  mailer = createMailer({ url: smtp.url, from: 'vitreem <no-reply@vitreem.example.gov.vn>' });
  const make = async (username: string, unitId: number, email: string | null) => {
    const u = await ctx.createUser({ username, displayName: username === 'hk.officer' ? 'Lê Thị Thu' : undefined, grants: [{ role: 'unit_officer', unitId, agencyId: null }] });
    await ctx.database.db.updateTable('app_user').set({ email }).where('id', '=', u.id).execute();
    return ctx.sessionFor(u);
  };
  reporter = await make('hk.officer', f.hoangKim, 'thu.le@hoangkim.example');
  approver = await make('hh.officer', f.hoangHoa, 'can.bo@hoanghoa.example');
  noMail = await make('ht.officer', f.hoangTrung, null);
  const gen = await ctx.request({ method: 'POST', url: `/api/plans/${f.plan}/obligations?year=2024` });
  assert.ok([200, 201].includes(gen.statusCode), gen.body);
  const find = async (unitId: number) => {
    const o = await ctx.database.db.selectFrom('obligation').select(['id', 'due_date']).where('plan_id', '=', f.plan).where('year', '=', 2024).where('unit_id', '=', unitId).where('kind', '=', 'annual').executeTakeFirstOrThrow();
    return { id: o.id, due: String(o.due_date).slice(0, 10) };
  };
  report = await find(f.hoangKim);
  trungReport = await find(f.hoangTrung);
});
after(async () => {
  mailer?.close();
  await smtp?.close();
  await ctx?.close();
});

const mailsTo = (address: string) => smtp.messages.filter((m) => m.to.includes(address));

test('7 days before the due date the reporter is reminded, in the app and by e-mail in Vietnamese, once', async () => {
  const now = at(addDays(report.due, -5));
  const r = await run(now);
  assert.ok(r.notified.reports >= 2, 'both communes reminded');
  const mine = await reporter.request({ url: '/api/notifications' });
  assert.equal(mine.statusCode, 200);
  const n = mine.json.items.find((x: { link: string }) => x.link === `/reports/${report.id}`);
  assert.ok(n, 'in-app notification with the link to the exact report');
  assert.equal(n.kind, 'report_due');
  const [y, m, d] = report.due.split('-');
  assert.ok(n.title.includes(`${d}/${m}/${y}`), `deadline in dd/mm/yyyy: ${n.title}`);
  assert.match(n.title, /Nhắc hạn.*còn 5 ngày/);
  assert.equal(mine.json.unread, 1);
  // the e-mail
  const mails = mailsTo('thu.le@hoangkim.example');
  assert.equal(mails.length, 1);
  assert.match(mails[0]!.subject, /^\[vitreem\] Nhắc hạn: Báo cáo năm 2024 của Hoằng Kim/);
  assert.ok(mails[0]!.subject.includes(`${d}/${m}/${y}`));
  assert.match(mails[0]!.text, /Kính gửi Lê Thị Thu,/);
  assert.ok(mails[0]!.text.includes(`${BASE}/reports/${report.id}`), 'absolute link to the report');
  assert.ok(r.sent.some((s) => s.to === 'thu.le@hoangkim.example'));
  // the approver is not reminded of someone else's report; the user without an address gets in-app only
  assert.equal(mailsTo('can.bo@hoanghoa.example').length, 0);
  assert.equal((await noMail.request({ url: '/api/notifications/unread-count' })).json.unread, 1);
  const noMailId = (await ctx.database.db.selectFrom('app_user').select('id').where('username', '=', 'ht.officer').executeTakeFirstOrThrow()).id;
  assert.equal((await ctx.database.db.selectFrom('notification_outbox').select('id').where('user_id', '=', noMailId).execute()).length, 0, 'no e-mail queued without an address');
  // every minute again the same day: nothing new
  const again = await run(new Date(now.getTime() + 60_000));
  assert.equal(again.notified.reports, 0);
  assert.equal(again.sent.length, 0);
  assert.equal(mailsTo('thu.le@hoangkim.example').length, 1);
});

test('1 day before, on the day, overdue, then after N days the recipient unit is told', async () => {
  await run(at(addDays(report.due, -1)));
  await run(at(report.due));
  await run(at(addDays(report.due, 1)));
  const titles = (await reporter.request({ url: '/api/notifications' })).json.items.map((x: { title: string }) => x.title);
  assert.ok(titles.some((t: string) => /ngày mai/.test(t)), 'tomorrow');
  assert.ok(titles.some((t: string) => /hôm nay/.test(t)), 'today');
  assert.ok(titles.some((t: string) => /^Quá hạn/.test(t)), 'overdue');
  assert.equal((await approver.request({ url: '/api/notifications' })).json.items.length, 0, 'not yet escalated');
  await run(at(addDays(report.due, 3))); // default: after 3 days overdue
  const esc = (await approver.request({ url: '/api/notifications' })).json.items;
  assert.ok(esc.some((x: { kind: string; link: string }) => x.kind === 'report_escalated' && x.link === `/reports/${report.id}`), JSON.stringify(esc));
  assert.ok(mailsTo('can.bo@hoanghoa.example').some((m) => /Đơn vị chưa gửi báo cáo/.test(m.subject)));
});

test('a province changes its offsets (admin route, validated, bilingual errors); others may not', async () => {
  const bad = await ctx.request({ method: 'PUT', url: `/api/notifications/schedules/${f.thanhHoa}`, payload: { reportDays: [-1, 400], escalateAfterDays: 0, caseHours: 2, cffDays: [7] } });
  assert.equal(bad.statusCode, 400);
  assert.equal(bad.json.error.code, 'invalid_schedule');
  assert.ok(bad.json.error.message && bad.json.error.messageEn, 'bilingual');
  const notProvince = await ctx.request({ method: 'PUT', url: `/api/notifications/schedules/${f.hoangHoa}`, payload: { reportDays: [3], escalateAfterDays: 2, caseHours: 2, cffDays: [7] } });
  assert.equal(notProvince.statusCode, 400);
  const officer = await approver.request({ method: 'PUT', url: `/api/notifications/schedules/${f.thanhHoa}`, payload: { reportDays: [3], escalateAfterDays: 2, caseHours: 2, cffDays: [7] } });
  assert.equal(officer.statusCode, 403, 'a unit officer cannot change the province schedule');
  const ok = await ctx.request({ method: 'PUT', url: `/api/notifications/schedules/${f.thanhHoa}`, payload: { reportDays: [14, 3], escalateAfterDays: 2, caseHours: 4, cffDays: [10] } });
  assert.equal(ok.statusCode, 200, ok.body);
  assert.deepEqual(ok.json.reportDays, [14, 3]);
  const read = await ctx.request({ url: `/api/notifications/schedules/${f.thanhHoa}` });
  assert.equal(read.json.custom, true);
  // 2025 reports of the province with the new schedule: reminded 14 days ahead, not 7
  await ctx.request({ method: 'POST', url: `/api/plans/${f.plan}/obligations?year=2025` });
  const o25 = await ctx.database.db.selectFrom('obligation').select(['id', 'due_date', 'unit_id']).where('plan_id', '=', f.plan).where('year', '=', 2025).where('kind', '=', 'annual').orderBy('due_date').executeTakeFirstOrThrow();
  const due = String(o25.due_date).slice(0, 10);
  await ctx.createUser({ username: 'o25.officer', grants: [{ role: 'unit_officer', unitId: o25.unit_id, agencyId: null }] });
  assert.equal((await run(at(addDays(due, -15)))).notified.reports, 0, 'not yet 14 days ahead');
  const r = await run(at(addDays(due, -12)));
  assert.ok(r.notified.reports >= 1, 'reminded 12 days ahead under a 14-day offset');
  const key = await ctx.database.db.selectFrom('notification').select('event_key').where('event_key', 'like', `report:${o25.id}:due:%`).executeTakeFirstOrThrow();
  assert.match(key.event_key, /:14$/);
});

test('submitted → the approver; returned with the reason and approved → the reporter (same transaction as the change)', async () => {
  const db = ctx.database.db;
  // fill Hoằng Trung's report (its officer has no address: in-app only) and submit
  const form = await noMail.request({ url: `/api/obligations/${trungReport.id}` });
  assert.equal(form.statusCode, 200, form.body);
  const values = form.json.measures.map((m: { code: string }) => ({ measure: m.code, unknown: true }));
  const saved = await noMail.request({ method: 'PUT', url: `/api/obligations/${trungReport.id}`, payload: { version: form.json.version, values } });
  assert.equal(saved.statusCode, 200, saved.body);
  const sub = await noMail.request({ method: 'POST', url: `/api/obligations/${trungReport.id}/submit`, payload: {} });
  assert.equal(sub.statusCode, 200, sub.body);
  const inbox = (await approver.request({ url: '/api/notifications' })).json.items;
  const waiting = inbox.find((x: { kind: string; link: string }) => x.kind === 'report_submitted' && x.link === `/reports/${trungReport.id}`);
  assert.ok(waiting, 'the approver is told at once, before any run');
  assert.match(waiting.title, /Báo cáo chờ duyệt: Báo cáo năm 2024 của Hoằng Trung/);
  const ret = await approver.request({ method: 'POST', url: `/api/obligations/${trungReport.id}/return`, payload: { reason: 'Thiếu số liệu trẻ em dưới 5 tuổi' } });
  assert.equal(ret.statusCode, 200, ret.body);
  const back = (await noMail.request({ url: '/api/notifications' })).json.items.find((x: { kind: string }) => x.kind === 'report_returned');
  assert.ok(back && back.body.includes('Lý do: Thiếu số liệu trẻ em dưới 5 tuổi'), JSON.stringify(back));
  // a refused action notifies nobody (it changed nothing)
  const before = (await db.selectFrom('notification').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n;
  const refused = await approver.request({ method: 'POST', url: `/api/obligations/${trungReport.id}/approve`, payload: {} });
  assert.equal(refused.statusCode, 409);
  assert.equal((await db.selectFrom('notification').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n, before);
  // resubmit and approve
  assert.equal((await noMail.request({ method: 'POST', url: `/api/obligations/${trungReport.id}/submit`, payload: {} })).statusCode, 200);
  assert.equal((await approver.request({ method: 'POST', url: `/api/obligations/${trungReport.id}/approve`, payload: {} })).statusCode, 200);
  const kinds = (await noMail.request({ url: '/api/notifications' })).json.items.map((x: { kind: string }) => x.kind);
  assert.ok(kinds.includes('report_approved'));
  // the approver's e-mails: one per submission (two submissions)
  await run(new Date());
  assert.equal(mailsTo('can.bo@hoanghoa.example').filter((m) => /chờ duyệt/.test(m.subject)).length, 2);
});

test('users read and mark only their own notifications', async () => {
  const mine = (await reporter.request({ url: '/api/notifications' })).json.items;
  assert.ok(mine.length > 0);
  const other = await approver.request({ method: 'POST', url: `/api/notifications/${mine[0].id}/read` });
  assert.equal(other.statusCode, 404, 'another user\'s notification is answered like a missing one');
  assert.equal((await reporter.request({ url: '/api/notifications?unread=true' })).json.items.length, mine.filter((x: { readAt: string | null }) => !x.readAt).length, 'unchanged');
  const own = await reporter.request({ method: 'POST', url: `/api/notifications/${mine[0].id}/read` });
  assert.equal(own.statusCode, 200);
  assert.equal(own.json.unread, mine.length - 1);
  const all = await reporter.request({ method: 'POST', url: '/api/notifications/read-all' });
  assert.equal(all.statusCode, 200);
  assert.equal((await reporter.request({ url: '/api/notifications/unread-count' })).json.unread, 0);
  assert.equal((await ctx.request({ anonymous: true, url: '/api/notifications' })).statusCode, 401);
  const bad = await reporter.request({ method: 'POST', url: '/api/notifications/abc/read' });
  assert.equal(bad.statusCode, 400);
});

test('exactly one e-mail per event and recipient with four runners at once (SKIP LOCKED)', async () => {
  const db = ctx.database.db;
  // 40 people of Hoằng Kim, each told of one event
  const ids: number[] = [];
  for (let i = 0; i < 40; i++) {
    const u = await ctx.createUser({ username: `many.${i}`, grants: [{ role: 'viewer', unitId: f.hoangKim, agencyId: null }] });
    await db.updateTable('app_user').set({ email: `many.${i}@hoangkim.example` }).where('id', '=', u.id).execute();
    ids.push(u.id);
  }
  const { notifyUsers } = await import('../../src/storage/notifications.ts');
  await db.transaction().execute((trx) => notifyUsers(trx, ids, { kind: 'report_due', eventKey: 'test:burst', title: 'Nhắc hạn thử', body: 'Nội dung thử', link: '/reports', dueAt: null, unitId: f.hoangKim }));
  // the same event told twice more (a retried transaction, a second server's schedule): nothing new
  await db.transaction().execute((trx) => notifyUsers(trx, ids, { kind: 'report_due', eventKey: 'test:burst', title: 'Nhắc hạn thử', body: 'Nội dung thử', link: '/reports', dueAt: null, unitId: f.hoangKim }));
  const second = createMailer({ url: smtp.url });
  const runs = await Promise.all([run(new Date(), mailer, 'server-a'), run(new Date(), second, 'server-b'), run(new Date(), mailer, 'server-c'), run(new Date(), second, 'server-d')]);
  second.close();
  const got = smtp.messages.filter((m) => m.to.some((t) => t.startsWith('many.')));
  assert.equal(got.length, 40, 'each of the 40 got exactly one e-mail');
  assert.equal(new Set(got.map((m) => m.to[0])).size, 40);
  assert.equal(runs.reduce((s, r) => s + r.sent.filter((x) => x.to.startsWith('many.')).length, 0), 40);
  const log = await ctx.request({ url: '/api/notifications/log?status=sent&limit=1000' });
  assert.equal(log.statusCode, 200);
  assert.equal(log.json.items.filter((x: { to: string }) => x.to.startsWith('many.')).length, 40, 'the log says what was sent to whom and when');
  assert.ok(log.json.items.every((x: { sentAt: string | null }) => x.sentAt));
  // audited
  const audited = await db.selectFrom('audit_log').select('id').where('table_name', '=', 'notification_outbox').where('actor_name', '=', 'system:notifications').limit(1).execute();
  assert.equal(audited.length, 1);
  // a reporter may not read the log
  assert.equal((await reporter.request({ url: '/api/notifications/log' })).statusCode, 403);
});

test('SMTP server down: the e-mail waits and is retried with back-off, then sent once; a wrong address bounces into the log', async () => {
  const db = ctx.database.db;
  const { notifyUsers } = await import('../../src/storage/notifications.ts');
  const u = await ctx.createUser({ username: 'retry.me', grants: [{ role: 'viewer', unitId: f.hoangKim, agencyId: null }] });
  const b = await ctx.createUser({ username: 'bounce.me', grants: [{ role: 'viewer', unitId: f.hoangKim, agencyId: null }] });
  await db.updateTable('app_user').set({ email: 'retry.me@hoangkim.example' }).where('id', '=', u.id).execute();
  await db.updateTable('app_user').set({ email: 'khong.ton.tai@bounce.example' }).where('id', '=', b.id).execute();
  await db.transaction().execute((trx) => notifyUsers(trx, [u.id, b.id], { kind: 'report_due', eventKey: 'test:retry', title: 'Thử gửi lại', body: 'Nội dung', link: '/reports', dueAt: null, unitId: f.hoangKim }));
  const down = createMailer({ url: `smtp://127.0.0.1:${await freePort()}`, connectionTimeout: 2000 });
  const t0 = new Date();
  const r1 = await run(t0, down, 'down-server');
  down.close();
  assert.equal(r1.sent.length, 0);
  assert.ok(r1.retrying.length >= 2, JSON.stringify(r1.retrying));
  const row = await db.selectFrom('notification_outbox').selectAll().where('recipient', '=', 'retry.me@hoangkim.example').executeTakeFirstOrThrow();
  assert.equal(row.status, 'pending');
  assert.ok(new Date(row.next_attempt_at).getTime() > t0.getTime(), 'next attempt later');
  assert.ok(row.last_error);
  // the very same minute: nothing is tried again (back-off)
  const r2 = await run(new Date(t0.getTime() + 1000));
  assert.equal(r2.sent.filter((s) => s.to === 'retry.me@hoangkim.example').length, 0);
  // after the back-off, with the server back: sent once; the wrong address bounces, never retried
  const r3 = await run(new Date(t0.getTime() + 5 * 60_000));
  assert.equal(r3.sent.filter((s) => s.to === 'retry.me@hoangkim.example').length, 1);
  assert.equal(r3.bounced.filter((s) => s.to === 'khong.ton.tai@bounce.example').length, 1);
  assert.equal(mailsTo('retry.me@hoangkim.example').length, 1);
  const bounced = await db.selectFrom('notification_outbox').selectAll().where('recipient', '=', 'khong.ton.tai@bounce.example').executeTakeFirstOrThrow();
  assert.equal(bounced.status, 'bounced');
  assert.match(bounced.last_error ?? '', /550/);
  const r4 = await run(new Date(t0.getTime() + 60 * 60_000));
  assert.equal(r4.bounced.length + r4.sent.filter((s) => s.to.includes('bounce')).length, 0, 'a bounce is final');
  // the in-app notification is there whatever happened to the e-mail
  assert.equal((await db.selectFrom('notification').select('id').where('user_id', '=', b.id).execute()).length, 1);
});

test('a server killed mid-send: its claimed e-mail is taken again once the lease runs out, nothing lost', async () => {
  const db = ctx.database.db;
  const { notifyUsers } = await import('../../src/storage/notifications.ts');
  const { claimMails, LEASE_SECONDS } = await import('../../src/storage/notification-outbox.ts');
  const u = await ctx.createUser({ username: 'killed.mid', grants: [{ role: 'viewer', unitId: f.hoangKim, agencyId: null }] });
  await db.updateTable('app_user').set({ email: 'killed.mid@hoangkim.example' }).where('id', '=', u.id).execute();
  await db.transaction().execute((trx) => notifyUsers(trx, [u.id], { kind: 'report_due', eventKey: 'test:killed', title: 'Thử dừng đột ngột', body: 'Nội dung', link: '/reports', dueAt: null, unitId: f.hoangKim }));
  const t0 = new Date();
  const claimed = await claimMails(db, 'dies-now', t0, 100);
  assert.equal(claimed.length, 1); // ... and the process dies before sending
  const during = await run(new Date(t0.getTime() + 10_000));
  assert.equal(during.sent.length, 0, 'the lease protects it from a second sender meanwhile');
  const afterLease = await run(new Date(t0.getTime() + (LEASE_SECONDS + 1) * 1000));
  assert.deepEqual(afterLease.sent.map((s) => s.to), ['killed.mid@hoangkim.example']);
  assert.equal(mailsTo('killed.mid@hoangkim.example').length, 1);
});

test('daily digest: held until 07:00 Vietnam time, then one e-mail listing them; channels are the user\'s choice', async () => {
  const db = ctx.database.db;
  const { notifyUsers } = await import('../../src/storage/notifications.ts');
  const u = await ctx.createUser({ username: 'digest.user', password: 'mat-khau-dai-123', grants: [{ role: 'viewer', unitId: f.hoangKim, agencyId: null }] });
  const client = await ctx.sessionFor(u);
  const badPrefs = await client.request({ method: 'PUT', url: '/api/notifications/preferences', payload: { inApp: 'yes', email: true, digest: true } });
  assert.equal(badPrefs.statusCode, 400);
  const badAddress = await client.request({ method: 'PUT', url: '/api/notifications/preferences', payload: { inApp: true, email: true, digest: true, address: 'không phải địa chỉ' } });
  assert.equal(badAddress.statusCode, 400);
  const prefs = await client.request({ method: 'PUT', url: '/api/notifications/preferences', payload: { inApp: true, email: true, digest: true, address: 'digest.user@hoangkim.example' } });
  assert.equal(prefs.statusCode, 200, prefs.body);
  assert.equal(prefs.json.address, 'digest.user@hoangkim.example');
  const day = '2031-03-10';
  for (const i of [1, 2, 3]) await db.transaction().execute((trx) => notifyUsers(trx, [u.id], { kind: 'report_due', eventKey: `test:digest:${i}`, title: `Việc số ${i}`, body: `Nội dung việc ${i}`, link: `/reports/${i}`, dueAt: null, unitId: f.hoangKim }));
  await db.updateTable('notification_outbox').set({ created_at: at(day, 5) }).where('user_id', '=', u.id).execute();
  const early = await run(at(day, 6));
  assert.equal(early.sent.filter((s) => s.to === 'digest.user@hoangkim.example').length, 0, 'held before 07:00');
  const seven = await run(at(day, 7));
  assert.equal(seven.digests >= 1, true);
  const got = mailsTo('digest.user@hoangkim.example');
  assert.equal(got.length, 1, 'one digest, not three e-mails');
  assert.match(got[0]!.subject, /Tổng hợp thông báo ngày 10\/03\/2031 \(3\)/);
  for (const i of [1, 2, 3]) assert.ok(got[0]!.text.includes(`Việc số ${i}`));
  await run(at(day, 8));
  assert.equal(mailsTo('digest.user@hoangkim.example').length, 1, 'one digest a day');
  // e-mail off: only in-app; in-app off: not counted unread
  await client.request({ method: 'PUT', url: '/api/notifications/preferences', payload: { inApp: false, email: false, digest: false } });
  await db.transaction().execute((trx) => notifyUsers(trx, [u.id], { kind: 'report_due', eventKey: 'test:quiet', title: 'Im lặng', body: 'x', link: null as never, dueAt: null, unitId: null }));
  assert.equal((await db.selectFrom('notification_outbox').select('id').where('user_id', '=', u.id).where('kind', '=', 'event').where('status', 'not in', ['digested']).execute()).length, 0);
  assert.equal((await client.request({ url: '/api/notifications/unread-count' })).json.unread, 3);
});

test('e-mail not configured: in-app only, nothing crashes; a malformed or unreachable SMTP URL at start is a warning', async () => {
  const r = await run(new Date(), null);
  assert.equal(r.emailDisabled, true);
  const { startNotificationLoop } = await import('../../src/notify/runner.ts');
  const warnings: string[] = [];
  const log = { info: () => undefined, warn: (m: string) => void warnings.push(m) };
  const saved = process.env.VITREEM_SMTP_URL;
  const savedSwitch = process.env.VITREEM_NOTIFICATIONS;
  process.env.VITREEM_NOTIFICATIONS = 'on'; // the loop is off under the test runner unless asked
  try {
    process.env.VITREEM_SMTP_URL = 'http://not-smtp';
    const stop1 = startNotificationLoop(ctx.database.db, log, { intervalMs: 3_600_000 });
    await stop1();
    assert.ok(warnings.some((w) => /VITREEM_SMTP_URL/.test(w)), warnings.join('\n'));
    process.env.VITREEM_SMTP_URL = `smtp://127.0.0.1:${await freePort()}`;
    const stop2 = startNotificationLoop(ctx.database.db, log, { intervalMs: 3_600_000 });
    for (let i = 0; i < 50 && !warnings.some((w) => /cannot be reached/.test(w)); i++) await new Promise((res) => setTimeout(res, 100));
    await stop2();
    assert.ok(warnings.some((w) => /cannot be reached/.test(w)), warnings.join('\n'));
  } finally {
    if (savedSwitch === undefined) delete process.env.VITREEM_NOTIFICATIONS;
    else process.env.VITREEM_NOTIFICATIONS = savedSwitch;
    if (saved === undefined) delete process.env.VITREEM_SMTP_URL;
    else process.env.VITREEM_SMTP_URL = saved;
  }
});

test('POST /api/notifications/run (what `npx vitreem notifications run` calls): the administrator runs the due jobs once; others may not', async () => {
  const db = ctx.database.db;
  const { notifyUsers } = await import('../../src/storage/notifications.ts');
  const u = await ctx.createUser({ username: 'cli.run', grants: [{ role: 'viewer', unitId: f.hoangKim, agencyId: null }] });
  await db.updateTable('app_user').set({ email: 'cli.run@hoangkim.example' }).where('id', '=', u.id).execute();
  await db.transaction().execute((trx) => notifyUsers(trx, [u.id], { kind: 'report_due', eventKey: 'test:cli', title: 'Chạy từ dòng lệnh', body: 'Nội dung', link: '/reports', dueAt: null, unitId: f.hoangKim }));
  assert.equal((await reporter.request({ method: 'POST', url: '/api/notifications/run', payload: {} })).statusCode, 403);
  const saved = process.env.VITREEM_SMTP_URL;
  process.env.VITREEM_SMTP_URL = smtp.url;
  try {
    const r = await ctx.request({ method: 'POST', url: '/api/notifications/run', payload: {} });
    assert.equal(r.statusCode, 200, r.body);
    assert.ok(r.json.sent.some((s: { to: string; subject: string }) => s.to === 'cli.run@hoangkim.example' && s.subject === '[vitreem] Chạy từ dòng lệnh'));
    const again = await ctx.request({ method: 'POST', url: '/api/notifications/run', payload: {} });
    assert.equal(again.json.sent.length, 0, 'a second run sends nothing more');
  } finally {
    if (saved === undefined) delete process.env.VITREEM_SMTP_URL;
    else process.env.VITREEM_SMTP_URL = saved;
  }
  assert.equal(mailsTo('cli.run@hoangkim.example').length, 1);
});

test('child-friendly commune deadlines: registration (the unit that set it), self-assessment (communes not yet submitted), correction', async () => {
  const db = ctx.database.db;
  const standard = await db.selectFrom('cff_standard').select('id').orderBy('id', 'desc').executeTakeFirst();
  if (!standard) return assert.fail('the built-in standards are seeded');
  const assessor = await ctx.createUser({ username: 'th.assessor', grants: [{ role: 'cff_assessor', unitId: f.thanhHoa, agencyId: null }] });
  await db.updateTable('app_user').set({ email: 'danh.gia@thanhhoa.example' }).where('id', '=', assessor.id).execute();
  await db.insertInto('cff_cycle_settings').values({ unit_id: f.thanhHoa, year: 2024, plan_id: null, registration_deadline: '2024-03-31', self_assessment_deadline: '2024-09-30', target_registered: null, target_recognised: null, payment_registered: null, payment_registered_payer: null, payment_recognised: null, payment_recognised_payer: null, note: null }).execute();
  const reg = await db.insertInto('cff_registration').values({ unit_id: f.hoangKim, year: 2024, standard_id: standard.id, unit_category: 'other', registered_on: '2024-03-01', submitted_on: null, correction_deadline: null, review_note: null, created_by: null }).returning('id').executeTakeFirstOrThrow();
  // the custom Thanh Hóa schedule of the earlier test says cffDays [10]
  await run(at('2024-03-25'));
  const assessorClient = await ctx.sessionFor({ id: assessor.id, username: 'th.assessor' });
  const reg1 = (await assessorClient.request({ url: '/api/notifications' })).json.items.find((x: { kind: string }) => x.kind === 'cff_registration_deadline');
  assert.ok(reg1, 'the province\'s assessor is reminded of the registration deadline');
  assert.match(reg1.title, /^Nhắc hạn 31\/03\/2024: Đăng ký xây dựng xã, phường, đặc khu phù hợp với trẻ em năm 2024/);
  await run(at('2024-09-25'));
  const self = (await reporter.request({ url: '/api/notifications' })).json.items.find((x: { kind: string }) => x.kind === 'cff_self_assessment_deadline');
  assert.ok(self && self.link === `/cff/registrations/${reg.id}`, 'the commune that registered is reminded of the self-assessment deadline');
  assert.match(self.body, /30\/09\/2024 \(còn 5 ngày\)/);
  // returned for corrections with its own deadline
  await db.updateTable('cff_registration').set({ status: 'returned', correction_deadline: '2024-10-15' }).where('id', '=', reg.id).execute();
  await run(at('2024-10-14'));
  const corr = (await reporter.request({ url: '/api/notifications' })).json.items.find((x: { kind: string }) => x.kind === 'cff_correction_deadline');
  assert.ok(corr && /ngày mai/.test(corr.body), JSON.stringify(corr));
  // a submitted commune is not reminded any more
  await db.updateTable('cff_registration').set({ status: 'submitted' }).where('id', '=', reg.id).execute();
  const r = await run(at('2024-10-16'));
  assert.equal(r.notified.cff, 0);
});
