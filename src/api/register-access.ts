/**
 * The data-dependent half of the register's access control (the central hook checks the
 * permission and the unit scope): child-level data only for the case workers and supervisors
 * of the child's commune, or higher-level supervisors when a case was referred up; and the
 * audit of every read.
 */
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../storage/schema.ts';

/** Inside a write transaction pass the transaction: PGlite has a single connection. */
type Db = Kysely<Database>;
import { canSeeChild, isSupervisor } from '../domain/children/access.ts';
import { recordChildRead, referredUpUnits, unitChain } from '../storage/register.ts';
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

export async function assertChildAccess(request: FastifyRequest, child: { id: number; unitId: number }, db: Db = request.server.context.db): Promise<void> {
  const chain = await unitChain(db, child.unitId);
  if (canSeeChild(grantsOf(request), chain)) return;
  const up = await referredUpUnits(db, child.id);
  if (!canSeeChild(grantsOf(request), chain, up)) throw forbiddenChild();
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

/** Unit resolvers for the access declarations: the object's CURRENT unit, from the database. */
export async function childUnit(request: FastifyRequest): Promise<number> {
  const id = Number((request.params as { id?: string }).id);
  const row = Number.isInteger(id) && id > 0 ? await request.server.context.db.selectFrom('child').select('unit_id').where('id', '=', id).executeTakeFirst() : undefined;
  if (!row) throw notFound('trẻ em', 'Child', ['id']);
  return row.unit_id;
}

export async function caseUnit(request: FastifyRequest): Promise<number> {
  const id = Number((request.params as { id?: string }).id);
  const row = Number.isInteger(id) && id > 0 ? await request.server.context.db.selectFrom('child_case').select('unit_id').where('id', '=', id).executeTakeFirst() : undefined;
  if (!row) throw notFound('hồ sơ trường hợp', 'Case', ['id']);
  return row.unit_id;
}

export async function auditRead(request: FastifyRequest, entry: { table: string; rowId: number | string | null; unitId: number | null; detail?: Record<string, unknown>; action?: string }, db: Db = request.server.context.db): Promise<void> {
  await recordChildRead(db, request.actor ? { userId: request.actor.userId, username: request.actor.username } : null, { ...entry, ip: request.ip, requestId: String(request.id) });
}
