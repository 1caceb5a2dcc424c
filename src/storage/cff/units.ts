/** Administrative units as the child-friendly-commune cycle needs them: dated scope, ancestors, successors. */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export interface UnitRow {
  id: number;
  code: string;
  name: string;
  full_name: string | null;
  kind: string | null;
  level: string;
  parent_id: number | null;
  valid_from: string;
  valid_to: string | null;
}

const UNIT_COLUMNS = ['id', 'code', 'name', 'full_name', 'kind', 'level', 'parent_id', 'valid_from', 'valid_to'] as const;

export async function getUnit(db: Kysely<Database>, id: number): Promise<UnitRow | null> {
  return (await db.selectFrom('admin_unit').select(UNIT_COLUMNS).where('id', '=', id).executeTakeFirst()) ?? null;
}

export function validOn(unit: Pick<UnitRow, 'valid_from' | 'valid_to'>, on: string): boolean {
  return unit.valid_from <= on && (unit.valid_to === null || unit.valid_to > on);
}

/** The unit and every unit above it, nearest first (following parent_id as recorded). */
export async function ancestorChain(db: Kysely<Database>, unitId: number): Promise<UnitRow[]> {
  const chain: UnitRow[] = [];
  const seen = new Set<number>();
  let current = await getUnit(db, unitId);
  while (current && !seen.has(current.id)) {
    chain.push(current);
    seen.add(current.id);
    current = current.parent_id === null ? null : await getUnit(db, current.parent_id);
  }
  return chain;
}

/** Units that succeeded any of `ids` (merger, rename…), transitively, including `ids`. */
export async function withSuccessors(db: Kysely<Database>, ids: number[]): Promise<Set<number>> {
  const all = new Set(ids);
  let frontier = ids;
  while (frontier.length) {
    const rows = await db.selectFrom('unit_succession').select('successor_id').where('predecessor_id', 'in', frontier).execute();
    frontier = rows.map((r) => r.successor_id).filter((id) => !all.has(id));
    frontier.forEach((id) => all.add(id));
  }
  return all;
}

/**
 * The units standing for `unitId` on `on`: itself when valid then; otherwise its predecessors
 * (for a date before it existed) or successors (after it ended) valid on that date.
 */
export async function unitsStandingFor(db: Kysely<Database>, unitId: number, on: string): Promise<UnitRow[]> {
  const unit = await getUnit(db, unitId);
  if (!unit) return [];
  if (validOn(unit, on)) return [unit];
  const backwards = on < unit.valid_from;
  const found: UnitRow[] = [];
  const seen = new Set<number>([unit.id]);
  let frontier = [unit.id];
  for (let depth = 0; depth < 6 && frontier.length; depth++) {
    const rows = backwards
      ? await db.selectFrom('unit_succession').select('predecessor_id as id').where('successor_id', 'in', frontier).execute()
      : await db.selectFrom('unit_succession').select('successor_id as id').where('predecessor_id', 'in', frontier).execute();
    const next: number[] = [];
    for (const { id } of rows) {
      if (seen.has(id)) continue;
      seen.add(id);
      const u = await getUnit(db, id);
      if (!u) continue;
      if (validOn(u, on)) found.push(u);
      else next.push(id);
    }
    frontier = next;
  }
  return found;
}

/** Communes (level 'commune') at or below the given units, through units valid on `on`. */
export async function communesUnder(db: Kysely<Database>, rootIds: number[], on: string): Promise<UnitRow[]> {
  if (!rootIds.length) return [];
  const result = await sql<UnitRow>`
    with recursive scope as (
      select id from admin_unit where id in (${sql.join(rootIds)})
      union
      select u.id from admin_unit u join scope s on u.parent_id = s.id
      where u.valid_from <= ${on} and (u.valid_to is null or u.valid_to > ${on})
    )
    select u.id, u.code, u.name, u.full_name, u.kind, u.level, u.parent_id, u.valid_from::text as valid_from, u.valid_to::text as valid_to
    from admin_unit u join scope s on s.id = u.id
    where u.level = 'commune' and u.valid_from <= ${on} and (u.valid_to is null or u.valid_to > ${on})
    order by u.name, u.id`.execute(db);
  return result.rows;
}

/** Direct predecessors of each unit (for history: whose recognitions did not carry over). */
export async function predecessorsOf(db: Kysely<Database>, ids: number[]): Promise<Map<number, number[]>> {
  const map = new Map<number, number[]>();
  if (!ids.length) return map;
  const rows = await db.selectFrom('unit_succession').select(['predecessor_id', 'successor_id']).where('successor_id', 'in', ids).execute();
  for (const r of rows) map.set(r.successor_id, [...(map.get(r.successor_id) ?? []), r.predecessor_id]);
  return map;
}
