/**
 * The route × role × scope matrix, generated from the OpenAPI document (issue #13):
 *  1. every operation carries its policy (x-policy: action × resource type of the policy table), an
 *     operationId and its security requirement; the document passes Redocly's recommended rules;
 *  2. every operation is decided for every actor shape — national, province, commune, another province,
 *     another agency of the same commune, a province supervisor, a case worker, scoped and national API
 *     tokens — by the real access check (the route's own loader and the policy table) on fixture objects
 *     that all live in one commune (C) of one province (P); the decisions must keep the policy's
 *     invariants, whatever the route.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyRequest } from 'fastify';
import { createConfig, lintFromString } from '@redocly/openapi-core';
import { createTestContext, type TestContext } from '../helpers/context.ts';
import { childBody, createPeople, createUnits, type People, type Units } from '../register/fixtures.ts';
import { createPlan } from '../reporting/fixture.ts';
import { asSystem } from '../../src/storage/users.ts';
import { createApiToken } from '../../src/storage/sessions.ts';
import { isAllowed } from '../../src/api/auth/hooks.ts';
import { PERMISSIONS, type Actor, type PolicyRule } from '../../src/api/access.ts';
import { grantHasPermission } from '../../src/domain/access.ts';
import { POLICY, ruleFor, type ResourceType } from '../../src/domain/policy.ts';

let ctx: TestContext;
let u: Units;
let people: People;
let doc: { paths: Record<string, Record<string, { operationId?: string; security?: unknown[]; 'x-policy'?: { action?: string; resource?: string; access?: string } }>> };
const ids: Record<string, number> = {};
const actors: Record<string, Actor> = {};

before(async () => {
  ctx = await createTestContext();
  u = await createUnits(ctx);
  people = await createPeople(ctx, u);
  const db = ctx.database.db;
  const otherProvince = (await db.insertInto('admin_unit').values({ code: `Q-${u.province}`, name: 'Tỉnh Lai Châu (thử)', full_name: null, kind: null, level: 'province', parent_id: null, note: null }).returning('id').executeTakeFirstOrThrow()).id;
  const health = (await db.insertInto('agency').values({ unit_id: u.communeA, name: 'Trạm Y tế xã', short_name: null, sector: 'health', valid_to: null }).returning('id').executeTakeFirstOrThrow()).id;
  const education = (await db.insertInto('agency').values({ unit_id: u.communeA, name: 'Trường Tiểu học', short_name: null, sector: 'education', valid_to: null }).returning('id').executeTakeFirstOrThrow()).id;
  const plan = await createPlan(db, u.communeA, ['3', '13'], { rules: [{ reporter_kind: 'unit', due_day: 20, due_month: 11, recipient_unit_id: u.province }] });
  for (const [position, agencyId] of [health, education].entries()) {
    await db.insertInto('reporting_rule').values({ plan_id: plan, reporter_kind: 'agency', reporter_agency_id: agencyId, reporter_text: null, recipient_unit_id: u.communeA, recipient_agency_id: null, recipient_text: null, due_day: 15, due_month: 11, due_year: null, recurrence: 'yearly', position: position + 1 }).execute();
  }
  const generated = await ctx.request({ method: 'POST', url: `/api/plans/${plan}/obligations?year=2025` });
  assert.ok(generated.statusCode < 300, generated.body);
  const obligation = await db.selectFrom('obligation').select(['id', 'agency_id']).where('plan_id', '=', plan).where('agency_id', '=', health).executeTakeFirstOrThrow();
  const child = await people.workerA.request({ method: 'POST', url: '/api/children', payload: childBody(u.communeA, { fullName: 'Hà Thị Lan', confirmNotDuplicate: true }) });
  const userC = await ctx.createUser({ username: 'c.viewer', grants: [{ role: 'viewer', unitId: u.communeA }] });
  const tokenC = await asSystem(db, 'test', (trx) => createApiToken(trx, { name: 'c', scopes: ['reports.read'], unitId: u.communeA, agencyId: null, createdBy: null, expiresAt: null }));
  // a possible duplicate across communes A and B of one district (migration 150): ids only, for a supervisor covering both
  const childB = await people.workerB.request({ method: 'POST', url: '/api/children', payload: childBody(u.communeB, { fullName: 'Lò Văn Pọm', confirmNotDuplicate: true }) });
  const flag = await db.insertInto('child_duplicate_flag').values({ child_id: childB.json.id, other_child_id: child.json.id, reason: 'same_id_number' }).returning('id').executeTakeFirstOrThrow();
  const kase = await people.workerA.request({ method: 'POST', url: '/api/cases', payload: { childId: child.json.id, source: 'hotline_111', receivedAt: new Date(Date.now() - 3_600_000).toISOString() } });
  assert.equal(kase.statusCode, 201, kase.body);
  Object.assign(ids, { province: u.province, commune: u.communeA, otherProvince, health, education, plan, obligation: obligation.id, child: child.json.id, user: userC.id, token: tokenC.id, flag: flag.id, case: kase.json.id });
  const grant = (role: string, unitId: number | null, agencyId: number | null = null, permissions?: string[]) => ({ role, unitId, agencyId, permissions });
  const actor = (username: string, grants: Actor['grants'], via: Actor['via'] = 'session'): Actor => ({ userId: null, username, grants, via });
  Object.assign(actors, {
    nationalAdmin: actor('national admin', [grant('system_admin', null)]),
    provinceAdmin: actor('province admin', [grant('system_admin', u.province)]),
    communeOfficer: actor('commune officer', [grant('unit_officer', u.communeA)]),
    otherProvinceOfficer: actor('other province officer', [grant('unit_officer', otherProvince)]),
    healthReporter: actor('health reporter', [grant('agency_reporter', u.communeA, health)]),
    educationReporter: actor('education reporter', [grant('agency_reporter', u.communeA, education)]),
    provinceSupervisor: actor('province supervisor', [grant('cp_supervisor', u.province)]),
    caseWorker: actor('case worker', [grant('case_worker', u.communeA)]),
    leader: actor('province leader', [grant('leader', u.province)]),
    communeToken: actor('commune token', [grant('api_token', u.communeA, null, ['users.admin', 'reports.read', 'reports.enter', 'units.read'])], 'token'),
    nationalToken: actor('national token', [grant('api_token', null, null, [...PERMISSIONS])], 'token'),
  });
  doc = (await ctx.request({ url: '/api/docs/json', anonymous: true })).json;
});
after(async () => ctx.close());

const operations = () => Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method: method.toUpperCase(), op })));

test('every operation of the OpenAPI document declares its policy, an operationId and its security', () => {
  const seen = new Set<string>();
  const missing: string[] = [];
  for (const { path, method, op } of operations()) {
    const where = `${method} ${path}`;
    if (!op.operationId || seen.has(op.operationId)) missing.push(`${where}: operationId`);
    seen.add(op.operationId ?? '');
    if (!Array.isArray(op.security)) missing.push(`${where}: security`);
    const policy = op['x-policy'];
    if (!policy) missing.push(`${where}: x-policy`);
    else if (policy.access !== 'public' && policy.access !== 'authenticated') {
      if (!policy.action || !policy.resource || !ruleFor(policy.resource as ResourceType, policy.action as never)) missing.push(`${where}: policy ${JSON.stringify(policy)} not in the table`);
    }
  }
  assert.deepEqual(missing, []);
  assert.ok(seen.size > 100, `${seen.size} operations`);
});

test("the OpenAPI document passes Redocly's recommended rules", async () => {
  const config = await createConfig({ extends: ['recommended'] });
  const problems = await lintFromString({ source: JSON.stringify(doc), absoluteRef: 'vitreem-openapi.json', config });
  const errors = problems.filter((p) => p.severity === 'error').map((p) => `${p.ruleId}: ${p.message} ${p.location?.[0]?.pointer ?? ''}`);
  assert.deepEqual(errors.slice(0, 20), []);
});

/** Fixture values for a route's parameters: every object is in commune C of province P. */
function fixtureRequest(url: string, method: string, actor: Actor): FastifyRequest {
  const params: Record<string, unknown> = {};
  for (const m of url.matchAll(/:([A-Za-z]+)/g)) {
    const name = m[1];
    const before = url.slice(0, m.index);
    const value =
      name === 'unitId' ? ids.commune
      : name === 'year' ? 2025
      : name === 'kind' ? 'annual'
      : name === 'file' ? 'annual.docx'
      : /\/duplicate-flags\/?$/.test(before) ? ids.flag
      : /\/cases\/?$/.test(before) ? ids.case
      : /\/children\/?$/.test(before) ? ids.child
      : /\/plans\/?$/.test(before) ? ids.plan
      : /\/obligations\/?$/.test(before) ? ids.obligation
      : /\/users\/?$/.test(before) ? ids.user
      : /\/tokens\/?$/.test(before) ? ids.token
      : /\/units\/?$/.test(before) ? ids.commune
      : /\/agencies\/?$/.test(before) ? ids.health
      : 1;
    params[name] = value;
  }
  const query = { unitId: ids.commune, planId: ids.plan, year: 2025, issuerUnitId: ids.commune, parentId: ids.commune };
  const body = method === 'GET' ? undefined : { childId: ids.child, unitId: ids.commune, issuerUnitId: ids.commune, parentId: ids.commune, grants: [{ role: 'viewer', unitId: ids.commune }], scopes: ['reports.read'] };
  return { params, query, body, headers: {}, actor, server: ctx.app, id: `matrix-${Math.random()}` } as unknown as FastifyRequest;
}

