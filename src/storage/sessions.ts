/**
 * Server-side sessions and API tokens. Only SHA-256 hashes of session ids and tokens are stored,
 * so a copy of the database does not let anyone sign in. Sessions live in the database, so any
 * number of app servers share them.
 */
import { createHash, randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.ts';
import './schema-auth.ts';

export const SESSION_IDLE_MINUTES = Number(process.env.VITREEM_SESSION_IDLE_MINUTES ?? 8 * 60);
export const SESSION_ABSOLUTE_HOURS = Number(process.env.VITREEM_SESSION_ABSOLUTE_HOURS ?? 24);
/** last_seen is written at most this often per session */
const TOUCH_SECONDS = 60;

export const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
/**
 * The unit tree's token (migration 060), read with every credential lookup at no extra round trip:
 * the access check keeps unit lineages in memory while it is unchanged (src/api/auth/scope.ts).
 */
const UNIT_TREE_TOKEN = sql<string | null>`(select token from unit_tree_version)`.as('unit_tree');
const randomToken = (bytes = 32) => randomBytes(bytes).toString('base64url');

export interface SessionGrant {
  role: string;
  unitId: number | null;
  agencyId: number | null;
}
export interface ActiveSession {
  id: number;
  userId: number;
  username: string;
  displayName: string | null;
  csrfToken: string;
  mustChangePassword: boolean;
  grants: SessionGrant[];
  /** the unit tree's current token (migration 060), read in the same statement; null = unknown */
  unitTree: string | null;
}

export async function createSession(db: Kysely<Database>, userId: number, meta: { ip?: string | null; userAgent?: string | null } = {}): Promise<{ sessionId: string; csrfToken: string; id: number; expiresAt: Date }> {
  const sessionId = randomToken();
  const csrfToken = randomToken();
  const now = Date.now();
  const expiresAt = new Date(now + SESSION_IDLE_MINUTES * 60_000);
  const absolute = new Date(now + SESSION_ABSOLUTE_HOURS * 3_600_000);
  const { id } = await db
    .insertInto('user_session')
    .values({
      token_hash: sha256(sessionId),
      user_id: userId,
      csrf_token: csrfToken,
      expires_at: expiresAt < absolute ? expiresAt : absolute,
      absolute_expires_at: absolute,
      ip: meta.ip ?? null,
      user_agent: meta.userAgent ? meta.userAgent.slice(0, 400) : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { sessionId, csrfToken, id: Number(id), expiresAt };
}

/** The live session for a cookie value (and slides its idle expiry), or null. */
export async function findSession(db: Kysely<Database>, sessionId: string): Promise<ActiveSession | null> {
  if (!sessionId || sessionId.length > 200) return null;
  const row = await db
    .selectFrom('user_session as s')
    .innerJoin('app_user as u', 'u.id', 's.user_id')
    .select([
      's.id', 's.user_id', 's.csrf_token', 's.last_seen_at', 'u.username', 'u.display_name', 'u.must_change_password',
      sql<SessionGrant[] | null>`(select json_agg(json_build_object('role', g.role, 'unitId', g.unit_id, 'agencyId', g.agency_id) order by g.id) from user_grant g where g.user_id = u.id)`.as('grants'),
      UNIT_TREE_TOKEN,
    ])
    .where('s.token_hash', '=', sha256(sessionId))
    .where('s.revoked_at', 'is', null)
    .where('s.expires_at', '>', sql<Date>`now()`)
    .where('u.active', '=', true)
    .executeTakeFirst();
  if (!row) return null;
  if (Date.now() - new Date(row.last_seen_at).getTime() > TOUCH_SECONDS * 1000) {
    await db
      .updateTable('user_session')
      .set({ last_seen_at: sql`now()`, expires_at: sql`least(now() + make_interval(mins => ${SESSION_IDLE_MINUTES}), absolute_expires_at)` })
      .where('id', '=', row.id)
      .execute();
  }
  const grants = typeof row.grants === 'string' ? (JSON.parse(row.grants) as SessionGrant[]) : (row.grants ?? []);
  return {
    id: Number(row.id),
    userId: row.user_id,
    username: row.username,
    displayName: row.display_name,
    csrfToken: row.csrf_token,
    mustChangePassword: row.must_change_password,
    grants,
    unitTree: row.unit_tree ?? null,
  };
}

export async function revokeSession(db: Kysely<Database>, id: number, reason: string): Promise<boolean> {
  const r = await db.updateTable('user_session').set({ revoked_at: sql`now()`, revoked_reason: reason }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function revokeSessionByCookie(db: Kysely<Database>, sessionId: string, reason: string): Promise<void> {
  if (!sessionId || sessionId.length > 200) return;
  await db.updateTable('user_session').set({ revoked_at: sql`now()`, revoked_reason: reason }).where('token_hash', '=', sha256(sessionId)).where('revoked_at', 'is', null).execute();
}

export async function revokeUserSessions(db: Kysely<Database>, userId: number, reason: string, exceptId?: number): Promise<number> {
  let q = db.updateTable('user_session').set({ revoked_at: sql`now()`, revoked_reason: reason }).where('user_id', '=', userId).where('revoked_at', 'is', null);
  if (exceptId !== undefined) q = q.where('id', '<>', exceptId);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export async function listSessions(db: Kysely<Database>, userId: number, includeEnded = false) {
  let q = db
    .selectFrom('user_session')
    .select(['id', 'created_at', 'last_seen_at', 'expires_at', 'ip', 'user_agent', 'revoked_at', 'revoked_reason'])
    .where('user_id', '=', userId);
  if (!includeEnded) q = q.where('revoked_at', 'is', null).where('expires_at', '>', sql<Date>`now()`);
  const rows = await q.orderBy('id', 'desc').limit(200).execute();
  return rows.map((r) => ({
    id: Number(r.id),
    createdAt: r.created_at,
    lastSeenAt: r.last_seen_at,
    expiresAt: r.expires_at,
    ip: r.ip,
    userAgent: r.user_agent,
    revokedAt: r.revoked_at,
    revokedReason: r.revoked_reason,
    active: r.revoked_at === null && new Date(r.expires_at).getTime() > Date.now(),
  }));
}

// ---------------------------------------------------------------- API tokens

export const TOKEN_PREFIX = 'vtk_';

export async function createApiToken(
  db: Kysely<Database>,
  input: { name: string; kind?: 'api' | 'local-cli'; scopes: string[]; unitId: number | null; agencyId: number | null; createdBy: number | null; expiresAt?: Date | null },
): Promise<{ id: number; token: string; prefix: string }> {
  const secret = randomToken(32);
  const token = `${TOKEN_PREFIX}${secret}`;
  const prefix = token.slice(0, 10);
  const { id } = await db
    .insertInto('api_token')
    .values({
      name: input.name,
      kind: input.kind ?? 'api',
      token_hash: sha256(token),
      prefix,
      scopes: input.scopes,
      unit_id: input.unitId,
      agency_id: input.agencyId,
      created_by: input.createdBy,
      expires_at: input.expiresAt ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id, token, prefix };
}

export interface ActiveToken {
  id: number;
  name: string;
  kind: string;
  scopes: string[];
  unitId: number | null;
  agencyId: number | null;
  /** see ActiveSession.unitTree */
  unitTree: string | null;
}

export async function findApiToken(db: Kysely<Database>, token: string): Promise<ActiveToken | null> {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return null;
  const row = await db
    .selectFrom('api_token')
    .select(['id', 'name', 'kind', 'scopes', 'unit_id', 'agency_id', 'last_used_at', UNIT_TREE_TOKEN])
    .where('token_hash', '=', sha256(token))
    .where('revoked_at', 'is', null)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', sql<Date>`now()`)]))
    .executeTakeFirst();
  if (!row) return null;
  if (!row.last_used_at || Date.now() - new Date(row.last_used_at).getTime() > TOUCH_SECONDS * 1000) {
    await db.updateTable('api_token').set({ last_used_at: sql`now()` }).where('id', '=', row.id).execute();
  }
  return { id: row.id, name: row.name, kind: row.kind, scopes: row.scopes, unitId: row.unit_id, agencyId: row.agency_id, unitTree: row.unit_tree ?? null };
}

export async function listApiTokens(db: Kysely<Database>) {
  const rows = await db
    .selectFrom('api_token')
    .select(['id', 'name', 'kind', 'prefix', 'scopes', 'unit_id', 'agency_id', 'created_by', 'created_at', 'expires_at', 'last_used_at', 'revoked_at'])
    .orderBy('id', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id, name: r.name, kind: r.kind, prefix: r.prefix, scopes: r.scopes, unitId: r.unit_id, agencyId: r.agency_id,
    createdBy: r.created_by, createdAt: r.created_at, expiresAt: r.expires_at, lastUsedAt: r.last_used_at, revokedAt: r.revoked_at,
  }));
}
