/**
 * Child-protection case management (Nghị định 56/2017): open from a report, steps in order
 * with their time limits (data per unit, never longer than the law), overdue list, referrals,
 * meetings of the commune board, transfer, referral up, supervisor approval of plan and closure.
 */
import { everything } from '../access.ts';
import { z } from 'zod';
import { CalendarDateTime } from '../../domain/calendar-date.ts';
import { sql, type Kysely } from 'kysely';
import type { App, AppContext } from '../app.ts';
import type { Database } from '../../storage/schema.ts';
import '../../storage/schema-register.ts';
import { writeTransaction } from '../transaction.ts';
import { badRequest, notFound } from '../errors.ts';
import { CASE_SOURCES, CASE_STEPS, CASE_STEP_INFO, checkStep, checkUnitLimit, LEGAL_STEP_LIMITS, lateHours, nextStep, overdueHours, REFERRAL_SERVICES, type CaseStep, type CaseStatus } from '../../domain/children/workflow.ts';
import { computeDue, limitsFor, loadCase, type CaseView } from '../../storage/cases.ts';
import { encryptJson, encryptOptional, decryptJson } from '../../storage/crypto.ts';
import { childView, subtreeUnitIds, unitChain } from '../../storage/register.ts';
import { assertCaseAccess, assertChildAccess, assertUnitChildAccess, auditRead, caseInScope, caseUnit, childListIn, childScope } from '../register-access.ts';
import { assertCommune } from './children.ts';
import { canSeeChild } from '../../domain/children/access.ts';
import { onCaseEvent } from '../../storage/notifications.ts';

const idParams = z.object({ id: z.coerce.number().int().positive() });
const isoDateTime = CalendarDateTime;

async function mustLoad(db: Kysely<Database>, id: number): Promise<CaseView> {
  const c = await loadCase(db, id);
  if (!c) throw notFound('hồ sơ trường hợp', 'Case', ['id']);
  return c;
}

const stepState = (c: CaseView) => ({ status: c.status as CaseStatus, done: c.steps.filter((s) => s.doneAt).map((s) => s.step), planApproved: c.planApproved, seriousRisk: c.seriousRisk });
const EMERGENCY_REQUIRED = ['emergency_measures_required', 'Trẻ em có nguy cơ hoặc đang bị tổn hại nghiêm trọng: ghi rõ biện pháp can thiệp khẩn cấp hoặc cách ly tạm thời đã áp dụng (NĐ 56/2017, Điều 26 khoản 3).', 'The child is at risk of or suffering serious harm: state the emergency intervention or temporary separation applied (Decree 56/2017, Article 26.3).'] as const;