test('the route × role × scope matrix keeps the policy invariants on every operation', async () => {
  const violations: string[] = [];
  let decisions = 0;
  const routes = ctx.app.accessRoutes.filter((r) => r.url.startsWith('/api/') && !r.url.startsWith('/api/docs') && typeof r.access === 'object' && r.method !== 'HEAD');
  assert.ok(routes.length > 100);
  for (const route of routes) {
    const rule = route.access as PolicyRule;
    const kind = ruleFor(rule.resource, rule.action);
    for (const [name, actor] of Object.entries(actors)) {
      let allowed: boolean;
      try {
        allowed = await isAllowed(actor, rule, fixtureRequest(route.url, route.method, actor));
      } catch {
        allowed = false; // the loader refused (404): nothing passes
      }
      decisions++;
      const where = `${name}: ${route.method} ${route.url} (${rule.resource}, ${rule.action})`;
      const holds = actor.grants.some((g) => grantHasPermission(g, rule.action));
      const national = actor.grants.some((g) => g.unitId === null && g.agencyId === null && grantHasPermission(g, rule.action));
      if (allowed && !holds) violations.push(`${where}: allowed without the permission`);
      if (kind === 'national' && allowed !== national) violations.push(`${where}: national rule decided ${allowed}`);
      if (kind === 'child' && allowed && !actor.grants.some((g) => !g.permissions && (g.role === 'case_worker' || g.role === 'cp_supervisor'))) violations.push(`${where}: child data without a child-level role`);
      // (a possible-duplicate flag is no child's record: ids and units, for a supervisor covering both communes)
      if (kind === 'child' && allowed && name === 'provinceSupervisor' && /:id/.test(route.url) && !route.url.startsWith('/api/children/duplicate-flags/')) violations.push(`${where}: a province supervisor reached a commune's child without a referral`);
      // everything the fixture names lives in commune C: another province reaches none of it
      if (allowed && name === 'otherProvinceOfficer' && (kind === 'scoped' || kind === 'child') && !rule.action.endsWith('.read')) violations.push(`${where}: another province writes in commune C`);
      if (allowed && name === 'otherProvinceOfficer' && kind === 'scoped' && /:(id|unitId)/.test(route.url) && !/\/(units|agencies|catalogue|indicators|measures)/.test(route.url)) violations.push(`${where}: another province reads commune C's object`);
      // another agency of the same commune never writes the health station's report
      if (allowed && name === 'educationReporter' && route.url.startsWith('/api/obligations/:id') && route.method !== 'GET') violations.push(`${where}: another agency writes the report`);
      if (allowed && (name === 'healthReporter' || name === 'educationReporter') && route.url.includes('/narrative') && route.method !== 'GET') violations.push(`${where}: an agency writes the unit's narrative`);
      // accounts: a province administrator and a commune token never administer beyond their scope
      if (allowed && (name === 'provinceAdmin' || name === 'communeToken') && kind === 'national') violations.push(`${where}: scoped grant on a national resource`);
    }
  }
  console.log(`policy.matrix: routes ${routes.length} actors ${Object.keys(actors).length} decisions ${decisions} violations ${violations.length}`);
  assert.deepEqual(violations.slice(0, 30), []);
  // the table itself: every rule name used is one of the five
  for (const [resource, actions] of Object.entries(POLICY)) for (const [action, rule] of Object.entries(actions)) assert.ok(rule, `${resource} ${action}`);
});

