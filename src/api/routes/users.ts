/**
 * User administration (permission users.admin): users, deactivation, password reset, role grants,
 * sessions; API tokens (shown once, stored hashed). The role catalogue for the web app.
 */
import { z } from 'zod';
import type { App, AppContext } from '../app.ts';
import type { FastifyRequest } from 'fastify';
import { everything, PERMISSIONS, type Permission } from '../access.ts';
import type { Located } from '../../domain/policy.ts';
import { accountsLocated, administrableUserIds, tokenLocated } from '../auth/scope.ts';
import { AppError, badRequest, conflict, notFound } from '../errors.ts';
import { writeTransaction } from '../transaction.ts';
import { ROLES } from '../../domain/access.ts';
import { decidePolicy } from '../../domain/policy.ts';
import {
  activeAdminCount, createUser, generatePassword, getUser, GrantError, listUsers, normalizeUsername, recordAttempt, replaceGrants, setPassword,
} from '../../storage/users.ts';
import { createApiToken, listApiTokens, listSessions, revokeSession, revokeUserSessions } from '../../storage/sessions.ts';
import { auditEvent } from '../../storage/audit.ts';
import { assertPasswordAcceptable, publicUser } from './auth.ts';
import '../../storage/schema-auth.ts';

/** The accounts a request administers: the target user's grants (and the grants it is given). */
const targetUser = (extra?: (request: FastifyRequest) => GrantInput[]) => async (request: FastifyRequest): Promise<Located> => {
  const id = Number((request.params as { id?: unknown }).id);
  const user = Number.isInteger(id) && id > 0 ? await getUser(request.server.context.db, id) : undefined;
  // a missing user: placed as a national account (only a national administrator learns it is missing)
  const grants = user ? user.grants.map((g) => ({ role: g.role, unitId: g.unitId, agencyId: g.agencyId })) : null;
  if (!grants) return { kind: 'national' };
  return accountsLocated(request, [...grants, ...(extra ? extra(request) : [])]);
};
type GrantInput = { role: string; unitId: number | null; agencyId: number | null; permissions?: readonly string[] };
const bodyGrants = (request: FastifyRequest): GrantInput[] =>
  ((request.body as { grants?: { role: string; unitId?: number | null; agencyId?: number | null }[] } | undefined)?.grants ?? []).map((g) => ({ role: g.role, unitId: g.unitId ?? null, agencyId: g.agencyId ?? null }));
const ADMIN = { access: { action: 'users.admin' as const, resource: 'user' as const, load: targetUser() } };
const USER_LIST = { access: { action: 'users.admin' as const, resource: 'user' as const, load: everything } };

const idParams = z.object({ id: z.coerce.number().int().positive().max(2147483647) });
const grantSchema = z.object({
  role: z.enum(ROLES.map((r) => r.role) as [string, ...string[]]),
  unitId: z.number().int().positive().nullable().optional(),
  agencyId: z.number().int().positive().nullable().optional(),
});
const usernameSchema = z
  .string()
  .trim()
  .min(2)
  .max(63)
  .transform(normalizeUsername)
  .refine((v) => /^[a-z0-9][a-z0-9._-]{1,62}$/.test(v), { message: 'username: lowercase letters, digits, dot, dash, underscore', params: { vi: 'tên đăng nhập chỉ gồm chữ thường không dấu, số, dấu chấm, gạch ngang, gạch dưới' } });

function grantFailure(error: unknown): never {
  if (error instanceof GrantError) throw badRequest('invalid_grant', `Quyền không hợp lệ: ${error.vi}.`, `Invalid grant: ${error.en}.`, ['body', 'grants', error.index]);
  throw error;
}

