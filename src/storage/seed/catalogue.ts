import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import { NATIONAL_INDICATORS } from '../../domain/catalogue/national-programme.ts';

/** Inserts the national indicator catalogue unless it is there already. */
export async function seedCatalogue(db: Kysely<Database>): Promise<void> {
  const existing = await db.selectFrom('indicator').select('id').where('scope_plan_id', 'is', null).limit(1).executeTakeFirst();
  if (existing) return;
  for (const [position, indicator] of NATIONAL_INDICATORS.entries()) {
    const { id } = await db
      .insertInto('indicator')
      .values({
        code: indicator.code,
        scope_plan_id: null,
        objective_key: String(indicator.objective),
        name_vi: indicator.nameVi,
        name_en: indicator.nameEn,
        lead_sector: indicator.leadSector ?? null,
        partner_sectors: indicator.partnerSectors ?? [],
        verify: indicator.verify ?? false,
        position,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const [measurePosition, m] of indicator.measures.entries()) {
      await db
        .insertInto('measure')
        .values({
          indicator_id: id,
          code: m.code,
          name_vi: m.nameVi,
          name_en: m.nameEn,
          unit: m.unit,
          base: m.base ?? null,
          direction: m.direction,
          numerator_vi: m.numeratorVi ?? null,
          denominator_vi: m.denominatorVi ?? null,
          disaggregations: m.disaggregations,
          groups: m.groups ?? [],
          plausible_min: m.plausibleMin ?? null,
          plausible_max: m.plausibleMax ?? null,
          position: measurePosition,
        })
        .execute();
    }
  }
}
