/**
 * Child-friendly communes — data an administrator keeps without code: the standards (criteria,
 * sub-criteria, points, scoring, evidence, pass rule) and each unit's cycle settings (deadlines,
 * targets, support payments).
 */
import { z } from 'zod';
import { CalendarDate } from '../../domain/calendar-date.ts';
import type { FastifyRequest } from 'fastify';
import type { App, AppContext } from '../app.ts';
import { writeTransaction } from '../transaction.ts';
import { AppError, badRequest, conflict, notFound } from '../errors.ts';
import { cffErrorHandler } from '../cff/http.ts';
import { UNIT_CATEGORIES, validateStandard, type CffStandard } from '../../domain/cff/index.ts';
import { insertStandard, listStandards, loadStandard, replaceStandard } from '../../storage/cff/standards.ts';
import { getUnit } from '../../storage/cff/units.ts';
import '../../storage/schema-cff.ts';

const dateString = CalendarDate;
const code = z.string().min(1).max(40).regex(/^[0-9A-Za-z][0-9A-Za-z.\-_]*$/);
const scoring = z.union([
  z.object({ kind: z.literal('steps'), steps: z.array(z.object({ atLeast: z.number().nullable().optional(), atMost: z.number().nullable().optional(), points: z.number().min(0) }).strict()).min(1) }).strict(),
  z.object({ kind: z.literal('yes_no'), points: z.number().min(0) }).strict(),
]);
const subCriterion = z.object({
  code,
  titleVi: z.string().min(1),
  titleEn: z.string().nullable().optional(),
  maxPoints: z.number().positive(),
  source: z.union([z.literal('manual'), z.string().regex(/^indicator:[0-9a-z]+$/)]),
  scoring: scoring.nullable().optional(),
  valueUnit: z.enum(['percent', 'count', 'boolean']).nullable().optional(),
  evidenceRequired: z.boolean(),
  verify: z.boolean().optional(),
}).strict();
export const standardSchema = z.object({
  code,
  number: z.string().min(1).max(100),
  issuedOn: dateString,
  titleVi: z.string().min(1),
  titleEn: z.string().default(''),
  effectiveFrom: dateString,
  effectiveTo: dateString.nullable(),
  recognitionValidityYears: z.number().int().min(1).max(10).default(1),
  passRule: z.object({
    allCriteriaMet: z.boolean(),
    noZeroCriterion: z.boolean(),
    thresholds: z.array(z.object({ category: z.enum(UNIT_CATEGORIES), minTotal: z.number().min(0), verify: z.boolean().optional() }).strict()).min(1),
    verify: z.boolean().optional(),
  }).strict(),
  criteria: z.array(z.object({
    code,
    titleVi: z.string().min(1),
    titleEn: z.string().nullable().optional(),
    minPoints: z.number().min(0).nullable().optional(),
    verify: z.boolean().optional(),
    subcriteria: z.array(subCriterion).min(1),
  }).strict()).min(1).max(100),
  verify: z.boolean().optional(),
  note: z.string().nullable().optional(),
}).strict();

function checkConsistent(standard: CffStandard): void {
  const problems = validateStandard(standard);
  if (problems.length) {
    const first = problems[0];
    throw badRequest('standard_inconsistent', `Bộ tiêu chuẩn không nhất quán: ${first.vi}`, `The standard is inconsistent: ${first.en}`, ['body', ...first.path], { problems });
  }
}

