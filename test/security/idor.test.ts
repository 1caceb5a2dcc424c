/**
 * IDOR and role climbing against every registered route: low-privilege users of Cần Thơ try the
 * An Giang province's objects by id; anonymous callers try everything. A success is a response
 * that carries An Giang's private data (canary), or a write by an attacker that touched it.
 */
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { concreteUrls, Counter, createWorld, endsSession, hostileBody, mentionsVictim, type World } from './harness.ts';

let world: World;
before(async () => {
  world = await createWorld();
});
after(async () => world.ctx.close());

const WRITE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

test('anonymous callers get nothing but public routes', async () => {
  const counter = new Counter('anonymous_access');
  for (const route of world.routes) {
    if (route.access === 'public') continue;
    for (const url of concreteUrls(world, route.url)) {
      const r = await world.ctx.request({ method: route.method, url, payload: WRITE.has(route.method) ? hostileBody(world) : undefined, anonymous: true });
      counter.attempt(r.statusCode < 400 || mentionsVictim(world, r), `${route.method} ${url} → ${r.statusCode}`);
      assert.ok(r.statusCode === 401 || r.statusCode === 400 || r.statusCode === 403, `${route.method} ${url} → ${r.statusCode}`);
    }
  }
  counter.report();
  assert.ok(counter.attempts >= 10, 'the route list was enumerated');
  assert.equal(counter.successes, 0);
});

test("Cần Thơ's users cannot read or change An Giang's objects through any route (IDOR)", async () => {
  const db = world.ctx.database.db;
  const auditBefore = (await db.selectFrom('audit_log').select((eb) => eb.fn.max('id').as('m')).executeTakeFirstOrThrow()).m as number;
  const reads = new Counter('idor_read');
  const statuses = new Map<number, number>();
  for (const [who, client] of Object.entries(world.attackers)) {
    for (const route of world.routes) {
      if (endsSession(route)) continue;
      for (const url of concreteUrls(world, route.url)) {
        const r = await client.request({ method: route.method, url, payload: WRITE.has(route.method) ? hostileBody(world) : undefined });
        statuses.set(r.statusCode, (statuses.get(r.statusCode) ?? 0) + 1);
        reads.attempt(mentionsVictim(world, r), `${who}: ${route.method} ${url} → ${r.statusCode} carries An Giang data`);
        assert.notEqual(r.statusCode, 500, `${who}: ${route.method} ${url} → 500 ${r.body.slice(0, 200)}`);
      }
    }
  }
  for (const [who, client] of Object.entries(world.attackers)) assert.equal((await client.request({ url: '/api/session' })).statusCode, 200, `${who} stayed signed in during the attack`);
  reads.report();
  console.log(`security.idor_statuses: ${[...statuses].map(([s, n]) => `${s}×${n}`).join(' ')}`);

  // writes: any row change made by an attacker that concerns the victim's units, plans, agencies or accounts
  const writes = new Counter('idor_write');
  const rows = await db.selectFrom('audit_log').selectAll().where('id', '>', auditBefore).where('action', 'in', ['insert', 'update', 'delete']).execute();
  const v = world.victim;
  const touchesVictim = (row: Record<string, unknown> | null, table: string | null): boolean => {
    if (!row) return false;
    if (table === 'app_user' || table === 'user_grant' || table === 'api_token') return true;
    if (table === 'plan' && v.planId === row.id) return true;
    if (table === 'admin_unit' && v.unitIds.includes(row.id as number)) return true;
    return Object.entries(row).some(
      ([k, val]) => (/unit_id$/.test(k) && v.unitIds.includes(val as number)) || (/plan_id$/.test(k) && val === v.planId) || (/agency_id$/.test(k) && v.agencyIds.includes(val as number)),
    );
  };
  const attackerRows = rows.filter((r) => r.actor_id !== null && world.attackerIds.includes(r.actor_id));
  for (const r of attackerRows) writes.attempt(touchesVictim(r.before as Record<string, unknown>, r.table_name) || touchesVictim(r.after as Record<string, unknown>, r.table_name), `${r.actor_name}: ${r.action} ${r.table_name} #${r.row_id}`);
  const attempts = world.routes.filter((r) => WRITE.has(r.method)).length * Object.keys(world.attackers).length;
  writes.attempts = Math.max(writes.attempts, attempts);
  writes.report();
  const plan = await db.selectFrom('plan').select(['title', 'status']).where('id', '=', v.planId).executeTakeFirstOrThrow();
  assert.match(plan.title, new RegExp(world.canary));
  assert.equal(plan.status, 'draft');
  assert.equal(reads.successes, 0);
  assert.equal(writes.successes, 0);
});

