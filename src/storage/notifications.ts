/**
 * Notifications (issue #17), storage side: who is told of what, written in the SAME transaction as
 * the change that caused it (the hooks below are one-line calls from the reporting workflow and the
 * case routes); the reminder schedules (run every minute, idempotent thanks to the unique
 * `(user_id, event_key)`); and the durable e-mail outbox that several app servers share with
 * `FOR UPDATE SKIP LOCKED` (src/notify/runner.ts sends). Rules and texts: src/domain/notifications.ts.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.ts';
import './schema-notifications.ts';
import './schema-reporting.ts';
import './schema-register.ts';
import './schema-cff.ts';
import {
  caseEventMessage, caseStepMessage, cffDeadlineMessage, DEFAULT_SCHEDULE, deadlineStages, OVERDUE_WINDOW_DAYS, reportActionMessage, reportDueMessage, vnDay,
  type CaseRef, type Message, type ReportRef, type Schedule,
} from '../domain/notifications.ts';
import { CASE_STEP_INFO, type CaseStep } from '../domain/children/workflow.ts';

type Db = Kysely<Database>;

// ───────────────────────────── recipients ─────────────────────────────

/** Active users holding one of `roles` on exactly one of `unitIds` (and, when given, that agency). */
export async function usersWithRole(db: Db, roles: string[], unitIds: number[], agencyId?: number | null): Promise<number[]> {
  if (!unitIds.length || !roles.length) return [];
  let q = db.selectFrom('user_grant as g').innerJoin('app_user as u', 'u.id', 'g.user_id').select('u.id').distinct()
    .where('u.active', '=', true).where('g.role', 'in', roles).where('g.unit_id', 'in', unitIds);
  if (agencyId !== undefined) q = agencyId === null ? q.where('g.agency_id', 'is', null) : q.where('g.agency_id', '=', agencyId);
  return (await q.execute()).map((r) => r.id);
}

/**
 * Tells `userIds` (deduplicated; inactive users skipped) of one event: an in-app notification each
 * (once per user and event key) and, for those who want e-mail and have an address, an outbox row
 * (held for the daily digest when they chose it). Returns how many users were newly told.
 */
export async function notifyUsers(db: Db, userIds: readonly (number | null | undefined)[], message: Message): Promise<number> {
  const ids = [...new Set(userIds.filter((x): x is number => typeof x === 'number'))];
  if (!ids.length) return 0;
  const users = await db.selectFrom('app_user as u').leftJoin('notification_preference as p', 'p.user_id', 'u.id')
    .select(['u.id', 'u.email', 'p.in_app', 'p.email as wants_email', 'p.digest']).where('u.id', 'in', ids).where('u.active', '=', true).orderBy('u.id').execute();
  if (!users.length) return 0;
  const inserted = await db.insertInto('notification')
    .values(users.map((u) => ({
      user_id: u.id, kind: message.kind, event_key: message.eventKey.slice(0, 300), title: message.title.slice(0, 500), body: message.body.slice(0, 4000), link: message.link,
      due_at: message.dueAt === null ? null : new Date(message.dueAt), unit_id: message.unitId,
      // in-app turned off: kept as history (the e-mail log refers to it) but never counted unread
      read_at: u.in_app === false ? new Date() : null,
    })))
    .onConflict((oc) => oc.columns(['user_id', 'event_key']).doNothing())
    .returning(['id', 'user_id'])
    .execute();
  const byUser = new Map(users.map((u) => [u.id, u]));
  const mails = inserted.flatMap((n) => {
    const u = byUser.get(n.user_id);
    const address = u?.email?.trim();
    if (!u || !address || u.wants_email === false) return [];
    return [{ notification_id: n.id, user_id: n.user_id, kind: 'event', recipient: address, subject: message.title.slice(0, 300), status: u.digest ? 'held' : 'pending' }];
  });
  if (mails.length) await db.insertInto('notification_outbox').values(mails).execute();
  return inserted.length;
}

// ───────────────────────────── schedules ─────────────────────────────

