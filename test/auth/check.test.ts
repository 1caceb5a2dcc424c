/** The central check against routes that declare unit and agency resolvers. */
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { createTestContext, type Client, type TestContext } from '../helpers/context.ts';
import { createUnitTree, type UnitTree } from '../helpers/units.ts';
import { unitScope, can } from '../../src/api/auth/scope.ts';
import type { App } from '../../src/api/app.ts';
import { everything, national } from '../../src/api/access.ts';

let ctx: TestContext;
let units: UnitTree;
const as: Record<string, Client> = {};

async function routes(app: App) {
  const unitParam = (req: { params: unknown }): number => (req.params as { id: number }).id;
  app.get('/t/units/:id', { config: { access: { action: 'units.read', resource: 'unit', load: unitParam } }, schema: { params: z.object({ id: z.coerce.number().int() }) } }, async (req) => ({ id: req.params.id }));
  app.post(
    '/t/units/:id/reports',
    {
      config: { access: { action: 'reports.enter', resource: 'report', load: unitParam, agency: (req) => (req.body as { agencyId: number }).agencyId } },
      schema: { params: z.object({ id: z.coerce.number().int() }), body: z.object({ agencyId: z.number().int() }) },
    },
    async () => ({ ok: true }),
  );
  app.post('/t/plans', { config: { access: { action: 'plans.write', resource: 'plan', load: (req) => (req.body as { unitId?: number }).unitId ?? null } }, schema: { body: z.object({ unitId: z.number().int().optional() }) } }, async () => ({ ok: true }));
  app.get('/t/catalogue', { config: { access: { action: 'catalogue.read', resource: 'catalogue', load: national } } }, async () => ({ ok: true }));
  app.get('/t/children/:id', { config: { access: { action: 'children.read', resource: 'child', load: unitParam } }, schema: { params: z.object({ id: z.coerce.number().int() }) } }, async () => ({ ok: true }));
  app.get('/t/scope', { config: { access: { action: 'plans.read', resource: 'plan', load: everything } } }, async (req) => ({ scope: await unitScope(req, 'plans.read'), canCanTho: await can(req, 'plans.read', { unitId: units.canTho }) }));
}

before(async () => {
  ctx = await createTestContext({ routes });
  units = await createUnitTree(ctx.database.db);
  const mk = async (username: string, grants: { role: string; unitId?: number | null; agencyId?: number | null }[]) => {
    const u = await ctx.createUser({ username, grants });
    as[username] = await ctx.sessionFor(u);
  };
  await mk('ag.officer', [{ role: 'unit_officer', unitId: units.anGiang }]);
  await mk('ct.officer', [{ role: 'unit_officer', unitId: units.canTho }]);
  await mk('kg.officer', [{ role: 'unit_officer', unitId: units.kienGiang }]);
  await mk('ag.health', [{ role: 'agency_reporter', agencyId: units.agHealth }]);
  await mk('ag.viewer', [{ role: 'viewer', unitId: units.anGiang }]);
  await mk('lx.caseworker', [{ role: 'case_worker', unitId: units.longXuyen }]);
  await mk('no.grants', []);
});
after(async () => ctx.close());

const status = async (who: string, method: string, url: string, payload?: unknown) => (await as[who].request({ method, url, payload })).statusCode;

test('a unit officer reaches its subtree and, across the 2025 merger, the old Kiên Giang units — not Cần Thơ', async () => {
  assert.equal(await status('ag.officer', 'GET', `/api/t/units/${units.anGiang}`), 200);
  assert.equal(await status('ag.officer', 'GET', `/api/t/units/${units.longXuyen}`), 200);
  assert.equal(await status('ag.officer', 'GET', `/api/t/units/${units.vinhThanhVan}`), 200, 'commune of the merged province');
  assert.equal(await status('ag.officer', 'GET', `/api/t/units/${units.canTho}`), 403);
  assert.equal(await status('ag.officer', 'GET', `/api/t/units/${units.nation}`), 403);
  assert.equal(await status('ct.officer', 'GET', `/api/t/units/${units.vinhThanhVan}`), 403);
  assert.equal(await status('kg.officer', 'GET', `/api/t/units/${units.longXuyen}`), 403, 'a grant on the dissolved province does not reach the new one');
});