export default async function casesRoutes(app: App, context: AppContext): Promise<void> {
  const db = context.db;

  app.post('/cases', {
    config: { access: { action: 'cases.write', resource: 'case', load: async (req) => {
      const childId = (req.body as { childId?: number })?.childId;
      const row = childId ? await db.selectFrom('child').select('unit_id').where('id', '=', childId).executeTakeFirst() : undefined;
      if (!row) throw notFound('trẻ em', 'Child', ['childId']);
      return row.unit_id;
    } } },
    schema: { tags: ['cases'], summary: 'Mở hồ sơ trường hợp từ một thông báo (Mẫu số 01)', body: z.object({
      childId: z.number().int().positive(),
      source: z.enum(CASE_SOURCES),
      channel: z.enum(['phone', 'in_person', 'written', 'online', 'other']).default('phone'),
      reporter: z.object({ name: z.string().max(200).nullish(), relation: z.string().max(200).nullish(), contact: z.string().max(200).nullish() }).nullish(),
      reportedAt: isoDateTime.nullish(),
      receivedAt: isoDateTime,
      description: z.string().max(10000).nullish(),
      urgency: z.enum(['urgent', 'normal']).default('normal'),
      workerUserId: z.number().int().positive().nullish(),
    }).strict() },
  }, async (request, reply) => {
    const b = request.body;
    const received = new Date(b.receivedAt);
    const reported = b.reportedAt ? new Date(b.reportedAt) : null;
    if (received.getTime() > Date.now() + 5 * 60_000) throw badRequest('received_in_future', 'Thời điểm tiếp nhận không được ở tương lai.', 'The receipt time cannot be in the future.', ['receivedAt']);
    if (reported && reported > received) throw badRequest('reported_after_received', 'Thời điểm báo tin sau thời điểm tiếp nhận.', 'The report time is after the receipt time.', ['reportedAt']);
    return writeTransaction(request, async (trx) => {
      const childRow = await trx.selectFrom('child').selectAll().where('id', '=', b.childId).executeTakeFirstOrThrow();
      const child = childView(childRow);
      await assertChildAccess(request, child, trx);
      if (child.status !== 'active') throw badRequest('child_not_active', 'Hồ sơ trẻ em không còn hiệu lực.', 'The child record is not active.', ['childId']);
      const { id } = await trx.insertInto('child_case').values({
        child_id: child.id, unit_id: child.unitId, source: b.source, channel: b.channel, reporter: b.reporter ? encryptJson(b.reporter) : null,
        reported_at: reported, received_at: received, description: encryptOptional(b.description), urgency: b.urgency,
        worker_user_id: b.workerUserId ?? request.actor?.userId ?? null,
      }).returning('id').executeTakeFirstOrThrow();
      // the emergency step applies once serious risk is found; a report received as urgent starts its 12-hour clock at once
      const emergency = b.urgency === 'urgent' ? await computeDue(trx, child.unitId, 'emergency', { received, previous: received }) : null;
      await trx.insertInto('case_step').values(CASE_STEPS.filter((step) => step !== 'emergency' || emergency).map((step) => ({
        case_id: id, step, position: CASE_STEPS.indexOf(step),
        due_at: step === 'emergency' ? emergency?.dueAt ?? null : null,
        limit_basis: step === 'emergency' ? emergency?.basis ?? null : null,
        done_at: step === 'receive' ? received : null,
        done_by: step === 'receive' ? request.actor?.userId ?? null : null,
        responsible_user_id: b.workerUserId ?? request.actor?.userId ?? null,
      }))).execute();
      void reply.status(201);
      return mustLoad(trx, id);
    });
  });

  app.get('/cases', {
    config: { access: { action: 'cases.read', resource: 'case', load: childListIn((req) => (req.query as { unitId?: number }).unitId) } },
    schema: { tags: ['cases'], summary: 'Các hồ sơ của đơn vị', querystring: z.object({ unitId: z.coerce.number().int().positive(), status: z.enum(['open', 'plan_pending', 'closure_pending', 'closed', 'transferred', 'active']).default('active') }) },
  }, async (request) => {
    const { unitId, status } = request.query;
    return { items: await listCases(db, await subtreeUnitIds(db, unitId), status, null, request) };
  });

  app.get('/cases/mine', {
    config: { access: { action: 'cases.read', resource: 'case', load: everything } },
    schema: { tags: ['cases'], summary: 'Ca của tôi, với các bước đến hạn' },
  }, async (request) => {
    const userId = request.actor?.userId;
    if (userId === null || userId === undefined) return { items: [] };
    return { items: await listCases(db, null, 'active', userId, request) };
  });

  app.get('/cases/overdue', {
    config: { access: { action: 'cases.read', resource: 'case', load: childListIn((req) => (req.query as { unitId?: number }).unitId) } },
    schema: { tags: ['cases'], summary: 'Các bước quá hạn và các bước đã hoàn thành trễ hạn (cảnh báo)', querystring: z.object({ unitId: z.coerce.number().int().positive(), at: isoDateTime.optional(), lateSinceDays: z.coerce.number().int().min(1).max(3660).default(365) }) },
  }, async (request) => {
    const now = request.query.at ? new Date(request.query.at) : new Date();
    const since = new Date(now.getTime() - request.query.lateSinceDays * 86_400_000);
    return { at: now, items: await overdueSteps(db, request.query.unitId, now), completedLate: await lateSteps(db, request.query.unitId, since, now) };
  });

  app.get('/cases/approvals', {
    config: { access: { action: 'cases.supervise', resource: 'case', load: (req) => (req.query as { unitId?: number }).unitId ?? null } },
    schema: { tags: ['cases'], summary: 'Hồ sơ chờ phê duyệt (kế hoạch, đóng hồ sơ)', querystring: z.object({ unitId: z.coerce.number().int().positive() }) },
  }, async (request) => {
    const units = await subtreeUnitIds(db, request.query.unitId);
    const rows = await db.selectFrom('child_case').select(['id', 'unit_id', 'status', 'received_at', 'urgency', 'referred_up_to']).where('unit_id', 'in', units).where('status', 'in', ['plan_pending', 'closure_pending']).orderBy('received_at').execute();
    const out = [];
    for (const r of rows) {
      const chain = await unitChain(db, r.unit_id);
      if (!canSeeChild(request.actor?.grants ?? [], chain, r.referred_up_to, ['cp_supervisor'])) continue;
      out.push({ id: r.id, unitId: r.unit_id, kind: r.status === 'plan_pending' ? 'plan' : 'closure', receivedAt: r.received_at, urgency: r.urgency });
    }
    return { items: out };
  });

  app.get('/cases/time-limits', {
    config: { access: { action: 'cases.read', resource: 'case', load: childListIn((req) => (req.query as { unitId?: number }).unitId) } },
    schema: { tags: ['cases'], summary: 'Thời hạn các bước áp dụng cho đơn vị (luật định và nội bộ)', querystring: z.object({ unitId: z.coerce.number().int().positive() }) },
  }, async (request) => {
    const limits = await limitsFor(db, request.query.unitId);
    return { law: LEGAL_STEP_LIMITS, effective: Object.entries(limits).filter(([, l]) => l).map(([step, l]) => ({ step, name: CASE_STEP_INFO[step as CaseStep].vi, ...l })) };
  });

  app.put('/cases/time-limits', {
    config: { access: { action: 'cases.supervise', resource: 'case', load: (req) => (req.body as { unitId?: number })?.unitId ?? null } },
    schema: { tags: ['cases'], summary: 'Đặt thời hạn nội bộ ngắn hơn luật định cho một bước', body: z.object({ unitId: z.number().int().positive(), step: z.enum(CASE_STEPS), hours: z.number().positive().max(10000).nullish(), workingDays: z.number().int().positive().max(100).nullish() }).strict() },
  }, async (request) => {
    const b = request.body;
    const v = checkUnitLimit(b.step, { hours: b.hours ?? null, workingDays: b.workingDays ?? null });
    if (v) throw badRequest(v.code, v.vi, v.en, [b.hours != null ? 'hours' : 'workingDays']);
    return writeTransaction(request, async (trx) => {
      const unit = await trx.selectFrom('admin_unit').select('id').where('id', '=', b.unitId).executeTakeFirst();
      if (!unit) throw notFound('đơn vị', 'Unit', ['unitId']);
      await trx.insertInto('case_time_limit').values({ unit_id: b.unitId, step: b.step, hours: b.hours ?? null, working_days: b.workingDays ?? null })
        .onConflict((oc) => oc.columns(['unit_id', 'step']).doUpdateSet({ hours: b.hours ?? null, working_days: b.workingDays ?? null })).execute();
      return { unitId: b.unitId, step: b.step, hours: b.hours ?? null, workingDays: b.workingDays ?? null };
    });
  });

  app.get('/cases/:id', {
    config: { access: { action: 'cases.read', resource: 'case', load: caseUnit } },
    schema: { tags: ['cases'], summary: 'Hồ sơ trường hợp (mỗi lần xem được ghi nhật ký)', params: idParams },
  }, async (request) => {
    const c = await mustLoad(db, request.params.id);
    await assertCaseAccess(request, c);
    const [child, referrals, meetings, transfers, approvals] = await Promise.all([
      db.selectFrom('child').selectAll().where('id', '=', c.childId).executeTakeFirstOrThrow(),
      db.selectFrom('case_referral').selectAll().where('case_id', '=', c.id).orderBy('id').execute(),
      db.selectFrom('case_meeting').selectAll().where('case_id', '=', c.id).orderBy('held_at').execute(),
      db.selectFrom('case_transfer').selectAll().where('case_id', '=', c.id).orderBy('transferred_at').execute(),
      db.selectFrom('case_approval').selectAll().where('case_id', '=', c.id).orderBy('at').execute(),
    ]);
    await auditRead(request, { table: 'child_case', rowId: c.id, unitId: c.unitId, detail: { childId: c.childId } });
    const cv = childView(child);
    const now = new Date();
    return {
      ...c,
      child: { id: cv.id, fullName: cv.fullName, birthDate: cv.birthDate, sex: cv.sex },
      steps: c.steps.map((s) => {
        const times = { dueAt: s.dueAt ? new Date(s.dueAt) : null, doneAt: s.doneAt ? new Date(s.doneAt) : null };
        return { ...s, name: CASE_STEP_INFO[s.step].vi, form: CASE_STEP_INFO[s.step].form ?? null, overdueHours: overdueHours(times, now), lateHours: lateHours(times) };
      }),
      referrals: referrals.map((r) => ({ id: r.id, service: r.service, provider: r.provider, referredAt: r.referred_at, outcome: r.outcome, outcomeNote: r.outcome_note ? decryptJson<string>(r.outcome_note) : null, outcomeAt: r.outcome_at })),
      meetings: meetings.map((m) => ({ id: m.id, heldAt: m.held_at, participants: m.participants ? decryptJson<string>(m.participants) : null, decisions: m.decisions ? decryptJson<string>(m.decisions) : null })),
      transfers: transfers.map((t) => ({ fromUnitId: t.from_unit_id, toUnitId: t.to_unit_id, at: t.transferred_at, reason: t.reason })),
      approvals: approvals.map((a) => ({ kind: a.kind, decision: a.decision, by: a.by_name, at: a.at, note: a.note })),
    };
  });

  app.post('/cases/:id/steps', {
    config: { access: { action: 'cases.write', resource: 'case', load: caseUnit } },
    schema: { tags: ['cases'], summary: 'Hoàn thành bước tiếp theo (đúng trình tự NĐ 56)', params: idParams, body: z.object({
      step: z.enum(CASE_STEPS), notes: z.string().max(20000).nullish(), doneAt: isoDateTime.nullish(), responsibleUserId: z.number().int().positive().nullish(),
      urgent: z.boolean().optional(),
      /** the assessment's finding (NĐ 56 Điều 26.3); by default the case's urgency */
      seriousRisk: z.boolean().optional(),
      emergencyMeasures: z.string().trim().max(4000).nullish(),
    }).strict() },
  }, async (request) => {
    const b = request.body;
    return writeTransaction(request, async (trx) => {
      const c = await mustLoad(trx, request.params.id);
      await assertCaseAccess(request, c, false, trx);
      const err = checkStep(stepState(c), b.step);
      if (err) throw badRequest(err.code, err.vi, err.en, ['step']);
      const doneAt = b.doneAt ? new Date(b.doneAt) : new Date();
      const prev = c.steps.filter((s) => s.doneAt).map((s) => new Date(s.doneAt!)).sort((x, y) => y.getTime() - x.getTime())[0];
      if (doneAt.getTime() > Date.now() + 5 * 60_000) throw badRequest('done_in_future', 'Thời điểm hoàn thành không được ở tương lai.', 'The completion time cannot be in the future.', ['doneAt']);
      if (prev && doneAt < prev) throw badRequest('done_before_previous', 'Thời điểm hoàn thành trước bước trước đó.', 'The completion time is before the previous step.', ['doneAt']);
      if (b.step === 'emergency' && !b.emergencyMeasures) throw badRequest(EMERGENCY_REQUIRED[0], EMERGENCY_REQUIRED[1], EMERGENCY_REQUIRED[2], ['emergencyMeasures']);
      if (b.step === 'close') {
        // a worker asks for closure; a supervisor's approval closes the case
        await trx.updateTable('case_step').set({ notes: encryptOptional(b.notes) }).where('case_id', '=', c.id).where('step', '=', 'close').execute();
        await trx.updateTable('child_case').set({ status: 'closure_pending', updated_at: new Date() }).where('id', '=', c.id).execute();
        await onCaseEvent(trx, c.id, 'closure_pending', request.actor?.userId ?? null);
        return mustLoad(trx, c.id);
      }
      const measures = b.emergencyMeasures ? `Biện pháp khẩn cấp: ${b.emergencyMeasures}` : null;
      const notes = b.step === 'emergency' ? [b.notes, measures].filter(Boolean).join('\n') : b.notes;
      await trx.updateTable('case_step').set({ done_at: doneAt, done_by: request.actor?.userId ?? null, notes: encryptOptional(notes), ...(b.responsibleUserId ? { responsible_user_id: b.responsibleUserId } : {}) }).where('case_id', '=', c.id).where('step', '=', b.step).execute();
      const done = [...stepState(c).done, b.step];
      let seriousRisk = c.seriousRisk;
      if (b.step === 'assess') {
        seriousRisk = b.seriousRisk ?? b.urgent ?? c.urgency === 'urgent';
        await trx.updateTable('child_case').set({ serious_risk: seriousRisk, ...(b.urgent !== undefined ? { urgency: b.urgent ? 'urgent' : 'normal' } : {}) }).where('id', '=', c.id).execute();
        const row = c.steps.find((s) => s.step === 'emergency');
        if (!seriousRisk) {
          if (b.emergencyMeasures) throw badRequest('step_not_applicable', 'Biện pháp khẩn cấp chỉ áp dụng khi đánh giá xác định trẻ em có nguy cơ hoặc đang bị tổn hại nghiêm trọng (NĐ 56/2017, Điều 26 khoản 3).', 'Emergency measures apply only when the assessment finds serious risk or harm (Decree 56/2017, Article 26.3).', ['emergencyMeasures']);
          if (row) await trx.deleteFrom('case_step').where('case_id', '=', c.id).where('step', '=', 'emergency').execute();
        } else {
          if (!row) {
            const due = await computeDue(trx, c.unitId, 'emergency', { received: new Date(c.receivedAt), previous: doneAt });
            await trx.insertInto('case_step').values({ case_id: c.id, step: 'emergency', position: CASE_STEPS.indexOf('emergency'), due_at: due.dueAt, limit_basis: due.basis, responsible_user_id: b.responsibleUserId ?? request.actor?.userId ?? null }).execute();
          }
          if (measures) {
            // the measures applied during the assessment: the emergency step is done at the same time
            await trx.updateTable('case_step').set({ done_at: doneAt, done_by: request.actor?.userId ?? null, notes: encryptOptional(measures) }).where('case_id', '=', c.id).where('step', '=', 'emergency').execute();
            done.push('emergency');
          }
        }
      } else if (b.emergencyMeasures && b.step !== 'emergency') throw badRequest('step_not_applicable', 'Biện pháp khẩn cấp được ghi ở bước đánh giá ban đầu hoặc bước can thiệp khẩn cấp.', 'Emergency measures are recorded at the initial assessment or the emergency step.', ['emergencyMeasures']);
      const next = nextStep({ done, seriousRisk });
      if (next && next !== 'close') {
        const due = await computeDue(trx, c.unitId, next, { received: new Date(c.receivedAt), previous: doneAt });
        if (due.dueAt) await trx.updateTable('case_step').set({ due_at: due.dueAt, limit_basis: due.basis }).where('case_id', '=', c.id).where('step', '=', next).execute();
      }
      if (b.step === 'plan') await trx.updateTable('child_case').set({ status: 'plan_pending', updated_at: new Date() }).where('id', '=', c.id).execute();
      if (b.step === 'plan') await onCaseEvent(trx, c.id, 'plan_pending', request.actor?.userId ?? null);
      return mustLoad(trx, c.id);
    });
  });

  app.post('/cases/:id/approvals', {
    config: { access: { action: 'cases.supervise', resource: 'case', load: caseUnit } },
    schema: { tags: ['cases'], summary: 'Phê duyệt kế hoạch hoặc đóng hồ sơ (giám sát viên)', params: idParams, body: z.object({ kind: z.enum(['plan', 'closure']), decision: z.enum(['approved', 'rejected']), note: z.string().max(4000).nullish() }).strict() },
  }, async (request) => {
    const b = request.body;
    return writeTransaction(request, async (trx) => {
      const c = await mustLoad(trx, request.params.id);
      await assertCaseAccess(request, c, true, trx);
      const done = stepState(c).done;
      if (b.kind === 'plan') {
        if (c.status !== 'plan_pending') throw badRequest('nothing_to_approve', 'Hồ sơ không có kế hoạch đang chờ phê duyệt.', 'The case has no plan awaiting approval.', ['kind']);
        if (b.decision === 'approved') await trx.updateTable('child_case').set({ status: 'open', plan_approved: true, updated_at: new Date() }).where('id', '=', c.id).execute();
        else {
          // back to the worker: the plan step is reopened
          await trx.updateTable('case_step').set({ done_at: null }).where('case_id', '=', c.id).where('step', '=', 'plan').execute();
          await trx.updateTable('child_case').set({ status: 'open', updated_at: new Date() }).where('id', '=', c.id).execute();
        }
      } else {
        if (!done.includes('review'))
          throw badRequest('closure_without_review', 'Không thể đóng hồ sơ khi chưa rà soát, đánh giá kết quả (bước rà soát).', 'A case cannot be closed without the review step.', ['kind']);
        if (c.status !== 'closure_pending') throw badRequest('nothing_to_approve', 'Cán bộ chưa đề nghị đóng hồ sơ.', 'The case worker has not asked for closure.', ['kind']);
        if (b.decision === 'approved') {
          const now = new Date();
          await trx.updateTable('case_step').set({ done_at: now, done_by: request.actor?.userId ?? null }).where('case_id', '=', c.id).where('step', '=', 'close').execute();
          await trx.updateTable('child_case').set({ status: 'closed', closed_at: now, updated_at: now }).where('id', '=', c.id).execute();
        } else await trx.updateTable('child_case').set({ status: 'open', updated_at: new Date() }).where('id', '=', c.id).execute();
      }
      await trx.insertInto('case_approval').values({ case_id: c.id, kind: b.kind, decision: b.decision, by_user_id: request.actor?.userId ?? null, by_name: request.actor?.username ?? null, note: b.note ?? null }).execute();
      return mustLoad(trx, c.id);
    });
  });

  app.post('/cases/:id/referrals', {
    config: { access: { action: 'cases.write', resource: 'case', load: caseUnit } },
    schema: { tags: ['cases'], summary: 'Chuyển gửi dịch vụ (y tế, trợ giúp pháp lý, công an, giáo dục, cơ sở trợ giúp xã hội)', params: idParams, body: z.object({ service: z.enum(REFERRAL_SERVICES), provider: z.string().max(300).nullish(), referredAt: isoDateTime.nullish() }).strict() },
  }, async (request, reply) => {
    return writeTransaction(request, async (trx) => {
      const c = await mustLoad(trx, request.params.id);
      await assertCaseAccess(request, c, false, trx);
      if (c.status === 'closed' || c.status === 'transferred') throw badRequest('case_closed', 'Hồ sơ đã đóng.', 'The case is closed.');
      const row = await trx.insertInto('case_referral').values({ case_id: c.id, service: request.body.service, provider: request.body.provider ?? null, ...(request.body.referredAt ? { referred_at: new Date(request.body.referredAt) } : {}) }).returning('id').executeTakeFirstOrThrow();
      void reply.status(201);
      return { id: row.id };
    });
  });

  app.patch('/cases/:id/referrals/:rid', {
    config: { access: { action: 'cases.write', resource: 'case', load: caseUnit } },
    schema: { tags: ['cases'], summary: 'Kết quả chuyển gửi', params: z.object({ id: z.coerce.number().int().positive(), rid: z.coerce.number().int().positive() }), body: z.object({ outcome: z.enum(['pending', 'provided', 'refused', 'not_needed', 'failed']), note: z.string().max(4000).nullish() }).strict() },
  }, async (request) => {
    return writeTransaction(request, async (trx) => {
      const c = await mustLoad(trx, request.params.id);
      await assertCaseAccess(request, c, false, trx);
      const r = await trx.updateTable('case_referral').set({ outcome: request.body.outcome, outcome_note: request.body.note ? encryptJson(request.body.note) : null, outcome_at: new Date() }).where('id', '=', request.params.rid).where('case_id', '=', c.id).returning('id').executeTakeFirst();
      if (!r) throw notFound('chuyển gửi', 'Referral', ['rid']);
      return { id: r.id, outcome: request.body.outcome };
    });
  });

  app.post('/cases/:id/meetings', {
    config: { access: { action: 'cases.write', resource: 'case', load: caseUnit } },
    schema: { tags: ['cases'], summary: 'Cuộc họp của Ban bảo vệ trẻ em cấp xã về trường hợp', params: idParams, body: z.object({ heldAt: isoDateTime, participants: z.string().max(4000).nullish(), decisions: z.string().max(20000).nullish() }).strict() },
  }, async (request, reply) => {
    return writeTransaction(request, async (trx) => {
      const c = await mustLoad(trx, request.params.id);
      await assertCaseAccess(request, c, false, trx);
      const held = new Date(request.body.heldAt);
      if (held < new Date(c.receivedAt)) throw badRequest('meeting_before_case', 'Cuộc họp trước ngày tiếp nhận hồ sơ.', 'The meeting is before the case was received.', ['heldAt']);
      const row = await trx.insertInto('case_meeting').values({ case_id: c.id, held_at: held, participants: request.body.participants ? encryptJson(request.body.participants) : null, decisions: request.body.decisions ? encryptJson(request.body.decisions) : null }).returning('id').executeTakeFirstOrThrow();
      void reply.status(201);
      return { id: row.id };
    });
  });

  app.post('/cases/:id/refer-up', {
    config: { access: { action: 'cases.write', resource: 'case', load: caseUnit } },
    schema: { tags: ['cases'], summary: 'Báo cáo, chuyển lên cấp trên (giám sát viên cấp trên được xem hồ sơ)', params: idParams, body: z.object({ toUnitId: z.number().int().positive(), reason: z.string().trim().min(3).max(2000) }).strict() },
  }, async (request) => {
    return writeTransaction(request, async (trx) => {
      const c = await mustLoad(trx, request.params.id);
      await assertCaseAccess(request, c, false, trx);
      const chain = await unitChain(trx, c.unitId);
      if (!chain.slice(1).includes(request.body.toUnitId)) throw badRequest('not_a_higher_level', 'Chỉ chuyển lên được đơn vị cấp trên của xã.', 'A case can only be referred up to a unit above the commune.', ['toUnitId']);
      const up = [...new Set([...c.referredUpTo, request.body.toUnitId])];
      await trx.updateTable('child_case').set({ referred_up_to: up, updated_at: new Date() }).where('id', '=', c.id).execute();
      await onCaseEvent(trx, c.id, 'referred_up', request.actor?.userId ?? null, request.body.toUnitId);
      return { id: c.id, referredUpTo: up };
    });
  });

  app.post('/cases/:id/transfer', {
    config: { access: { action: 'cases.write', resource: 'case', load: caseUnit } },
    schema: { tags: ['cases'], summary: 'Chuyển hồ sơ sang xã khác', params: idParams, body: z.object({ toUnitId: z.number().int().positive(), reason: z.string().trim().min(3).max(2000) }).strict() },
  }, async (request) => {
    return writeTransaction(request, async (trx) => {
      const c = await mustLoad(trx, request.params.id);
      await assertCaseAccess(request, c, false, trx);
      if (c.status === 'closed') throw badRequest('case_closed', 'Hồ sơ đã đóng.', 'The case is closed.');
      if (request.body.toUnitId === c.unitId) throw badRequest('same_unit', 'Hồ sơ đã thuộc xã này.', 'The case already belongs to this commune.', ['toUnitId']);
      await assertCommune(trx, request.body.toUnitId, ['toUnitId']);
      await trx.insertInto('case_transfer').values({ case_id: c.id, from_unit_id: c.unitId, to_unit_id: request.body.toUnitId, reason: request.body.reason }).execute();
      await trx.updateTable('child_case').set({ unit_id: request.body.toUnitId, worker_user_id: null, updated_at: new Date() }).where('id', '=', c.id).execute();
      await onCaseEvent(trx, c.id, 'transferred', request.actor?.userId ?? null, request.body.toUnitId);
      return { id: c.id, unitId: request.body.toUnitId };
    });
  });
}

