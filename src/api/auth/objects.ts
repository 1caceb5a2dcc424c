/**
 * Object-level checks for routes whose object's unit is only known after loading it.
 * Use inside the handler, after the central check passed on the permission.
 */
import type { FastifyRequest } from 'fastify';
import { NATIONAL, type Locator, type Permission } from '../access.ts';
import { notFound } from '../errors.ts';
import type { Kysely } from 'kysely';
import type { Database } from '../../storage/schema.ts';
import { auditEvent } from '../../storage/audit.ts';
import { can } from './scope.ts';
import { grantHasPermission } from '../../domain/access.ts';

/**
 * For tables without a row trigger (large binary rows such as uploads): records who created the row
 * as an audit entry (action 'insert', no before/after), which `createdBy` reads back.
 */
export async function recordCreator(db: Kysely<Database>, who: { actorId: number | null; actorName: string; ip?: string | null }, table: string, rowId: number, detail?: unknown): Promise<void> {
  await auditEvent(db, who, { action: 'insert', table, rowId, detail, ip: who.ip ?? null });
}

/**
 * An uploaded plan document: once saved as a plan it belongs to the plan's issuing unit; before
 * that to its unit (`unit_id`: the caller needs the permission there) and to whoever uploaded it
 * (`uploaded_by`), and national grants reach it. Otherwise answers 404 (not 403: the caller learns
 * nothing about other units' uploads).
 */
export async function assertUploadAccess(request: FastifyRequest, permission: Permission, upload: { id: number; plan_id: number | null; unit_id: number | null; uploaded_by: number | null }): Promise<void> {
  const db = request.server.context.db;
  const denied = () => notFound('tệp đã tải lên', 'Upload', ['id']);
  if (upload.plan_id !== null) {
    const plan = await db.selectFrom('plan').select('issuer_unit_id').where('id', '=', upload.plan_id).executeTakeFirst();
    if (!(await can(request, permission, { unitId: plan?.issuer_unit_id ?? null }))) throw denied();
    if (plan?.issuer_unit_id == null && !nationalGrant(request, permission)) throw denied();
    return;
  }
  if (nationalGrant(request, permission)) return;
  if (upload.uploaded_by !== null && upload.uploaded_by === request.actor?.userId && (await can(request, permission))) return;
  if (upload.unit_id !== null && (await can(request, permission, { unitId: upload.unit_id }))) return;
  throw denied();
}

/**
 * The unit an upload is made for — one rule for the access check and the handler: the unit asked, else the
 * caller's only unit among its grants carrying the permission; null for a national grant or several units
 * (an upload without a unit is its uploader's own). The asked unit is checked by the route's access
 * declaration (`uploadLocator`), which locates the upload with this same function.
 */
export function uploadUnit(request: FastifyRequest, permission: Permission, asked: number | undefined): number | null {
  if (asked !== undefined) return Number(asked);
  const grants = request.actor?.grants.filter((g) => grantHasPermission(g, permission)) ?? [];
  if (grants.some((g) => g.unitId === null)) return null;
  const units = new Set(grants.map((g) => g.unitId));
  return units.size === 1 ? [...units][0] : null;
}

/**
 * The access loader of an upload (`?unitId=` optional): where `uploadUnit` puts it; without a single unit
 * (a national grant, several units) national for a national grant, else any unit the caller may upload for.
 */
export function uploadLocator(permission: Permission): (request: FastifyRequest) => Locator {
  return (request) => {
    const unit = uploadUnit(request, permission, (request.query as { unitId?: number } | undefined)?.unitId);
    if (unit !== null) return unit;
    const grants = request.actor?.grants.filter((g) => grantHasPermission(g, permission)) ?? [];
    return grants.some((g) => g.unitId === null) ? NATIONAL : grants[0]?.unitId ?? NATIONAL;
  };
}

function nationalGrant(request: FastifyRequest, permission: Permission): boolean {
  return request.actor?.grants.some((g) => g.unitId === null && grantHasPermission(g, permission)) ?? false;
}