export async function provinceOf(db: Db, unitId: number): Promise<number | null> {
  const r = await sql<{ id: number }>`
    with recursive up(id, parent_id, level, depth) as (
      select id, parent_id, level, 0 from admin_unit where id = ${unitId}
      union all
      select a.id, a.parent_id, a.level, up.depth + 1 from admin_unit a join up on a.id = up.parent_id where up.depth < 10
    ) select id from up where level = 'province' limit 1`.execute(db);
  return r.rows[0]?.id ?? null;
}

/** Every province's schedule (a unit → schedule resolver, defaults for provinces without one). */
async function scheduleResolver(db: Db): Promise<(unitId: number) => Promise<Schedule>> {
  const rows = await db.selectFrom('notification_schedule').selectAll().execute();
  const byProvince = new Map(rows.map((r) => [r.unit_id, { reportDays: r.report_days.map(Number), escalateAfterDays: r.escalate_after_days, caseHours: r.case_hours, cffDays: r.cff_days.map(Number) }]));
  const cache = new Map<number, Schedule>();
  return async (unitId) => {
    let s = cache.get(unitId);
    if (!s) {
      const province = byProvince.size ? await provinceOf(db, unitId) : null;
      s = (province !== null ? byProvince.get(province) : undefined) ?? DEFAULT_SCHEDULE;
      cache.set(unitId, s);
    }
    return s;
  };
}

export async function getSchedule(db: Db, provinceId: number): Promise<Schedule & { custom: boolean }> {
  const r = await db.selectFrom('notification_schedule').selectAll().where('unit_id', '=', provinceId).executeTakeFirst();
  return r ? { reportDays: r.report_days.map(Number), escalateAfterDays: r.escalate_after_days, caseHours: r.case_hours, cffDays: r.cff_days.map(Number), custom: true } : { ...DEFAULT_SCHEDULE, reportDays: [...DEFAULT_SCHEDULE.reportDays], cffDays: [...DEFAULT_SCHEDULE.cffDays], custom: false };
}

export async function putSchedule(db: Db, provinceId: number, s: Schedule, actorId: number | null): Promise<void> {
  const values = { report_days: [...s.reportDays].sort((a, b) => b - a), escalate_after_days: s.escalateAfterDays, case_hours: s.caseHours, cff_days: [...s.cffDays].sort((a, b) => b - a), updated_at: new Date(), updated_by: actorId };
  await db.insertInto('notification_schedule').values({ unit_id: provinceId, ...values }).onConflict((oc) => oc.column('unit_id').doUpdateSet(values)).execute();
}

async function reportRefs(db: Db, ids: number[]) {
  if (!ids.length) return [];
  const rows = await db.selectFrom('obligation as o').innerJoin('admin_unit as u', 'u.id', 'o.unit_id').leftJoin('agency as a', 'a.id', 'o.agency_id').leftJoin('admin_unit as ru', 'ru.id', 'o.recipient_unit_id')
    .select(['o.id', 'o.year', 'o.kind', 'o.unit_id', 'o.agency_id', 'o.recipient_unit_id', 'o.due_date', 'o.version', 'o.status', 'u.name as unit_name', 'a.name as agency_name', 'ru.name as recipient_name'])
    .where('o.id', 'in', ids).orderBy('o.id').execute();
  return rows.map((r) => ({
    row: r,
    ref: { id: r.id, year: r.year, kind: r.kind, unitName: r.unit_name, agencyName: r.agency_name, recipientName: r.recipient_name, dueDate: String(r.due_date).slice(0, 10), version: r.version } satisfies ReportRef,
  }));
}

/** The people who fill in a report: the agency's reporters for an agency report, else the unit's officers. */
async function reporters(db: Db, o: { unit_id: number; agency_id: number | null }): Promise<number[]> {
  if (o.agency_id !== null) {
    const agencyReporters = await usersWithRole(db, ['agency_reporter'], [o.unit_id], o.agency_id);
    if (agencyReporters.length) return agencyReporters;
  }
  return usersWithRole(db, ['unit_officer'], [o.unit_id]);
}
const approvers = (db: Db, o: { recipient_unit_id: number | null }) => usersWithRole(db, ['unit_officer'], o.recipient_unit_id === null ? [] : [o.recipient_unit_id]);

