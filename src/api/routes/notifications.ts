/**
 * Notifications API (issue #17): the caller's own notifications (the bell, the list, mark read),
 * their channels, the provinces' reminder schedules, the e-mail log, and one run of the jobs
 * (what `npx vitreem notifications run` calls). A user only ever reads and marks their own
 * notifications: every query is filtered by the caller's user id.
 */
import { national } from '../access.ts';
import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { App, AppContext } from '../app.ts';
import { badRequest, notFound } from '../errors.ts';
import { writeTransaction } from '../transaction.ts';
import * as store from '../../storage/notifications.ts';
import { scheduleProblems } from '../../domain/notifications.ts';
import { environmentMailer, publicUrl, runNotifications } from '../../notify/runner.ts';

const me = (request: FastifyRequest): number | null => request.actor?.userId ?? null;
const unitParams = z.object({ unitId: z.coerce.number().int().positive() });

export default async function notificationRoutes(app: App, context: AppContext): Promise<void> {
  const db = context.db;

  app.get('/notifications', {
    config: { access: 'authenticated' },
    schema: { tags: ['notifications'], summary: 'My notifications, newest first (unread=true: only unread; before=id: the next page)', querystring: z.object({ unread: z.enum(['true', 'false']).optional(), limit: z.coerce.number().int().min(1).max(200).default(50), before: z.coerce.number().int().positive().optional() }) },
  }, async (request) => {
    const userId = me(request);
    if (userId === null) return { items: [], unread: 0 };
    const [items, unread] = await Promise.all([store.listNotifications(db, userId, { unread: request.query.unread === 'true', limit: request.query.limit, before: request.query.before }), store.unreadCount(db, userId)]);
    return { items, unread };
  });

  app.get('/notifications/unread-count', {
    config: { access: 'authenticated' },
    schema: { tags: ['notifications'], summary: 'How many of my notifications are unread (the bell)' },
  }, async (request) => {
    const userId = me(request);
    return { unread: userId === null ? 0 : await store.unreadCount(db, userId) };
  });

  app.post('/notifications/:id/read', {
    config: { access: 'authenticated' },
    schema: { tags: ['notifications'], summary: 'Mark one of my notifications read', params: z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) }) },
  }, async (request) => {
    const userId = me(request);
    if (userId === null) throw notFound('thông báo', 'Notification', ['id']);
    return writeTransaction(request, async (trx) => {
      const own = await trx.selectFrom('notification').select(['id', 'read_at']).where('id', '=', request.params.id).where('user_id', '=', userId).executeTakeFirst();
      // another user's notification is answered exactly like a missing one
      if (!own) throw notFound('thông báo', 'Notification', ['id']);
      await store.markRead(trx, userId, [request.params.id]);
      return { id: request.params.id, unread: await store.unreadCount(trx, userId) };
    });
  });

  app.post('/notifications/read-all', {
    config: { access: 'authenticated' },
    schema: { tags: ['notifications'], summary: 'Mark all my notifications read' },
  }, async (request) => {
    const userId = me(request);
    if (userId === null) return { marked: 0, unread: 0 };
    return writeTransaction(request, async (trx) => ({ marked: await store.markRead(trx, userId), unread: 0 }));
  });

  app.get('/notifications/preferences', {
    config: { access: 'authenticated' },
    schema: { tags: ['notifications'], summary: 'My channels: in-app, e-mail, daily digest; my e-mail address' },
  }, async (request) => {
    const userId = me(request);
    if (userId === null) return { inApp: true, email: false, digest: false, address: null, emailConfigured: !!process.env.VITREEM_SMTP_URL };
    return { ...(await store.getPreferences(db, userId)), emailConfigured: !!process.env.VITREEM_SMTP_URL };
  });

  app.put('/notifications/preferences', {
    config: { access: 'authenticated' },
    schema: {
      tags: ['notifications'], summary: 'Choose my channels (and my e-mail address)',
      body: z.object({ inApp: z.boolean(), email: z.boolean(), digest: z.boolean(), address: z.string().trim().max(200).email().nullable().optional() }).strict(),
    },
  }, async (request) => {
    const userId = me(request);
    if (userId === null) throw badRequest('not_a_user', 'Chỉ tài khoản người dùng mới có tùy chọn thông báo.', 'Only user accounts have notification preferences.');
    const b = request.body;
    return writeTransaction(request, async (trx) => {
      if (b.address !== undefined) await trx.updateTable('app_user').set({ email: b.address === '' ? null : b.address, updated_at: new Date() }).where('id', '=', userId).execute();
      await store.putPreferences(trx, userId, { inApp: b.inApp, email: b.email, digest: b.digest });
      return { ...(await store.getPreferences(trx, userId)), emailConfigured: !!process.env.VITREEM_SMTP_URL };
    });
  });

  const provinceResolver = (req: FastifyRequest) => (req.params as { unitId: number }).unitId;
  const mustBeProvince = async (unitId: number) => {
    const u = await db.selectFrom('admin_unit').select(['id', 'level']).where('id', '=', unitId).executeTakeFirst();
    if (!u) throw notFound('đơn vị', 'Unit', ['unitId']);
    if (u.level !== 'province') throw badRequest('not_a_province', 'Lịch nhắc được đặt cho từng tỉnh, thành phố.', 'Reminder schedules are set per province.', ['unitId']);
  };

  app.get('/notifications/schedules/:unitId', {
    config: { access: { action: 'reports.read', resource: 'report', load: provinceResolver } },
    schema: { tags: ['notifications'], summary: "A province's reminder schedule (days before a report is due, days overdue before its recipient is told, hours before a case step, days before child-friendly commune deadlines)", params: unitParams },
  }, async (request) => {
    await mustBeProvince(request.params.unitId);
    return { unitId: request.params.unitId, ...(await store.getSchedule(db, request.params.unitId)) };
  });

  app.put('/notifications/schedules/:unitId', {
    // the province's own administrators set its schedule (units.write on the province); a national one sets any
    config: { access: { action: 'units.write', resource: 'notification', load: provinceResolver } },
    schema: {
      tags: ['notifications'], summary: "Set a province's reminder schedule", params: unitParams,
      body: z.object({ reportDays: z.array(z.number()).max(20), escalateAfterDays: z.number(), caseHours: z.number(), cffDays: z.array(z.number()).max(20) }).strict(),
    },
  }, async (request) => {
    await mustBeProvince(request.params.unitId);
    const problems = scheduleProblems(request.body);
    if (problems.length) throw badRequest('invalid_schedule', `Lịch nhắc không hợp lệ: ${problems.map((p) => p.vi).join('; ')}.`, `Invalid reminder schedule: ${problems.map((p) => p.en).join('; ')}.`, [problems[0]!.path], { problems });
    return writeTransaction(request, async (trx) => {
      await store.putSchedule(trx, request.params.unitId, request.body, me(request));
      return { unitId: request.params.unitId, ...(await store.getSchedule(trx, request.params.unitId)) };
    });
  });

  app.get('/notifications/log', {
    config: { access: { action: 'audit.read', resource: 'audit', load: national } },
    schema: { tags: ['notifications'], summary: 'The e-mail log: what was sent to whom and when, bounces and retries', querystring: z.object({ status: z.enum(['pending', 'sending', 'sent', 'bounced', 'failed', 'held', 'digested']).optional(), userId: z.coerce.number().int().positive().optional(), limit: z.coerce.number().int().min(1).max(1000).default(100) }) },
  }, async (request) => ({ items: await store.outboxLog(db, request.query) }));

  app.post('/notifications/run', {
    config: { access: { action: 'system.admin', resource: 'system', load: national } },
    schema: { tags: ['notifications'], summary: 'Run every due notification job once (reminders, digests, e-mails) and answer what was sent' },
  }, async (request) => {
    const mailer = environmentMailer((m) => request.log.warn(m));
    return runNotifications(db, { mailer, baseUrl: publicUrl() });
  });
}