export default async function userRoutes(app: App, context: AppContext): Promise<void> {
  const db = context.db;
  const mustExist = async (id: number) => {
    const u = await getUser(db, id);
    if (!u) throw notFound('người dùng', 'User', ['params', 'id']);
    return u;
  };

  app.get('/roles', { config: { access: 'authenticated' }, schema: { tags: ['users'], summary: 'Roles and their permissions' } }, async () => ({
    roles: ROLES.map((r) => ({ ...r, permissions: r.permissions === '*' ? [...PERMISSIONS] : [...r.permissions] })),
    permissions: PERMISSIONS,
  }));

  app.get(
    '/users',
    { config: USER_LIST, schema: { tags: ['users'], summary: 'List users (the accounts the caller administers)', querystring: z.object({ q: z.string().max(200).optional(), active: z.enum(['true', 'false']).optional(), page: z.coerce.number().int().min(1).max(100000).optional() }) } },
    async (request) => {
      const r = await listUsers(db, { q: request.query.q, active: request.query.active === undefined ? undefined : request.query.active === 'true', page: request.query.page, onlyIds: await administrableUserIds(request) });
      return { ...r, users: r.users.map((u) => ({ ...publicUser(u), createdAt: u.createdAt, passwordChangedAt: u.passwordChangedAt, grants: u.grants })) };
    },
  );

  app.post(
    '/users',
    {
      config: { access: { action: 'users.admin', resource: 'user', load: (request) => accountsLocated(request, bodyGrants(request)) } },
      schema: {
        tags: ['users'],
        summary: 'Create a user (a one-time password is generated when none is given)',
        body: z.object({
          username: usernameSchema,
          displayName: z.string().trim().max(200).nullable().optional(),
          email: z.string().trim().max(200).email().nullable().optional(),
          password: z.string().max(200).optional(),
          mustChangePassword: z.boolean().optional(),
          grants: z.array(grantSchema).max(50).optional(),
        }),
      },
    },
    async (request, reply) => {
      const body = request.body;
      const existing = await db.selectFrom('app_user').select('id').where('username', '=', body.username).executeTakeFirst();
      if (existing) throw conflict('username_taken', 'Tên đăng nhập đã tồn tại.', 'The username is taken.', ['body', 'username']);
      if (body.password !== undefined) assertPasswordAcceptable(body.password, body.username, 'password');
      const password = body.password ?? generatePassword();
      const id = await writeTransaction(request, (trx) =>
        createUser(trx, { username: body.username, displayName: body.displayName ?? null, email: body.email ?? null, password, mustChangePassword: body.mustChangePassword ?? true, grants: body.grants ?? [] }),
      ).catch(grantFailure);
      const user = await mustExist(id);
      void reply.status(201);
      return { user: { ...publicUser(user), grants: user.grants }, ...(body.password === undefined ? { oneTimePassword: password } : {}) };
    },
  );

  app.get('/users/:id', { config: ADMIN, schema: { tags: ['users'], summary: 'One user with grants', params: idParams } }, async (request) => {
    const user = await mustExist(request.params.id);
    return { user: { ...publicUser(user), createdAt: user.createdAt, passwordChangedAt: user.passwordChangedAt, grants: user.grants } };
  });

  app.patch(
    '/users/:id',
    {
      config: ADMIN,
      schema: {
        tags: ['users'],
        summary: 'Change name, e-mail, active',
        params: idParams,
        body: z.object({ displayName: z.string().trim().max(200).nullable().optional(), email: z.string().trim().max(200).email().nullable().optional(), active: z.boolean().optional() }),
      },
    },
    async (request) => {
      const id = request.params.id;
      await mustExist(id);
      const body = request.body;
      await writeTransaction(request, async (trx) => {
        if (body.active === false) await guardLastAdmin(trx, id);
        const set: Record<string, unknown> = { updated_at: new Date() };
        if (body.displayName !== undefined) set.display_name = body.displayName;
        if (body.email !== undefined) set.email = body.email;
        if (body.active !== undefined) set.active = body.active;
        await trx.updateTable('app_user').set(set).where('id', '=', id).execute();
        if (body.active === false) await revokeUserSessions(trx, id, 'deactivated');
      });
      const user = await mustExist(id);
      return { user: { ...publicUser(user), grants: user.grants } };
    },
  );

  app.post('/users/:id/deactivate', { config: ADMIN, schema: { tags: ['users'], summary: 'Deactivate (ends every session)', params: idParams } }, async (request) => {
    const id = request.params.id;
    await mustExist(id);
    await writeTransaction(request, async (trx) => {
      await guardLastAdmin(trx, id);
      await trx.updateTable('app_user').set({ active: false, updated_at: new Date() }).where('id', '=', id).execute();
      await revokeUserSessions(trx, id, 'deactivated');
    });
    return { user: publicUser(await mustExist(id)) };
  });

  app.post('/users/:id/activate', { config: ADMIN, schema: { tags: ['users'], summary: 'Reactivate', params: idParams } }, async (request) => {
    const id = request.params.id;
    await mustExist(id);
    await writeTransaction(request, (trx) => trx.updateTable('app_user').set({ active: true, updated_at: new Date() }).where('id', '=', id).execute());
    return { user: publicUser(await mustExist(id)) };
  });

  app.post(
    '/users/:id/password',
    {
      config: ADMIN,
      schema: { tags: ['users'], summary: 'Reset the password (generated one-time password unless given); ends sessions, clears the lockout', params: idParams, body: z.object({ password: z.string().max(200).optional() }).optional() },
    },
    async (request) => {
      const user = await mustExist(request.params.id);
      const given = request.body?.password;
      if (given !== undefined) assertPasswordAcceptable(given, user.username, 'password');
      const password = given ?? generatePassword();
      await writeTransaction(request, async (trx) => {
        await setPassword(trx, user.id, password, true);
        await revokeUserSessions(trx, user.id, 'password reset');
        await recordAttempt(trx, user.username, 'unlock', request.ip);
      });
      return { ok: true, ...(given === undefined ? { oneTimePassword: password } : {}) };
    },
  );

  app.post('/users/:id/unlock', { config: ADMIN, schema: { tags: ['users'], summary: 'Lift a sign-in lockout', params: idParams } }, async (request) => {
    const user = await mustExist(request.params.id);
    await recordAttempt(db, user.username, 'unlock', request.ip);
    await auditEvent(db, request.actor, { action: 'unlock', table: 'app_user', rowId: user.id, ip: request.ip, requestId: String(request.id) });
    return { ok: true };
  });

  app.put(
    '/users/:id/grants',
    { config: { access: { action: 'users.admin', resource: 'user', load: targetUser(bodyGrants) } }, schema: { tags: ['users'], summary: 'Replace the role grants (the caller must administer the old and the new grants)', params: idParams, body: z.object({ grants: z.array(grantSchema).max(50) }) } },
    async (request) => {
      const id = request.params.id;
      await mustExist(id);
      await writeTransaction(request, async (trx) => {
        await replaceGrants(trx, id, request.body.grants);
        if ((await activeAdminCount(trx)) === 0) throw lastAdminError();
      }).catch(grantFailure);
      const user = await mustExist(id);
      return { user: { ...publicUser(user), grants: user.grants } };
    },
  );

  app.get('/users/:id/sessions', { config: ADMIN, schema: { tags: ['users'], summary: "A user's sessions", params: idParams, querystring: z.object({ all: z.enum(['true', 'false']).optional() }) } }, async (request) => {
    await mustExist(request.params.id);
    return { sessions: await listSessions(db, request.params.id, request.query.all === 'true') };
  });

  app.delete(
    '/users/:id/sessions/:sessionId',
    { config: ADMIN, schema: { tags: ['users'], summary: 'End one session of a user', params: z.object({ id: z.coerce.number().int().positive().max(2147483647), sessionId: z.coerce.number().int().positive() }) } },
    async (request) => {
      const owner = await db.selectFrom('user_session').select('user_id').where('id', '=', request.params.sessionId).executeTakeFirst();
      if (!owner || owner.user_id !== request.params.id) throw notFound('phiên đăng nhập', 'Session', ['params', 'sessionId']);
      await revokeSession(db, request.params.sessionId, 'revoked by administrator');
      await auditEvent(db, request.actor, { action: 'revoke_session', table: 'user_session', rowId: request.params.sessionId, detail: { userId: request.params.id }, ip: request.ip, requestId: String(request.id) });
      return { ok: true };
    },
  );

  app.post('/users/:id/sessions/revoke-all', { config: ADMIN, schema: { tags: ['users'], summary: 'End every session of a user', params: idParams } }, async (request) => {
    await mustExist(request.params.id);
    const ended = await revokeUserSessions(db, request.params.id, 'revoked by administrator');
    await auditEvent(db, request.actor, { action: 'revoke_sessions', table: 'app_user', rowId: request.params.id, detail: { sessions: ended }, ip: request.ip, requestId: String(request.id) });
    return { ok: true, ended };
  });

  // ---------------------------------------------------------------- API tokens

  app.get('/tokens', { config: { access: { action: 'users.admin', resource: 'token', load: everything } }, schema: { tags: ['users'], summary: 'API tokens the caller administers (never the secret)' } }, async (request) => {
    const tokens = await listApiTokens(db);
    const shown = [];
    for (const t of tokens) if (await administers(request, await tokenLocated(request, t))) shown.push(t);
    return { tokens: shown };
  });

  app.post(
    '/tokens',
    {
      config: {
        access: {
          action: 'users.admin', resource: 'token',
          load: (request) => {
            const b = request.body as { scopes?: string[]; unitId?: number | null; agencyId?: number | null };
            return accountsLocated(request, [{ role: 'api_token', unitId: b.unitId ?? null, agencyId: b.agencyId ?? null, permissions: b.scopes ?? [] }]);
          },
        },
      },
      schema: {
        tags: ['users'],
        summary: 'Create an API token for system-to-system exchange (the token is shown once; scopes and unit within the caller\'s own)',
        body: z.object({
          name: z.string().trim().min(1).max(100),
          scopes: z.array(z.enum(PERMISSIONS)).min(1).max(PERMISSIONS.length),
          unitId: z.number().int().positive().nullable().optional(),
          agencyId: z.number().int().positive().nullable().optional(),
          expiresAt: z.iso.datetime({ offset: true }).nullable().optional(),
        }),
      },
    },
    async (request, reply) => {
      const body = request.body;
      if (body.unitId != null && !(await db.selectFrom('admin_unit').select('id').where('id', '=', body.unitId).executeTakeFirst())) throw notFound('đơn vị', 'Unit', ['body', 'unitId']);
      if (body.agencyId != null && !(await db.selectFrom('agency').select('id').where('id', '=', body.agencyId).executeTakeFirst())) throw notFound('cơ quan', 'Agency', ['body', 'agencyId']);
      if (body.expiresAt && new Date(body.expiresAt).getTime() <= Date.now()) throw badRequest('expired', 'Thời hạn phải ở tương lai.', 'The expiry must be in the future.', ['body', 'expiresAt']);
      const created = await writeTransaction(request, (trx) =>
        createApiToken(trx, { name: body.name, scopes: [...new Set(body.scopes)] as Permission[], unitId: body.unitId ?? null, agencyId: body.agencyId ?? null, createdBy: request.actor?.userId ?? null, expiresAt: body.expiresAt ? new Date(body.expiresAt) : null }),
      );
      void reply.status(201);
      return { id: created.id, prefix: created.prefix, token: created.token };
    },
  );

  app.delete('/tokens/:id', {
    config: {
      access: {
        action: 'users.admin', resource: 'token',
        load: async (request) => {
          const row = await request.server.context.db.selectFrom('api_token').select(['id', 'unit_id', 'agency_id', 'scopes']).where('id', '=', Number((request.params as { id: number }).id)).executeTakeFirst();
          return row ? tokenLocated(request, { unitId: row.unit_id, agencyId: row.agency_id, scopes: row.scopes as string[] }) : { kind: 'national' as const };
        },
      },
    }, schema: { tags: ['users'], summary: 'Revoke an API token', params: idParams } }, async (request) => {
    const updated = await writeTransaction(request, (trx) => trx.updateTable('api_token').set({ revoked_at: new Date() }).where('id', '=', request.params.id).where('revoked_at', 'is', null).executeTakeFirst());
    if (Number(updated.numUpdatedRows) === 0) throw notFound('mã truy cập còn hiệu lực', 'Active token', ['params', 'id']);
    return { ok: true };
  });
}

async function administers(request: FastifyRequest, located: Located): Promise<boolean> {
  return decidePolicy(request.actor?.grants ?? [], 'users.admin', 'token', located);
}

function lastAdminError() {
  return new AppError(409, 'last_admin', 'Không thể bỏ quyền hay khoá quản trị viên hệ thống cuối cùng.', 'The last system administrator cannot be removed or deactivated.');
}

async function guardLastAdmin(db: Parameters<typeof activeAdminCount>[0], userId: number): Promise<void> {
  if ((await activeAdminCount(db, userId)) === 0) {
    const isAdmin = await db.selectFrom('user_grant').select('id').where('user_id', '=', userId).where('role', '=', 'system_admin').where('unit_id', 'is', null).executeTakeFirst();
    if (isAdmin) throw lastAdminError();
  }
}