/** Hook of the reporting workflow (src/storage/reporting.ts runAction), in its transaction. */
export async function onReportAction(db: Db, obligationId: number, action: 'submit' | 'approve' | 'return' | 'reopen', reason: string | null, actorId: number | null): Promise<void> {
  const [r] = await reportRefs(db, [obligationId]);
  if (!r) return;
  const to = action === 'submit' ? await approvers(db, r.row) : await reporters(db, r.row);
  await notifyUsers(db, to.filter((id) => id !== actorId), reportActionMessage(r.ref, action, reason, r.row.unit_id));
}

async function caseRef(db: Db, caseId: number): Promise<(CaseRef & { workerUserId: number | null }) | null> {
  const c = await db.selectFrom('child_case as c').innerJoin('admin_unit as u', 'u.id', 'c.unit_id').select(['c.id', 'c.unit_id', 'u.name', 'c.worker_user_id']).where('c.id', '=', caseId).executeTakeFirst();
  return c ? { id: c.id, unitId: c.unit_id, unitName: c.name, workerUserId: c.worker_user_id } : null;
}
/** Supervisors of a case: child-protection supervisors with a grant on its commune or a unit above it (not national ones). */
async function supervisors(db: Db, unitId: number): Promise<number[]> {
  const chain = await sql<{ id: number }>`
    with recursive up(id, parent_id, depth) as (
      select id, parent_id, 0 from admin_unit where id = ${unitId}
      union all select a.id, a.parent_id, up.depth + 1 from admin_unit a join up on a.id = up.parent_id where up.depth < 10
    ) select id from up`.execute(db);
  return usersWithRole(db, ['cp_supervisor'], chain.rows.map((r) => r.id));
}

/** Hook of the case routes (src/api/routes/cases.ts), in their transaction. */
export async function onCaseEvent(db: Db, caseId: number, event: 'plan_pending' | 'closure_pending' | 'referred_up' | 'transferred', actorId: number | null, toUnitId?: number): Promise<void> {
  const c = await caseRef(db, caseId);
  if (!c) return;
  const stamp = new Date().toISOString();
  if (event === 'plan_pending' || event === 'closure_pending') {
    await notifyUsers(db, (await supervisors(db, c.unitId)).filter((id) => id !== actorId), caseEventMessage(c, event, stamp));
    return;
  }
  const to = toUnitId ?? c.unitId;
  const toUnit = await db.selectFrom('admin_unit').select('name').where('id', '=', to).executeTakeFirst();
  if (event === 'referred_up') {
    await notifyUsers(db, (await usersWithRole(db, ['cp_supervisor'], [to])).filter((id) => id !== actorId), caseEventMessage(c, event, stamp, { toUnitName: toUnit?.name }));
  } else {
    // transferred: the case now belongs to `to`; tell its case workers and supervisors (the message names the old commune)
    const from = await db.selectFrom('case_transfer as t').innerJoin('admin_unit as u', 'u.id', 't.from_unit_id').select('u.name').where('t.case_id', '=', caseId).orderBy('t.id', 'desc').executeTakeFirst();
    const people = [...(await usersWithRole(db, ['case_worker'], [to])), ...(await supervisors(db, to))];
    await notifyUsers(db, people.filter((id) => id !== actorId), caseEventMessage({ ...c, unitName: from?.name ?? c.unitName }, event, stamp, { toUnitName: toUnit?.name }));
  }
}

/** The event keys among `keys` someone has already been told of. */
async function alreadyTold(db: Db, keys: string[]): Promise<Set<string>> {
  const out = new Set<string>();
  const unique = [...new Set(keys)];
  for (let i = 0; i < unique.length; i += 5000) {
    const rows = await db.selectFrom('notification').select('event_key').distinct().where('event_key', 'in', unique.slice(i, i + 5000)).execute();
    for (const r of rows) out.add(r.event_key);
  }
  return out;
}

