/**
 * Access control contract. EVERY route declares `config.access`:
 *   - 'public'  (health, sign-in, the web app's static files)
 *   - { permission, unit? } where unit(req) resolves the administrative unit the request concerns
 *     (null = not unit-specific, e.g. the national catalogue).
 * One check, in one hook, for every route: a route without a declaration is refused (deny by default).
 * The check lives in src/api/auth/hooks.ts; roles → permissions and the scope rule in src/domain/access.ts.
 * List routes filter with `unitScope(request, permission)` from src/api/auth/scope.ts.
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

/** 'authenticated': any signed-in caller (own session, own password); no permission needed. */
export type AccessRule = 'public' | 'authenticated' | { permission: Permission; unit?: UnitResolver; agency?: (request: FastifyRequest) => number | null | undefined | Promise<number | null | undefined> };

export interface Actor {
  userId: number | null;
  username: string;
  /** role grants: role, unit scope (subtree), optional agency */
  grants: { role: string; unitId: number | null; agencyId: number | null; permissions?: readonly string[] }[];
  /** how the actor authenticated */
  via: 'session' | 'token' | 'local-cli' | 'anonymous-dev';
  displayName?: string | null;
  /** the session row (via 'session') */
  sessionId?: number;
  /** the API token row (via 'token' / 'local-cli') */
  tokenId?: number;
  /** an administrator reset the password: only the password change is allowed */
  mustChangePassword?: boolean;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: AccessRule;
  }
  interface FastifyRequest {
    actor: Actor | null;
  }
}
