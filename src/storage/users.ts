/**
 * Accounts: users, role grants, passwords (argon2id), the first administrator, demo users,
 * sign-in attempts (lockout) and the local CLI credential.
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { hash, verify } from '@node-rs/argon2';
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.ts';
import './schema-auth.ts';
import { lockedUntil, LOCKOUT_WINDOW_MINUTES, roleDef } from '../domain/access.ts';
import { PERMISSIONS } from '../api/access.ts';
import { createApiToken, sha256 } from './sessions.ts';

/** argon2id, OWASP parameters (19 MiB, 2 passes, 1 lane). Algorithm 2 = Argon2id. */
const ARGON2 = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export async function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2 as unknown as Parameters<typeof hash>[1]);
}

let dummyHash: Promise<string> | null = null;
/** Verifies; with a null hash it still spends the same time (no user enumeration by timing). */
export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  if (!passwordHash) {
    dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** A readable random password: 4 groups of 4 from an unambiguous alphabet (≈ 80 bits). */
export function generatePassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzACDEFGHJKLMNPQRTUVWXY3479';
  const bytes = randomBytes(16);
  let out = '';
  for (let i = 0; i < 16; i++) {
    out += alphabet[bytes[i] % alphabet.length];
    if (i % 4 === 3 && i < 15) out += '-';
  }
  return out;
}

export function normalizeUsername(username: string): string {
  return username.trim().toLowerCase().normalize('NFC');
}

export interface GrantInput {
  role: string;
  unitId?: number | null;
  agencyId?: number | null;
}
export interface Grant {
  id: number;
  role: string;
  unitId: number | null;
  agencyId: number | null;
  unitName?: string | null;
  agencyName?: string | null;
}
export interface UserRecord {
  id: number;
  username: string;
  displayName: string | null;
  email: string | null;
  active: boolean;
  mustChangePassword: boolean;
  createdAt: Date;
  passwordChangedAt: Date | null;
  grants: Grant[];
}

/** Sets the audit actor for the writes of a system job (first admin, demo users, CLI token). */
export async function asSystem<T>(db: Kysely<Database>, actorName: string, work: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await sql`select set_config('vitreem.actor_name', ${actorName}, true)`.execute(trx);
    return work(trx);
  });
}

export class GrantError extends Error {
  constructor(readonly vi: string, readonly en: string, readonly index: number) {
    super(en);
  }
}

/** Checks grants against roles, units and agencies; fills the unit of agency grants. */
export async function normalizeGrants(db: Kysely<Database>, grants: GrantInput[]): Promise<{ role: string; unitId: number | null; agencyId: number | null }[]> {
  const out: { role: string; unitId: number | null; agencyId: number | null }[] = [];
  for (const [index, g] of grants.entries()) {
    const def = roleDef(g.role);
    if (!def) throw new GrantError(`vai trò không tồn tại: ${g.role}`, `unknown role: ${g.role}`, index);
    let unitId = g.unitId ?? null;
    const agencyId = g.agencyId ?? null;
    if (def.agency && agencyId === null) throw new GrantError('vai trò này cần chọn cơ quan', 'this role needs an agency', index);
    if (!def.agency && agencyId !== null) throw new GrantError('vai trò này không gắn với cơ quan', 'this role is not tied to an agency', index);
    if (agencyId !== null) {
      const agency = await db.selectFrom('agency').select(['id', 'unit_id']).where('id', '=', agencyId).executeTakeFirst();
      if (!agency) throw new GrantError(`không tìm thấy cơ quan ${agencyId}`, `agency ${agencyId} not found`, index);
      if (unitId !== null && unitId !== agency.unit_id) throw new GrantError('cơ quan không thuộc đơn vị đã chọn', 'the agency does not belong to the chosen unit', index);
      unitId = agency.unit_id;
    }
    if (unitId !== null) {
      const unit = await db.selectFrom('admin_unit').select('id').where('id', '=', unitId).executeTakeFirst();
      if (!unit) throw new GrantError(`không tìm thấy đơn vị ${unitId}`, `unit ${unitId} not found`, index);
    }
    if (!out.some((o) => o.role === g.role && o.unitId === unitId && o.agencyId === agencyId)) out.push({ role: g.role, unitId, agencyId });
  }
  return out;
}

