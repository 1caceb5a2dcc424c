/**
 * Roles, their permissions and the scope rule — pure logic, no I/O.
 *
 * A grant gives a role on a unit (and, for agency reporters, an agency). A grant on a unit covers
 *  - 'subtree' roles: that unit and every unit below it;
 *  - 'unit' roles: that unit only;
 * and in both cases the units that were merged/renamed INTO it (unit_succession: a grant on the
 * successor covers its predecessors, e.g. the new An Giang province covers the old Kiên Giang units).
 * A grant without a unit is national (covers every unit).
 */
import type { Permission } from '../api/access.ts';

export type Role = 'system_admin' | 'unit_officer' | 'agency_reporter' | 'leader' | 'viewer' | 'case_worker' | 'cp_supervisor' | 'cff_assessor';
export type ScopeMode = 'subtree' | 'unit';

export interface RoleDef {
  role: Role;
  labelVi: string;
  labelEn: string;
  /** '*' = every permission */
  permissions: readonly Permission[] | '*';
  scope: ScopeMode;
  /** the grant names an agency (required) */
  agency: boolean;
}

const READ_BASICS = ['units.read', 'catalogue.read'] as const satisfies readonly Permission[];
const CASE_WORK = [...READ_BASICS, 'children.read', 'children.write', 'cases.read', 'cases.write'] as const satisfies readonly Permission[];

export const ROLES: readonly RoleDef[] = [
  { role: 'system_admin', labelVi: 'Quản trị hệ thống', labelEn: 'System administrator', permissions: '*', scope: 'subtree', agency: false },
  {
    role: 'unit_officer', labelVi: 'Cán bộ đơn vị', labelEn: 'Unit officer', scope: 'subtree', agency: false,
    permissions: [...READ_BASICS, 'plans.read', 'plans.write', 'plans.import', 'reports.read', 'reports.enter', 'reports.approve', 'dashboard.read', 'documents.read', 'cff.assess', 'cff.recognise'],
  },
  { role: 'agency_reporter', labelVi: 'Cán bộ báo cáo của cơ quan', labelEn: 'Agency reporter', scope: 'unit', agency: true, permissions: [...READ_BASICS, 'plans.read', 'reports.read', 'reports.enter'] },
  { role: 'leader', labelVi: 'Lãnh đạo', labelEn: 'Leader', scope: 'subtree', agency: false, permissions: [...READ_BASICS, 'plans.read', 'dashboard.read', 'reports.read', 'documents.read'] },
  { role: 'viewer', labelVi: 'Người xem', labelEn: 'Viewer', scope: 'subtree', agency: false, permissions: [...READ_BASICS, 'plans.read', 'dashboard.read', 'reports.read', 'documents.read'] },
  { role: 'case_worker', labelVi: 'Cán bộ quản lý trường hợp', labelEn: 'Case worker', scope: 'unit', agency: false, permissions: CASE_WORK },
  { role: 'cp_supervisor', labelVi: 'Giám sát bảo vệ trẻ em', labelEn: 'Child-protection supervisor', scope: 'subtree', agency: false, permissions: [...CASE_WORK, 'cases.supervise', 'children.export'] },
  { role: 'cff_assessor', labelVi: 'Cán bộ đánh giá xã phù hợp với trẻ em', labelEn: 'Child-friendly commune assessor', scope: 'subtree', agency: false, permissions: [...READ_BASICS, 'plans.read', 'dashboard.read', 'documents.read', 'cff.assess'] },
];

export const ROLE_NAMES = ROLES.map((r) => r.role) as readonly Role[];
const BY_ROLE = new Map(ROLES.map((r) => [r.role as string, r]));

export function roleDef(role: string): RoleDef | undefined {
  return BY_ROLE.get(role);
}

export interface GrantLike {
  role: string;
  unitId: number | null;
  agencyId: number | null;
  /** explicit permissions (API tokens); overrides the role's */
  permissions?: readonly string[];
}

/** Does this grant carry the permission (regardless of scope)? Unknown roles carry nothing. */
export function grantHasPermission(grant: GrantLike, permission: string): boolean {
  if (grant.permissions) return grant.permissions.includes(permission);
  const def = BY_ROLE.get(grant.role);
  if (!def) return false;
  return def.permissions === '*' || (def.permissions as readonly string[]).includes(permission);
}