async function listCases(db: Kysely<Database>, unitIds: number[] | null, status: string, workerId: number | null, request: import('fastify').FastifyRequest) {
  let q = db.selectFrom('child_case as c').innerJoin('child as ch', 'ch.id', 'c.child_id').innerJoin('admin_unit as u', 'u.id', 'c.unit_id')
    .select(['c.id', 'c.unit_id', 'u.name as unit_name', 'c.status', 'c.urgency', 'c.received_at', 'c.source', 'c.worker_user_id', 'c.referred_up_to', 'ch.pii', 'ch.id as child_id']);
  if (unitIds) q = q.where('c.unit_id', 'in', unitIds);
  // the case scope (the same rule as a single case's check), then the request's filters
  q = q.where(caseInScope(await childScope(request, 'cases.read', db)));
  if (workerId !== null) q = q.where('c.worker_user_id', '=', workerId);
  q = status === 'active' ? q.where('c.status', 'in', ['open', 'plan_pending', 'closure_pending']) : q.where('c.status', '=', status);
  const rows = await q.orderBy('c.received_at', 'desc').limit(500).execute();
  const ids = rows.map((r) => r.id);
  const steps = ids.length ? await db.selectFrom('case_step').select(['case_id', 'step', 'due_at']).where('case_id', 'in', ids).where('done_at', 'is', null).orderBy('position').execute() : [];
  const now = new Date();
  const out = [];
  for (const r of rows) {
    const chain = await unitChain(db, r.unit_id);
    if (!canSeeChild(request.actor?.grants ?? [], chain, r.referred_up_to)) continue;
    // the step to act on: an overdue one first (e.g. the 12-hour emergency measure while the assessment is open), else the next in order
    const open = steps.filter((s) => s.case_id === r.id);
    const next = open.find((s) => s.due_at !== null && new Date(s.due_at) < now) ?? open[0];
    out.push({
      id: r.id, unitId: r.unit_id, unitName: r.unit_name, status: r.status, urgency: r.urgency, receivedAt: r.received_at, source: r.source, workerUserId: r.worker_user_id,
      childId: r.child_id, childName: decryptJson<{ fullName: string }>(r.pii).fullName,
      nextStep: next ? { step: next.step, name: CASE_STEP_INFO[next.step as CaseStep].vi, dueAt: next.due_at, overdueHours: overdueHours({ dueAt: next.due_at ? new Date(next.due_at) : null, doneAt: null }, now) } : null,
    });
  }
  await auditRead(request, { table: 'child_case', rowId: null, unitId: unitIds?.[0] ?? null, detail: { list: true, ids: out.map((o) => o.id) } });
  return out;
}