export interface ScheduleRunResult {
  reports: number;
  cases: number;
  cff: number;
}

/** Runs every reminder schedule once for `now`; idempotent (each person is told of each event once). */
export async function runSchedules(db: Db, now: Date): Promise<ScheduleRunResult> {
  const scheduleOf = await scheduleResolver(db);
  const today = vnDay(now);
  const maxAhead = 60;
  const from = new Date(Date.parse(`${today}T00:00:00Z`) - OVERDUE_WINDOW_DAYS * 86_400_000).toISOString().slice(0, 10);
  const to = new Date(Date.parse(`${today}T00:00:00Z`) + maxAhead * 86_400_000).toISOString().slice(0, 10);
  const out: ScheduleRunResult = { reports: 0, cases: 0, cff: 0 };

  // reports not yet sent, due within the largest offset or overdue within the window
  const open = await db.selectFrom('obligation').select('id').where('status', 'in', ['draft', 'returned']).where('due_date', '>=', from).where('due_date', '<=', to).orderBy('id').execute();
  for (let i = 0; i < open.length; i += 5000) {
    const pending: { row: Awaited<ReturnType<typeof reportRefs>>[number]['row']; stage: ReturnType<typeof deadlineStages>[number]; message: Message }[] = [];
    for (const { row, ref } of await reportRefs(db, open.slice(i, i + 5000).map((o) => o.id))) {
      const s = await scheduleOf(row.unit_id);
      for (const stage of deadlineStages(ref.dueDate, today, s.reportDays, s.escalateAfterDays)) pending.push({ row, stage, message: reportDueMessage(ref, stage, row.unit_id) });
    }
    // a reminder already given is not looked at again (a run every minute stays a few queries in steady state)
    const told = await alreadyTold(db, pending.map((p) => p.message.eventKey));
    for (const p of pending) {
      if (told.has(p.message.eventKey)) continue;
      const to = p.stage.stage === 'escalate' ? await approvers(db, p.row) : await reporters(db, p.row);
      out.reports += await notifyUsers(db, to, p.message);
    }
  }

  // case steps due within the province's hours, or overdue (open cases)
  const steps = await db.selectFrom('case_step as s').innerJoin('child_case as c', 'c.id', 's.case_id').innerJoin('admin_unit as u', 'u.id', 'c.unit_id')
    .select(['s.case_id', 's.step', 's.due_at', 's.responsible_user_id', 'c.unit_id', 'c.worker_user_id', 'u.name as unit_name'])
    .where('s.done_at', 'is', null).where('s.due_at', 'is not', null)
    .where('s.due_at', '<=', new Date(now.getTime() + 72 * 3600_000)).where('s.due_at', '>=', new Date(now.getTime() - OVERDUE_WINDOW_DAYS * 86_400_000))
    .where('c.status', 'in', ['open', 'plan_pending', 'closure_pending']).orderBy('s.due_at').execute();
  const stepMessages: { st: (typeof steps)[number]; message: Message }[] = [];
  for (const st of steps) {
    const due = new Date(st.due_at!);
    const s = await scheduleOf(st.unit_id);
    const overdue = due.getTime() <= now.getTime();
    if (!overdue && due.getTime() - now.getTime() > s.caseHours * 3600_000) continue;
    const name = CASE_STEP_INFO[st.step as CaseStep]?.vi ?? st.step;
    stepMessages.push({ st, message: caseStepMessage({ id: st.case_id, unitId: st.unit_id, unitName: st.unit_name }, { step: st.step, name, dueAt: due }, overdue) });
  }
  const toldSteps = await alreadyTold(db, stepMessages.map((m) => m.message.eventKey));
  for (const { st, message } of stepMessages) {
    if (toldSteps.has(message.eventKey)) continue;
    out.cases += await notifyUsers(db, [st.worker_user_id, st.responsible_user_id, ...(await supervisors(db, st.unit_id))], message);
  }

  out.cff += await cffSchedules(db, today, from, to, scheduleOf);
  return out;
}

