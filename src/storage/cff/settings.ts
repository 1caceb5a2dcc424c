/** Cycle settings (deadlines, targets, payments) per unit and year; a commune uses its nearest ancestor's. */
import type { Kysely } from 'kysely';
import '../schema-cff.ts';
import type { Database } from '../schema.ts';
import { ancestorChain, withSuccessors } from './units.ts';

export async function settingsFor(db: Kysely<Database>, communeId: number, year: number) {
  const chain = await ancestorChain(db, communeId);
  if (!chain.length) return null;
  const rows = await db.selectFrom('cff_cycle_settings').selectAll().where('unit_id', 'in', chain.map((u) => u.id)).where('year', '=', year).execute();
  for (const unit of chain) {
    const row = rows.find((r) => r.unit_id === unit.id);
    if (row) return row;
  }
  return null;
}

/** Units that govern a commune: its ancestors and whatever succeeded them (a merged province governs the old units). */
export async function governingUnits(db: Kysely<Database>, communeId: number): Promise<Set<number>> {
  const chain = await ancestorChain(db, communeId);
  return withSuccessors(db, chain.slice(1).map((u) => u.id));
}