/** Steps past their due time, in open cases under the unit (no child identity: counts-level data). */
export async function overdueSteps(db: Kysely<Database>, unitId: number, now: Date) {
  const rows = await sql<{ case_id: number; unit_id: number; unit_name: string; step: string; due_at: Date; worker_user_id: number | null; urgency: string }>`
    with recursive units(id, depth) as (
      select id, 0 from admin_unit where id = ${unitId}
      union all
      select a.id, units.depth + 1 from admin_unit a join units on a.parent_id = units.id where units.depth < 10
    )
    select s.case_id, c.unit_id, u.name as unit_name, s.step, s.due_at, c.worker_user_id, c.urgency
    from case_step s
    join child_case c on c.id = s.case_id
    join admin_unit u on u.id = c.unit_id
    where s.done_at is null and s.due_at is not null and s.due_at < ${now}
      and c.status in ('open','plan_pending','closure_pending')
      and c.unit_id in (select id from units)
    order by s.due_at
    limit 5000`.execute(db);
  return rows.rows.map((r) => ({ caseId: r.case_id, unitId: r.unit_id, unitName: r.unit_name, step: r.step, stepName: CASE_STEP_INFO[r.step as CaseStep].vi, dueAt: r.due_at, overdueHours: overdueHours({ dueAt: new Date(r.due_at), doneAt: null }, now), workerUserId: r.worker_user_id, urgency: r.urgency }));
}

