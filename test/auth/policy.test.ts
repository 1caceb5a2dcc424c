/**
 * The policy table (src/domain/policy.ts), role by role, on a small tree:
 *   nation ─ Thanh Hóa (province) ─ Hoằng Hóa (commune) ; Nghệ An (province) ─ Vinh (commune)
 * Pure: no database.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decidePolicy, POLICY, RESOURCE_TYPES, ruleFor, type Located } from '../../src/domain/policy.ts';
import { PERMISSIONS } from '../../src/api/access.ts';
import type { GrantLike, UnitLineage } from '../../src/domain/access.ts';

const NATION = 1, THANH_HOA = 10, HOANG_HOA = 11, NGHE_AN = 20, VINH = 21;
const HEALTH = 100, EDUCATION = 101;
const lineage = (unitId: number, ancestors: number[]): UnitLineage => ({ unitId, ancestors: new Set([unitId, ...ancestors]), equivalents: new Set([unitId]) });
const L = {
  nation: lineage(NATION, []),
  thanhHoa: lineage(THANH_HOA, [NATION]),
  hoangHoa: lineage(HOANG_HOA, [THANH_HOA, NATION]),
  ngheAn: lineage(NGHE_AN, [NATION]),
  vinh: lineage(VINH, [NGHE_AN, NATION]),
};
const at = (l: UnitLineage, agencyId?: number | null, unitOwned?: boolean): Located => ({ kind: 'unit', unitId: l.unitId, lineage: l, agencyId, unitOwned });
const child = (l: UnitLineage, chain: number[], referredUpTo: number[] = []): Located => ({ kind: 'unit', unitId: l.unitId, lineage: l, chain, referredUpTo });
const accounts = (...grants: { role: string; unitId: number | null; agencyId?: number | null; permissions?: string[] }[]): Located => ({
  kind: 'accounts',
  grants: grants.map((g) => ({ role: g.role, unitId: g.unitId, agencyId: g.agencyId ?? null, permissions: g.permissions, lineage: g.unitId === null ? null : Object.values(L).find((x) => x.unitId === g.unitId)! })),
});
const g = (role: string, unitId: number | null, agencyId: number | null = null, permissions?: string[]): GrantLike => ({ role, unitId, agencyId, permissions });

const nationalAdmin = [g('system_admin', null)];
const provinceAdmin = [g('system_admin', THANH_HOA)];
const communeToken = [g('api_token', HOANG_HOA, null, ['users.admin', 'reports.read'])];

test('every (resource, action) pair names a known rule and a known permission', () => {
  for (const resource of RESOURCE_TYPES) {
    for (const [action, rule] of Object.entries(POLICY[resource])) {
      assert.ok((PERMISSIONS as readonly string[]).includes(action), `${resource}: ${action}`);
      assert.ok(['scoped', 'open', 'national', 'child', 'administer'].includes(rule as string));
    }
  }
  assert.equal(ruleFor('report', 'children.read'), undefined);
  assert.equal(decidePolicy(nationalAdmin, 'children.read', 'report', at(L.hoangHoa)), false, 'a pair missing from the table is refused, even to a national administrator');
});

test('system-wide things need a national grant: a province administrator never passes', () => {
  for (const [resource, action] of [['system', 'system.admin'], ['audit', 'audit.read'], ['exchange', 'exchange.admin'], ['catalogue', 'catalogue.write']] as const) {
    assert.equal(decidePolicy(nationalAdmin, action, resource, { kind: 'national' }), true, `${resource} national`);
    assert.equal(decidePolicy(provinceAdmin, action, resource, { kind: 'national' }), false, `${resource} province`);
    assert.equal(decidePolicy(provinceAdmin, action, resource, at(L.thanhHoa)), false, `${resource} province, even located in its province`);
    assert.equal(decidePolicy(communeToken, action, resource, { kind: 'national' }), false);
  }
  // the national catalogue is readable by everyone with catalogue.read
  assert.equal(decidePolicy([g('agency_reporter', HOANG_HOA, HEALTH)], 'catalogue.read', 'catalogue', { kind: 'national' }), true);
});

test('administration is bounded by the target: a province administrator acts only on accounts inside its province', () => {
  // its own officers
  assert.equal(decidePolicy(provinceAdmin, 'users.admin', 'user', accounts({ role: 'unit_officer', unitId: HOANG_HOA })), true);
  assert.equal(decidePolicy(provinceAdmin, 'users.admin', 'user', accounts({ role: 'system_admin', unitId: THANH_HOA })), true, 'another administrator of the same province');
  // making itself (or anyone) national, or reaching another province's or a national account
  assert.equal(decidePolicy(provinceAdmin, 'users.admin', 'user', accounts({ role: 'system_admin', unitId: THANH_HOA }, { role: 'system_admin', unitId: null })), false, 'self-promotion to national');
  assert.equal(decidePolicy(provinceAdmin, 'users.admin', 'user', accounts({ role: 'system_admin', unitId: null })), false, 'a national administrator');
  assert.equal(decidePolicy(provinceAdmin, 'users.admin', 'user', accounts({ role: 'unit_officer', unitId: VINH })), false, 'another province');
  assert.equal(decidePolicy(provinceAdmin, 'users.admin', 'user', accounts({ role: 'unit_officer', unitId: HOANG_HOA }, { role: 'viewer', unitId: NGHE_AN })), false, 'an account with one grant outside');
  assert.equal(decidePolicy(provinceAdmin, 'users.admin', 'user', accounts()), false, 'an account without grants is national');
  assert.equal(decidePolicy(nationalAdmin, 'users.admin', 'user', accounts()), true);
  // tokens: unscoped ones only from national administrators; scopes within the administrator's own
  assert.equal(decidePolicy(provinceAdmin, 'users.admin', 'token', accounts({ role: 'api_token', unitId: null, permissions: ['reports.read'] })), false);
  assert.equal(decidePolicy(provinceAdmin, 'users.admin', 'token', accounts({ role: 'api_token', unitId: HOANG_HOA, permissions: [...PERMISSIONS] })), true, 'a system administrator of the province holds every permission there');
  // a token holding users.admin on a commune grants nothing it lacks
  assert.equal(decidePolicy(communeToken, 'users.admin', 'user', accounts({ role: 'system_admin', unitId: null })), false);
  assert.equal(decidePolicy(communeToken, 'users.admin', 'user', accounts({ role: 'system_admin', unitId: HOANG_HOA })), false, 'the token lacks the other permissions');
  assert.equal(decidePolicy(communeToken, 'users.admin', 'token', accounts({ role: 'api_token', unitId: HOANG_HOA, permissions: ['reports.read'] })), true);
  assert.equal(decidePolicy(communeToken, 'users.admin', 'token', accounts({ role: 'api_token', unitId: HOANG_HOA, permissions: ['reports.enter'] })), false);
});

test('reports: an agency reporter writes its own agency\'s report of its commune, never another agency\'s nor the unit\'s narrative', () => {
  const health = [g('agency_reporter', HOANG_HOA, HEALTH)];
  assert.equal(decidePolicy(health, 'reports.enter', 'report', at(L.hoangHoa, HEALTH)), true);
  assert.equal(decidePolicy(health, 'reports.enter', 'report', at(L.hoangHoa, EDUCATION)), false, 'another agency, same commune');
  assert.equal(decidePolicy(health, 'reports.enter', 'report', at(L.hoangHoa, null, true)), false, "the unit's own report text (narrative)");
  assert.equal(decidePolicy(health, 'reports.enter', 'report', at(L.vinh, HEALTH)), false, 'another commune');
  const officer = [g('unit_officer', HOANG_HOA)];
  assert.equal(decidePolicy(officer, 'reports.enter', 'report', at(L.hoangHoa, null, true)), true);
  assert.equal(decidePolicy(officer, 'reports.enter', 'report', at(L.hoangHoa, EDUCATION)), true, 'the commune officer may enter for its agencies');
  // a supervisor one level up approves, the commune does not approve its own upward
  const province = [g('unit_officer', THANH_HOA)];
  assert.equal(decidePolicy(province, 'reports.approve', 'report', at(L.thanhHoa)), true);
  assert.equal(decidePolicy(province, 'reports.approve', 'report', at(L.ngheAn)), false);
});

test('lists: a read naming no unit is a list (filtered by scope); naming a unit outside the scope is refused; a write naming none is national', () => {
  const officer = [g('unit_officer', THANH_HOA)];
  assert.equal(decidePolicy(officer, 'reports.read', 'report', { kind: 'list' }), true);
  assert.equal(decidePolicy(officer, 'reports.read', 'report', { kind: 'list', unitId: HOANG_HOA, lineage: L.hoangHoa }), true);
  assert.equal(decidePolicy(officer, 'reports.read', 'report', { kind: 'list', unitId: VINH, lineage: L.vinh }), false);
  assert.equal(decidePolicy(officer, 'plans.write', 'plan', { kind: 'national' }), false, 'a national plan is written only nationally');
  assert.equal(decidePolicy(officer, 'plans.read', 'plan', { kind: 'national' }), true, 'issued national plans are public documents');
});

test("children: only the commune's case workers and supervisors, or a higher supervisor after a referral up; never a province supervisor's whole province", () => {
  const chain = [HOANG_HOA, THANH_HOA, NATION];
  const worker = [g('case_worker', HOANG_HOA)];
  const provinceSupervisor = [g('cp_supervisor', THANH_HOA)];
  const otherWorker = [g('case_worker', VINH)];
  assert.equal(decidePolicy(worker, 'children.read', 'child', child(L.hoangHoa, chain)), true);
  assert.equal(decidePolicy(otherWorker, 'children.read', 'child', child(L.hoangHoa, chain)), false);
  assert.equal(decidePolicy(provinceSupervisor, 'children.read', 'child', child(L.hoangHoa, chain)), false, 'not referred');
  assert.equal(decidePolicy(provinceSupervisor, 'children.read', 'child', child(L.hoangHoa, chain, [THANH_HOA])), true, 'referred up to the province');
  assert.equal(decidePolicy(provinceAdmin, 'children.read', 'child', child(L.hoangHoa, chain)), false, 'administrators see counts only');
  assert.equal(decidePolicy(nationalAdmin, 'children.read', 'child', child(L.hoangHoa, chain)), false);
  assert.equal(decidePolicy([g('api_token', null, null, [...PERMISSIONS])], 'children.read', 'child', child(L.hoangHoa, chain)), false, 'tokens never see children');
  assert.equal(decidePolicy(worker, 'children.export', 'child', { kind: 'list', unitId: HOANG_HOA, lineage: L.hoangHoa }), false, 'export needs a supervisor');
  assert.equal(decidePolicy(worker, 'cases.supervise', 'case', child(L.hoangHoa, chain)), false);
  assert.equal(decidePolicy([g('cp_supervisor', HOANG_HOA)], 'cases.supervise', 'case', child(L.hoangHoa, chain)), true);
});
