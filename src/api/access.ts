/**
 * Access control contract. EVERY route declares `config.access`:
 *   - 'public'  (health, sign-in, the web app's static files)
 *   - { permission, unit? } where unit(req) resolves the administrative unit the request concerns
 *     (null = not unit-specific, e.g. the national catalogue).
 * One check, in one hook, for every route: a route without a declaration is refused (deny by default).
 * The authentication issue fills in `resolveActor` and `isAllowed`; see src/api/auth/.
 */
import type { FastifyRequest } from 'fastify';

export const PERMISSIONS = [
  'units.read', 'units.write',
  'catalogue.read', 'catalogue.write',
  'plans.read', 'plans.write', 'plans.import',
  'reports.read', 'reports.enter', 'reports.approve',
  'dashboard.read',
  'documents.read', 'exchange.admin',
  'children.read', 'children.write', 'children.export',
  'cases.read', 'cases.write', 'cases.supervise',
  'cff.assess', 'cff.recognise', 'cff.admin',
  'users.admin', 'audit.read', 'system.admin',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export type UnitResolver = (request: FastifyRequest) => number | null | undefined | Promise<number | null | undefined>;

export type AccessRule = 'public' | { permission: Permission; unit?: UnitResolver; agency?: (request: FastifyRequest) => number | null | undefined | Promise<number | null | undefined> };

export interface Actor {
  userId: number | null;
  username: string;
  /** role grants: role, unit scope (subtree), optional agency */
  grants: { role: string; unitId: number | null; agencyId: number | null }[];
  /** how the actor authenticated */
  via: 'session' | 'token' | 'local-cli' | 'anonymous-dev';
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: AccessRule;
  }
  interface FastifyRequest {
    actor: Actor | null;
  }
}
