/**
 * Every write runs in ONE transaction opened through `writeTransaction`, which tells the
 * audit triggers who is writing, from where and for which request (transaction-local settings).
 */
import type { FastifyRequest } from 'fastify';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../storage/schema.ts';

export interface AuditActor {
  actorId: number | null;
  actorName: string;
  ip?: string | null;
  requestId?: string | null;
}

export async function setAuditContext(trx: Kysely<Database>, actor: AuditActor): Promise<void> {
  await sql`select set_config('vitreem.actor_id', ${actor.actorId === null ? '' : String(actor.actorId)}, true),
                   set_config('vitreem.actor_name', ${actor.actorName}, true),
                   set_config('vitreem.ip', ${actor.ip ?? ''}, true),
                   set_config('vitreem.request_id', ${actor.requestId ?? ''}, true)`.execute(trx);
}

export function actorOf(request: FastifyRequest): AuditActor {
  return { actorId: request.actor?.userId ?? null, actorName: request.actor?.username ?? 'anonymous', ip: request.ip, requestId: String(request.id) };
}

/** Runs `work` in one transaction attributed to the request's actor. */
export async function writeTransaction<T>(request: FastifyRequest, work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  return request.server.context.db.transaction().execute(async (trx) => {
    await setAuditContext(trx, actorOf(request));
    return work(trx);
  });
}

/** The same for the CLI and background jobs. */
export async function systemTransaction<T>(db: Kysely<Database>, actorName: string, work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await setAuditContext(trx, { actorId: null, actorName });
    return work(trx);
  });
}
