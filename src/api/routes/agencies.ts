/** Agencies (Sở, Phòng, Công an, Trạm y tế, trường…) of a unit, with validity and successors. */
import { z } from 'zod';
import type { App, AppContext } from '../app.ts';
import { writeTransaction } from '../transaction.ts';
import { notFound } from '../errors.ts';
import { IsoDate } from '../../domain/plan-document.ts';
import { SECTORS } from '../../domain/model.ts';
import { addAgencySuccession, agencySuccessorsAt, createAgency, getAgency, listAgencies, updateAgency } from '../../storage/units.ts';

const IdParams = z.object({ id: z.coerce.number().int().positive() });

export default async function agencyRoutes(app: App, context: AppContext): Promise<void> {
  const db = context.db;
  const agencyUnit = async (id: number) => (await getAgency(db, id))?.unitId ?? null;

  app.get('/agencies', {
    config: { access: { action: 'units.read', resource: 'unit', load: (req) => (req.query as { unitId?: number }).unitId ?? null } },
    schema: {
      tags: ['agencies'], summary: 'List agencies (of a unit, a sector, valid at a date)',
      querystring: z.object({ unitId: z.coerce.number().int().positive().optional(), sector: z.enum(SECTORS).optional(), at: IsoDate.optional(), q: z.string().optional() }),
    },
  }, async (request) => ({ items: await listAgencies(db, request.query) }));

  app.get('/agencies/:id', {
    config: { access: { action: 'units.read', resource: 'unit', load: (req) => agencyUnit((req.params as { id: number }).id) } },
    schema: { tags: ['agencies'], summary: 'An agency; ?at= adds the agencies carrying on its work on that date', params: IdParams, querystring: z.object({ at: IsoDate.optional() }) },
  }, async (request) => {
    const a = await getAgency(db, request.params.id);
    if (!a) throw notFound('cơ quan', 'Agency', ['id']);
    const links = await db.selectFrom('agency_succession').selectAll().where((eb) => eb.or([eb('predecessor_id', '=', a.id), eb('successor_id', '=', a.id)])).execute();
    const successors = links.filter((l) => l.predecessor_id === a.id).map((l) => ({ agencyId: l.successor_id, effectiveDate: l.effective_date, note: l.note }));
    const predecessors = links.filter((l) => l.successor_id === a.id).map((l) => ({ agencyId: l.predecessor_id, effectiveDate: l.effective_date, note: l.note }));
    return { ...a, successors, predecessors, ...(request.query.at ? { carriedOnBy: await agencySuccessorsAt(db, a.id, request.query.at) } : {}) };
  });

  app.post('/agencies', {
    config: { access: { action: 'units.write', resource: 'unit', load: (req) => (req.body as { unitId?: number })?.unitId ?? null } },
    schema: {
      tags: ['agencies'], summary: 'Create an agency of a unit',
      body: z.object({ unitId: z.number().int().positive(), name: z.string().trim().min(1), sector: z.enum(SECTORS), shortName: z.string().nullable().optional(), validFrom: IsoDate.nullable().optional(), validTo: IsoDate.nullable().optional() }),
    },
  }, async (request, reply) => reply.status(201).send(await writeTransaction(request, (trx) => createAgency(trx, request.body))));

  app.patch('/agencies/:id', {
    config: { access: { action: 'units.write', resource: 'unit', load: (req) => agencyUnit((req.params as { id: number }).id) } },
    schema: {
      tags: ['agencies'], summary: 'Correct an agency', params: IdParams,
      body: z.object({ name: z.string().trim().min(1).optional(), sector: z.enum(SECTORS).optional(), shortName: z.string().nullable().optional(), validTo: IsoDate.nullable().optional() }),
    },
  }, async (request) => writeTransaction(request, (trx) => updateAgency(trx, request.params.id, request.body)));

  app.post('/agencies/:id/successions', {
    config: { access: { action: 'units.write', resource: 'unit', load: (req) => agencyUnit((req.params as { id: number }).id) } },
    schema: {
      tags: ['agencies'], summary: 'Link an agency to its successor (e.g. Sở LĐTBXH → Sở Y tế, 2025)', params: IdParams,
      body: z.object({ successorId: z.number().int().positive(), effectiveDate: IsoDate, note: z.string().nullable().optional(), closePredecessor: z.boolean().optional() }),
    },
  }, async (request, reply) => reply.status(201).send(await writeTransaction(request, (trx) => addAgencySuccession(trx, request.params.id, request.body))));
}
