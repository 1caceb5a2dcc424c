/**
 * Explicit audit entries (the triggers of 002_audit log every row write by themselves):
 * reads of child-level data, sign-in/sign-out and other security events; and the search
 * used by GET /api/audit. The table refuses UPDATE, DELETE and TRUNCATE (see 002_audit).
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.ts';
import type { Actor } from '../api/access.ts';

export interface AuditWho {
  actorId: number | null;
  actorName: string;
  ip?: string | null;
  requestId?: string | null;
}

function who(actor: Actor | AuditWho | null): AuditWho {
  if (!actor) return { actorId: null, actorName: 'anonymous' };
  if ('actorName' in actor) return actor;
  return { actorId: actor.userId, actorName: actor.username };
}

/** Records a security event (sign-in, sign-out, lockout, revocation...). */
export async function auditEvent(
  db: Kysely<Database>,
  actor: Actor | AuditWho | null,
  entry: { action: string; table?: string | null; rowId?: string | number | null; unitId?: number | null; detail?: unknown; ip?: string | null; requestId?: string | null },
): Promise<void> {
  const w = who(actor);
  await db
    .insertInto('audit_log')
    .values({
      actor_id: w.actorId,
      actor_name: w.actorName,
      ip: entry.ip ?? w.ip ?? null,
      request_id: entry.requestId ?? w.requestId ?? null,
      action: entry.action,
      table_name: entry.table ?? null,
      row_id: entry.rowId === undefined || entry.rowId === null ? null : String(entry.rowId),
      unit_id: entry.unitId ?? null,
      detail: entry.detail === undefined ? null : JSON.stringify(entry.detail),
    })
    .execute();
}

/**
 * Records a READ of child-level data (the children's register calls this for every record it shows
 * or exports). `actor` is `request.actor`; pass `ip`/`requestId` from the request when at hand.
 */
export async function auditRead(
  db: Kysely<Database>,
  actor: Actor | AuditWho | null,
  entry: { table: string; rowId: string | number | null; unitId?: number | null; detail?: unknown; ip?: string | null; requestId?: string | null },
): Promise<void> {
  await auditEvent(db, actor, { action: 'read', ...entry });
}

export interface AuditQuery {
  actor?: string;
  actorId?: number;
  table?: string;
  rowId?: string;
  action?: string;
  from?: string;
  to?: string;
  q?: string;
  page?: number;
  pageSize?: number;
}

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export async function searchAudit(db: Kysely<Database>, query: AuditQuery) {
  const pageSize = Math.min(Math.max(query.pageSize ?? 50, 1), 500);
  const page = Math.max(query.page ?? 1, 1);
  let base = db.selectFrom('audit_log');
  if (query.actor) base = base.where('actor_name', 'ilike', `%${likeEscape(query.actor)}%`);
  if (query.actorId !== undefined) base = base.where('actor_id', '=', query.actorId);
  if (query.table) base = base.where('table_name', '=', query.table);
  if (query.rowId) base = base.where('row_id', '=', query.rowId);
  if (query.action) base = base.where('action', '=', query.action);
  if (query.from) base = base.where(sql`at`, '>=', sql`${query.from}::date`);
  if (query.to) base = base.where(sql`at`, '<', sql`(${query.to}::date + 1)`);
  if (query.q) {
    const pattern = `%${likeEscape(query.q)}%`;
    base = base.where((eb) =>
      eb.or([
        eb(sql`coalesce(before::text, '')`, 'ilike', pattern),
        eb(sql`coalesce(after::text, '')`, 'ilike', pattern),
        eb(sql`coalesce(detail::text, '')`, 'ilike', pattern),
        eb('actor_name', 'ilike', pattern),
      ]),
    );
  }
  const { total } = await base.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  const rows = await base
    .selectAll()
    .orderBy('id', 'desc')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
  return { total: Number(total), page, pageSize, rows };
}
