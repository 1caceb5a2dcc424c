/**
 * Budget execution (kinh phí thực hiện): planned vs spent per activity × year × funding source of a plan.
 *  - read (`reports.read` on the plan's issuing unit): the table with totals, rates and year locks;
 *    the history of every change; the CSV of a year (a template to fill in);
 *  - enter (`reports.enter` on the issuing unit): the issuing unit's officers enter every activity; an
 *    agency reporter only the activities the plan's budget assigns to its agency (lead agency);
 *  - assign the lead agency of an activity (`plans.write` on the issuing unit);
 *  - import a year from CSV, all or nothing (409 with every bad row).
 * Amounts are in the plan's currency unit (million VND, "triệu đồng"); a year is locked once the year's
 * report is submitted or approved (reopen rule of the reports).
 */
import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { App, AppContext } from '../app.ts';
import { badRequest } from '../errors.ts';
import { assertTextUpload } from '../input-limits.ts';
import { writeTransaction } from '../transaction.ts';
import { lineageFor } from '../auth/scope.ts';
import { decide, grantHasPermission } from '../../domain/access.ts';
import { planUnitId } from '../../storage/plans.ts';
import { importSpendingCsv, loadExecution, saveSpending, setActivityLead, spendingCsv, spendingHistory, type EnterableActivity } from '../../storage/budget.ts';
import { contentDisposition } from '../../documents/index.ts';

const IdParams = z.object({ id: z.coerce.number().int().positive() });
const Year = z.coerce.number().int().min(1990).max(2100);
const SpendingValue = z.object({
  activity: z.unknown(),
  year: z.unknown(),
  source: z.unknown(),
  amount: z.unknown().optional(),
  note: z.unknown().optional(),
  version: z.unknown().optional(),
  currencyUnit: z.unknown().optional(),
});
const SpendingBody = z.object({ values: z.array(SpendingValue).min(1).max(5000), dryRun: z.boolean().optional() });
const LeadBody = z.object({ activity: z.union([z.string().trim().min(1).max(2000), z.number().int()]), agencyId: z.number().int().positive().nullable() });

/** Who may enter which activity: a grant without agency on the issuing unit enters all; an agency grant, the activities its agency leads. */
async function enterRights(request: FastifyRequest, issuerUnitId: number | null): Promise<{ all: boolean; activity: (a: Pick<EnterableActivity, 'leadAgencyId'>) => boolean }> {
  const grants = request.actor?.grants ?? [];
  const open = grants.filter((g) => g.agencyId === null);
  const bound = grants.filter((g) => g.agencyId !== null);
  if (issuerUnitId === null) {
    // a plan of no unit: only national grants
    const all = open.some((g) => g.unitId === null && grantHasPermission(g, 'reports.enter'));
    return { all, activity: () => all };
  }
  const lineage = await lineageFor(request, issuerUnitId);
  const all = decide(open, 'reports.enter', { lineage, agencyId: null });
  return { all, activity: (a) => all || (a.leadAgencyId !== null && decide(bound, 'reports.enter', { lineage, agencyId: a.leadAgencyId })) };
}

/** Carries a result out of a transaction that must not commit (a refused import, a dry run). */
class Rollback<T> extends Error {
  constructor(readonly value: T) {
    super('rollback');
  }
}
/** Runs `work` in one write transaction; when `keep(result)` is false the transaction is rolled back and the result still returned. */
async function writeOrRollback<T>(request: FastifyRequest, work: Parameters<typeof writeTransaction<T>>[1], keep: (result: T) => boolean): Promise<T> {
  try {
    return await writeTransaction(request, async (trx) => {
      const result = await work(trx);
      if (!keep(result)) throw new Rollback(result);
      return result;
    });
  } catch (error) {
    if (error instanceof Rollback) return error.value as T;
    throw error;
  }
}

const actorOf = (request: FastifyRequest) => ({ id: request.actor?.userId ?? null, name: request.actor?.username ?? 'anonymous' });