/** Every permission the grants carry (for the web app's `can()`), given the full permission list. */
export function effectivePermissions(grants: readonly GrantLike[], all: readonly string[]): string[] {
  return all.filter((p) => grants.some((g) => grantHasPermission(g, p)));
}

/**
 * Where a target unit sits: `ancestors` = the unit, every unit above it and every successor of
 * any of those (what a 'subtree' grant may be on); `equivalents` = the unit and its successors
 * only (what a 'unit' grant may be on).
 */
export interface UnitLineage {
  unitId: number;
  ancestors: ReadonlySet<number>;
  equivalents: ReadonlySet<number>;
}

export interface Target {
  /** null: the route is not about one unit */
  lineage: UnitLineage | null;
  /** the agency the request concerns (null: none) */
  agencyId: number | null;
  /** the route declared a unit resolver but it resolved to none (a national object or a missing one) */
  unitUnresolved?: boolean;
}

/** Is this one grant enough for the permission on the target? */
export function grantAllows(grant: GrantLike, permission: string, target: Target): boolean {
  if (!grantHasPermission(grant, permission)) return false;
  // agency-bound grants only act for their own agency
  if (grant.agencyId !== null && target.agencyId !== null && grant.agencyId !== target.agencyId) return false;
  if (target.lineage === null) {
    // A unit resolver that found no unit: reading is decided by the permission (the handler answers 404
    // or filters), but changing a national or missing object needs a national grant.
    if (target.unitUnresolved && !isReadPermission(permission)) return grant.unitId === null;
    return true;
  }
  if (grant.unitId === null) return true;
  const mode: ScopeMode = grant.permissions ? 'subtree' : (BY_ROLE.get(grant.role)?.scope ?? 'unit');
  return mode === 'subtree' ? target.lineage.ancestors.has(grant.unitId) : target.lineage.equivalents.has(grant.unitId);
}

export function decide(grants: readonly GrantLike[], permission: string, target: Target): boolean {
  return grants.some((g) => grantAllows(g, permission, target));
}

export function isReadPermission(permission: string): boolean {
  return permission.endsWith('.read');
}

/** Password rules, bilingual problems (empty = acceptable). */
export function passwordProblems(password: string, username?: string): { vi: string; en: string }[] {
  const problems: { vi: string; en: string }[] = [];
  if (password.length < 10) problems.push({ vi: 'mật khẩu cần ít nhất 10 ký tự', en: 'the password needs at least 10 characters' });
  if (password.length > 200) problems.push({ vi: 'mật khẩu dài quá 200 ký tự', en: 'the password is longer than 200 characters' });
  if (username && password.toLowerCase().includes(username.toLowerCase())) problems.push({ vi: 'mật khẩu không được chứa tên đăng nhập', en: 'the password must not contain the username' });
  if (/^(.)\1*$/.test(password)) problems.push({ vi: 'mật khẩu không được lặp một ký tự', en: 'the password must not repeat one character' });
  return problems;
}

/** Lockout policy: LOCKOUT_FAILURES failures within LOCKOUT_WINDOW_MINUTES lock the username for that long. */
export const LOCKOUT_FAILURES = 5;
export const LOCKOUT_WINDOW_MINUTES = 15;

/** Given failure times since the last success/unlock (newest last), until when is the name locked? */
export function lockedUntil(failureTimes: readonly Date[], now: Date): Date | null {
  const windowStart = now.getTime() - LOCKOUT_WINDOW_MINUTES * 60_000;
  const recent = failureTimes.filter((t) => t.getTime() > windowStart).sort((a, b) => a.getTime() - b.getTime());
  if (recent.length < LOCKOUT_FAILURES) return null;
  // locked from the failure that reached the threshold, for the window length
  const trigger = recent[recent.length - LOCKOUT_FAILURES];
  const until = new Date(recent[recent.length - 1].getTime() + LOCKOUT_WINDOW_MINUTES * 60_000);
  return trigger && until.getTime() > now.getTime() ? until : null;
}
