/**
 * Reporting cycle API: obligations, "my reports", the entry form (draft with optimistic concurrency),
 * the workflow (idempotent submit, approve, return, reopen) and each report's history.
 */
import { NATIONAL } from '../access.ts';
import { z } from 'zod';
import { agencyScope, unitScope } from '../auth/scope.ts';
import type { FastifyRequest } from 'fastify';
import type { App, AppContext } from '../app.ts';
import { AppError } from '../errors.ts';
import { writeTransaction } from '../transaction.ts';
import { ReportingError } from '../../domain/reporting/errors.ts';
import { OBLIGATION_STATUSES } from '../../domain/reporting/workflow.ts';
import { OBLIGATION_KINDS } from '../../domain/reporting/obligations.ts';
import * as reporting from '../../storage/reporting.ts';
import { derivedFiguresFor } from '../../storage/indicator1.ts';

export function toAppError(error: unknown): unknown {
  if (error instanceof ReportingError) return new AppError(error.statusCode, error.code, error.vi, error.en, error.path, error.details);
  return error;
}

const RETRYABLE = new Set(['40P01', '40001']);
/** One write transaction, retried a few times on a deadlock or serialisation failure. */
export async function reportingWrite<T>(request: FastifyRequest, work: Parameters<typeof writeTransaction<T>>[1]): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await writeTransaction(request, work);
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code && RETRYABLE.has(code) && attempt < 5) continue;
      throw toAppError(error);
    }
  }
}
export async function reportingRead<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toAppError(error);
  }
}

const actorRef = (request: FastifyRequest) => ({ id: request.actor?.userId ?? null, name: request.actor?.username ?? 'anonymous' });
const idParams = z.object({ id: z.coerce.number().int().positive() });
const valueSchema = z.object({
  measure: z.string().min(1).max(20),
  key: z.string().max(40).nullish(),
  numerator: z.unknown().optional(),
  denominator: z.unknown().optional(),
  value: z.unknown().optional(),
  unknown: z.boolean().nullish(),
  comment: z.string().max(4000).nullish(),
});

