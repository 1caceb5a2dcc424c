/**
 * Task progress API (issue #16): the lead agency's reporter enters, per task and reporting period, a status,
 * a percentage, results, difficulties and evidence; the plan's issuer reads the roll-up (a table per agency)
 * and the completion over the years. Access declared per route like the reporting routes (`config.access`).
 */
import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { App, AppContext } from '../app.ts';
import { AppError } from '../errors.ts';
import { reportingRead, reportingWrite } from './reporting.ts';
import * as progress from '../../storage/task-progress.ts';
import { TASK_STATUSES } from '../../domain/reporting/task-progress.ts';
import { CffRuleError } from '../../domain/cff/types.ts';
import { EVIDENCE_MAX_BYTES } from '../../domain/cff/evidence.ts';
import { grantHasPermission } from '../../domain/access.ts';

const taskParams = z.object({ taskId: z.coerce.number().int().positive() });
const planParams = z.object({ id: z.coerce.number().int().positive() });
const Period = z.string().min(4).max(12);

export default async function taskProgressRoutes(app: App, context: AppContext): Promise<void> {
  const db = context.db;
  const planUnit = async (req: FastifyRequest) => (await db.selectFrom('plan').select('issuer_unit_id').where('id', '=', (req.params as { id: number }).id).executeTakeFirst())?.issuer_unit_id ?? null;
  /**
   * Who may write a task's progress: the policy checks the caller against the agency named in the body when it leads
   * the task, else against the task's (first) lead agency — so a reporter of another agency, even of the same
   * commune, is refused by the access check itself (403), never reaching the handler.
   */
  const writers = new WeakMap<FastifyRequest, Promise<{ unitId: number | null; agencyId: number | null }>>();
  const writerOf = (req: FastifyRequest) => {
    let w = writers.get(req);
    if (!w) {
      w = (async () => {
        const agencyId = (req.body as { agencyId?: number } | undefined)?.agencyId ?? null;
        const leads = await progress.taskLeads(db, (req.params as { taskId: number }).taskId);
        const lead = leads.find((l) => l.id === agencyId) ?? leads[0];
        if (lead) return { unitId: lead.unitId, agencyId: lead.id };
        return { unitId: agencyId ? ((await db.selectFrom('agency').select('unit_id').where('id', '=', agencyId).executeTakeFirst())?.unit_id ?? null) : null, agencyId };
      })();
      writers.set(req, w);
    }
    return w;
  };
  const taskPlanUnit = async (req: FastifyRequest) => (await db.selectFrom('task as t').innerJoin('plan as p', 'p.id', 't.plan_id').select('p.issuer_unit_id').where('t.id', '=', (req.params as { taskId: number }).taskId).executeTakeFirst())?.issuer_unit_id ?? null;
  const refs = new WeakMap<FastifyRequest, ReturnType<typeof progress.taskProgressRef>>();
  const refOf = (req: FastifyRequest) => {
    let r = refs.get(req);
    if (!r) refs.set(req, (r = progress.taskProgressRef(db, (req.params as { progressId: number }).progressId)));
    return r;
  };

  app.get('/plans/:id/task-progress', {
    schema: { tags: ['reporting'], summary: "The plan's task progress for a period (2025, 2025S1): counts per status, a table per lead agency, the tasks grouped as the plan groups them", params: planParams, querystring: z.object({ period: Period }) },
    config: { access: { action: 'reports.read', resource: 'report', load: planUnit } },
  }, async (request) => reportingRead(() => progress.planTaskProgress(db, request.params.id, request.query.period)));

  app.get('/plans/:id/task-progress/years', {
    schema: { tags: ['reporting'], summary: 'Task completion over the years (for the mid-term and final reviews)', params: planParams, querystring: z.object({ from: z.coerce.number().int().min(1990).max(2100), to: z.coerce.number().int().min(1990).max(2100) }) },
    config: { access: { action: 'reports.read', resource: 'report', load: planUnit } },
  }, async (request) => {
    if (request.query.to < request.query.from || request.query.to - request.query.from > 20) throw new AppError(400, 'invalid_range', 'Khoảng năm không hợp lệ (tối đa 20 năm).', 'Invalid range of years (at most 20).', ['to']);
    return { years: await reportingRead(() => progress.taskCompletionOverYears(db, request.params.id, request.query.from, request.query.to)) };
  });

  app.get('/tasks/:taskId/progress', {
    schema: { tags: ['reporting'], summary: "A task's progress entries, every period and lead agency", params: taskParams },
    config: { access: { action: 'reports.read', resource: 'report', load: taskPlanUnit } },
  }, async (request) => {
    const rows = await db.selectFrom('task_progress').selectAll().where('task_id', '=', request.params.taskId).orderBy('year').orderBy('period').execute();
    return { leads: await progress.taskLeads(db, request.params.taskId), items: rows.map((r) => ({ id: r.id, agencyId: r.agency_id, period: r.period, year: r.year, status: r.status, percent: r.percent === null ? null : Number(r.percent), results: r.results, difficulties: r.difficulties, reason: r.reason, version: r.version })) };
  });

  app.get('/my/tasks', {
    schema: { tags: ['reporting'], summary: "Tiến độ nhiệm vụ: the tasks the caller's agencies lead in issued plans, with their entry for a period (default: the latest year), the previous period's status, the deadline and the periods the plans ask for", querystring: z.object({ period: Period.optional() }) },
    // a list: the caller's own agencies only (agency-bound grants that may enter reports)
    config: { access: { action: 'reports.read', resource: 'report', load: () => null } },
  }, async (request) => {
    const agencyIds = [...new Set((request.actor?.grants ?? []).filter((g) => g.agencyId !== null && grantHasPermission(g, 'reports.enter')).map((g) => g.agencyId as number))];
    return reportingRead(() => progress.myTasks(db, agencyIds, request.query.period ?? null));
  });

  app.get('/plans/:id/task-status', {
    schema: { tags: ['plans'], summary: "Each task's latest progress entry (per lead agency), for the plan page", params: planParams },
    // like the plan itself: an issued plan is a public document, a draft belongs to its unit
    config: { access: { action: 'plans.read', resource: 'plan', load: async (req) => {
      const plan = await db.selectFrom('plan').select(['status', 'issuer_unit_id']).where('id', '=', (req.params as { id: number }).id).executeTakeFirst();
      return plan?.status === 'draft' ? (plan.issuer_unit_id ?? null) : null;
    } } },
  }, async (request) => reportingRead(() => progress.planTaskStatus(db, request.params.id)));

  app.put('/tasks/:taskId/progress/:period', {
    schema: {
      tags: ['reporting'], summary: "Enter a task's progress for a period (the lead agency's reporter): status, percentage, results, difficulties; leaving \"hoàn thành\" needs a reason",
      params: taskParams.extend({ period: Period }),
      body: z.object({ agencyId: z.number().int().positive(), status: z.enum(TASK_STATUSES), percent: z.number().min(0).max(100).nullish(), results: z.string().max(8000).nullish(), difficulties: z.string().max(8000).nullish(), reason: z.string().max(8000).nullish(), version: z.number().int().positive().nullish() }),
    },
    config: { access: { action: 'reports.enter', resource: 'report', load: async (req) => (await writerOf(req)).unitId, agency: async (req) => (await writerOf(req)).agencyId } },
  }, async (request) => reportingWrite(request, (trx) => progress.saveTaskProgress(trx, request.params.taskId, request.params.period, { ...request.body, percent: request.body.percent ?? null, results: request.body.results ?? null, difficulties: request.body.difficulties ?? null, reason: request.body.reason ?? null }, { id: request.actor?.userId ?? null, name: request.actor?.username ?? 'anonymous' })));

  app.post('/task-progress/:progressId/evidence', {
    schema: { tags: ['reporting'], summary: 'Attach one evidence file to a progress entry (multipart field "file"; PDF, JPG, PNG or DOCX, at most 10 MB)', params: z.object({ progressId: z.coerce.number().int().positive() }) },
    config: { access: { action: 'reports.enter', resource: 'report', load: async (req) => (await refOf(req))?.unitId ?? null, agency: async (req) => (await refOf(req))?.agencyId ?? null } },
  }, async (request, reply) => {
    if (!request.isMultipart()) throw new AppError(400, 'multipart_required', 'Cần gửi tệp dạng multipart/form-data (trường "file").', 'Send the file as multipart/form-data (field "file").', ['file']);
    const part = await request.file({ limits: { fileSize: EVIDENCE_MAX_BYTES, files: 1 }, throwFileSizeLimit: false });
    if (!part) throw new AppError(400, 'file_required', 'Chưa có tệp minh chứng.', 'No evidence file was sent.', ['file']);
    const bytes = await part.toBuffer();
    try {
      const stored = await reportingWrite(request, (trx) => progress.addTaskEvidence(trx, request.params.progressId, { filename: part.filename, bytes, truncated: part.file.truncated, userId: request.actor?.userId ?? null }));
      return reply.status(201).send(stored);
    } catch (e) {
      if (e instanceof CffRuleError) throw new AppError(e.status, e.code, e.vi, e.en, e.path, e.details);
      throw e;
    }
  });

  app.get('/task-progress/:progressId/evidence/:evidenceId', {
    schema: { tags: ['reporting'], summary: 'Download an evidence file of a progress entry', params: z.object({ progressId: z.coerce.number().int().positive(), evidenceId: z.coerce.number().int().positive() }) },
    config: { access: { action: 'reports.read', resource: 'report', load: async (req) => (await refOf(req))?.unitId ?? null } },
  }, async (request, reply) => {
    const row = await db.selectFrom('task_progress_evidence').select(['filename', 'media_type', 'content']).where('id', '=', request.params.evidenceId).where('progress_id', '=', request.params.progressId).executeTakeFirst();
    if (!row) throw new AppError(404, 'not_found', 'Không tìm thấy tệp minh chứng.', 'Evidence file not found.', ['evidenceId']);
    return reply.header('content-type', row.media_type).header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(row.filename)}`).send(Buffer.from(row.content));
  });
}
