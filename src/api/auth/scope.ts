/**
 * Unit scope lookups for the access check: where a unit sits (ancestors across parent links and
 * the 2025 reform's successions), and, for list routes, which units an actor may see for a
 * permission.
 *
 * Both are kept in memory between requests (units change rarely), tagged with the unit tree's
 * token (migration 060) that the session / API-token lookup reads in the same statement: any
 * write to admin_unit or unit_succession, on any app server, changes the token, and the next
 * request of every server then reads the tree again. Without a token nothing is cached.
 */
import type { FastifyRequest } from 'fastify';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../storage/schema.ts';
import { NATIONAL, type Actor, type Permission, type PolicyRule } from '../access.ts';
import { decidePolicy, type AccountGrant, type Located, type ResourceType } from '../../domain/policy.ts';
import { unitChain } from '../../storage/register.ts';
import { decide, grantHasPermission, roleDef, type Target, type UnitLineage } from '../../domain/access.ts';

const perRequestCache = new WeakMap<FastifyRequest, Map<number, Promise<UnitLineage>>>();
/** the unit tree's token seen by the request's credential lookup (set by the access hook) */
const treeTokens = new WeakMap<FastifyRequest, string>();

export function setUnitTreeToken(request: FastifyRequest, token: string | null): void {
  if (token) treeTokens.set(request, token);
}

/** Lineages and unit scopes of one database at one unit tree token. */
export interface TreeCache {
  token: string;
  lineages: Map<number, Promise<UnitLineage>>;
  scopes: Map<string, Promise<number[]>>;
}
const MAX_ENTRIES = 50_000;
const treeCaches = new WeakMap<Kysely<Database>, TreeCache>();

function treeCache(db: Kysely<Database>, token: string | undefined): TreeCache | null {
  if (!token) return null;
  let cache = treeCaches.get(db);
  if (!cache || cache.token !== token) {
    cache = { token, lineages: new Map(), scopes: new Map() };
    treeCaches.set(db, cache);
  }
  if (cache.lineages.size > MAX_ENTRIES) cache.lineages.clear();
  if (cache.scopes.size > MAX_ENTRIES) cache.scopes.clear();
  return cache;
}

/** Caches a lookup; a failed lookup is forgotten (the next request tries again). */
function remember<K, V>(map: Map<K, Promise<V>>, key: K, load: () => Promise<V>): Promise<V> {
  let found = map.get(key);
  if (!found) {
    found = load();
    map.set(key, found);
    found.catch(() => map.delete(key));
  }
  return found;
}

/**
 * The unit, its ancestors and successors: edges go from a unit up to its parent, and from a
 * predecessor to its successor (a grant on the successor covers the merged/renamed predecessor).
 * `equivalents` are the ones reached through succession edges only. One statement walking the
 * primary key of admin_unit and the (predecessor, successor) index: a few index probes per level.
 */