const CFF_ROLES = ['unit_officer', 'cff_assessor'];

async function cffSchedules(db: Db, today: string, from: string, to: string, scheduleOf: (unitId: number) => Promise<Schedule>): Promise<number> {
  let told = 0;
  const settings = await db.selectFrom('cff_cycle_settings as s').innerJoin('admin_unit as u', 'u.id', 's.unit_id')
    .select(['s.id', 's.unit_id', 's.year', 's.registration_deadline', 's.self_assessment_deadline', 'u.name as unit_name'])
    .where((eb) => eb.or([eb.and([eb('s.registration_deadline', '>=', from), eb('s.registration_deadline', '<=', to)]), eb.and([eb('s.self_assessment_deadline', '>=', from), eb('s.self_assessment_deadline', '<=', to)])]))
    .execute();
  for (const st of settings) {
    const s = await scheduleOf(st.unit_id);
    if (st.registration_deadline) {
      const date = String(st.registration_deadline).slice(0, 10);
      for (const stage of deadlineStages(date, today, s.cffDays, null))
        told += await notifyUsers(db, await usersWithRole(db, CFF_ROLES, [st.unit_id]), cffDeadlineMessage('registration', { key: `settings${st.id}`, unitId: st.unit_id, unitName: st.unit_name, year: st.year, date, link: `/cff?unit=${st.unit_id}&year=${st.year}` }, stage));
    }
    if (st.self_assessment_deadline) {
      const date = String(st.self_assessment_deadline).slice(0, 10);
      const stages = deadlineStages(date, today, s.cffDays, null);
      if (!stages.length) continue;
      // the communes below this unit that registered and have not submitted
      const regs = await sql<{ id: number; unit_id: number; name: string }>`
        with recursive down(id, depth) as (select ${st.unit_id}::int, 0 union all select a.id, down.depth + 1 from admin_unit a join down on a.parent_id = down.id where down.depth < 10)
        select r.id, r.unit_id, u.name from cff_registration r join admin_unit u on u.id = r.unit_id
        where r.year = ${st.year} and r.status in ('registered', 'in_progress') and r.unit_id in (select id from down)`.execute(db);
      for (const r of regs.rows)
        for (const stage of stages)
          told += await notifyUsers(db, await usersWithRole(db, CFF_ROLES, [r.unit_id, st.unit_id]), cffDeadlineMessage('self_assessment', { key: `reg${r.id}`, unitId: r.unit_id, unitName: r.name, year: st.year, date, link: `/cff/registrations/${r.id}` }, stage));
    }
  }
  // files returned for correction with their own deadline
  const returned = await db.selectFrom('cff_registration as r').innerJoin('admin_unit as u', 'u.id', 'r.unit_id').select(['r.id', 'r.unit_id', 'r.year', 'r.correction_deadline', 'u.name'])
    .where('r.status', '=', 'returned').where('r.correction_deadline', '>=', from).where('r.correction_deadline', '<=', to).execute();
  for (const r of returned) {
    const date = String(r.correction_deadline).slice(0, 10);
    const s = await scheduleOf(r.unit_id);
    for (const stage of deadlineStages(date, today, s.cffDays, null))
      told += await notifyUsers(db, await usersWithRole(db, CFF_ROLES, [r.unit_id]), cffDeadlineMessage('correction', { key: `reg${r.id}`, unitId: r.unit_id, unitName: r.name, year: r.year, date, link: `/cff/registrations/${r.id}` }, stage));
  }
  return told;
}

// ───────────────────────────── reading ─────────────────────────────

