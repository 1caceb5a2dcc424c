/**
 * THE access check, used by every route (deny by default):
 *  1. onRequest: a route without `config.access` is refused; 'public' passes; otherwise the caller
 *     is resolved from the `Authorization: Bearer` API token or the `vitreem_session` cookie
 *     (401 when neither is valid) — before any body is parsed.
 *  2. preHandler (after validation, so unit resolvers may read params/body): CSRF for session
 *     callers on state-changing methods (header x-csrf-token = the session's token), the
 *     password-change gate, then the permission and scope test of src/domain/access.ts.
 * Also registers the security headers and the sign-in rate limit.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import type { AppContext } from '../app.ts';
import type { AccessRule, Actor, PolicyRule } from '../access.ts';
import { AppError, forbidden, notFound, unauthenticated } from '../errors.ts';
import { grantHasPermission } from '../../domain/access.ts';
import { decidePolicy, ruleFor, type Located } from '../../domain/policy.ts';
import { findApiToken, findSession } from '../../storage/sessions.ts';
import { locate, setUnitTreeToken } from './scope.ts';

export const SESSION_COOKIE = 'vitreem_session';
export const CSRF_COOKIE = 'vitreem_csrf';
export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** routes a user whose password was reset may still use */
const PASSWORD_CHANGE_ROUTES = new Set(['/api/session', '/api/session/logout-all', '/api/me/password']);

const csrfOf = new WeakMap<FastifyRequest, string>();
/** what the access check located for the request (handlers may read it with `locatedOf`) */
const accessed = new WeakMap<FastifyRequest, Located>();
export function locatedOf(request: FastifyRequest): Located | undefined {
  return accessed.get(request);
}

export interface RouteInfo {
  method: string;
  url: string;
  access: AccessRule | undefined;
  schema: RouteOptions['schema'];
  /** a route's own body limit, when it sets one */
  bodyLimit?: number;
}

async function resolveActor(request: FastifyRequest, context: AppContext): Promise<Actor | null> {
  const authorization = request.headers.authorization;
  if (typeof authorization === 'string' && authorization.length > 0) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (!match) return null;
    const token = await findApiToken(context.db, match[1]);
    if (!token) return null;
    setUnitTreeToken(request, token.unitTree);
    return {
      userId: null,
      username: `${token.kind === 'local-cli' ? 'cli' : 'token'}:${token.name}#${token.id}`,
      grants: [{ role: 'api_token', unitId: token.unitId, agencyId: token.agencyId, permissions: token.scopes }],
      via: token.kind === 'local-cli' ? 'local-cli' : 'token',
      tokenId: token.id,
    };
  }
  const sessionId = request.cookies?.[SESSION_COOKIE];
  if (!sessionId) return null;
  const session = await findSession(context.db, sessionId);
  if (!session) return null;
  csrfOf.set(request, session.csrfToken);
  setUnitTreeToken(request, session.unitTree);
  return {
    userId: session.userId,
    username: session.username,
    displayName: session.displayName,
    grants: session.grants,
    via: 'session',
    sessionId: session.id,
    mustChangePassword: session.mustChangePassword,
  };
}

/** The policy check of one request (exported for the route × role matrix test). */
export async function isAllowed(actor: Actor, rule: PolicyRule, request: FastifyRequest): Promise<boolean> {
  // quick refusal without touching the database when no grant carries the action at all
  if (!actor.grants.some((g) => grantHasPermission(g, rule.action))) return false;
  const located = await locate(request, rule);
  accessed.set(request, located);
  return decidePolicy(actor.grants, rule.action, rule.resource, located);
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * A route must declare its access: 'public', 'authenticated' or a policy { action, resource, load } whose
 * (resource, action) pair is in the policy table. Anything else stops the server from starting, so a new
 * route without a policy fails every test. The policy is also written into the route's OpenAPI operation
 * (`x-policy`, `security`, `operationId`).
 */
function assertDeclared(route: RouteOptions): void {
  const url = route.url ?? "";
  if (!url.startsWith('/api') || url.startsWith('/api/docs')) return;
  const rule = route.config?.access;
  const where = `${String(route.method)} ${url}`;
  if (rule === 'public' || rule === 'authenticated') return;
  if (!rule || typeof rule !== 'object') throw new Error(`access: ${where} declares no access policy (config.access)`);
  if (typeof rule.load !== 'function') throw new Error(`access: ${where} declares no resource loader (config.access.load)`);
  if (!ruleFor(rule.resource, rule.action)) throw new Error(`access: ${where} declares (${rule.resource}, ${rule.action}), which the policy table does not have`);
}

export async function registerAccessControl(app: FastifyInstance, context: AppContext): Promise<void> {
  app.decorateRequest('actor', null);

  // ------------------------------------------------------------ security headers
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    frameguard: { action: 'deny' },
    hsts: false, // only over TLS, below
    referrerPolicy: { policy: 'same-origin' },
    crossOriginEmbedderPolicy: false,
  });
  app.addHook('onSend', async (request, reply) => {
    if (request.protocol === 'https') reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
    if (request.url.startsWith('/api/') && !request.url.startsWith('/api/docs')) reply.header('cache-control', 'no-store');
  });

  // ------------------------------------------------------------ sign-in rate limit (per client address; routes opt in with config.rateLimit)
  await app.register(rateLimit, { global: false });

  // ------------------------------------------------------------ the route list (the security suite enumerates it)
  const routes: RouteInfo[] = [];
  app.decorate('accessRoutes', routes);
  app.addHook('onRoute', (route) => {
    assertDeclared(route);
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) routes.push({ method: String(method), url: route.url, access: route.config?.access, schema: route.schema, bodyLimit: route.bodyLimit });
  });

  // ------------------------------------------------------------ 1. who is calling
  app.addHook('onRequest', async (request) => {
    if (request.is404) return; // the not-found handler discloses nothing
    const rule = request.routeOptions.config?.access;
    if (rule === 'public') return;
    if (!rule) {
      // deny by default: a route that forgot to declare its access rule is refused
      throw new AppError(403, 'access_undeclared', 'Chức năng chưa khai báo quyền truy cập.', 'This route declares no access rule.');
    }
    const actor = await resolveActor(request, context);
    if (!actor) throw unauthenticated();
    request.actor = actor;
  });

  // ------------------------------------------------------------ 2. may they do this
  app.addHook('preHandler', async (request) => {
    if (request.is404) return;
    const rule = request.routeOptions.config?.access;
    if (rule === 'public') return;
    const actor = request.actor;
    if (!rule || !actor) throw forbidden();
    if (actor.via === 'session' && !SAFE_METHODS.has(request.method)) {
      const expected = csrfOf.get(request);
      const given = request.headers[CSRF_HEADER];
      if (!expected || typeof given !== 'string' || !sameToken(given, expected)) {
        throw new AppError(403, 'csrf_failed', 'Thiếu hoặc sai mã chống giả mạo yêu cầu (CSRF). Hãy tải lại trang.', 'Missing or wrong CSRF token. Reload the page.');
      }
    }
    if (actor.mustChangePassword && !PASSWORD_CHANGE_ROUTES.has(request.routeOptions.url ?? '')) {
      throw new AppError(403, 'password_change_required', 'Bạn cần đổi mật khẩu trước khi tiếp tục.', 'You must change your password first.');
    }
    if (rule === 'authenticated') return;
    if (!(await isAllowed(actor, rule, request))) throw rule.denyAs === 404 ? notFound('đối tượng', 'Object') : forbidden();
  });
}

declare module 'fastify' {
  interface FastifyInstance {
    accessRoutes: RouteInfo[];
  }
}