export default async function budgetRoutes(app: App, context: AppContext): Promise<void> {
  const { db } = context;
  app.addContentTypeParser(['text/csv', 'text/plain'], { parseAs: 'string', bodyLimit: 5 * 1024 * 1024 }, (_r, body, done) => done(null, body));
  const planUnit = async (request: FastifyRequest) => (await planUnitId(db, Number((request.params as { id: string }).id))) ?? null;

  async function view(request: FastifyRequest, planId: number) {
    const v = await loadExecution(db, planId);
    const rights = await enterRights(request, v.plan.issuerUnitId);
    const assign = v.plan.issuerUnitId === null
      ? (request.actor?.grants ?? []).some((g) => g.unitId === null && grantHasPermission(g, 'plans.write'))
      : decide(request.actor?.grants ?? [], 'plans.write', { lineage: await lineageFor(request, v.plan.issuerUnitId), agencyId: null });
    const enterable = v.plan.status !== 'draft' && v.activities.length > 0;
    return {
      ...v,
      activities: v.activities.map((a) => ({ ...a, canEdit: enterable && a.inPlan && rights.activity(a) })),
      permissions: { enterAll: enterable && rights.all, assignLead: assign },
    };
  }

  app.get(
    '/plans/:id/budget/execution',
    {
      config: { access: { action: 'reports.read', resource: 'budget', load: planUnit } },
      schema: { tags: ['budget'], summary: 'Budget execution: planned vs spent per activity × year × funding source (million VND), totals, execution rates, year locks', params: IdParams },
    },
    async (request) => view(request, request.params.id),
  );

  app.put(
    '/plans/:id/budget/spending',
    {
      config: { access: { action: 'reports.enter', resource: 'budget', load: planUnit } },
      schema: {
        tags: ['budget'],
        summary: 'Enter spending figures {activity, year, source, amount, note, version}: one transaction; any bad figure, refused activity, locked year or stale version stores nothing',
        params: IdParams,
        body: SpendingBody,
      },
    },
    async (request) => {
      const planId = request.params.id;
      const issuer = await planUnitId(db, planId);
      const rights = await enterRights(request, issuer ?? null);
      const dryRun = request.body.dryRun === true;
      const saved = await writeOrRollback(request, (trx) => saveSpending(trx, planId, request.body.values, actorOf(request), { authorize: (a) => rights.activity(a), dryRun }), () => !dryRun);
      return { saved, execution: await view(request, planId) };
    },
  );

  app.put(
    '/plans/:id/budget/activities/lead',
    {
      config: { access: { action: 'plans.write', resource: 'budget', load: planUnit } },
      schema: { tags: ['budget'], summary: 'Set (or clear with null) the agency leading a budget activity; it may then enter that activity\'s spending', params: IdParams, body: LeadBody },
    },
    async (request) => {
      const a = await writeTransaction(request, (trx) => setActivityLead(trx, request.params.id, request.body.activity, request.body.agencyId));
      return { activity: { id: a.id, key: a.key, no: a.no, name: a.name, leadAgencyId: a.leadAgencyId } };
    },
  );

  app.get(
    '/plans/:id/budget/spending/history',
    {
      config: { access: { action: 'reports.read', resource: 'budget', load: planUnit } },
      schema: { tags: ['budget'], summary: 'Every change of the spending figures (who, when, old, new), newest first', params: IdParams, querystring: z.object({ year: Year.optional(), limit: z.coerce.number().int().min(1).max(5000).optional() }) },
    },
    async (request) => ({ items: await spendingHistory(db, request.params.id, request.query) }),
  );

  app.get(
    '/plans/:id/budget/spending.csv',
    {
      config: { access: { action: 'reports.read', resource: 'budget', load: planUnit } },
      schema: { tags: ['budget'], summary: 'The spending of a year as CSV (the columns the import reads, planned beside): a template to fill in', params: IdParams, querystring: z.object({ year: Year }) },
    },
    async (request, reply) => {
      const csv = await spendingCsv(db, request.params.id, request.query.year);
      return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', contentDisposition(`Kinh-phi-thuc-hien-${request.params.id}-${request.query.year}.csv`)).send(csv);
    },
  );

  app.post(
    '/plans/:id/budget/spending.csv',
    {
      config: { access: { action: 'reports.enter', resource: 'budget', load: planUnit } },
      schema: {
        tags: ['budget'],
        summary: 'Import the spending of a year from CSV (activity, source, amount [, note, year, currency_unit]); all rows valid or nothing stored (409 with every bad row)',
        params: IdParams,
        querystring: z.object({ year: Year, dryRun: z.enum(['true', 'false']).optional() }),
      },
    },
    async (request, reply) => {
      if (typeof request.body !== 'string') throw badRequest('csv_required', 'Cần gửi nội dung CSV (Content-Type: text/csv).', 'Send the CSV text (Content-Type: text/csv).', ['body']);
      assertTextUpload(request.body, ['body']);
      const planId = request.params.id;
      const rights = await enterRights(request, (await planUnitId(db, planId)) ?? null);
      const text = request.body;
      const dryRun = request.query.dryRun === 'true';
      // a refused import and a dry run roll back everything (even the activity rows synchronised on the way)
      const summary = await writeOrRollback(request, (trx) => importSpendingCsv(trx, planId, request.query.year, text, actorOf(request), { authorize: (a) => rights.activity(a), dryRun }), (s) => !dryRun && s.status !== 'ERROR');
      return reply.status(summary.status === 'ERROR' ? 409 : 200).send(summary);
    },
  );
}
