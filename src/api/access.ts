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
import type { Located, ResourceType } from '../domain/policy.ts';

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

/** What a route's loader answers: a unit id (the object's unit), NATIONAL (a national object or a
 *  system-wide thing), or null/undefined (no single unit: a list for reads — the handler filters by the
 *  caller's scope —, a national object for writes). Child and account resources may answer a `Located`. */
export const NATIONAL = Symbol('national');
export type Locator = number | null | undefined | typeof NATIONAL | Located;
export type ResourceLoader = (request: FastifyRequest) => Locator | Promise<Locator>;
export type UnitResolver = ResourceLoader;

/**
 * A route's access declaration — required for every route:
 *  - 'public' (health, sign-in, the web app's files);
 *  - 'authenticated': the caller's own things (own session, own password, own notifications);
 *  - { action, resource, load }: the policy table (src/domain/policy.ts) decides for (resource, action)
 *    on what `load` located. `agency` names the agency the object belongs to (reports, narratives).
 */
export interface PolicyRule {
  action: Permission;
  resource: ResourceType;
  load: ResourceLoader;
  agency?: (request: FastifyRequest) => number | null | undefined | Promise<number | null | undefined>;
  /** the object is the unit's own (e.g. its report narrative): agency-bound grants never write it */
  unitOwned?: boolean;
  /** refuse as "not found" (uploads: other units do not learn that the object exists) */
  denyAs?: 404;
}
export type AccessRule = 'public' | 'authenticated' | PolicyRule;

/** load: the resource is a national object / system-wide thing */
export const national: ResourceLoader = () => NATIONAL;
/** load: a list or export of everything in the caller's scope (no narrowing) */
export const everything: ResourceLoader = () => ({ kind: 'list' });

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