test('role climbing: reporters and officers cannot make themselves administrators', async () => {
  const counter = new Counter('role_climbing');
  const db = world.ctx.database.db;
  const ids = world.attackerIds;
  for (const [who, client] of Object.entries(world.attackers)) {
    const self = client.userId;
    const attempts: { method: string; url: string; payload?: unknown }[] = [
      { method: 'PUT', url: `/api/users/${self}/grants`, payload: { grants: [{ role: 'system_admin', unitId: null }] } },
      { method: 'POST', url: '/api/users', payload: { username: `${who.toLowerCase()}.admin`, password: 'climb-climb-climb', grants: [{ role: 'system_admin' }] } },
      { method: 'POST', url: '/api/tokens', payload: { name: 'climb', scopes: ['system.admin', 'users.admin'] } },
      { method: 'POST', url: `/api/users/${world.ctx.admin.id}/password`, payload: { password: 'taken-over-123' } },
      { method: 'POST', url: `/api/users/${world.ctx.admin.id}/deactivate` },
      { method: 'PATCH', url: `/api/users/${self}`, payload: { active: true, displayName: 'admin' } },
      { method: 'GET', url: '/api/audit' },
      { method: 'GET', url: '/api/users' },
      { method: 'GET', url: `/api/users/${world.ctx.admin.id}/sessions` },
    ];
    for (const a of attempts) {
      const r = await client.request(a);
      counter.attempt(r.statusCode < 400, `${who}: ${a.method} ${a.url} → ${r.statusCode}`);
    }
    // a hand-made API token scope or an extra grant slipped into a sign-in body does nothing
    const me = await client.request({ url: '/api/session' });
    assert.equal(me.statusCode, 200);
    counter.attempt(me.json.permissions.includes('users.admin') || me.json.permissions.includes('system.admin'), `${who} holds admin permissions`);
  }
  // every route whose permission no attacker role carries must refuse every attacker
  for (const route of world.routes) {
    if (typeof route.access !== 'object' || endsSession(route)) continue;
    for (const [who, client] of Object.entries(world.attackers)) {
      const me = await client.request({ url: '/api/session' });
      if (me.json.permissions.includes(route.access.action)) continue;
      for (const url of concreteUrls(world, route.url, () => [1])) {
        const r = await client.request({ method: route.method, url, payload: WRITE.has(route.method) ? hostileBody(world) : undefined });
        counter.attempt(r.statusCode < 400, `${who}: ${route.method} ${url} (${route.access.action}) → ${r.statusCode}`);
      }
    }
  }
  const admins = await db.selectFrom('user_grant').select('user_id').where('role', '=', 'system_admin').execute();
  counter.attempt(admins.some((a) => ids.includes(a.user_id)), 'an attacker holds system_admin');
  counter.report();
  assert.equal(counter.successes, 0);
});

test("positive control: An Giang's own officer still reaches An Giang's uploads", async () => {
  for (const id of world.victim.uploadIds) {
    const r = await world.owner.request({ url: `/api/imports/${id}` });
    assert.equal(r.statusCode, 200, r.body);
    assert.ok(mentionsVictim(world, r));
  }
});
