/**
 * Child-friendly communes: the yearly cycle (register, self-assess with evidence, submit, review,
 * recognise, withdraw), the reviewer's queue, the status table, targets, payments and indicator 1.
 * Domain rules live in src/domain/cff; queries in src/storage/cff.
 */
import { z } from 'zod';
import { CalendarDate } from '../../domain/calendar-date.ts';
import type { FastifyRequest } from 'fastify';
import type { App, AppContext } from '../app.ts';
import { writeTransaction } from '../transaction.ts';
import { AppError, notFound } from '../errors.ts';
import { actDate, actorUnits, cffErrorHandler, deciderUnit } from '../cff/http.ts';
import { EVIDENCE_MAX_BYTES, UNIT_CATEGORIES } from '../../domain/cff/index.ts';
import { addEvidence, decide, refillFromIndicators, register, registrationFile, registrationUnit, returnForCorrections, saveAssessment, submit, withdraw } from '../../storage/cff/cycle.ts';
import { childFriendlyShare, communeStatusTable, communesInScope, paymentsList, targetTracking } from '../../storage/cff/share.ts';
import '../../storage/schema-cff.ts';

const dateString = CalendarDate;
const year = z.coerce.number().int().min(2000).max(2100);
const unitYearQuery = z.object({ unitId: z.coerce.number().int().positive(), year });
const idParams = z.object({ id: z.coerce.number().int().positive() });
const category = z.enum(UNIT_CATEGORIES);
const on = dateString.optional().describe('date of the act (administrators recording past cycles); default today');

