/** Plans: the whole plan document in one transaction, status, check against the parent, export. */
import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { App, AppContext } from '../app.ts';
import { writeTransaction } from '../transaction.ts';
import { unitScope } from '../auth/scope.ts';
import { notFound } from '../errors.ts';
import { PlanDocumentInputSchema, PlanUpdateInputSchema, ReportingRuleInputSchema } from '../../domain/plan-document.ts';
import { replaceReportingRules } from '../../storage/reporting-rules.ts';
import { PLAN_STATUSES } from '../../domain/model.ts';
import { checkPlanAgainst, createPlan, deletePlan, getPlan, listPlans, planUnitId, setPlanStatus, updatePlan } from '../../storage/plans.ts';

const IdParams = z.object({ id: z.coerce.number().int().positive() });

export default async function planRoutes(app: App, context: AppContext): Promise<void> {
  const db = context.db;
  /** the issuing unit of the plan in the path (access scope); a missing plan answers 404 in the handler */
  const planUnit = async (req: FastifyRequest) => (await planUnitId(db, (req.params as { id: number }).id)) ?? null;
  /** Issued and superseded plans are public documents (anyone who may read plans reads them); a draft belongs to its unit. */
  const planUnitForRead = async (req: FastifyRequest) => {
    const id = (req.params as { id: number }).id;
    const plan = await db.selectFrom('plan').select(['status', 'issuer_unit_id']).where('id', '=', id).executeTakeFirst();
    if (!plan) return null;
    return plan.status === 'draft' ? (plan.issuer_unit_id ?? null) : null;
  };

  app.get('/plans', {
    config: { access: { action: 'plans.read', resource: 'plan', load: (req) => (req.query as { issuerUnitId?: number }).issuerUnitId ?? null } },
    schema: {
      tags: ['plans'], summary: 'List plans with counts (indicators, targets, tasks, budget lines) and budget total',
      querystring: z.object({
        issuerUnitId: z.coerce.number().int().positive().optional(), status: z.enum(PLAN_STATUSES).optional(), q: z.string().optional(), parentPlanId: z.coerce.number().int().positive().optional(),
        limit: z.coerce.number().int().min(1).max(1000).default(200), offset: z.coerce.number().int().min(0).default(0),
      }),
    },
  }, async (request) => ({ items: await listPlans(db, { ...request.query, draftsVisibleIn: await unitScope(request, 'plans.read') }) }));

  app.post('/plans', {
    config: { access: { action: 'plans.write', resource: 'plan', load: (req) => (req.body as { issuerUnitId?: number | null })?.issuerUnitId ?? null } },
    schema: { tags: ['plans'], summary: 'Create a whole plan (PlanDocumentInput) in one transaction; status draft unless given', body: PlanDocumentInputSchema },
  }, async (request, reply) => {
    const id = await writeTransaction(request, (trx) => createPlan(trx, request.body));
    return reply.status(201).header('location', `/api/plans/${id}`).send(await getPlan(db, id));
  });

  app.get('/plans/:id', {
    config: { access: { action: 'plans.read', resource: 'plan', load: planUnitForRead } },
    schema: { tags: ['plans'], summary: 'The full plan document', params: IdParams },
  }, async (request) => getPlan(db, request.params.id));

  app.put('/plans/:id', {
    config: { access: { action: 'plans.write', resource: 'plan', load: planUnit } },
    schema: { tags: ['plans'], summary: 'Replace a plan’s content; `version` must be the one read (else 409)', params: IdParams, body: PlanUpdateInputSchema },
  }, async (request) => {
    const { version, ...input } = request.body;
    await writeTransaction(request, (trx) => updatePlan(trx, request.params.id, input, version));
    return getPlan(db, request.params.id);
  });

  app.put('/plans/:id/reporting-rules', {
    config: { access: { action: 'plans.write', resource: 'plan', load: planUnit } },
    schema: {
      tags: ['plans'],
      summary: "Replace only the plan's reporting rules (issue #16: yearly, six-monthly, quarterly, monthly; the deadline fixed or within each period; limited to some indicators), also on an issued plan with reports; `version` must be the one read (else 409)",
      params: IdParams,
      body: z.object({ version: z.number().int().positive(), rules: z.array(ReportingRuleInputSchema).max(50) }),
    },
  }, async (request) => {
    if ((await planUnitId(db, request.params.id)) === undefined) throw notFound('kế hoạch', 'Plan', ['id']);
    await writeTransaction(request, (trx) => replaceReportingRules(trx, request.params.id, request.body.rules, request.body.version));
    return getPlan(db, request.params.id);
  });

  app.post('/plans/:id/status', {
    config: { access: { action: 'plans.write', resource: 'plan', load: planUnit } },
    schema: { tags: ['plans'], summary: 'Change status: draft → issued → superseded', params: IdParams, body: z.object({ status: z.enum(PLAN_STATUSES), version: z.number().int().positive().optional() }) },
  }, async (request) => writeTransaction(request, (trx) => setPlanStatus(trx, request.params.id, request.body.status, request.body.version)));

  app.delete('/plans/:id', {
    config: { access: { action: 'plans.write', resource: 'plan', load: planUnit } },
    schema: { tags: ['plans'], summary: 'Delete a draft plan', params: IdParams },
  }, async (request, reply) => {
    await writeTransaction(request, (trx) => deletePlan(trx, request.params.id));
    return reply.status(204).send();
  });

  app.get('/plans/:id/check', {
    config: { access: { action: 'plans.read', resource: 'plan', load: planUnitForRead } },
    schema: { tags: ['plans'], summary: 'Plan check: the parent’s indicators, measures and years missing locally, and local targets laxer than the parent’s', params: IdParams, querystring: z.object({ against: z.coerce.number().int().positive().optional() }) },
  }, async (request) => checkPlanAgainst(db, request.params.id, request.query.against));

  app.get('/plans/:id/export', {
    config: { access: { action: 'plans.read', resource: 'plan', load: planUnitForRead } },
    schema: { tags: ['plans'], summary: 'The full plan document as a JSON file (`export plan ID --json`)', params: IdParams },
  }, async (request, reply) => {
    const doc = await getPlan(db, request.params.id);
    const name = `plan-${doc.id}${doc.number ? `-${doc.number.replace(/[^\w.-]+/g, '_')}` : ''}.json`;
    return reply.header('content-disposition', `attachment; filename="${name}"`).type('application/json; charset=utf-8').send(JSON.stringify(doc, null, 2));
  });

  app.get('/plans/:id/children', {
    config: { access: { action: 'plans.read', resource: 'plan', load: planUnitForRead } },
    schema: { tags: ['plans'], summary: 'Plans that implement this one (parent = this plan)', params: IdParams },
  }, async (request) => {
    if ((await planUnitId(db, request.params.id)) === undefined) throw notFound('kế hoạch', 'Plan', ['id']);
    return { items: await listPlans(db, { parentPlanId: request.params.id }) };
  });
}