export default async function reportingRoutes(app: App, context: AppContext): Promise<void> {
  const db = context.db;
  // the access check's resolvers (unit, agency, recipient) share one lookup of the report per request
  const refs = new WeakMap<FastifyRequest, ReturnType<typeof reporting.obligationRef>>();
  const refOf = (request: FastifyRequest) => {
    let ref = refs.get(request);
    if (!ref) refs.set(request, (ref = reporting.obligationRef(db, (request.params as { id: number }).id)));
    return ref;
  };
  // a missing report is placed nationally: scoped callers get 403 whether it is missing or another unit's
  const unitOfObligation = async (request: FastifyRequest) => (await refOf(request))?.unitId ?? NATIONAL;
  const agencyOfObligation = async (request: FastifyRequest) => (await refOf(request))?.agencyId ?? null;
  const recipientOfObligation = async (request: FastifyRequest) => (await refOf(request))?.recipientId ?? NATIONAL;
  /** the report as the form shows it: its values, plus the figures vitreem computes itself (indicator 1) */
  const formView = async (id: number) => ({ ...(await reporting.getObligation(db, id)), derived: await derivedFiguresFor(db, id) });

  app.post('/plans/:id/obligations', {
    schema: { tags: ['reporting'], summary: 'Generate the reporting obligations of a plan for a year (annual, mid-term/final review when due, and the six-monthly, quarterly or monthly periods its rules ask for), or for one period (DHIS2 code: 2025S1, 2025Q3, 202507)', params: idParams, querystring: z.object({ year: z.coerce.number().int().min(1990).max(2100), period: z.string().max(12).optional() }) },
    config: { access: { action: 'reports.approve', resource: 'report', load: async (req) => (await db.selectFrom('plan').select('issuer_unit_id').where('id', '=', (req.params as { id: number }).id).executeTakeFirst())?.issuer_unit_id ?? null } },
  }, async (request, reply) => {
    const result = await reportingWrite(request, (trx) => reporting.generateObligations(trx, request.params.id, request.query.year, request.query.period));
    return reply.status(result.created > 0 ? 201 : 200).send(result);
  });

  app.get('/my/reports', {
    schema: {
      tags: ['reporting'], summary: 'My reports: what is due, overdue, returned',
      querystring: z.object({ unitId: z.coerce.number().int().optional(), agencyId: z.coerce.number().int().optional(), recipientUnitId: z.coerce.number().int().optional(), status: z.enum(OBLIGATION_STATUSES).optional(), year: z.coerce.number().int().optional(), planId: z.coerce.number().int().optional(), period: z.string().max(12).optional(), kind: z.enum(OBLIGATION_KINDS).optional(), limit: z.coerce.number().int().min(1).max(1000).optional(), offset: z.coerce.number().int().min(0).optional() }),
    },
    config: { access: { action: 'reports.read', resource: 'report', load: (req) => (req.query as { unitId?: number }).unitId ?? null } },
  }, async (request) => {
    // only the caller's own reports and those sent to its units (deny by default for everyone else)
    const units = await unitScope(request, 'reports.read');
    const agencies = agencyScope(request.actor, 'reports.read');
    const scope = { ...(units === 'all' ? {} : { visibleUnits: units }), ...(agencies === 'any' ? {} : { visibleAgencies: agencies }) };
    return { items: await reportingRead(() => reporting.listObligations(db, { ...request.query, ...scope })) };
  });

  app.get('/inbox', {
    schema: { tags: ['reporting'], summary: "The approver's inbox: reports submitted to a unit, with validation flags", querystring: z.object({ unitId: z.coerce.number().int(), status: z.enum(OBLIGATION_STATUSES).optional(), year: z.coerce.number().int().optional(), period: z.string().max(12).optional(), kind: z.enum(OBLIGATION_KINDS).optional() }) },
    config: { access: { action: 'reports.approve', resource: 'report', load: (req) => (req.query as { unitId: number }).unitId } },
  }, async (request) => ({ items: await reportingRead(() => reporting.listObligations(db, { recipientUnitId: request.query.unitId, status: request.query.status ?? 'submitted', year: request.query.year, period: request.query.period, kind: request.query.kind })) }));

  app.get('/obligations/:id', {
    schema: { tags: ['reporting'], summary: 'A report: its measures, values, status and deadline', params: idParams },
    config: { access: { action: 'reports.read', resource: 'report', load: unitOfObligation, agency: agencyOfObligation } },
  }, async (request) => reportingRead(() => formView(request.params.id)));

  app.put('/obligations/:id', {
    schema: { tags: ['reporting'], summary: 'Save draft values (send the version you edited; 409 with the current values when someone else saved first)', params: idParams, body: z.object({ version: z.number().int().positive(), values: z.array(valueSchema).max(2000) }) },
    config: { access: { action: 'reports.enter', resource: 'report', load: unitOfObligation, agency: agencyOfObligation } },
  }, async (request) => reportingWrite(request, (trx) => reporting.saveValues(trx, request.params.id, request.body, actorRef(request))));

  const action = (name: 'submit' | 'approve' | 'return' | 'reopen', summary: string) =>
    app.post(`/obligations/:id/${name}`, {
      schema: { tags: ['reporting'], summary, params: idParams, body: z.object({ reason: z.string().max(4000).optional() }).nullish() },
      config: { access: name === 'submit' ? { action: 'reports.enter', resource: 'report', load: unitOfObligation, agency: agencyOfObligation } : { action: 'reports.approve', resource: 'report', load: recipientOfObligation } },
    }, async (request, reply) => {
      const key = request.headers['idempotency-key'];
      const result = await reportingWrite(request, (trx) => reporting.runAction(trx, request.params.id, name, actorRef(request), { idempotencyKey: typeof key === 'string' ? key : null, reason: request.body?.reason ?? null }));
      // the report as it stands, read after the commit (the aggregates are already visible to everyone)
      const view = await reportingRead(() => formView(result.id));
      return reply.status(200).send({ ...view, replayed: result.replayed });
    });
  action('submit', 'Submit a report (validated; header Idempotency-Key makes retries safe)');
  action('approve', 'Approve a submitted report (locks it)');
  action('return', 'Return a submitted report with a reason');
  action('reopen', 'Reopen an approved report (back to draft)');

  app.get('/obligations/:id/history', {
    schema: { tags: ['reporting'], summary: 'Every change of every value (who, when, old, new) and every workflow step', params: idParams },
    config: { access: { action: 'reports.read', resource: 'report', load: unitOfObligation, agency: agencyOfObligation } },
  }, async (request) => reportingRead(() => reporting.obligationHistory(db, request.params.id)));

  app.post('/reporting/recompute', {
    schema: { tags: ['reporting'], summary: 'Rebuild every aggregate of a year from the raw values (repair)', querystring: z.object({ year: z.coerce.number().int().min(1990).max(2100) }) },
    config: { access: { action: 'system.admin', resource: 'system', load: () => null } },
  }, async (request) => {
    await reportingWrite(request, (trx) => reporting.recomputeAggregates(trx, request.query.year));
    return { ok: true, year: request.query.year };
  });
}
