import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decide, effectivePermissions, grantAllows, lockedUntil, passwordProblems, ROLES, type UnitLineage } from '../../src/domain/access.ts';
import { PERMISSIONS } from '../../src/api/access.ts';

// nation 1 > province 10 > district 100 > commune 1000; old province 20 merged into 10 (succession)
const lineage = (unitId: number, ancestors: number[], equivalents: number[]): UnitLineage => ({ unitId, ancestors: new Set([unitId, ...ancestors]), equivalents: new Set([unitId, ...equivalents]) });
const commune = lineage(1000, [100, 10, 1], []);
const oldDistrict = lineage(200, [20, 10, 1], []); // district of the old province 20, whose successor is 10
const oldProvince = lineage(20, [10, 1], [10]);

test('every role names only known permissions', () => {
  for (const r of ROLES) if (r.permissions !== '*') for (const p of r.permissions) assert.ok((PERMISSIONS as readonly string[]).includes(p), `${r.role}: ${p}`);
});

test('system administrator: everything, everywhere', () => {
  const g = [{ role: 'system_admin', unitId: null, agencyId: null }];
  for (const p of PERMISSIONS) assert.equal(decide(g, p, { lineage: commune, agencyId: null }), true);
  assert.deepEqual(effectivePermissions(g, PERMISSIONS), [...PERMISSIONS]);
});

test('unit officer: its subtree, not a sibling province, never user administration', () => {
  const g = [{ role: 'unit_officer', unitId: 10, agencyId: null }];
  assert.equal(decide(g, 'plans.write', { lineage: commune, agencyId: null }), true);
  assert.equal(decide(g, 'reports.approve', { lineage: lineage(10, [1], []), agencyId: null }), true);
  assert.equal(decide(g, 'plans.write', { lineage: lineage(30, [1], []), agencyId: null }), false);
  assert.equal(decide(g, 'plans.write', { lineage: lineage(1, [], []), agencyId: null }), false, 'not the nation above it');
  assert.equal(decide(g, 'users.admin', { lineage: null, agencyId: null }), false);
  assert.equal(decide(g, 'children.read', { lineage: commune, agencyId: null }), false);
});

test('a grant on the successor province covers the units of the merged predecessor, not the other way', () => {
  const onNew = [{ role: 'unit_officer', unitId: 10, agencyId: null }];
  assert.equal(decide(onNew, 'plans.read', { lineage: oldDistrict, agencyId: null }), true);
  const onOld = [{ role: 'unit_officer', unitId: 20, agencyId: null }];
  assert.equal(decide(onOld, 'plans.read', { lineage: commune, agencyId: null }), false);
  const caseWorker = [{ role: 'case_worker', unitId: 10, agencyId: null }];
  assert.equal(decide(caseWorker, 'cases.read', { lineage: oldProvince, agencyId: null }), true, 'unit roles follow succession');
  assert.equal(decide(caseWorker, 'cases.read', { lineage: commune, agencyId: null }), false, 'unit roles do not reach below');
});

test('agency reporter: its agency at its unit only; read-only elsewhere in the role', () => {
  const g = [{ role: 'agency_reporter', unitId: 10, agencyId: 7 }];
  const province = lineage(10, [1], []);
  assert.equal(decide(g, 'reports.enter', { lineage: province, agencyId: 7 }), true);
  assert.equal(decide(g, 'reports.enter', { lineage: province, agencyId: 8 }), false);
  assert.equal(decide(g, 'reports.enter', { lineage: commune, agencyId: 7 }), false);
  assert.equal(decide(g, 'reports.approve', { lineage: province, agencyId: 7 }), false);
  assert.equal(decide(g, 'plans.write', { lineage: province, agencyId: null }), false);
});

test('leader and viewer are read-only', () => {
  for (const role of ['leader', 'viewer']) {
    const perms = effectivePermissions([{ role, unitId: 10, agencyId: null }], PERMISSIONS);
    assert.ok(perms.every((p) => p.endsWith('.read')), `${role}: ${perms.join(',')}`);
    assert.ok(perms.includes('dashboard.read'));
  }
});

test('child-protection supervisor has case worker rights in the subtree plus supervision', () => {
  const g = [{ role: 'cp_supervisor', unitId: 10, agencyId: null }];
  assert.equal(decide(g, 'cases.supervise', { lineage: commune, agencyId: null }), true);
  assert.equal(decide(g, 'children.write', { lineage: commune, agencyId: null }), true);
  assert.equal(decide([{ role: 'case_worker', unitId: 1000, agencyId: null }], 'cases.supervise', { lineage: commune, agencyId: null }), false);
});

test('a unit resolver that finds no unit: reads pass on the permission, writes need a national grant', () => {
  const officer = { role: 'unit_officer', unitId: 10, agencyId: null };
  assert.equal(grantAllows(officer, 'plans.read', { lineage: null, agencyId: null, unitUnresolved: true }), true);
  assert.equal(grantAllows(officer, 'plans.write', { lineage: null, agencyId: null, unitUnresolved: true }), false);
  assert.equal(grantAllows({ ...officer, unitId: null }, 'plans.write', { lineage: null, agencyId: null, unitUnresolved: true }), true);
});

test('API token grants carry exactly their scopes', () => {
  const t = { role: 'api_token', unitId: 10, agencyId: null, permissions: ['reports.read'] };
  assert.equal(grantAllows(t, 'reports.read', { lineage: commune, agencyId: null }), true);
  assert.equal(grantAllows(t, 'reports.enter', { lineage: commune, agencyId: null }), false);
  assert.equal(grantAllows(t, 'reports.read', { lineage: lineage(30, [1], []), agencyId: null }), false);
  assert.equal(grantAllows({ role: 'made_up', unitId: null, agencyId: null }, 'plans.read', { lineage: null, agencyId: null }), false, 'unknown roles carry nothing');
});

test('lockout: 5 failures within 15 minutes lock for 15 minutes after the last one', () => {
  const now = new Date('2025-11-01T10:00:00Z');
  const at = (min: number) => new Date(now.getTime() - min * 60_000);
  assert.equal(lockedUntil([at(5), at(4), at(3), at(2)], now), null);
  assert.deepEqual(lockedUntil([at(5), at(4), at(3), at(2), at(1)], now), new Date(at(1).getTime() + 15 * 60_000));
  assert.equal(lockedUntil([at(40), at(30), at(20), at(16), at(1)], now), null, 'old failures do not count');
});

test('password rules', () => {
  assert.equal(passwordProblems('correct horse battery', 'minh').length, 0);
  assert.ok(passwordProblems('short', 'minh').length > 0);
  assert.ok(passwordProblems('minh-1234567890', 'minh').length > 0);
  assert.ok(passwordProblems('aaaaaaaaaaaa').length > 0);
});
