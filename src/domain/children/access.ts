/**
 * Who may see child-level data (names, records, cases): the case workers and child-protection
 * supervisors of the child's own commune, and supervisors of a higher level when a case of
 * the child has been referred up to their level. Everyone else sees counts only.
 * (The central access hook checks the permission; this is the extra, data-dependent check.)
 */
export const CHILD_LEVEL_ROLES = ['case_worker', 'cp_supervisor'] as const;
/**
 * Roles that would see every child: none. A system administrator manages accounts and sees
 * counts; to work on children they need a case_worker or cp_supervisor grant like anyone else.
 */
export const ALL_ACCESS_ROLES: readonly string[] = [];

export interface GrantLike {
  role: string;
  unitId: number | null;
}

/**
 * @param unitChain the child's commune followed by its ancestors, nearest first
 * @param referredUpTo units a case of this child was referred up to
 */
export function canSeeChild(grants: GrantLike[], unitChain: number[], referredUpTo: number[] = [], roles: readonly string[] = CHILD_LEVEL_ROLES): boolean {
  const own = unitChain[0];
  for (const g of grants) {
    if (ALL_ACCESS_ROLES.includes(g.role)) return true;
    if (!roles.includes(g.role)) continue;
    if (g.unitId === own) return true;
    if (g.role !== 'cp_supervisor' || g.unitId === null) continue;
    const level = unitChain.indexOf(g.unitId);
    if (level <= 0) continue;
    // a higher-level supervisor: only when a case was referred up to their level or above
    if (referredUpTo.some((u) => { const l = unitChain.indexOf(u); return l >= level; })) return true;
  }
  return false;
}

export function isSupervisor(grants: GrantLike[], unitChain: number[], referredUpTo: number[] = []): boolean {
  return canSeeChild(grants, unitChain, referredUpTo, ['cp_supervisor']);
}
