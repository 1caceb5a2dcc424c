/**
 * Sign-in, the current session, sign-out (here and everywhere) and the caller's own password.
 * Cookies: `vitreem_session` (httpOnly, SameSite=Strict, Secure over TLS) and `vitreem_csrf`
 * (readable by the web app, echoed in the x-csrf-token header on every state-changing request).
 */
import { usablePermissions } from '../../domain/policy.ts';
import type { GrantLike } from '../../domain/access.ts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { App, AppContext } from '../app.ts';
import { PERMISSIONS } from '../access.ts';
import { AppError, badRequest, unauthenticated } from '../errors.ts';
import { writeTransaction } from '../transaction.ts';
import { CSRF_COOKIE, SESSION_COOKIE } from '../auth/hooks.ts';
import { grantUnitIds } from '../auth/scope.ts';
import { passwordProblems, ROLES } from '../../domain/access.ts';
import { getUser, lockStatus, normalizeUsername, recordAttempt, setPassword, verifyPassword } from '../../storage/users.ts';
import { createSession, revokeSession, revokeSessionByCookie, revokeUserSessions } from '../../storage/sessions.ts';
import { auditEvent } from '../../storage/audit.ts';
import '../../storage/schema-auth.ts';

const signInLimit = () => Number(process.env.VITREEM_SIGNIN_RATE_LIMIT ?? 30);

export function setSessionCookies(request: FastifyRequest, reply: FastifyReply, sessionId: string, csrfToken: string): void {
  const secure = request.protocol === 'https';
  void reply.setCookie(SESSION_COOKIE, sessionId, { path: '/', httpOnly: true, sameSite: 'strict', secure });
  void reply.setCookie(CSRF_COOKIE, csrfToken, { path: '/', httpOnly: false, sameSite: 'strict', secure });
}

function clearSessionCookies(request: FastifyRequest, reply: FastifyReply): void {
  const secure = request.protocol === 'https';
  void reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'strict', secure });
  void reply.clearCookie(CSRF_COOKIE, { path: '/', sameSite: 'strict', secure });
}

export function passwordSchema() {
  return z.string().min(1).max(200);
}

export function assertPasswordAcceptable(password: string, username: string, field: string): void {
  const problems = passwordProblems(password, username);
  if (problems.length) {
    throw badRequest('weak_password', `Mật khẩu chưa đạt: ${problems.map((p) => p.vi).join('; ')}.`, `Password rejected: ${problems.map((p) => p.en).join('; ')}.`, [field]);
  }
}

/** Permissions some grant can actually use (national-only actions only from national grants). */
function usableOf(grants: readonly GrantLike[]): string[] {
  return PERMISSIONS.filter((p) => grants.some((g) => usablePermissions(g, PERMISSIONS).includes(p)));
}