export default async function cffRoutes(app: App, context: AppContext): Promise<void> {
  app.setErrorHandler(cffErrorHandler);
  const { db } = context;
  const unitOfRegistration = async (request: FastifyRequest) => {
    const id = Number((request.params as { id?: string }).id);
    return Number.isInteger(id) && id > 0 ? ((await registrationUnit(db, id)) ?? null) : null;
  };
  const unitFromQuery = (request: FastifyRequest) => Number((request.query as { unitId?: string }).unitId) || null;
  const unitFromBody = (request: FastifyRequest) => Number((request.body as { unitId?: number } | undefined)?.unitId) || null;
  const userId = (request: FastifyRequest) => request.actor?.userId ?? null;
  const ensureRegistration = async (id: number) => {
    if ((await registrationUnit(db, id)) === null) throw notFound('hồ sơ đăng ký', 'Registration', ['params', 'id']);
  };

  app.post('/cff/registrations', {
    config: { access: { action: 'cff.assess', resource: 'cff', load: unitFromBody } },
    schema: {
      tags: ['cff'], summary: 'Register a commune for the year (before the registration deadline)',
      body: z.object({ unitId: z.number().int().positive(), year: z.number().int().min(2000).max(2100), standardCode: z.string().min(1).optional(), unitCategory: category.optional(), on }).strict(),
    },
  }, async (request, reply) => {
    const body = request.body;
    const date = actDate(request, body.on);
    const result = await writeTransaction(request, (trx) => register(trx, { unitId: body.unitId, year: body.year, standardCode: body.standardCode, unitCategory: body.unitCategory, on: date, userId: userId(request) }));
    return reply.status(201).send({ id: result.id, prefilled: result.prefilled, file: await registrationFile(db, result.id) });
  });

  app.get('/cff/registrations/:id', {
    config: { access: { action: 'cff.assess', resource: 'cff', load: unitOfRegistration } },
    schema: { tags: ['cff'], summary: 'The self-assessment form: items pre-filled from data, items needing evidence, evaluation, decisions', params: idParams },
  }, async (request) => {
    await ensureRegistration(request.params.id);
    return registrationFile(db, request.params.id);
  });

  app.put('/cff/registrations/:id/assessment', {
    config: { access: { action: 'cff.assess', resource: 'cff', load: unitOfRegistration } },
    schema: {
      tags: ['cff'], summary: 'Save self-assessment items (values are scored by the standard; scores outside a criterion range are refused)',
      params: idParams,
      body: z.object({
        items: z.array(z.object({ code: z.string().min(1), value: z.number().nullable().optional(), score: z.number().nullable().optional(), note: z.string().max(2000).nullable().optional() }).strict()).max(500),
        unitCategory: category.optional(),
        on,
      }).strict(),
    },
  }, async (request) => {
    await ensureRegistration(request.params.id);
    const date = actDate(request, request.body.on);
    const evaluation = await writeTransaction(request, (trx) => saveAssessment(trx, request.params.id, { items: request.body.items, unitCategory: request.body.unitCategory, on: date }));
    return { evaluation, file: await registrationFile(db, request.params.id) };
  });

  app.post('/cff/registrations/:id/prefill', {
    config: { access: { action: 'cff.assess', resource: 'cff', load: unitOfRegistration } },
    schema: { tags: ['cff'], summary: 'Fill indicator-sourced items from the reported data again (values the commune entered are kept)', params: idParams, body: z.object({ on }).strict().optional() },
  }, async (request) => {
    await ensureRegistration(request.params.id);
    const date = actDate(request, request.body?.on);
    const result = await writeTransaction(request, (trx) => refillFromIndicators(trx, request.params.id, date));
    return { ...result, file: await registrationFile(db, request.params.id) };
  });

  app.post('/cff/registrations/:id/evidence', {
    config: { access: { action: 'cff.assess', resource: 'cff', load: unitOfRegistration } },
    schema: {
      tags: ['cff'], summary: 'Upload one evidence file (multipart field "file"; PDF, JPG, PNG or DOCX, at most 10 MB)',
      params: idParams,
      querystring: z.object({ items: z.string().optional().describe('sub-criterion codes the file proves, comma-separated'), on }),
    },
  }, async (request, reply) => {
    await ensureRegistration(request.params.id);
    const date = actDate(request, request.query.on);
    if (!request.isMultipart()) throw new AppError(400, 'multipart_required', 'Cần gửi tệp dạng multipart/form-data (trường "file").', 'Send the file as multipart/form-data (field "file").', ['file']);
    const part = await request.file({ limits: { fileSize: EVIDENCE_MAX_BYTES, files: 1 }, throwFileSizeLimit: false });
    if (!part) throw new AppError(400, 'file_required', 'Chưa có tệp minh chứng.', 'No evidence file was sent.', ['file']);
    const bytes = await part.toBuffer();
    const itemCodes = (request.query.items ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    const stored = await writeTransaction(request, (trx) => addEvidence(trx, request.params.id, { filename: part.filename, bytes, truncated: part.file.truncated, itemCodes, on: date, userId: userId(request) }));
    return reply.status(201).send(stored);
  });

  app.get('/cff/registrations/:id/evidence/:evidenceId', {
    config: { access: { action: 'cff.assess', resource: 'cff', load: unitOfRegistration } },
    schema: { tags: ['cff'], summary: 'Download an evidence file', params: z.object({ id: z.coerce.number().int().positive(), evidenceId: z.coerce.number().int().positive() }) },
  }, async (request, reply) => {
    const row = await db.selectFrom('cff_evidence').select(['filename', 'media_type', 'content']).where('id', '=', request.params.evidenceId).where('registration_id', '=', request.params.id).executeTakeFirst();
    if (!row) throw notFound('tệp minh chứng', 'Evidence file', ['params', 'evidenceId']);
    return reply
      .header('content-type', row.media_type)
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(row.filename)}`)
      .send(Buffer.from(row.content));
  });

  app.post('/cff/registrations/:id/submit', {
    config: { access: { action: 'cff.assess', resource: 'cff', load: unitOfRegistration } },
    schema: { tags: ['cff'], summary: 'Submit the self-assessment (before the deadline; all items scored, evidence attached)', params: idParams, body: z.object({ on }).strict().optional() },
  }, async (request) => {
    await ensureRegistration(request.params.id);
    const date = actDate(request, request.body?.on);
    const evaluation = await writeTransaction(request, (trx) => submit(trx, request.params.id, date));
    return { status: 'submitted', evaluation };
  });

  const review = { byUnitId: z.number().int().positive().optional().describe("the recognising unit (default: the actor's only unit)"), on };

  app.post('/cff/registrations/:id/return', {
    config: { access: { action: 'cff.recognise', resource: 'cff', load: unitOfRegistration } },
    schema: { tags: ['cff'], summary: 'Return a submitted file for corrections', params: idParams, body: z.object({ ...review, note: z.string().min(1).max(4000), correctionDeadline: dateString.optional() }).strict() },
  }, async (request) => {
    await ensureRegistration(request.params.id);
    const date = actDate(request, request.body.on);
    const byUnitId = deciderUnit(request, request.body.byUnitId);
    await writeTransaction(request, (trx) => returnForCorrections(trx, request.params.id, { byUnitId, on: date, actorUnits: actorUnits(request), note: request.body.note, correctionDeadline: request.body.correctionDeadline }));
    return { status: 'returned' };
  });

  app.post('/cff/registrations/:id/decision', {
    config: { access: { action: 'cff.recognise', resource: 'cff', load: unitOfRegistration } },
    schema: {
      tags: ['cff'], summary: 'Recognise (only when the standard is met) or refuse recognition; only the competent level on that date',
      params: idParams,
      body: z.object({ ...review, kind: z.enum(['recognised', 'not_recognised']), number: z.string().max(100).optional(), signer: z.string().max(200).optional(), signerTitle: z.string().max(200).optional(), reason: z.string().max(4000).optional() }).strict(),
    },
  }, async (request, reply) => {
    await ensureRegistration(request.params.id);
    const date = actDate(request, request.body.on);
    const byUnitId = deciderUnit(request, request.body.byUnitId);
    const { kind, number, signer, signerTitle, reason } = request.body;
    const result = await writeTransaction(request, (trx) => decide(trx, request.params.id, { kind, number, signer, signerTitle, reason, byUnitId, on: date, actorUnits: actorUnits(request), userId: userId(request) }));
    return reply.status(201).send({ status: kind, ...result });
  });

  app.post('/cff/registrations/:id/withdraw', {
    config: { access: { action: 'cff.recognise', resource: 'cff', load: unitOfRegistration } },
    schema: { tags: ['cff'], summary: 'Withdraw a recognition (history kept)', params: idParams, body: z.object({ ...review, reason: z.string().min(1).max(4000), number: z.string().max(100).optional(), signer: z.string().max(200).optional(), signerTitle: z.string().max(200).optional() }).strict() },
  }, async (request, reply) => {
    await ensureRegistration(request.params.id);
    const date = actDate(request, request.body.on);
    const byUnitId = deciderUnit(request, request.body.byUnitId);
    const { reason, number, signer, signerTitle } = request.body;
    const result = await writeTransaction(request, (trx) => withdraw(trx, request.params.id, { byUnitId, on: date, actorUnits: actorUnits(request), reason, number, signer, signerTitle, userId: userId(request) }));
    return reply.status(201).send({ status: 'withdrawn', ...result });
  });

  app.get('/cff/queue', {
    config: { access: { action: 'cff.recognise', resource: 'cff', load: unitFromQuery } },
    schema: { tags: ['cff'], summary: "The reviewer's queue: submitted files of the unit's communes", querystring: unitYearQuery },
  }, async (request) => {
    const { unitId, year: y } = request.query;
    const communes = await communesInScope(db, unitId, `${y}-12-31`);
    if (!communes.length) return { unitId, year: y, items: [] };
    const rows = await db
      .selectFrom('cff_registration as r')
      .innerJoin('admin_unit as u', 'u.id', 'r.unit_id')
      .innerJoin('cff_standard as s', 's.id', 'r.standard_id')
      .select(['r.id', 'r.unit_id', 'u.name as unit_name', 'r.status', 'r.submitted_on', 'r.unit_category', 's.number as standard'])
      .where('r.unit_id', 'in', communes.map((c) => c.id))
      .where('r.year', '=', y)
      .where('r.status', '=', 'submitted')
      .orderBy('r.submitted_on')
      .orderBy('u.name')
      .execute();
    return { unitId, year: y, items: rows.map((r) => ({ id: r.id, unitId: r.unit_id, unitName: r.unit_name, status: r.status, submittedOn: r.submitted_on, unitCategory: r.unit_category, standard: r.standard })) };
  });

  app.get('/cff/communes', {
    config: { access: { action: 'dashboard.read', resource: 'cff', load: unitFromQuery } },
    schema: { tags: ['cff'], summary: "The unit's communes by status for the year (table / map)", querystring: unitYearQuery },
  }, async (request) => {
    const table = await communeStatusTable(db, request.query.unitId, request.query.year);
    const { rows: _rows, ...share } = table.share;
    return { ...table, share };
  });

  app.get('/cff/targets', {
    config: { access: { action: 'dashboard.read', resource: 'cff', load: unitFromQuery } },
    schema: { tags: ['cff'], summary: 'Registration and recognition targets tracked live (e.g. 11/11 registered, ≥ 7 recognised = 63,6%)', querystring: unitYearQuery },
  }, async (request) => targetTracking(db, request.query.unitId, request.query.year));

  app.get('/cff/payments', {
    config: { access: { action: 'dashboard.read', resource: 'cff', load: unitFromQuery } },
    schema: { tags: ['cff'], summary: 'Support payments per registered and per recognised unit, for the finance office', querystring: unitYearQuery },
  }, async (request) => paymentsList(db, request.query.unitId, request.query.year));

  app.get('/cff/indicator1', {
    config: { access: { action: 'dashboard.read', resource: 'cff', load: unitFromQuery } },
    schema: { tags: ['cff'], summary: "Indicator 1: share of the unit's communes recognised child-friendly in the year", querystring: unitYearQuery.extend({ asOf: dateString.optional() }) },
  }, async (request) => childFriendlyShare(db, request.query.unitId, request.query.year, { asOf: request.query.asOf }));
}
