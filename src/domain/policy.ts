/**
 * THE access policy — pure logic, no I/O. One table says, for every (resource type × action), which
 * rule decides; one function applies it to an actor's grants and a located resource. The HTTP hook
 * (src/api/auth/hooks.ts), the lists' SQL scopes (src/api/auth/scope.ts) and the tests all read this
 * table; no other place writes an access rule.
 *
 * Rules:
 *  - `scoped`   — a grant carrying the action whose unit covers the resource's unit (subtree roles:
 *                 the unit or an ancestor; unit roles: the unit itself; succession links included);
 *                 agency-bound grants only for their agency. A national object (or a write that names
 *                 no unit) needs a national grant. A list (a read naming no unit) needs the action
 *                 somewhere; the handler then returns only what the scope holds.
 *  - `open`     — like `scoped`, but national objects are readable with the action from any grant
 *                 (the national catalogue, issued national plans, the unit tree).
 *  - `national` — system-wide things (accounts' audit, backup/restore, exchange mapping, catalogue
 *                 writes…): only a grant without a unit. "No resource, no scoped access."
 *  - `child`    — child-level data: a case worker or supervisor grant on the child's own commune, or a
 *                 supervisor of a higher level when a case of the child was referred up to that level.
 *  - `administer` — accounts and tokens: the administrator's users.admin grants must cover every unit
 *                 of the target's grants (national ones only from a national administrator) and hold
 *                 every permission the target's grants carry.
 */
import type { Permission } from '../api/access.ts';
import { grantAllows, grantHasPermission, roleDef, type GrantLike, type UnitLineage } from './access.ts';
import { canSeeChild } from './children/access.ts';

export const RESOURCE_TYPES = [
  'system', 'user', 'token', 'audit', 'catalogue', 'exchange', 'unit', 'plan', 'report', 'budget', 'dashboard', 'document', 'child', 'case', 'cff', 'notification',
] as const;
export type ResourceType = (typeof RESOURCE_TYPES)[number];

export type RuleName = 'scoped' | 'open' | 'national' | 'child' | 'administer';

/** (resource type × action) → rule. A pair missing here is refused (and a route declaring it fails to start). */
export const POLICY: { readonly [R in ResourceType]: Partial<Record<Permission, RuleName>> } = {
  system: { 'system.admin': 'national' },
  audit: { 'audit.read': 'national' },
  user: { 'users.admin': 'administer' },
  token: { 'users.admin': 'administer' },
  catalogue: { 'catalogue.read': 'open', 'catalogue.write': 'national' },
  exchange: { 'exchange.admin': 'national' },
  unit: { 'units.read': 'open', 'units.write': 'scoped' },
  plan: { 'plans.read': 'open', 'plans.write': 'scoped', 'plans.import': 'scoped', 'reports.approve': 'scoped', 'catalogue.read': 'open' },
  report: { 'reports.read': 'scoped', 'reports.enter': 'scoped', 'reports.approve': 'scoped' },
  budget: { 'plans.read': 'open', 'plans.write': 'scoped', 'reports.read': 'scoped', 'reports.enter': 'scoped', 'documents.read': 'scoped' },
  dashboard: { 'dashboard.read': 'scoped' },
  document: { 'documents.read': 'scoped', 'plans.read': 'open' },
  child: { 'children.read': 'child', 'children.write': 'child', 'children.export': 'child', 'catalogue.read': 'open' },
  case: { 'cases.read': 'child', 'cases.write': 'child', 'cases.supervise': 'child' },
  cff: { 'cff.assess': 'scoped', 'cff.recognise': 'scoped', 'cff.admin': 'national', 'documents.read': 'scoped', 'dashboard.read': 'scoped' },
  notification: { 'units.read': 'scoped', 'units.write': 'scoped' },
};

export function ruleFor(resource: ResourceType, action: Permission): RuleName | undefined {
  return POLICY[resource]?.[action];
}

/**
 * Where a resource is, as its loader found it:
 *  - `unit`: one object of that unit (agency: the agency it belongs to; chain/referredUpTo: for child data);
 *  - `national`: a national object or a system-wide thing;
 *  - `list`: a list or export; `unitId` only narrows (must itself be in scope);
 *  - `accounts`: the grants of the account(s) or token being administered (after the change too).
 */
export type Located =
  | { kind: 'unit'; unitId: number; lineage: UnitLineage; agencyId?: number | null; chain?: number[]; referredUpTo?: number[]; unitOwned?: boolean }
  | { kind: 'national' }
  | { kind: 'list'; unitId?: number | null; lineage?: UnitLineage | null; agencyId?: number | null }
  | { kind: 'accounts'; grants: AccountGrant[] };

/** A grant of an account being administered, with the lineage of its unit (null: national). */
export interface AccountGrant {
  role: string;
  unitId: number | null;
  agencyId: number | null;
  lineage: UnitLineage | null;
  permissions?: readonly string[];
}