test('positive controls: the matrix is not all refusals', async () => {
  const route = (method: string, url: string) => {
    const r = ctx.app.accessRoutes.find((x) => x.method === method && x.url === url);
    assert.ok(r, `${method} ${url}`);
    return r.access as PolicyRule;
  };
  const allowed = (who: string, method: string, url: string) => isAllowed(actors[who], route(method, url), fixtureRequest(url, method, actors[who]));
  assert.equal(await allowed('healthReporter', 'PUT', '/api/obligations/:id'), true, "the health station writes its own report");
  assert.equal(await allowed('educationReporter', 'PUT', '/api/obligations/:id'), false);
  assert.equal(await allowed('communeOfficer', 'PUT', '/api/reports/:unitId/:year/:kind/narrative'), true);
  assert.equal(await allowed('caseWorker', 'GET', '/api/children/:id'), true);
  assert.equal(await allowed('provinceAdmin', 'PATCH', '/api/users/:id'), true, 'a viewer of commune C is administered by the province');
  assert.equal(await allowed('otherProvinceOfficer', 'GET', '/api/plans/:id'), true, 'an issued plan is a public document');
});

/**
 * Exact decisions for every child and case route (issue #13 follow-up): the invariants above would let a
 * loader that locates the wrong unit pass as long as it stays inside the rules; this table names, route by
 * route, which of the eleven actor shapes the check lets through on the fixture objects of commune C (the
 * child, its case, a possible-duplicate flag of communes C and B). A new child/case route must be added here.
 */
