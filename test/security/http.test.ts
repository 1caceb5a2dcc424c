/** CSRF, session fixation, oversized and malformed bodies, undeclared routes, headers — against every route. */
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { cookieValue } from '../helpers/context.ts';
import { concreteUrls, Counter, createWorld, hostileBody, type World } from './harness.ts';

let world: World;
before(async () => {
  world = await createWorld();
});
after(async () => world.ctx.close());

const WRITE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

test('CSRF: every state-changing route refuses a session cookie without, or with a wrong, x-csrf-token', async () => {
  const counter = new Counter('csrf');
  const admin = await world.ctx.login('admin', world.ctx.admin.password);
  const auditBefore = (await world.ctx.database.db.selectFrom('audit_log').select((eb) => eb.fn.max('id').as('m')).executeTakeFirstOrThrow()).m as number;
  for (const route of world.routes) {
    if (!WRITE.has(route.method) || route.access === 'public') continue;
    for (const url of concreteUrls(world, route.url)) {
      for (const headers of [{} as Record<string, string>, { 'x-csrf-token': 'guess' }, { 'x-csrf-token': '' }, { 'x-csrf-token': world.attackers.ctOfficer.csrfToken }]) {
        const r = await world.ctx.request({ method: route.method, url, payload: hostileBody(world), cookies: { vitreem_session: admin.sessionId, vitreem_csrf: 'guess' }, headers });
        counter.attempt(r.statusCode < 400 || (r.statusCode !== 403 && r.statusCode !== 400), `${route.method} ${url} ${JSON.stringify(headers)} → ${r.statusCode}`);
        if (r.statusCode !== 400) assert.equal(r.json?.error?.code, 'csrf_failed', `${route.method} ${url} → ${r.statusCode}`);
      }
    }
  }
  const writes = await world.ctx.database.db.selectFrom('audit_log').select('id').where('id', '>', auditBefore).where('actor_id', '=', world.ctx.admin.id).where('action', 'in', ['insert', 'update', 'delete']).execute();
  counter.attempt(writes.length > 0, `${writes.length} writes went through`);
  assert.equal((await admin.request({ url: '/api/session' })).statusCode, 200, 'the session survived: nothing signed it out');
  counter.report();
  assert.ok(counter.attempts > 20);
  assert.equal(counter.successes, 0);
});

test('session fixation: planted ids are never adopted; every sign-in issues a new id', async () => {
  const counter = new Counter('session_fixation');
  const u = await world.ctx.createUser({ username: 'fixation.victim' });
  const seen = new Set<string>();
  for (const planted of ['attacker-chosen', 'a'.repeat(43), world.attackers.ctViewer.sessionId, '']) {
    const r = await world.ctx.request({ method: 'POST', url: '/api/session', payload: { username: u.username, password: u.password }, cookies: planted ? { vitreem_session: planted } : {}, anonymous: true });
    assert.equal(r.statusCode, 200);
    const issued = cookieValue(r.headers['set-cookie'], 'vitreem_session')!;
    counter.attempt(issued === planted || seen.has(issued), `planted ${planted.slice(0, 10)} adopted`);
    seen.add(issued);
    const me = await world.ctx.request({ url: '/api/session', cookies: { vitreem_session: issued } });
    assert.equal(me.json.user.username, u.username);
  }
  // the attacker's own planted (valid) session was ended by the victim's sign-in, not shared
  const attackerNow = await world.attackers.ctViewer.request({ url: '/api/session' });
  counter.attempt(attackerNow.statusCode === 200 && attackerNow.json.user.username === u.username, 'attacker session became the victim');
  counter.report();
  assert.equal(counter.successes, 0);
});

test('oversized bodies get 413 and malformed JSON 400 on every route that takes a body', async () => {
  const big = new Counter('oversized_body');
  const bad = new Counter('malformed_json');
  const huge = JSON.stringify({ text: 'x'.repeat(3 * 1024 * 1024) });
  const malformed = ['{', '{"a":', '[1,2', '{"a":1}}', 'nul', '\u0000', '{"__proto__":{"admin":true}}x'];
  for (const route of world.routes) {
    if (!WRITE.has(route.method)) continue;
    const [url] = concreteUrls(world, route.url);
    if (route.bodyLimit && route.bodyLimit > huge.length) {
      // uploads with their own larger limit: an unauthenticated caller is turned away before any body is read
      const r = await world.ctx.request({ method: route.method, url, payload: huge, headers: { 'content-type': 'application/json' }, anonymous: true });
      big.attempt(r.statusCode !== 401, `${route.method} ${url} (limit ${route.bodyLimit}) anonymous → ${r.statusCode}`);
    } else {
      const r = await world.ctx.request({ method: route.method, url, payload: huge, headers: { 'content-type': 'application/json' } });
      big.attempt(r.statusCode !== 413, `${route.method} ${url} → ${r.statusCode}`);
    }
    for (const body of malformed) {
      const m = await world.ctx.request({ method: route.method, url, payload: body, headers: { 'content-type': 'application/json' } });
      bad.attempt(m.statusCode !== 400 && m.statusCode !== 415, `${route.method} ${url} ${JSON.stringify(body)} → ${m.statusCode}`);
      assert.ok(m.json?.error?.message, 'a bilingual error body');
    }
  }
  big.report();
  bad.report();
  assert.equal(big.successes, 0);
  assert.equal(bad.successes, 0);
});

test('every registered route declares its access; the security headers are on every answer', async () => {
  const counter = new Counter('undeclared_routes');
  for (const route of world.routes) counter.attempt(route.access === undefined, `${route.method} ${route.url} declares no access`);
  counter.report();
  assert.equal(counter.successes, 0);
  const headers = new Counter('security_headers');
  for (const route of world.routes.filter((r) => r.method === 'GET')) {
    const [url] = concreteUrls(world, route.url);
    const r = await world.ctx.request({ url });
    const csp = String(r.headers['content-security-policy'] ?? '');
    headers.attempt(
      !/default-src 'self'/.test(csp) || !/frame-ancestors 'none'/.test(csp) || /script-src[^;]*'unsafe-inline'/.test(csp) || r.headers['x-content-type-options'] !== 'nosniff' || r.headers['x-frame-options'] !== 'DENY',
      `${url} headers`,
    );
    headers.attempt(r.headers['strict-transport-security'] !== undefined, `${url} sends HSTS over plain http`);
  }
  headers.report();
  assert.equal(headers.successes, 0);
});

test('forged client addresses are not believed from outside the machine', async () => {
  const r = await world.ctx.app.inject({ method: 'POST', url: '/api/session', payload: { username: 'nobody.xff', password: 'whatever-123' }, remoteAddress: '203.0.113.9', headers: { 'x-forwarded-for': '10.9.9.9' } });
  assert.equal(r.statusCode, 401);
  const row = await world.ctx.database.db.selectFrom('login_attempt').select('ip').where('username', '=', 'nobody.xff').executeTakeFirstOrThrow();
  assert.equal(row.ip, '203.0.113.9');
});