test('an agency reporter enters for its own agency at its own unit only', async () => {
  assert.equal(await status('ag.health', 'POST', `/api/t/units/${units.anGiang}/reports`, { agencyId: units.agHealth }), 200);
  assert.equal(await status('ag.health', 'POST', `/api/t/units/${units.anGiang}/reports`, { agencyId: units.agEducation }), 403);
  assert.equal(await status('ag.health', 'POST', `/api/t/units/${units.longXuyen}/reports`, { agencyId: units.agHealth }), 403);
  assert.equal(await status('ag.health', 'POST', `/api/t/units/${units.canTho}/reports`, { agencyId: units.ctHealth }), 403);
  assert.equal(await status('ag.health', 'POST', '/api/t/plans', { unitId: units.anGiang }), 403);
  assert.equal(await status('ag.officer', 'POST', `/api/t/units/${units.anGiang}/reports`, { agencyId: units.agEducation }), 200, 'the officer is not agency-bound');
});

test('viewers cannot write; writing a national object needs a national grant', async () => {
  assert.equal(await status('ag.viewer', 'POST', '/api/t/plans', { unitId: units.anGiang }), 403);
  assert.equal(await status('ag.officer', 'POST', '/api/t/plans', { unitId: units.anGiang }), 200);
  assert.equal(await status('ag.officer', 'POST', '/api/t/plans', {}), 403);
  assert.equal((await ctx.request({ method: 'POST', url: '/api/t/plans', payload: {} })).statusCode, 200, 'admin');
});

test('unit-less routes need only the permission; no grants, no access', async () => {
  assert.equal(await status('ag.health', 'GET', '/api/t/catalogue'), 200);
  assert.equal(await status('no.grants', 'GET', '/api/t/catalogue'), 403);
  assert.equal(await status('no.grants', 'GET', '/api/session'), 200, 'signed in, but nothing else');
});

test('case workers: their unit only', async () => {
  assert.equal(await status('lx.caseworker', 'GET', `/api/t/children/${units.longXuyen}`), 200);
  assert.equal(await status('lx.caseworker', 'GET', `/api/t/children/${units.anGiang}`), 403);
  assert.equal(await status('ag.officer', 'GET', `/api/t/children/${units.longXuyen}`), 403, 'officers do not see children');
});

test('a route without an access policy stops the server from starting (so a new route without one fails CI)', async () => {
  for (const [label, config] of [
    ['no declaration', undefined],
    ['a permission without a resource loader (the old shape)', { access: { permission: 'users.admin' } }],
    ['a loader-less policy', { access: { action: 'users.admin', resource: 'user' } }],
    ['a pair the policy table does not have', { access: { action: 'children.read', resource: 'report', load: national } }],
  ] as const) {
    await assert.rejects(
      createTestContext({ routes: (app) => { app.get('/t/undeclared', config ? { config: config as never } : {}, async () => ({ leaked: true })); } }),
      /access: GET \/api\/t\/undeclared declares/,
      label,
    );
  }
});

test('unitScope lists the units a caller may see, succession included; can() checks one object', async () => {
  const r = await as['ag.officer'].request({ url: '/api/t/scope' });
  const scope = r.json.scope as number[];
  for (const id of [units.anGiang, units.longXuyen, units.kienGiang, units.rachGia, units.vinhThanhVan]) assert.ok(scope.includes(id), String(id));
  for (const id of [units.canTho, units.ninhKieu, units.nation]) assert.ok(!scope.includes(id), String(id));
  assert.equal(r.json.canCanTho, false);
  const admin = await ctx.request({ url: '/api/t/scope' });
  assert.equal(admin.json.scope, 'all');
  const reporter = await as['ag.health'].request({ url: '/api/t/scope' });
  assert.deepEqual(reporter.json.scope, [units.anGiang, units.kienGiang].sort((a, b) => a - b), 'unit role: its unit and the merged predecessor, no children');
});

test('GET /api/session tells the web app each grant\'s permissions and units (for can())', async () => {
  const me = await as['ag.officer'].request({ url: '/api/session' });
  const g = me.json.grants[0];
  assert.ok(g.permissions.includes('plans.write'));
  assert.ok(g.unitIds.includes(units.vinhThanhVan));
  assert.ok(!g.unitIds.includes(units.canTho));
  const admin = await ctx.request({ url: '/api/session' });
  assert.equal(admin.json.grants[0].unitIds, 'all');
});