const WORKER = ['caseWorker'];
/** lists and exports: allowed to the child-level roles, then filtered by the child scope (referred cases only for the province) */
const CHILD_LEVEL = ['provinceSupervisor', 'caseWorker'];
const EXPECTED_CHILD_CASE: Record<string, string[]> = {
  'POST /api/cases': WORKER,
  'GET /api/cases': CHILD_LEVEL,
  'GET /api/cases/mine': CHILD_LEVEL,
  'GET /api/cases/overdue': CHILD_LEVEL,
  'GET /api/cases/time-limits': CHILD_LEVEL,
  // the supervisor's own commune only (a commune supervisor; none of the eleven shapes): a province supervisor is refused
  'GET /api/cases/approvals': [],
  'PUT /api/cases/time-limits': [],
  'POST /api/cases/:id/approvals': [],
  // one case or child of commune C: its case worker; the province supervisor only after a referral up (none here)
  'GET /api/cases/:id': WORKER,
  'POST /api/cases/:id/steps': WORKER,
  'POST /api/cases/:id/referrals': WORKER,
  'PATCH /api/cases/:id/referrals/:rid': WORKER,
  'POST /api/cases/:id/meetings': WORKER,
  'POST /api/cases/:id/refer-up': WORKER,
  'POST /api/cases/:id/transfer': WORKER,
  'POST /api/children': WORKER,
  'POST /api/children/duplicates': WORKER,
  'GET /api/children': CHILD_LEVEL,
  'GET /api/children/:id': WORKER,
  'PATCH /api/children/:id': WORKER,
  'POST /api/children/:id/merge': WORKER,
  'POST /api/children/:id/move': WORKER,
  'POST /api/children/:id/circumstances': WORKER,
  'PATCH /api/children/:id/circumstances/:cid': WORKER,
  'POST /api/children/:id/supports': WORKER,
  'POST /api/children/:id/consents': WORKER,
  'POST /api/children/import': WORKER,
  // identifiable export: supervisors only (then the scope: referred children only for a province supervisor)
  'POST /api/children/export': ['provinceSupervisor'],
  // possible duplicates of communes C and B: a supervisor covering both (ids and units, no child data)
  'GET /api/children/duplicate-flags': ['provinceSupervisor'],
  'POST /api/children/duplicate-flags/:id/resolve': ['provinceSupervisor'],
  // the catalogue of groups (Điều 10 Luật Trẻ em): every grant reading the catalogue, not the commune's token
  'GET /api/register/groups': ['nationalAdmin', 'provinceAdmin', 'communeOfficer', 'otherProvinceOfficer', 'healthReporter', 'educationReporter', 'provinceSupervisor', 'caseWorker', 'leader', 'nationalToken'],
};

test('child and case routes: the exact expected decision for each of the eleven actor shapes', async () => {
  const routes = ctx.app.accessRoutes.filter((r) => r.url.startsWith('/api/') && typeof r.access === 'object' && r.method !== 'HEAD' && ['child', 'case'].includes((r.access as PolicyRule).resource));
  const actual: Record<string, string[]> = {};
  for (const route of routes) {
    const rule = route.access as PolicyRule;
    const allowed: string[] = [];
    for (const [name, actor] of Object.entries(actors)) {
      let ok: boolean;
      try {
        ok = await isAllowed(actor, rule, fixtureRequest(route.url, route.method, actor));
      } catch {
        ok = false;
      }
      if (ok) allowed.push(name);
    }
    actual[`${route.method} ${route.url}`] = allowed;
  }
  console.log(`policy.matrix-exact: child/case routes ${routes.length} × actors ${Object.keys(actors).length}`);
  assert.deepEqual(Object.keys(actual).sort(), Object.keys(EXPECTED_CHILD_CASE).sort(), 'every child/case route has its expected decisions');
  const wrong = Object.entries(actual).filter(([key, allowed]) => JSON.stringify(allowed) !== JSON.stringify(EXPECTED_CHILD_CASE[key])).map(([key, allowed]) => `${key}: allowed ${allowed.join(', ') || 'nobody'}, expected ${EXPECTED_CHILD_CASE[key]?.join(', ') || 'nobody'}`);
  assert.deepEqual(wrong, []);
});