export default async function cffAdminRoutes(app: App, context: AppContext): Promise<void> {
  app.setErrorHandler(cffErrorHandler);
  const { db } = context;

  app.get('/cff/standards', {
    config: { access: { action: 'catalogue.read', resource: 'catalogue', load: () => null } },
    schema: { tags: ['cff'], summary: 'Child-friendly commune standards (QĐ 37/2010, QĐ 06/2019 and any added)' },
  }, async () => ({ items: await listStandards(db) }));

  app.get('/cff/standards/:code', {
    config: { access: { action: 'catalogue.read', resource: 'catalogue', load: () => null } },
    schema: { tags: ['cff'], summary: 'One standard with its criteria, sub-criteria, scoring and pass rule', params: z.object({ code }) },
  }, async (request) => {
    const standard = await loadStandard(db, { code: request.params.code });
    if (!standard) throw notFound(`bộ tiêu chuẩn "${request.params.code}"`, `Standard "${request.params.code}"`, ['params', 'code']);
    return standard;
  });

  app.post('/cff/standards', {
    config: { access: { action: 'cff.admin', resource: 'cff', load: () => null } },
    schema: { tags: ['cff'], summary: 'Add a standard (no code change)', body: standardSchema },
  }, async (request, reply) => {
    const standard = request.body as CffStandard;
    checkConsistent(standard);
    if (await loadStandard(db, { code: standard.code })) throw conflict('standard_exists', `Bộ tiêu chuẩn "${standard.code}" đã có.`, `Standard "${standard.code}" already exists.`, ['body', 'code']);
    const id = await writeTransaction(request, (trx) => insertStandard(trx, standard));
    return reply.status(201).send(await loadStandard(db, { id }));
  });

  app.put('/cff/standards/:code', {
    config: { access: { action: 'cff.admin', resource: 'cff', load: () => null } },
    schema: { tags: ['cff'], summary: 'Correct a standard (criteria, points, scoring, pass rule); decisions keep the evaluation they were taken on', params: z.object({ code }), body: standardSchema },
  }, async (request) => {
    const existing = await loadStandard(db, { code: request.params.code });
    if (!existing) throw notFound(`bộ tiêu chuẩn "${request.params.code}"`, `Standard "${request.params.code}"`, ['params', 'code']);
    const standard = request.body as CffStandard;
    checkConsistent(standard);
    if (standard.code !== existing.code && (await loadStandard(db, { code: standard.code }))) throw conflict('standard_exists', `Bộ tiêu chuẩn "${standard.code}" đã có.`, `Standard "${standard.code}" already exists.`, ['body', 'code']);
    await writeTransaction(request, (trx) => replaceStandard(trx, existing.id, standard));
    return loadStandard(db, { id: existing.id });
  });

  const settingsBody = z.object({
    unitId: z.number().int().positive(),
    year: z.number().int().min(2000).max(2100),
    planId: z.number().int().positive().nullable().optional(),
    registrationDeadline: dateString.nullable().optional(),
    selfAssessmentDeadline: dateString.nullable().optional(),
    targetRegistered: z.number().int().min(0).nullable().optional(),
    targetRecognised: z.number().int().min(0).nullable().optional(),
    paymentRegistered: z.number().min(0).nullable().optional(),
    paymentRegisteredPayer: z.string().max(200).nullable().optional(),
    paymentRecognised: z.number().min(0).nullable().optional(),
    paymentRecognisedPayer: z.string().max(200).nullable().optional(),
    note: z.string().max(4000).nullable().optional(),
  }).strict();

  app.get('/cff/settings', {
    config: { access: { action: 'dashboard.read', resource: 'cff', load: (r: FastifyRequest) => Number((r.query as { unitId?: string }).unitId) || null } },
    schema: { tags: ['cff'], summary: "A unit's cycle settings for a year", querystring: z.object({ unitId: z.coerce.number().int().positive(), year: z.coerce.number().int().min(2000).max(2100) }) },
  }, async (request) => {
    const row = await db.selectFrom('cff_cycle_settings').selectAll().where('unit_id', '=', request.query.unitId).where('year', '=', request.query.year).executeTakeFirst();
    if (!row) throw notFound('thiết lập chu kỳ', 'Cycle settings');
    return row;
  });

  app.put('/cff/settings', {
    config: { access: { action: 'cff.recognise', resource: 'cff', load: (r: FastifyRequest) => Number((r.body as { unitId?: number } | undefined)?.unitId) || null } },
    schema: { tags: ['cff'], summary: "Set a province's or district's cycle for a year: deadlines, targets, support per registered/recognised unit", body: settingsBody },
  }, async (request) => {
    const b = request.body;
    const unit = await getUnit(db, b.unitId);
    if (!unit) throw notFound('đơn vị hành chính', 'Administrative unit', ['body', 'unitId']);
    if (unit.level !== 'province' && unit.level !== 'district') throw badRequest('unit_level', 'Chu kỳ (hạn, chỉ tiêu, kinh phí) do tỉnh hoặc huyện thiết lập.', 'Cycle settings belong to a province or a district.', ['body', 'unitId']);
    if (b.registrationDeadline && b.selfAssessmentDeadline && b.registrationDeadline > b.selfAssessmentDeadline) {
      throw badRequest('deadlines_order', 'Hạn đăng ký phải trước hạn tự đánh giá.', 'The registration deadline must precede the self-assessment deadline.', ['body', 'selfAssessmentDeadline']);
    }
    for (const [field, value] of [['registrationDeadline', b.registrationDeadline], ['selfAssessmentDeadline', b.selfAssessmentDeadline]] as const) {
      if (value && Number(value.slice(0, 4)) !== b.year && Number(value.slice(0, 4)) !== b.year + 1) throw badRequest('deadline_year', `Hạn ${value} không thuộc năm ${b.year}.`, `Deadline ${value} is outside ${b.year}.`, ['body', field]);
    }
    const values = {
      plan_id: b.planId ?? null,
      registration_deadline: b.registrationDeadline ?? null,
      self_assessment_deadline: b.selfAssessmentDeadline ?? null,
      target_registered: b.targetRegistered ?? null,
      target_recognised: b.targetRecognised ?? null,
      payment_registered: b.paymentRegistered ?? null,
      payment_registered_payer: b.paymentRegisteredPayer ?? null,
      payment_recognised: b.paymentRecognised ?? null,
      payment_recognised_payer: b.paymentRecognisedPayer ?? null,
      note: b.note ?? null,
    };
    return writeTransaction(request, async (trx) => {
      if (b.planId && !(await trx.selectFrom('plan').select('id').where('id', '=', b.planId).executeTakeFirst())) throw new AppError(404, 'not_found', 'Không tìm thấy kế hoạch.', 'Plan not found.', ['body', 'planId']);
      return trx
        .insertInto('cff_cycle_settings')
        .values({ unit_id: b.unitId, year: b.year, ...values })
        .onConflict((oc) => oc.columns(['unit_id', 'year']).doUpdateSet(values))
        .returningAll()
        .executeTakeFirstOrThrow();
    });
  });
}