export default async function authRoutes(app: App, context: AppContext): Promise<void> {
  const db = context.db;

  app.post(
    '/session',
    {
      config: { access: 'public', rateLimit: { max: signInLimit(), timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary: 'Sign in (username + password); sets the session and CSRF cookies',
        body: z.object({ username: z.string().min(1).max(100), password: z.string().min(1).max(500) }),
      },
    },
    async (request, reply) => {
      const username = normalizeUsername(request.body.username);
      const ip = request.ip;
      const locked = await lockStatus(db, username);
      if (locked) {
        await auditEvent(db, null, { action: 'sign_in_locked', table: 'app_user', detail: { username }, ip });
        throw new AppError(423, 'account_locked', 'Tài khoản tạm khoá vì đăng nhập sai nhiều lần. Vui lòng thử lại sau 15 phút hoặc liên hệ quản trị viên.', 'The account is temporarily locked after repeated failed sign-ins. Try again in 15 minutes or ask an administrator.', undefined, { lockedUntil: locked.toISOString() });
      }
      const user = await db.selectFrom('app_user').select(['id', 'username', 'password_hash', 'active']).where('username', '=', username).executeTakeFirst();
      const ok = await verifyPassword(user?.active ? user.password_hash : null, request.body.password);
      if (!ok || !user) {
        await recordAttempt(db, username, 'failure', ip);
        await auditEvent(db, null, { action: 'sign_in_failed', table: 'app_user', rowId: user?.id ?? null, detail: { username }, ip });
        throw new AppError(401, 'invalid_credentials', 'Tên đăng nhập hoặc mật khẩu không đúng.', 'Wrong username or password.');
      }
      // never adopt a session id the browser brought along: end it and issue a new one
      const previous = request.cookies?.[SESSION_COOKIE];
      if (previous) await revokeSessionByCookie(db, previous, 'replaced by sign-in');
      await recordAttempt(db, username, 'success', ip);
      const session = await createSession(db, user.id, { ip, userAgent: request.headers['user-agent'] ?? null });
      await auditEvent(db, { actorId: user.id, actorName: user.username }, { action: 'sign_in', table: 'user_session', rowId: session.id, ip, requestId: String(request.id) });
      setSessionCookies(request, reply, session.sessionId, session.csrfToken);
      const me = await getUser(db, user.id);
      return { user: me && publicUser(me), grants: me?.grants ?? [], permissions: usableOf(me?.grants ?? []), csrfToken: session.csrfToken, expiresAt: session.expiresAt };
    },
  );

  app.get('/session', { config: { access: 'authenticated' }, schema: { tags: ['auth'], summary: 'The signed-in caller: user, grants, permissions' } }, async (request) => {
    const actor = request.actor!;
    const me = actor.userId === null ? null : await getUser(db, actor.userId);
    const grants = await Promise.all(
      (me?.grants ?? actor.grants).map(async (g) => ({
        ...g,
        // what the policy lets this grant use: a scoped grant never carries national-only actions
        permissions: usablePermissions(g, PERMISSIONS),
        unitIds: await grantUnitIds(db, g),
      })),
    );
    return {
      user: me ? publicUser(me) : { id: null, username: actor.username, displayName: null, mustChangePassword: false },
      via: actor.via,
      grants,
      permissions: usableOf(actor.grants),
      csrfToken: actor.via === 'session' ? (request.cookies?.vitreem_csrf ?? null) : null,
      roles: ROLES.map((r) => ({ role: r.role, labelVi: r.labelVi, labelEn: r.labelEn })),
    };
  });

  app.delete('/session', { config: { access: 'authenticated' }, schema: { tags: ['auth'], summary: 'Sign out (ends this session)' } }, async (request, reply) => {
    const actor = request.actor!;
    if (actor.sessionId !== undefined) {
      await revokeSession(db, actor.sessionId, 'signed out');
      await auditEvent(db, actor, { action: 'sign_out', table: 'user_session', rowId: actor.sessionId, ip: request.ip, requestId: String(request.id) });
    }
    clearSessionCookies(request, reply);
    return { ok: true };
  });

  app.post('/session/logout-all', { config: { access: 'authenticated' }, schema: { tags: ['auth'], summary: 'Sign out everywhere (ends every session of the caller)' } }, async (request, reply) => {
    const actor = request.actor!;
    if (actor.userId === null) throw unauthenticated();
    const ended = await revokeUserSessions(db, actor.userId, 'signed out everywhere');
    await auditEvent(db, actor, { action: 'sign_out_all', table: 'app_user', rowId: actor.userId, detail: { sessions: ended }, ip: request.ip, requestId: String(request.id) });
    clearSessionCookies(request, reply);
    return { ok: true, ended };
  });

  app.post(
    '/me/password',
    {
      // counted like sign-in: the same rate limit, attempt counter and lockout (a stolen session cannot guess the password)
      config: { access: 'authenticated', rateLimit: { max: signInLimit(), timeWindow: '1 minute' } },
      schema: { tags: ['auth'], summary: 'Change the own password (ends the other sessions)', body: z.object({ currentPassword: passwordSchema(), newPassword: passwordSchema() }) },
    },
    async (request) => {
      const actor = request.actor!;
      if (actor.userId === null) throw unauthenticated();
      const row = await db.selectFrom('app_user').select(['username', 'password_hash']).where('id', '=', actor.userId).executeTakeFirstOrThrow();
      const locked = await lockStatus(db, row.username);
      if (locked) {
        await auditEvent(db, { actorId: actor.userId, actorName: row.username }, { action: 'password_change_locked', table: 'app_user', rowId: actor.userId, ip: request.ip });
        throw new AppError(423, 'account_locked', 'Tài khoản tạm khoá vì nhập sai mật khẩu nhiều lần. Vui lòng thử lại sau 15 phút hoặc liên hệ quản trị viên.', 'The account is temporarily locked after repeated wrong passwords. Try again in 15 minutes or ask an administrator.', undefined, { lockedUntil: locked.toISOString() });
      }
      if (!(await verifyPassword(row.password_hash, request.body.currentPassword))) {
        await recordAttempt(db, row.username, 'failure', request.ip);
        await auditEvent(db, { actorId: actor.userId, actorName: row.username }, { action: 'password_change_failed', table: 'app_user', rowId: actor.userId, ip: request.ip });
        throw badRequest('wrong_password', 'Mật khẩu hiện tại không đúng.', 'The current password is wrong.', ['body', 'currentPassword']);
      }
      await recordAttempt(db, row.username, 'success', request.ip);
      if (request.body.newPassword === request.body.currentPassword) {
        throw badRequest('same_password', 'Mật khẩu mới phải khác mật khẩu hiện tại.', 'The new password must differ from the current one.', ['body', 'newPassword']);
      }
      assertPasswordAcceptable(request.body.newPassword, row.username, 'newPassword');
      await writeTransaction(request, async (trx) => {
        await setPassword(trx, actor.userId!, request.body.newPassword, false);
        await revokeUserSessions(trx, actor.userId!, 'password changed', actor.sessionId);
      });
      return { ok: true };
    },
  );
}

export function publicUser(u: { id: number; username: string; displayName: string | null; email?: string | null; active?: boolean; mustChangePassword: boolean }) {
  return { id: u.id, username: u.username, displayName: u.displayName, email: u.email ?? null, active: u.active ?? true, mustChangePassword: u.mustChangePassword };
}
