/**
 * Built-in data loaded on the first start (idempotent): the national indicator catalogue,
 * the nation and its provinces (63 before and 34 after 1 July 2025, with succession links),
 * the historical units named by the seed plans, the ministries, and the national programme as a plan.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import { seedCatalogue } from './catalogue.ts';
import { seedUnits } from './units.ts';
import type { BuiltinUnitsMode } from './vn-units.ts';
import { seedNationalProgramme } from './national-plan.ts';

export async function seedBaseData(db: Kysely<Database>, options: { units?: BuiltinUnitsMode } = {}): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`select set_config('vitreem.actor_name', 'seed', true)`.execute(trx);
    await seedCatalogue(trx);
    await seedUnits(trx, options);
    await seedNationalProgramme(trx);
  });
}