/**
 * Steps completed after their due time since a date, under the unit (no child identity): the
 * lateness stays on record once the step is done (issue #19.9).
 */
export async function lateSteps(db: Kysely<Database>, unitId: number, since: Date, until: Date) {
  const rows = await sql<{ case_id: number; unit_id: number; unit_name: string; step: string; due_at: Date; done_at: Date; worker_user_id: number | null; urgency: string; status: string }>`
    with recursive units(id, depth) as (
      select id, 0 from admin_unit where id = ${unitId}
      union all
      select a.id, units.depth + 1 from admin_unit a join units on a.parent_id = units.id where units.depth < 10
    )
    select s.case_id, c.unit_id, u.name as unit_name, s.step, s.due_at, s.done_at, c.worker_user_id, c.urgency, c.status
    from case_step s
    join child_case c on c.id = s.case_id
    join admin_unit u on u.id = c.unit_id
    where s.done_at is not null and s.due_at is not null and s.done_at > s.due_at
      and s.done_at >= ${since} and s.done_at <= ${until}
      and c.unit_id in (select id from units)
    order by s.done_at desc
    limit 5000`.execute(db);
  return rows.rows.map((r) => ({ caseId: r.case_id, unitId: r.unit_id, unitName: r.unit_name, step: r.step, stepName: CASE_STEP_INFO[r.step as CaseStep].vi, dueAt: r.due_at, doneAt: r.done_at, lateHours: lateHours({ dueAt: new Date(r.due_at), doneAt: new Date(r.done_at) }), workerUserId: r.worker_user_id, urgency: r.urgency, status: r.status }));
}
