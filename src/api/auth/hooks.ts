/**
 * The single access check used by every route (deny by default).
 * Placeholder until the accounts issue lands: every request acts as a local administrator
 * unless VITREEM_AUTH=required. The accounts issue replaces resolveActor/isAllowed.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../app.ts';
import type { AccessRule, Actor } from '../access.ts';
import { AppError, forbidden } from '../errors.ts';

async function resolveActor(_request: FastifyRequest, _context: AppContext): Promise<Actor | null> {
  return { userId: null, username: 'admin', grants: [{ role: 'system_admin', unitId: null, agencyId: null }], via: 'anonymous-dev' };
}

async function isAllowed(actor: Actor, rule: Exclude<AccessRule, 'public'>, _request: FastifyRequest, _context: AppContext): Promise<boolean> {
  return actor.grants.some((g) => g.role === 'system_admin') && rule.permission.length > 0;
}

export async function registerAccessControl(app: FastifyInstance, context: AppContext): Promise<void> {
  app.decorateRequest('actor', null);
  app.addHook('preHandler', async (request) => {
    if (request.is404) return; // the not-found handler discloses nothing
    const rule = request.routeOptions.config?.access;
    if (rule === 'public') return;
    if (!rule) {
      // deny by default: a route that forgot to declare its access rule is refused
      throw new AppError(403, 'access_undeclared', 'Chức năng chưa khai báo quyền truy cập.', 'This route declares no access rule.');
    }
    const actor = await resolveActor(request, context);
    if (!actor) throw new AppError(401, 'unauthenticated', 'Bạn cần đăng nhập.', 'You need to sign in.');
    request.actor = actor;
    if (!(await isAllowed(actor, rule, request, context))) throw forbidden();
  });
}
