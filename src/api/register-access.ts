/**
 * The data-dependent half of the register's access control (the central hook checks the
 * permission and the unit scope): child-level data only for the case workers and supervisors
 * of the child's commune, or higher-level supervisors when a case was referred up; and the
 * audit of every read.
 */
import type { FastifyRequest } from 'fastify';
import { sql, type Kysely } from 'kysely';
import { grantHasPermission } from '../domain/access.ts';
import { lineageFor, listIn } from './auth/scope.ts';
import type { Located } from '../domain/policy.ts';
import type { Database } from '../storage/schema.ts';

/** Inside a write transaction pass the transaction: PGlite has a single connection. */
type Db = Kysely<Database>;
import { canSeeChild, isSupervisor } from '../domain/children/access.ts';
import { type ChildAuditDetail, recordChildRead, referredUpUnits, subtreeUnitIds, unitChain } from '../storage/register.ts';
import { AppError, notFound } from './errors.ts';

const forbiddenChild = () =>
  new AppError(403, 'child_data_forbidden', 'Chỉ cán bộ quản lý trường hợp và giám sát bảo vệ trẻ em của đơn vị được xem dữ liệu của từng trẻ em; bạn chỉ xem được số liệu tổng hợp.', 'Only the case workers and child-protection supervisors of the unit see child-level data; you see counts only.');

function grantsOf(request: FastifyRequest) {
  return request.actor?.grants ?? [];
}

export async function canSeeUnitChildren(request: FastifyRequest, unitId: number, referredUp: number[] = [], db: Db = request.server.context.db): Promise<boolean> {
  const chain = await unitChain(db, unitId);
  return canSeeChild(grantsOf(request), chain, referredUp);
}

export async function assertUnitChildAccess(request: FastifyRequest, unitId: number, db: Db = request.server.context.db): Promise<void> {
  if (!(await canSeeUnitChildren(request, unitId, [], db))) throw forbiddenChild();
}

export async function assertChildAccess(request: FastifyRequest, child: { id: number; unitId: number }, db: Db = request.server.context.db, action: 'children.read' | 'children.write' = 'children.read'): Promise<void> {
  const scope = await childScope(request, action, db);
  const found = await db.selectFrom('child').select('id').where('id', '=', child.id).where(childInScope(scope)).executeTakeFirst();
  if (!found) throw forbiddenChild();
}

export async function assertCaseAccess(request: FastifyRequest, kase: { unitId: number; referredUpTo: number[] }, supervise = false, db: Db = request.server.context.db): Promise<void> {
  const chain = await unitChain(db, kase.unitId);
  const ok = supervise ? isSupervisor(grantsOf(request), chain, kase.referredUpTo) : canSeeChild(grantsOf(request), chain, kase.referredUpTo);
  if (!ok) {
    if (supervise)
      throw new AppError(403, 'supervisor_required', 'Chỉ giám sát viên bảo vệ trẻ em của đơn vị được phê duyệt.', 'Only a child-protection supervisor of the unit may approve.');
    throw forbiddenChild();
  }
}

/** Loaders for the access declarations: the object's CURRENT unit and its referrals, from the database. */
export async function childUnit(request: FastifyRequest): Promise<Located> {
  const id = Number((request.params as { id?: string }).id);
  const db = request.server.context.db;
  const row = Number.isInteger(id) && id > 0 ? await db.selectFrom('child').select('unit_id').where('id', '=', id).executeTakeFirst() : undefined;
  if (!row) throw notFound('trẻ em', 'Child', ['id']);
  return { kind: 'unit', unitId: row.unit_id, lineage: await lineageFor(request, row.unit_id), chain: await unitChain(db, row.unit_id), referredUpTo: await referredUpUnits(db, id) };
}

export async function caseUnit(request: FastifyRequest): Promise<Located> {
  const id = Number((request.params as { id?: string }).id);
  const db = request.server.context.db;
  const row = Number.isInteger(id) && id > 0 ? await db.selectFrom('child_case').select(['unit_id', 'referred_up_to']).where('id', '=', id).executeTakeFirst() : undefined;
  if (!row) throw notFound('hồ sơ trường hợp', 'Case', ['id']);
  return { kind: 'unit', unitId: row.unit_id, lineage: await lineageFor(request, row.unit_id), chain: await unitChain(db, row.unit_id), referredUpTo: row.referred_up_to ?? [] };
}

export async function auditRead(request: FastifyRequest, entry: { table: string; rowId: number | string | null; unitId: number | null; detail?: ChildAuditDetail; action?: string }, db: Db = request.server.context.db): Promise<void> {
  await recordChildRead(db, request.actor ? { userId: request.actor.userId, username: request.actor.username } : null, { ...entry, ip: request.ip, requestId: String(request.id) });
}

/**
 * THE scope of child-level data for an action, as SQL — shared by lists, exports and the single-object
 * check ("its id is in the scope"), the same rule as `canSeeChild` (src/domain/children/access.ts):
 *  - children of a commune on which the caller holds a case worker / supervisor grant;
 *  - children below a supervisor's higher-level unit, when a case was referred up to that level or above.
 * API tokens and every other role hold no child-level scope.
 */
