/**
 * Built-in data loaded on the first start (idempotent): the national indicator catalogue,
 * the national programme as a plan, the 34 provinces of 2025 and the historical units
 * named by the seed plans.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import { seedCatalogue } from './catalogue.ts';

export async function seedBaseData(db: Kysely<Database>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await seedCatalogue(trx);
  });
}