const isRead = (action: Permission) => action.endsWith('.read');

export function decidePolicy(grants: readonly GrantLike[], action: Permission, resource: ResourceType, located: Located): boolean {
  const rule = ruleFor(resource, action);
  if (!rule) return false;
  const holding = grants.filter((g) => grantHasPermission(g, action));
  if (holding.length === 0) return false;
  const national = holding.filter((g) => g.unitId === null && g.agencyId === null);
  switch (rule) {
    case 'national':
      return national.length > 0;
    case 'administer':
      return administers(holding, located);
    case 'child':
      return decideChild(holding, action, located);
    case 'open':
    case 'scoped': {
      if (located.kind === 'accounts') return false;
      if (located.kind === 'national') return rule === 'open' && isRead(action) ? true : national.length > 0;
      if (located.kind === 'list') {
        if (!located.lineage) return isRead(action) || national.length > 0;
        const lineage = located.lineage;
        return holding.some((g) => grantAllows(g, action, { lineage, agencyId: located.agencyId ?? null }));
      }
      const lineage = located.lineage;
      // an object of the unit itself (the unit's report narrative) is written only by grants not bound to an agency
      const eligible = located.unitOwned && !isRead(action) ? holding.filter((g) => g.agencyId === null) : holding;
      return eligible.some((g) => grantAllows(g, action, { lineage, agencyId: located.agencyId ?? null }));
    }
  }
}

function decideChild(holding: readonly GrantLike[], action: Permission, located: Located): boolean {
  // Tokens and administrators never see children: only case workers and supervisors (by role)
  const roleGrants = holding.filter((g) => !g.permissions && (g.role === 'case_worker' || g.role === 'cp_supervisor'));
  const roles = action === 'cases.supervise' || action === 'children.export' ? ['cp_supervisor'] : ['case_worker', 'cp_supervisor'];
  if (located.kind === 'unit') return canSeeChild(roleGrants, located.chain ?? [located.unitId], located.referredUpTo ?? [], roles);
  if (located.kind === 'list') {
    // a list: the handler returns only children in the child scope; the narrowing unit must be one
    // the caller has child-level roles on, or above one (a supervisor sees referred cases below)
    if (!located.lineage) return roleGrants.some((g) => roles.includes(g.role));
    const lineage = located.lineage;
    return roleGrants.some((g) => roles.includes(g.role) && grantAllows({ ...g, role: 'cp_supervisor' }, action, { lineage, agencyId: null }))
      || roleGrants.some((g) => roles.includes(g.role) && g.unitId !== null && lineage.equivalents.has(g.unitId));
  }
  return false;
}

/**
 * May these users.admin grants administer an account (or token) whose grants are `located.grants`?
 * Every target grant must lie inside one administering grant (a national target grant needs a national
 * administrator) that also holds every permission the target grant carries.
 */
function administers(holding: readonly GrantLike[], located: Located): boolean {
  if (located.kind === 'national') return holding.some((g) => g.unitId === null && g.agencyId === null);
  if (located.kind === 'list') return true; // the list shows only accounts it administers
  if (located.kind !== 'accounts') return false;
  // an account with no grant at all is a national administrator's (nothing places it in a subtree)
  if (located.grants.length === 0) return holding.some((g) => g.unitId === null && g.agencyId === null);
  return located.grants.every((target) =>
    holding.some((admin) => {
      if (admin.agencyId !== null && admin.agencyId !== target.agencyId) return false;
      if (admin.unitId !== null) {
        if (target.unitId === null || !target.lineage) return false;
        if (!target.lineage.ancestors.has(admin.unitId)) return false;
      }
      return permissionsOf(target).every((p) => grantHasPermission(admin, p));
    }),
  );
}

export function permissionsOf(grant: { role: string; permissions?: readonly string[] }): readonly string[] {
  if (grant.permissions) return grant.permissions;
  const def = roleDef(grant.role);
  if (!def) return [];
  return def.permissions === '*' ? ['*'] : def.permissions;
}

/** Actions that only ever act on national resources (every rule for them is `national`). */
export const NATIONAL_ONLY_ACTIONS: readonly string[] = (() => {
  const rules = new Map<string, Set<RuleName>>();
  for (const actions of Object.values(POLICY)) for (const [action, rule] of Object.entries(actions)) rules.set(action, (rules.get(action) ?? new Set()).add(rule as RuleName));
  return [...rules].filter(([, set]) => set.size === 1 && set.has('national')).map(([action]) => action);
})();

/** What a grant can actually use: its permissions, less the national-only ones when it is scoped to a unit or an agency. */
export function usablePermissions(grant: GrantLike, all: readonly string[]): string[] {
  const scoped = grant.unitId !== null || grant.agencyId !== null;
  return all.filter((p) => grantHasPermission(grant, p) && !(scoped && NATIONAL_ONLY_ACTIONS.includes(p)));
}