export async function listNotifications(db: Db, userId: number, opts: { unread?: boolean; limit: number; before?: number }) {
  let q = db.selectFrom('notification').select(['id', 'kind', 'title', 'body', 'link', 'due_at', 'created_at', 'read_at']).where('user_id', '=', userId);
  if (opts.unread) q = q.where('read_at', 'is', null);
  if (opts.before) q = q.where('id', '<', opts.before);
  const rows = await q.orderBy('id', 'desc').limit(opts.limit).execute();
  return rows.map((r) => ({ id: Number(r.id), kind: r.kind, title: r.title, body: r.body, link: r.link, dueAt: r.due_at ? new Date(r.due_at).toISOString() : null, createdAt: new Date(r.created_at).toISOString(), readAt: r.read_at ? new Date(r.read_at).toISOString() : null }));
}

export async function unreadCount(db: Db, userId: number): Promise<number> {
  const r = await db.selectFrom('notification').select((eb) => eb.fn.countAll<string>().as('n')).where('user_id', '=', userId).where('read_at', 'is', null).executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Marks the user's own notifications read (`ids` omitted = all); another user's ids change nothing. */
export async function markRead(db: Db, userId: number, ids?: number[]): Promise<number> {
  let q = db.updateTable('notification').set({ read_at: new Date() }).where('user_id', '=', userId).where('read_at', 'is', null);
  if (ids) {
    if (!ids.length) return 0;
    q = q.where('id', 'in', ids);
  }
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export interface Preferences {
  inApp: boolean;
  email: boolean;
  digest: boolean;
}
export async function getPreferences(db: Db, userId: number): Promise<Preferences & { address: string | null }> {
  const u = await db.selectFrom('app_user as u').leftJoin('notification_preference as p', 'p.user_id', 'u.id').select(['u.email as address', 'p.in_app', 'p.email', 'p.digest']).where('u.id', '=', userId).executeTakeFirst();
  return { inApp: u?.in_app ?? true, email: u?.email ?? true, digest: u?.digest ?? false, address: u?.address ?? null };
}
export async function putPreferences(db: Db, userId: number, p: Preferences): Promise<void> {
  const values = { in_app: p.inApp, email: p.email, digest: p.digest, updated_at: new Date() };
  await db.insertInto('notification_preference').values({ user_id: userId, ...values }).onConflict((oc) => oc.column('user_id').doUpdateSet(values)).execute();
  // e-mails waiting for a digest the user no longer wants go out on the next run (and the other way round)
  if (!p.digest) await db.updateTable('notification_outbox').set({ status: 'pending', next_attempt_at: new Date() }).where('user_id', '=', userId).where('status', '=', 'held').execute();
  if (!p.email) await db.updateTable('notification_outbox').set({ status: 'failed', last_error: 'người nhận đã tắt thư điện tử / the recipient turned e-mail off' }).where('user_id', '=', userId).where('status', 'in', ['pending', 'held']).execute();
}

/** What was sent to whom and when (newest first). */
export async function outboxLog(db: Db, opts: { status?: string; userId?: number; limit: number }) {
  let q = db.selectFrom('notification_outbox as o').innerJoin('app_user as u', 'u.id', 'o.user_id').leftJoin('notification as n', 'n.id', 'o.notification_id')
    .select(['o.id', 'o.kind', 'o.status', 'o.recipient', 'o.subject', 'o.attempts', 'o.last_error', 'o.sent_at', 'o.created_at', 'o.next_attempt_at', 'o.message_id', 'o.digest_id', 'u.username', 'n.kind as event_kind']);
  if (opts.status) q = q.where('o.status', '=', opts.status);
  if (opts.userId) q = q.where('o.user_id', '=', opts.userId);
  const rows = await q.orderBy('o.id', 'desc').limit(opts.limit).execute();
  return rows.map((r) => ({
    id: Number(r.id), kind: r.kind, eventKind: r.event_kind, status: r.status, username: r.username, to: r.recipient, subject: r.subject, attempts: r.attempts, lastError: r.last_error,
    messageId: r.message_id, digestId: r.digest_id === null ? null : Number(r.digest_id),
    sentAt: r.sent_at ? new Date(r.sent_at).toISOString() : null, createdAt: new Date(r.created_at).toISOString(), nextAttemptAt: new Date(r.next_attempt_at).toISOString(),
  }));
}