export interface ChildScope {
  communes: number[];
  referred: { below: number[]; upTo: number[] }[];
}

export async function childScope(request: FastifyRequest, action: 'children.read' | 'children.write' | 'children.export' | 'cases.read' | 'cases.write' | 'cases.supervise', db: Db = request.server.context.db): Promise<ChildScope> {
  const roles = action === 'cases.supervise' || action === 'children.export' ? ['cp_supervisor'] : ['case_worker', 'cp_supervisor'];
  const grants = grantsOf(request).filter((g) => !('permissions' in g && g.permissions) && roles.includes(g.role) && g.unitId !== null && grantHasPermission(g, action));
  const communes = new Set<number>();
  const referred: ChildScope['referred'] = [];
  for (const g of grants) {
    communes.add(g.unitId as number);
    if (g.role !== 'cp_supervisor') continue;
    const below = (await subtreeUnitIds(db, g.unitId as number)).filter((u) => u !== g.unitId);
    if (below.length) referred.push({ below, upTo: await unitChain(db, g.unitId as number) });
  }
  return { communes: [...communes], referred };
}

/**
 * Where the caller reviews possible duplicates across communes (`child_duplicate_flag`, migration 150): the
 * areas of its child-protection supervisor grants holding `cases.supervise` (a national grant: everywhere;
 * API tokens never). A flag is the caller's when both records' communes lie in one area — what it shows is
 * ids and units, never a name or an ID number, and it opens neither record (the child rule still decides).
 */
export async function duplicateReviewAreas(request: FastifyRequest, db: Db = request.server.context.db): Promise<'everywhere' | Set<number>[]> {
  const grants = grantsOf(request).filter((g) => !('permissions' in g && g.permissions) && g.role === 'cp_supervisor' && grantHasPermission(g, 'cases.supervise'));
  if (grants.some((g) => g.unitId === null)) return 'everywhere';
  return Promise.all(grants.map(async (g) => new Set(await subtreeUnitIds(db, g.unitId as number))));
}

/**
 * Loader of one possible-duplicate flag: the smallest unit holding both records' communes, as a narrowed list
 * of the `child` rule — so only a supervisor whose area covers both communes (or a national one) passes the
 * check; the handler then keeps the same rule (`reviewCovers`). An unknown flag is a 404.
 */
export async function duplicateFlagArea(request: FastifyRequest): Promise<Located> {
  const id = Number((request.params as { id?: string }).id);
  const db = request.server.context.db;
  const row = Number.isInteger(id) && id > 0
    ? await db.selectFrom('child_duplicate_flag as f').innerJoin('child as a', 'a.id', 'f.child_id').innerJoin('child as b', 'b.id', 'f.other_child_id').select(['a.unit_id as a', 'b.unit_id as b']).where('f.id', '=', id).executeTakeFirst()
    : undefined;
  if (!row) throw notFound('cặp hồ sơ có thể trùng', 'Possible duplicate', ['id']);
  const [chainA, chainB] = await Promise.all([unitChain(db, row.a), unitChain(db, row.b)]);
  const common = chainA.find((unit) => chainB.includes(unit));
  return listIn(request, common ?? null);
}

/** True when both communes lie in one of the review areas. */
export function reviewCovers(areas: 'everywhere' | Set<number>[], unitA: number, unitB: number): boolean {
  return areas === 'everywhere' || areas.some((area) => area.has(unitA) && area.has(unitB));
}

/** SQL condition: the child row aliased `alias` is in the scope (through any case of the child referred up). */
export function childInScope(scope: ChildScope, alias = 'child') {
  const unit = sql.ref(`${alias}.unit_id`);
  const id = sql.ref(`${alias}.id`);
  const parts = [sql<boolean>`${unit} = any(${sql.val(scope.communes)}::int[])`];
  for (const r of scope.referred) {
    parts.push(sql<boolean>`(${unit} = any(${sql.val(r.below)}::int[]) and exists (select 1 from child_case k where k.child_id = ${id} and k.referred_up_to && ${sql.val(r.upTo)}::int[]))`);
  }
  return sql<boolean>`(${sql.join(parts, sql` or `)})`;
}

/** SQL condition: the case row aliased `alias` is in the scope (through its own referral). */
export function caseInScope(scope: ChildScope, alias = 'c') {
  const unit = sql.ref(`${alias}.unit_id`);
  const parts = [sql<boolean>`${unit} = any(${sql.val(scope.communes)}::int[])`];
  for (const r of scope.referred) parts.push(sql<boolean>`(${unit} = any(${sql.val(r.below)}::int[]) and ${sql.ref(`${alias}.referred_up_to`)} && ${sql.val(r.upTo)}::int[])`);
  return sql<boolean>`(${sql.join(parts, sql` or `)})`;
}

/** Loader for list and export routes of child data: the narrowing unit (checked by the policy). */
export function childListIn(unitOf: (request: FastifyRequest) => number | null | undefined) {
  return (request: FastifyRequest) => listIn(request, unitOf(request));
}
