/** The indicator catalogue (national programme) and a plan's local indicators; admin corrections. */
import { national } from '../access.ts';
import { z } from 'zod';
import type { Kysely } from 'kysely';
import type { App, AppContext } from '../app.ts';
import type { Database } from '../../storage/schema.ts';
import { writeTransaction } from '../transaction.ts';
import { notFound } from '../errors.ts';
import { DIRECTIONS, DISAGGREGATIONS, MEASURE_UNITS, SECTORS } from '../../domain/model.ts';
import { planUnitId } from '../../storage/plans.ts';

export async function catalogueIndicators(db: Kysely<Database>, filter: { planId?: number; code?: string } = {}) {
  let q = db.selectFrom('indicator').selectAll();
  q = filter.planId !== undefined ? q.where((eb) => eb.or([eb('scope_plan_id', 'is', null), eb('scope_plan_id', '=', filter.planId!)])) : q.where('scope_plan_id', 'is', null);
  if (filter.code !== undefined) q = q.where('code', '=', filter.code);
  const inds = await q.orderBy('scope_plan_id', 'desc').orderBy('position').orderBy('id').execute();
  inds.sort((a, b) => (a.scope_plan_id === null ? 0 : 1) - (b.scope_plan_id === null ? 0 : 1) || a.position - b.position);
  const measures = inds.length ? await db.selectFrom('measure').selectAll().where('indicator_id', 'in', inds.map((i) => i.id)).orderBy('position').orderBy('id').execute() : [];
  return inds.map((i) => ({
    id: i.id, code: i.code, scopePlanId: i.scope_plan_id, objective: i.objective_key, nameVi: i.name_vi, nameEn: i.name_en, leadSector: i.lead_sector, partnerSectors: i.partner_sectors ?? [], verify: i.verify,
    measures: measures.filter((m) => m.indicator_id === i.id).map((m) => ({
      id: m.id, code: m.code, nameVi: m.name_vi, nameEn: m.name_en, unit: m.unit, base: m.base, direction: m.direction, numeratorVi: m.numerator_vi, denominatorVi: m.denominator_vi,
      disaggregations: m.disaggregations ?? [], groups: m.groups ?? [], plausibleMin: m.plausible_min, plausibleMax: m.plausible_max,
    })),
  }));
}

export default async function catalogueRoutes(app: App, context: AppContext): Promise<void> {
  const db = context.db;

  app.get('/indicators', {
    config: { access: { action: 'catalogue.read', resource: 'catalogue', load: async (req) => { const id = (req.query as { planId?: number }).planId; return id ? ((await planUnitId(db, id)) ?? null) : null; } } },
    schema: { tags: ['catalogue'], summary: 'The national indicator catalogue with measures (?planId= adds that plan’s local indicators)', querystring: z.object({ planId: z.coerce.number().int().positive().optional() }) },
  }, async (request) => {
    const items = await catalogueIndicators(db, { planId: request.query.planId });
    return { items, counts: { indicators: items.length, measures: items.reduce((s, i) => s + i.measures.length, 0) } };
  });

  app.get('/indicators/:code', {
    config: { access: { action: 'catalogue.read', resource: 'catalogue', load: national } },
    schema: { tags: ['catalogue'], summary: 'One national indicator by code ("3")', params: z.object({ code: z.string() }) },
  }, async (request) => {
    const [item] = await catalogueIndicators(db, { code: request.params.code });
    if (!item) throw notFound(`chỉ tiêu ${request.params.code} trong danh mục`, `Catalogue indicator ${request.params.code}`, ['code']);
    return item;
  });

  app.patch('/indicators/:code', {
    config: { access: { action: 'catalogue.write', resource: 'catalogue', load: national } },
    schema: {
      tags: ['catalogue'], summary: 'Correct a national indicator (names, lead sector, the "verify" flag)', params: z.object({ code: z.string() }),
      body: z.object({ nameVi: z.string().trim().min(1).optional(), nameEn: z.string().nullable().optional(), leadSector: z.enum(SECTORS).nullable().optional(), partnerSectors: z.array(z.enum(SECTORS)).optional(), verify: z.boolean().optional(), objective: z.string().optional() }).strict(),
    },
  }, async (request) => {
    const b = request.body;
    await writeTransaction(request, async (trx) => {
      const r = await trx.updateTable('indicator').set({
        ...(b.nameVi !== undefined ? { name_vi: b.nameVi } : {}),
        ...(b.nameEn !== undefined ? { name_en: b.nameEn } : {}),
        ...(b.leadSector !== undefined ? { lead_sector: b.leadSector } : {}),
        ...(b.partnerSectors !== undefined ? { partner_sectors: b.partnerSectors } : {}),
        ...(b.verify !== undefined ? { verify: b.verify } : {}),
        ...(b.objective !== undefined ? { objective_key: b.objective } : {}),
      }).where('code', '=', request.params.code).where('scope_plan_id', 'is', null).returning('id').executeTakeFirst();
      if (!r) throw notFound(`chỉ tiêu ${request.params.code} trong danh mục`, `Catalogue indicator ${request.params.code}`, ['code']);
    });
    const [item] = await catalogueIndicators(db, { code: request.params.code });
    return item;
  });

  app.patch('/measures/:id', {
    config: { access: { action: 'catalogue.write', resource: 'catalogue', load: national } },
    schema: {
      tags: ['catalogue'], summary: 'Correct a measure (names, unit, direction, definitions, plausible range)', params: z.object({ id: z.coerce.number().int().positive() }),
      body: z.object({
        nameVi: z.string().trim().min(1).optional(), nameEn: z.string().nullable().optional(), unit: z.enum(MEASURE_UNITS).optional(), direction: z.enum(DIRECTIONS).optional(), base: z.string().nullable().optional(),
        numeratorVi: z.string().nullable().optional(), denominatorVi: z.string().nullable().optional(), disaggregations: z.array(z.enum(DISAGGREGATIONS)).optional(), groups: z.array(z.string()).optional(),
        plausibleMin: z.number().nullable().optional(), plausibleMax: z.number().nullable().optional(),
      }).strict(),
    },
  }, async (request) => {
    const b = request.body;
    const row = await writeTransaction(request, async (trx) => {
      const r = await trx.updateTable('measure').set({
        ...(b.nameVi !== undefined ? { name_vi: b.nameVi } : {}),
        ...(b.nameEn !== undefined ? { name_en: b.nameEn } : {}),
        ...(b.unit !== undefined ? { unit: b.unit } : {}),
        ...(b.direction !== undefined ? { direction: b.direction } : {}),
        ...(b.base !== undefined ? { base: b.base } : {}),
        ...(b.numeratorVi !== undefined ? { numerator_vi: b.numeratorVi } : {}),
        ...(b.denominatorVi !== undefined ? { denominator_vi: b.denominatorVi } : {}),
        ...(b.disaggregations !== undefined ? { disaggregations: b.disaggregations } : {}),
        ...(b.groups !== undefined ? { groups: b.groups } : {}),
        ...(b.plausibleMin !== undefined ? { plausible_min: b.plausibleMin } : {}),
        ...(b.plausibleMax !== undefined ? { plausible_max: b.plausibleMax } : {}),
      }).where('id', '=', request.params.id).returningAll().executeTakeFirst();
      if (!r) throw notFound('chỉ số', 'Measure', ['id']);
      return r;
    });
    return { id: row.id, code: row.code, nameVi: row.name_vi, nameEn: row.name_en, unit: row.unit, direction: row.direction, base: row.base, groups: row.groups, plausibleMin: row.plausible_min, plausibleMax: row.plausible_max };
  });
}