export async function createUser(
  db: Kysely<Database>,
  input: { username: string; password: string | null; displayName?: string | null; email?: string | null; mustChangePassword?: boolean; grants?: GrantInput[]; active?: boolean },
): Promise<number> {
  const grants = await normalizeGrants(db, input.grants ?? []);
  const { id } = await db
    .insertInto('app_user')
    .values({
      username: normalizeUsername(input.username),
      display_name: input.displayName ?? null,
      email: input.email ?? null,
      password_hash: input.password === null ? null : await hashPassword(input.password),
      must_change_password: input.mustChangePassword ?? false,
      active: input.active ?? true,
      password_changed_at: input.password === null ? null : new Date(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (grants.length) await db.insertInto('user_grant').values(grants.map((g) => ({ user_id: id, role: g.role, unit_id: g.unitId, agency_id: g.agencyId }))).execute();
  return id;
}

export async function replaceGrants(db: Kysely<Database>, userId: number, grants: GrantInput[]): Promise<void> {
  const normalized = await normalizeGrants(db, grants);
  const existing = await db.selectFrom('user_grant').selectAll().where('user_id', '=', userId).execute();
  const key = (g: { role: string; unitId: number | null; agencyId: number | null }) => `${g.role}|${g.unitId ?? ''}|${g.agencyId ?? ''}`;
  const wanted = new Set(normalized.map(key));
  const have = new Set(existing.map((e) => key({ role: e.role, unitId: e.unit_id, agencyId: e.agency_id })));
  const remove = existing.filter((e) => !wanted.has(key({ role: e.role, unitId: e.unit_id, agencyId: e.agency_id }))).map((e) => e.id);
  if (remove.length) await db.deleteFrom('user_grant').where('id', 'in', remove).execute();
  const add = normalized.filter((g) => !have.has(key(g)));
  if (add.length) await db.insertInto('user_grant').values(add.map((g) => ({ user_id: userId, role: g.role, unit_id: g.unitId, agency_id: g.agencyId }))).execute();
}

export async function setPassword(db: Kysely<Database>, userId: number, password: string, mustChange: boolean): Promise<void> {
  await db
    .updateTable('app_user')
    .set({ password_hash: await hashPassword(password), must_change_password: mustChange, password_changed_at: new Date(), updated_at: new Date() })
    .where('id', '=', userId)
    .execute();
}

export async function getGrants(db: Kysely<Database>, userIds: number[]): Promise<Map<number, Grant[]>> {
  const map = new Map<number, Grant[]>();
  if (userIds.length === 0) return map;
  const rows = await db
    .selectFrom('user_grant as g')
    .leftJoin('admin_unit as u', 'u.id', 'g.unit_id')
    .leftJoin('agency as a', 'a.id', 'g.agency_id')
    .select(['g.id', 'g.user_id', 'g.role', 'g.unit_id', 'g.agency_id', 'u.name as unit_name', 'a.name as agency_name'])
    .where('g.user_id', 'in', userIds)
    .orderBy('g.id')
    .execute();
  for (const r of rows) {
    const list = map.get(r.user_id) ?? [];
    list.push({ id: r.id, role: r.role, unitId: r.unit_id, agencyId: r.agency_id, unitName: r.unit_name, agencyName: r.agency_name });
    map.set(r.user_id, list);
  }
  return map;
}

type UserRow = Database['app_user'] extends infer T ? { [K in keyof T]: any } : never;
function toUser(row: UserRow, grants: Grant[]): UserRecord {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    email: row.email,
    active: row.active,
    mustChangePassword: row.must_change_password,
    createdAt: row.created_at,
    passwordChangedAt: row.password_changed_at,
    grants,
  };
}

const USER_COLUMNS = ['id', 'username', 'display_name', 'email', 'active', 'must_change_password', 'created_at', 'updated_at', 'password_changed_at'] as const;

export async function getUser(db: Kysely<Database>, id: number): Promise<UserRecord | null> {
  const row = await db.selectFrom('app_user').select(USER_COLUMNS).where('id', '=', id).executeTakeFirst();
  if (!row) return null;
  return toUser(row as UserRow, (await getGrants(db, [id])).get(id) ?? []);
}

export async function listUsers(db: Kysely<Database>, filter: { q?: string; active?: boolean; page?: number; pageSize?: number; onlyIds?: 'all' | number[] }) {
  let base = db.selectFrom('app_user');
  if (filter.onlyIds && filter.onlyIds !== 'all') base = filter.onlyIds.length ? base.where('id', 'in', filter.onlyIds) : base.where(sql<boolean>`false`);
  if (filter.q) {
    const pattern = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    base = base.where((eb) => eb.or([eb('username', 'ilike', pattern), eb('display_name', 'ilike', pattern), eb('email', 'ilike', pattern)]));
  }
  if (filter.active !== undefined) base = base.where('active', '=', filter.active);
  const pageSize = Math.min(filter.pageSize ?? 100, 500);
  const page = Math.max(filter.page ?? 1, 1);
  const { total } = await base.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  const rows = await base.select(USER_COLUMNS).orderBy('username').limit(pageSize).offset((page - 1) * pageSize).execute();
  const grants = await getGrants(db, rows.map((r) => r.id));
  return { total: Number(total), page, pageSize, users: rows.map((r) => toUser(r as UserRow, grants.get(r.id) ?? [])) };
}

/** Number of active users holding a national system_admin grant (never let it drop to zero). */
export async function activeAdminCount(db: Kysely<Database>, exceptUserId?: number): Promise<number> {
  let q = db
    .selectFrom('app_user as u')
    .innerJoin('user_grant as g', 'g.user_id', 'u.id')
    .where('u.active', '=', true)
    .where('g.role', '=', 'system_admin')
    .where('g.unit_id', 'is', null);
  if (exceptUserId !== undefined) q = q.where('u.id', '<>', exceptUserId);
  const { n } = await q.select((eb) => eb.fn.count<number>('u.id').distinct().as('n')).executeTakeFirstOrThrow();
  return Number(n);
}

// ---------------------------------------------------------------- sign-in attempts and lockout

export async function lockStatus(db: Kysely<Database>, username: string, now = new Date()): Promise<Date | null> {
  const since = new Date(now.getTime() - LOCKOUT_WINDOW_MINUTES * 60_000);
  const rows = await db
    .selectFrom('login_attempt')
    .select(['at', 'outcome'])
    .where('username', '=', username)
    .where('at', '>', since)
    .orderBy('id')
    .execute();
  let failures: Date[] = [];
  for (const r of rows) {
    if (r.outcome === 'failure') failures.push(new Date(r.at));
    else failures = []; // a success or an administrator's unlock resets the count
  }
  return lockedUntil(failures, now);
}

export async function recordAttempt(db: Kysely<Database>, username: string, outcome: 'failure' | 'success' | 'unlock', ip: string | null): Promise<void> {
  await db.insertInto('login_attempt').values({ username, outcome, ip }).execute();
}

// ---------------------------------------------------------------- first administrator, demo users, CLI credential

/**
 * On an empty accounts table, creates the administrator `admin` with VITREEM_ADMIN_PASSWORD
 * (or `options.password`), or with a generated one-time password that must be changed at the
 * first sign-in. Returns the password to print, or null when an administrator already existed.
 */
export async function ensureFirstAdmin(db: Kysely<Database>, options: { password?: string; username?: string } = {}): Promise<{ username: string; password: string | null; created: boolean }> {
  const username = normalizeUsername(options.username ?? 'admin');
  const existing = await db.selectFrom('app_user').select('id').limit(1).executeTakeFirst();
  if (existing) return { username, password: null, created: false };
  const given = options.password ?? process.env.VITREEM_ADMIN_PASSWORD;
  const password = given && given.length > 0 ? given : generatePassword();
  await asSystem(db, 'system:first-admin', async (trx) => {
    await createUser(trx, {
      username,
      password,
      displayName: 'Quản trị hệ thống',
      mustChangePassword: !given,
      grants: [{ role: 'system_admin', unitId: null }],
    });
  });
  return { username, password, created: true };
}

export const DEMO_PASSWORD = 'vitreem-demo-2025';

export interface DemoUserScope {
  /** the province of the officer, leader, viewer and assessor */
  provinceId: number;
  /** the commune of the case worker and the supervisor */
  communeId: number;
  /** the agency of the reporter */
  agencyId: number;
}

/**
 * One demo user per role (password DEMO_PASSWORD), scoped to the first province in the database
 * (and its first agency for the reporter). Idempotent. With `scope` (the demo data of `npx vitreem demo`),
 * the province, commune and agency are given. Returns what exists.
 */
export async function createDemoUsers(
  db: Kysely<Database>,
  options: { password?: string; /** scope the users to the demo data; existing demo users are re-scoped */ scope?: DemoUserScope } = {},
): Promise<{ username: string; role: string; unitId: number | null; agencyId: number | null; password: string; created: boolean }[]> {
  const password = options.password ?? DEMO_PASSWORD;
  const scope = options.scope;
  const province = scope ? { id: scope.provinceId } : await db.selectFrom('admin_unit').select(['id']).where('level', '=', 'province').where('valid_to', 'is', null).orderBy('id').limit(1).executeTakeFirst();
  const unitId = province?.id ?? null;
  let agency = scope ? await db.selectFrom('agency').select(['id', 'unit_id']).where('id', '=', scope.agencyId).executeTakeFirst() : unitId === null ? undefined : await db.selectFrom('agency').select(['id', 'unit_id']).where('unit_id', '=', unitId).orderBy('id').limit(1).executeTakeFirst();
  agency ??= await db.selectFrom('agency').select(['id', 'unit_id']).orderBy('id').limit(1).executeTakeFirst();
  const commune = scope ? { id: scope.communeId } : unitId === null ? undefined : await db.selectFrom('admin_unit').select('id').where('parent_id', '=', unitId).where('level', '=', 'commune').orderBy('id').limit(1).executeTakeFirst();
  const plan: { username: string; role: string; unitId: number | null; agencyId: number | null; displayName: string }[] = [
    { username: 'demo.admin', role: 'system_admin', unitId: null, agencyId: null, displayName: 'Quản trị (minh họa)' },
    { username: 'demo.officer', role: 'unit_officer', unitId, agencyId: null, displayName: 'Cán bộ tỉnh (minh họa)' },
    { username: 'demo.leader', role: 'leader', unitId, agencyId: null, displayName: 'Lãnh đạo tỉnh (minh họa)' },
    { username: 'demo.viewer', role: 'viewer', unitId, agencyId: null, displayName: 'Người xem (minh họa)' },
    { username: 'demo.caseworker', role: 'case_worker', unitId: commune?.id ?? unitId, agencyId: null, displayName: 'Cán bộ quản lý trường hợp (minh họa)' },
    { username: 'demo.supervisor', role: 'cp_supervisor', unitId: scope ? scope.communeId : unitId, agencyId: null, displayName: 'Giám sát bảo vệ trẻ em (minh họa)' },
    { username: 'demo.assessor', role: 'cff_assessor', unitId, agencyId: null, displayName: 'Đánh giá xã phù hợp với trẻ em (minh họa)' },
  ];
  if (agency) plan.splice(2, 0, { username: 'demo.reporter', role: 'agency_reporter', unitId: agency.unit_id, agencyId: agency.id, displayName: 'Cán bộ báo cáo (minh họa)' });
  const out: { username: string; role: string; unitId: number | null; agencyId: number | null; password: string; created: boolean }[] = [];
  await asSystem(db, 'system:demo', async (trx) => {
    for (const p of plan) {
      const exists = await trx.selectFrom('app_user').select('id').where('username', '=', p.username).executeTakeFirst();
      const grants = [{ role: p.role, unitId: p.unitId, agencyId: p.agencyId }];
      if (!exists) await createUser(trx, { username: p.username, password, displayName: p.displayName, email: `${p.username}@example.org`, grants });
      else if (scope) await replaceGrants(trx, exists.id, grants); // no change when already scoped so
      if (exists) await trx.updateTable('app_user').set({ email: `${p.username}@example.org` }).where('id', '=', exists.id).where('email', 'is', null).execute();
      out.push({ username: p.username, role: p.role, unitId: p.unitId, agencyId: p.agencyId, password, created: !exists });
    }
  });
  return out;
}

/**
 * Who holds a local CLI token: a process on a host, told apart from an earlier process that had the
 * same pid (a container's pid 1 after a restart) by its start time. Token name:
 * `local-cli <host> pid <pid> start <ms>`.
 */
export interface CliTokenHolder {
  host: string;
  pid: number;
  /** when the process started (ms since 1970) */
  startedAt?: number;
}
const CLI_TOKEN_NAME = /^local-cli (.+) pid (\d+)(?: start (\d+))?$/;
export const cliTokenName = (holder: CliTokenHolder) => `local-cli ${holder.host} pid ${holder.pid}${holder.startedAt !== undefined ? ` start ${holder.startedAt}` : ''}`;
const THIS_PROCESS: CliTokenHolder = { host: os.hostname(), pid: process.pid, startedAt: Math.floor(performance.timeOrigin) };

/** Is a process of this host still running? (EPERM: it runs, as another user.) */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * How long a local CLI token lives unless its holder renews it. A holder that runs longer (a server)
 * renews it while less than half is left (`renewLocalCliToken`, hourly); a holder that ended without
 * revoking it (kill -9, power cut, a container gone, another host) leaves a token that expires within
 * this time and is then removed.
 */
export const LOCAL_CLI_TOKEN_TTL_HOURS = 24;
const TTL_MS = LOCAL_CLI_TOKEN_TTL_HOURS * 3600_000;

/**
 * A fresh API token with every permission for the local command line, held by one process (stored
 * hashed, named after its host and pid, expiring after LOCAL_CLI_TOKEN_TTL_HOURS). Several processes
 * may mint one at the same time (two app servers on one PostgreSQL, a CLI command beside a server):
 * none removes another's live token. Removed here: the tokens of processes of this host that no
 * longer run (a crash or kill -9 left them), unnamed ones from before holders were named, and every
 * local CLI token that has expired or was revoked, whatever its host (`purgeLocalCliTokens`). The
 * holder removes its own at its end (releaseLocalCliToken). The caller keeps the plaintext (a 0600
 * file in the data dir, or memory).
 */
export async function ensureLocalCliToken(db: Kysely<Database>, holder: CliTokenHolder = THIS_PROCESS): Promise<string> {
  return asSystem(db, 'system:local-cli', async (trx) => {
    const live = await trx.selectFrom('api_token').select(['id', 'name']).where('kind', '=', 'local-cli').where('revoked_at', 'is', null).execute();
    const stale = live
      .filter((t) => {
        const named = CLI_TOKEN_NAME.exec(t.name);
        if (!named) return true; // 'local-cli' from before tokens were named after their holder
        if (named[1] !== holder.host) return false; // another host's processes cannot be checked from here: its token expires
        const pid = Number(named[2]);
        // our pid but another start time: an earlier process that had our pid (it has ended)
        if (pid === holder.pid) return named[3] !== undefined && holder.startedAt !== undefined && Number(named[3]) !== holder.startedAt;
        return !processAlive(pid);
      })
      .map((t) => t.id);
    if (stale.length) await trx.deleteFrom('api_token').where('id', 'in', stale).where('kind', '=', 'local-cli').execute();
    await deleteEndedLocalCliTokens(trx);
    const { token } = await createApiToken(trx, { name: cliTokenName(holder), kind: 'local-cli', scopes: [...PERMISSIONS], unitId: null, agencyId: null, createdBy: null, expiresAt: new Date(Date.now() + TTL_MS) });
    return token;
  });
}

/**
 * Deletes the local CLI tokens no process holds any more: expired, revoked (by an administrator, or
 * by an older version at its end), or from before tokens expired (no expiry) and unused for
 * LOCAL_CLI_TOKEN_TTL_HOURS. Run at every mint, at server start and hourly by a running server.
 * API tokens made by administrators (kind 'api') are never touched. Returns how many went.
 */
export async function purgeLocalCliTokens(db: Kysely<Database>): Promise<number> {
  return asSystem(db, 'system:local-cli', (trx) => deleteEndedLocalCliTokens(trx));
}

async function deleteEndedLocalCliTokens(trx: Kysely<Database>): Promise<number> {
  const ttl = sql<Date>`now() - make_interval(hours => ${LOCAL_CLI_TOKEN_TTL_HOURS})`;
  const gone = await trx
    .deleteFrom('api_token')
    .where('kind', '=', 'local-cli')
    .where((eb) =>
      eb.or([
        eb('revoked_at', 'is not', null),
        eb('expires_at', '<=', sql<Date>`now()`),
        eb.and([eb('expires_at', 'is', null), eb(eb.fn.coalesce('last_used_at', 'created_at'), '<', ttl)]),
      ]),
    )
    .returning('id')
    .execute();
  return gone.length;
}

/**
 * Called by the holder of a long-lived token (a server, hourly): pushes its expiry back to
 * LOCAL_CLI_TOKEN_TTL_HOURS from now once less than half of that is left (so at most two audited
 * updates a day), and purges the ended tokens. 'gone' when the token no longer exists or was revoked
 * (an administrator revoked it, or the holder was suspended past its expiry): it is not re-minted.
 */
export async function renewLocalCliToken(db: Kysely<Database>, token: string): Promise<'renewed' | 'valid' | 'gone'> {
  return asSystem(db, 'system:local-cli', async (trx) => {
    const own = trx.selectFrom('api_token').where('kind', '=', 'local-cli').where('token_hash', '=', sha256(token)).where('revoked_at', 'is', null).where('expires_at', '>', sql<Date>`now()`);
    const found = await own.select('id').executeTakeFirst();
    let outcome: 'renewed' | 'valid' | 'gone' = 'gone';
    if (found) {
      const renewed = await trx
        .updateTable('api_token')
        .set({ expires_at: new Date(Date.now() + TTL_MS) })
        .where('id', '=', found.id)
        .where('expires_at', '<', sql<Date>`now() + make_interval(hours => ${LOCAL_CLI_TOKEN_TTL_HOURS / 2})`)
        .executeTakeFirst();
      outcome = Number(renewed.numUpdatedRows) > 0 ? 'renewed' : 'valid';
    }
    await deleteEndedLocalCliTokens(trx);
    return outcome;
  });
}

/** Removes a local CLI token when its holder ends (server stop, CLI command done). */
export async function releaseLocalCliToken(db: Kysely<Database>, token: string): Promise<void> {
  await asSystem(db, 'system:local-cli', async (trx) => {
    await trx.deleteFrom('api_token').where('kind', '=', 'local-cli').where('token_hash', '=', sha256(token)).execute();
  });
}
