/**
 * Object-level checks for routes whose object's unit is only known after loading it.
 * Use inside the handler, after the central check passed on the permission.
 */
import type { FastifyRequest } from 'fastify';
import type { Permission } from '../access.ts';
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

/** The user who inserted a row (from the audit log), or null. */
export async function createdBy(request: FastifyRequest, table: string, rowId: number | string): Promise<number | null> {
  const row = await request.server.context.db
    .selectFrom('audit_log')
    .select('actor_id')
    .where('table_name', '=', table)
    .where('row_id', '=', String(rowId))
    .where('action', '=', 'insert')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  return row?.actor_id ?? null;
}

/**
 * An uploaded plan document: once saved as a plan it belongs to the plan's issuing unit;
 * before that, to whoever uploaded it (and national grants). Otherwise answers 404 (not 403:
 * the caller learns nothing about other units' uploads).
 */
export async function assertUploadAccess(request: FastifyRequest, permission: Permission, upload: { id: number; plan_id: number | null }): Promise<void> {
  const db = request.server.context.db;
  const denied = () => notFound('tệp đã tải lên', 'Upload', ['id']);
  if (upload.plan_id !== null) {
    const plan = await db.selectFrom('plan').select('issuer_unit_id').where('id', '=', upload.plan_id).executeTakeFirst();
    if (!(await can(request, permission, { unitId: plan?.issuer_unit_id ?? null }))) throw denied();
    if (plan?.issuer_unit_id == null && !nationalGrant(request, permission)) throw denied();
    return;
  }
  if (nationalGrant(request, permission)) return;
  const owner = await createdBy(request, 'plan_document', upload.id);
  if (owner === null || owner !== request.actor?.userId) throw denied();
}

function nationalGrant(request: FastifyRequest, permission: Permission): boolean {
  return request.actor?.grants.some((g) => g.unitId === null && grantHasPermission(g, permission)) ?? false;
}
