/**
 * Unit scope lookups for the access check: where a unit sits (ancestors across parent links and
 * the 2025 reform's successions), cached per request; and, for list routes, which units an actor
 * may see for a permission.
 */
import type { FastifyRequest } from 'fastify';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../storage/schema.ts';
import type { Actor, Permission } from '../access.ts';
import { decide, grantHasPermission, roleDef, type Target, type UnitLineage } from '../../domain/access.ts';

const cache = new WeakMap<FastifyRequest, Map<number, Promise<UnitLineage>>>();

/**
 * The unit, its ancestors and successors: edges go from a unit up to its parent, and from a
 * predecessor to its successor (a grant on the successor covers the merged/renamed predecessor).
 * `equivalents` are the ones reached through succession edges only.
 */
export async function loadLineage(db: Kysely<Database>, unitId: number): Promise<UnitLineage> {
  const { rows } = await sql<{ id: number; climbed: boolean }>`
    with recursive edge(child, up, is_parent) as (
      select id, parent_id, true from admin_unit where parent_id is not null
      union all
      select predecessor_id, successor_id, false from unit_succession
    ), walk(id, climbed) as (
      select ${unitId}::int, false
      union
      select e.up, walk.climbed or e.is_parent from walk join edge e on e.child = walk.id
    )
    select id, climbed from walk`.execute(db);
  const ancestors = new Set<number>();
  const equivalents = new Set<number>();
  for (const r of rows) {
    ancestors.add(Number(r.id));
    if (!r.climbed) equivalents.add(Number(r.id));
  }
  return { unitId, ancestors, equivalents };
}

export function lineageFor(request: FastifyRequest, unitId: number): Promise<UnitLineage> {
  let perRequest = cache.get(request);
  if (!perRequest) cache.set(request, (perRequest = new Map()));
  let found = perRequest.get(unitId);
  if (!found) {
    found = loadLineage(request.server.context.db, unitId);
    perRequest.set(unitId, found);
  }
  return found;
}

/**
 * Object-level check inside a handler (e.g. after loading a row whose unit was not known up front):
 * may the caller use `permission` on this unit / agency?
 */
export async function can(request: FastifyRequest, permission: Permission, where: { unitId?: number | null; agencyId?: number | null } = {}): Promise<boolean> {
  const actor = request.actor;
  if (!actor) return false;
  const target: Target = {
    lineage: where.unitId === undefined || where.unitId === null ? null : await lineageFor(request, where.unitId),
    agencyId: where.agencyId ?? null,
  };
  return decide(actor.grants, permission, target);
}

/**
 * For list routes: the units whose rows the caller may see with `permission` — 'all' (a national
 * grant), or the ids of every unit inside the caller's grants (subtrees, plus the predecessors of
 * those units). Filter with `where unit_id in (...)`.
 */
export async function unitScope(request: FastifyRequest, permission: Permission): Promise<'all' | number[]> {
  return unitScopeOf(request.server.context.db, request.actor, permission);
}

export async function unitScopeOf(db: Kysely<Database>, actor: Actor | null, permission: Permission): Promise<'all' | number[]> {
  if (!actor) return [];
  const grants = actor.grants.filter((g) => grantHasPermission(g, permission));
  if (grants.some((g) => g.unitId === null)) return 'all';
  const subtreeRoots = grants.filter((g) => g.permissions || roleDef(g.role)?.scope === 'subtree').map((g) => g.unitId as number);
  const unitRoots = grants.filter((g) => !(g.permissions || roleDef(g.role)?.scope === 'subtree')).map((g) => g.unitId as number);
  const ids = new Set<number>();
  for (const [roots, withChildren] of [[subtreeRoots, true], [unitRoots, false]] as const) {
    if (roots.length === 0) continue;
    const { rows } = await sql<{ id: number }>`
      with recursive edge(up, down) as (
        select parent_id, id from admin_unit where parent_id is not null and ${withChildren}
        union all
        select successor_id, predecessor_id from unit_succession
      ), walk(id) as (
        select unnest(${sql.raw(`array[${roots.map((r) => Number(r)).join(',')}]::int[]`)})
        union
        select e.down from walk join edge e on e.up = walk.id
      )
      select id from walk`.execute(db);
    for (const r of rows) ids.add(Number(r.id));
  }
  return [...ids].sort((a, b) => a - b);
}

/** The agencies an agency-bound caller acts for ('any' when some grant with the permission is not agency-bound). */
export function agencyScope(actor: Actor | null, permission: Permission): 'any' | number[] {
  if (!actor) return [];
  const grants = actor.grants.filter((g) => grantHasPermission(g, permission));
  if (grants.some((g) => g.agencyId === null)) return 'any';
  return [...new Set(grants.map((g) => g.agencyId as number))];
}

/** The units one grant covers ('all' for a national grant): for the web app's can(permission, unitId). */
export async function grantUnitIds(db: Kysely<Database>, grant: Actor['grants'][number]): Promise<'all' | number[]> {
  const perms = grant.permissions ?? [];
  const probe = (perms[0] ?? (roleDef(grant.role)?.permissions === '*' ? 'units.read' : (roleDef(grant.role)?.permissions as readonly string[] | undefined)?.[0])) as Permission | undefined;
  if (!probe) return [];
  return unitScopeOf(db, { userId: null, username: '', grants: [grant], via: 'session' }, probe);
}