export async function loadLineage(db: Kysely<Database>, unitId: number): Promise<UnitLineage> {
  const { rows } = await sql<{ id: number; climbed: boolean }>`
    with recursive walk(id, climbed) as (
      select ${unitId}::int, false
      union
      select e.up, walk.climbed or e.is_parent
      from walk cross join lateral (
        select u.parent_id as up, true as is_parent from admin_unit u where u.id = walk.id and u.parent_id is not null
        union all
        select s.successor_id, false from unit_succession s where s.predecessor_id = walk.id
      ) e
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
  let perRequest = perRequestCache.get(request);
  if (!perRequest) perRequestCache.set(request, (perRequest = new Map()));
  const db = request.server.context.db;
  const shared = treeCache(db, treeTokens.get(request));
  return remember(perRequest, unitId, () => (shared ? remember(shared.lineages, unitId, () => loadLineage(db, unitId)) : loadLineage(db, unitId)));
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
  const db = request.server.context.db;
  return unitScopeOf(db, request.actor, permission, treeCache(db, treeTokens.get(request)));
}

export async function unitScopeOf(db: Kysely<Database>, actor: Actor | null, permission: Permission, cache: TreeCache | null = null): Promise<'all' | number[]> {
  if (!actor) return [];
  const grants = actor.grants.filter((g) => grantHasPermission(g, permission));
  if (grants.some((g) => g.unitId === null)) return 'all';
  const subtreeRoots = grants.filter((g) => g.permissions || roleDef(g.role)?.scope === 'subtree').map((g) => g.unitId as number);
  const unitRoots = grants.filter((g) => !(g.permissions || roleDef(g.role)?.scope === 'subtree')).map((g) => g.unitId as number);
  const ids = new Set<number>();
  for (const [roots, withChildren] of [[subtreeRoots, true], [unitRoots, false]] as const) {
    if (roots.length === 0) continue;
    const load = async () => {
      // down to the children (subtree grants) and to the predecessors, by index probes
      const { rows } = await sql<{ id: number }>`
        with recursive walk(id) as (
          select unnest(${sql.raw(`array[${roots.map((r) => Number(r)).join(',')}]::int[]`)})
          union
          select e.down from walk cross join lateral (
            select u.id as down from admin_unit u where u.parent_id = walk.id and ${withChildren}
            union all
            select s.predecessor_id from unit_succession s where s.successor_id = walk.id
          ) e
        )
        select id from walk`.execute(db);
      return rows.map((r) => Number(r.id));
    };
    const key = `${withChildren ? 's' : 'u'}:${[...new Set(roots)].sort((a, b) => a - b).join(',')}`;
    for (const id of await (cache ? remember(cache.scopes, key, load) : load())) ids.add(id);
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

/**
 * Runs a route's loader and places the result for the policy: a unit's lineage, a national object,
 * a list (with its narrowing unit's lineage), or what a loader located itself (child data, accounts).
 */
export async function locate(request: FastifyRequest, rule: PolicyRule): Promise<Located> {
  const found = await rule.load(request);
  const agency = rule.agency ? await rule.agency(request) : null;
  const agencyId = typeof agency === 'number' ? agency : null;
  if (found === NATIONAL) return { kind: 'national' };
  if (typeof found === 'number') {
    if (rule.resource === 'child' || rule.resource === 'case') {
      return { kind: 'unit', unitId: found, lineage: await lineageFor(request, found), agencyId, chain: await unitChain(request.server.context.db, found), referredUpTo: [] };
    }
    return { kind: 'unit', unitId: found, lineage: await lineageFor(request, found), agencyId, unitOwned: rule.unitOwned };
  }
  if (found === null || found === undefined) {
    // no single unit: a list for reads, a national object for writes
    return rule.action.endsWith('.read') || rule.action === 'children.export' ? { kind: 'list', agencyId } : { kind: 'national' };
  }
  return found;
}

/** For list routes that narrow to a unit: the list located there (the unit must be in the caller's scope). */
export async function listIn(request: FastifyRequest, unitId: number | null | undefined, agencyId: number | null = null): Promise<Located> {
  if (typeof unitId !== 'number') return { kind: 'list', agencyId };
  return { kind: 'list', unitId, lineage: await lineageFor(request, unitId), agencyId };
}

/** The grants of accounts being administered, placed in the unit tree (for the `administer` rule). */
export async function accountsLocated(request: FastifyRequest, grants: readonly { role: string; unitId: number | null; agencyId: number | null; permissions?: readonly string[] }[]): Promise<Located> {
  const placed: AccountGrant[] = [];
  for (const g of grants) placed.push({ role: g.role, unitId: g.unitId, agencyId: g.agencyId, permissions: g.permissions, lineage: g.unitId === null ? null : await lineageFor(request, g.unitId) });
  return { kind: 'accounts', grants: placed };
}

/** An API token placed as the one grant it carries. */
export function tokenLocated(request: FastifyRequest, token: { unitId: number | null; agencyId: number | null; scopes: readonly string[] }): Promise<Located> {
  return accountsLocated(request, [{ role: 'api_token', unitId: token.unitId, agencyId: token.agencyId, permissions: token.scopes }]);
}

/**
 * The accounts the caller administers ('all' for a national administrator): users having grants, every
 * one of which lies in the caller's users.admin scope and carries no permission the caller lacks there.
 * The same rule as the single-account check (decidePolicy on 'accounts'), applied to each candidate.
 */
export async function administrableUserIds(request: FastifyRequest): Promise<'all' | number[]> {
  const actor = request.actor;
  if (!actor) return [];
  if (actor.grants.some((g) => g.unitId === null && g.agencyId === null && grantHasPermission(g, 'users.admin'))) return 'all';
  const scope = await unitScope(request, 'users.admin');
  if (scope === 'all' || scope.length === 0) return [];
  const db = request.server.context.db;
  const rows = await db.selectFrom('user_grant').select(['user_id', 'role', 'unit_id', 'agency_id'])
    .where('user_id', 'in', db.selectFrom('user_grant').select('user_id').where('unit_id', 'in', scope))
    .execute();
  const byUser = new Map<number, { role: string; unitId: number | null; agencyId: number | null }[]>();
  for (const r of rows) {
    const list = byUser.get(r.user_id) ?? [];
    list.push({ role: r.role, unitId: r.unit_id, agencyId: r.agency_id });
    byUser.set(r.user_id, list);
  }
  const ids: number[] = [];
  for (const [userId, grants] of byUser) if (decidePolicy(actor.grants, 'users.admin', 'user', await accountsLocated(request, grants))) ids.push(userId);
  return ids.sort((a, b) => a - b);
}

/**
 * The policy applied to one object inside a handler (bulk writes resolve every row to its object and
 * check each before writing anything): may the caller do `action` on this unit's (agency's) object?
 * `agencyId: null` is an object of the unit itself (agency-bound grants do not reach it).
 */
export async function mayAct(request: FastifyRequest, action: Permission, resource: ResourceType, where: { unitId: number | null; agencyId?: number | null }): Promise<boolean> {
  const located: Located = where.unitId === null ? { kind: 'national' } : { kind: 'unit', unitId: where.unitId, lineage: await lineageFor(request, where.unitId), agencyId: where.agencyId };
  return decidePolicy(request.actor?.grants ?? [], action, resource, located);
}
