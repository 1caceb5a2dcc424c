import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createTestContext, cookieValue, type TestContext } from '../helpers/context.ts';
import { createUnitTree, type UnitTree } from '../helpers/units.ts';

let ctx: TestContext;
let units: UnitTree;
before(async () => {
  ctx = await createTestContext();
  units = await createUnitTree(ctx.database.db);
});
after(async () => ctx.close());

test('sign-in sets an httpOnly SameSite=Strict session cookie and a readable CSRF cookie; me lists grants and permissions', async () => {
  const u = await ctx.createUser({ username: 'lan.officer', grants: [{ role: 'unit_officer', unitId: units.anGiang }] });
  const r = await ctx.request({ method: 'POST', url: '/api/session', payload: { username: 'Lan.Officer ', password: u.password }, anonymous: true });
  assert.equal(r.statusCode, 200, r.body);
  const cookies = ([] as string[]).concat(r.headers['set-cookie'] as string[]);
  const session = cookies.find((c) => c.startsWith('vitreem_session='))!;
  assert.match(session, /HttpOnly/i);
  assert.match(session, /SameSite=Strict/i);
  assert.doesNotMatch(session, /Secure/i, 'plain http: not Secure');
  const csrf = cookies.find((c) => c.startsWith('vitreem_csrf='))!;
  assert.doesNotMatch(csrf, /HttpOnly/i);
  assert.equal(r.json.csrfToken, cookieValue(cookies, 'vitreem_csrf'));
  assert.ok(r.json.permissions.includes('plans.write'));
  assert.ok(!r.json.permissions.includes('users.admin'));

  const me = await ctx.request({ url: '/api/session', cookies: { vitreem_session: cookieValue(cookies, 'vitreem_session')! } });
  assert.equal(me.statusCode, 200);
  assert.equal(me.json.user.username, 'lan.officer');
  assert.equal(me.json.grants[0].role, 'unit_officer');
  assert.equal(me.json.grants[0].unitId, units.anGiang);
  assert.equal(me.json.grants[0].unitName, 'An Giang');
});

test('the session cookie is Secure behind TLS (x-forwarded-proto from the local proxy) and HSTS is sent only then', async () => {
  const u = await ctx.createUser({ username: 'tls.user' });
  const r = await ctx.request({ method: 'POST', url: '/api/session', payload: { username: u.username, password: u.password }, headers: { 'x-forwarded-proto': 'https' }, anonymous: true });
  assert.equal(r.statusCode, 200);
  assert.match(([] as string[]).concat(r.headers['set-cookie'] as string[]).find((c) => c.startsWith('vitreem_session='))!, /Secure/);
  assert.match(String(r.headers['strict-transport-security']), /max-age=\d+/);
  const plain = await ctx.request({ url: '/api/health', anonymous: true });
  assert.equal(plain.headers['strict-transport-security'], undefined);
});

test('wrong password and unknown user get the same bilingual 401', async () => {
  await ctx.createUser({ username: 'minh' });
  const a = await ctx.request({ method: 'POST', url: '/api/session', payload: { username: 'minh', password: 'wrong-password-1' }, anonymous: true });
  const b = await ctx.request({ method: 'POST', url: '/api/session', payload: { username: 'nobody-here', password: 'wrong-password-1' }, anonymous: true });
  assert.equal(a.statusCode, 401);
  assert.equal(b.statusCode, 401);
  assert.deepEqual(a.json, b.json);
  assert.match(a.json.error.message, /mật khẩu không đúng/);
});

test('no credentials → 401 on protected routes; a forged or unknown cookie is ignored', async () => {
  assert.equal((await ctx.request({ url: '/api/users', anonymous: true })).statusCode, 401);
  assert.equal((await ctx.request({ url: '/api/users', cookies: { vitreem_session: 'forged-value' } })).statusCode, 401);
  assert.equal((await ctx.request({ url: '/api/users', headers: { authorization: 'Bearer vtk_nope' } })).statusCode, 401);
  assert.equal((await ctx.request({ url: '/api/users', headers: { authorization: 'Basic YWRtaW46YWRtaW4=' } })).statusCode, 401);
});

test('CSRF: a state-changing request with the session cookie needs the matching x-csrf-token', async () => {
  const u = await ctx.createUser({ username: 'csrf.user' });
  const c = await ctx.login(u.username, u.password);
  const noHeader = await ctx.request({ method: 'POST', url: '/api/session/logout-all', cookies: { vitreem_session: c.sessionId } });
  assert.equal(noHeader.statusCode, 403);
  assert.equal(noHeader.json.error.code, 'csrf_failed');
  const wrong = await ctx.request({ method: 'POST', url: '/api/session/logout-all', cookies: { vitreem_session: c.sessionId, vitreem_csrf: 'x' }, headers: { 'x-csrf-token': 'x' } });
  assert.equal(wrong.statusCode, 403, 'double-submit with an attacker-chosen cookie value is refused: the token is bound to the session');
  const other = await ctx.login('admin', ctx.admin.password);
  const crossed = await ctx.request({ method: 'DELETE', url: '/api/session', cookies: { vitreem_session: c.sessionId }, headers: { 'x-csrf-token': other.csrfToken } });
  assert.equal(crossed.statusCode, 403, "another session's token does not work");
  assert.equal((await c.request({ url: '/api/session' })).statusCode, 200, 'still signed in');
  assert.equal((await c.request({ method: 'DELETE', url: '/api/session' })).statusCode, 200);
});

test('session fixation: a session id brought to sign-in is not adopted, and sign-in ends it', async () => {
  const u = await ctx.createUser({ username: 'fix.user' });
  const first = await ctx.login(u.username, u.password);
  const r = await ctx.request({ method: 'POST', url: '/api/session', payload: { username: u.username, password: u.password }, cookies: { vitreem_session: first.sessionId } });
  assert.equal(r.statusCode, 200);
  const fresh = cookieValue(r.headers['set-cookie'], 'vitreem_session');
  assert.ok(fresh && fresh !== first.sessionId);
  assert.equal((await first.request({ url: '/api/session' })).statusCode, 401, 'the old id is dead');
  const planted = await ctx.request({ method: 'POST', url: '/api/session', payload: { username: u.username, password: u.password }, cookies: { vitreem_session: 'attacker-chosen-id' } });
  assert.notEqual(cookieValue(planted.headers['set-cookie'], 'vitreem_session'), 'attacker-chosen-id');
});

test('sign-out ends the session; sign-out everywhere ends all of them', async () => {
  const u = await ctx.createUser({ username: 'multi.device' });
  const a = await ctx.login(u.username, u.password);
  const b = await ctx.login(u.username, u.password);
  assert.equal((await a.request({ method: 'DELETE', url: '/api/session' })).statusCode, 200);
  assert.equal((await a.request({ url: '/api/session' })).statusCode, 401);
  assert.equal((await b.request({ url: '/api/session' })).statusCode, 200);
  const c = await ctx.login(u.username, u.password);
  const all = await c.request({ method: 'POST', url: '/api/session/logout-all' });
  assert.equal(all.statusCode, 200);
  assert.equal(all.json.ended, 2);
  assert.equal((await b.request({ url: '/api/session' })).statusCode, 401);
  assert.equal((await c.request({ url: '/api/session' })).statusCode, 401);
});

test('lockout: five failures lock the name, the right password is refused while locked, an administrator unlocks', async () => {
  const u = await ctx.createUser({ username: 'brute.target' });
  for (let i = 0; i < 5; i++) assert.equal((await ctx.request({ method: 'POST', url: '/api/session', payload: { username: u.username, password: `guess-${i}-xxxxx` }, anonymous: true })).statusCode, 401);
  const locked = await ctx.request({ method: 'POST', url: '/api/session', payload: { username: u.username, password: u.password }, anonymous: true });
  assert.equal(locked.statusCode, 423);
  assert.equal(locked.json.error.code, 'account_locked');
  assert.match(locked.json.error.message, /tạm khoá/);
  assert.equal((await ctx.request({ method: 'POST', url: `/api/users/${u.id}/unlock` })).statusCode, 200);
  assert.equal((await ctx.request({ method: 'POST', url: '/api/session', payload: { username: u.username, password: u.password }, anonymous: true })).statusCode, 200);
});

test('own password change: checks the current one and the rules, ends other sessions', async () => {
  const u = await ctx.createUser({ username: 'pw.changer' });
  const a = await ctx.login(u.username, u.password);
  const b = await ctx.login(u.username, u.password);
  const weak = await a.request({ method: 'POST', url: '/api/me/password', payload: { currentPassword: u.password, newPassword: 'short' } });
  assert.equal(weak.statusCode, 400);
  assert.equal(weak.json.error.code, 'weak_password');
  const wrong = await a.request({ method: 'POST', url: '/api/me/password', payload: { currentPassword: 'not-it-at-all', newPassword: 'a much better passphrase' } });
  assert.equal(wrong.statusCode, 400);
  const ok = await a.request({ method: 'POST', url: '/api/me/password', payload: { currentPassword: u.password, newPassword: 'a much better passphrase' } });
  assert.equal(ok.statusCode, 200, ok.body);
  assert.equal((await a.request({ url: '/api/session' })).statusCode, 200, 'this session continues');
  assert.equal((await b.request({ url: '/api/session' })).statusCode, 401, 'the others end');
  await ctx.login(u.username, 'a much better passphrase');
});

test('administration: create with a one-time password that must be changed, grants, deactivate, sessions', async () => {
  const created = await ctx.request({ method: 'POST', url: '/api/users', payload: { username: 'Hoa.Reporter', displayName: 'Nguyễn Thị Hoa', grants: [{ role: 'agency_reporter', agencyId: units.agHealth }] } });
  assert.equal(created.statusCode, 201, created.body);
  assert.equal(created.json.user.username, 'hoa.reporter');
  assert.equal(created.json.user.grants[0].unitId, units.anGiang, "an agency grant takes the agency's unit");
  const otp = created.json.oneTimePassword as string;
  assert.ok(otp.length >= 16);
  const id = created.json.user.id as number;
  const hoa = await ctx.login('hoa.reporter', otp);
  const gated = await hoa.request({ url: '/api/roles' });
  assert.equal(gated.statusCode, 403);
  assert.equal(gated.json.error.code, 'password_change_required');
  assert.equal((await hoa.request({ method: 'POST', url: '/api/me/password', payload: { currentPassword: otp, newPassword: 'Hoa đổi mật khẩu 2025' } })).statusCode, 200);
  assert.equal((await hoa.request({ url: '/api/roles' })).statusCode, 200);

  const dup = await ctx.request({ method: 'POST', url: '/api/users', payload: { username: 'hoa.reporter' } });
  assert.equal(dup.statusCode, 409);
  const badGrant = await ctx.request({ method: 'POST', url: '/api/users', payload: { username: 'x.y', grants: [{ role: 'agency_reporter', unitId: units.canTho, agencyId: units.agHealth }] } });
  assert.equal(badGrant.statusCode, 400);
  assert.deepEqual(badGrant.json.error.path, ['body', 'grants', 0]);
  assert.equal((await ctx.database.db.selectFrom('app_user').select('id').where('username', '=', 'x.y').execute()).length, 0, 'nothing stored');

  const sessions = await ctx.request({ url: `/api/users/${id}/sessions` });
  assert.equal(sessions.statusCode, 200);
  assert.equal(sessions.json.sessions.length, 1);
  assert.equal(sessions.json.sessions[0].ip, '127.0.0.1');

  const grants = await ctx.request({ method: 'PUT', url: `/api/users/${id}/grants`, payload: { grants: [{ role: 'viewer', unitId: units.canTho }] } });
  assert.equal(grants.statusCode, 200);
  assert.deepEqual(grants.json.user.grants.map((g: { role: string }) => g.role), ['viewer']);

  assert.equal((await ctx.request({ method: 'POST', url: `/api/users/${id}/deactivate` })).statusCode, 200);
  assert.equal((await hoa.request({ url: '/api/session' })).statusCode, 401, 'deactivation ends sessions');
  assert.equal((await ctx.request({ method: 'POST', url: '/api/session', payload: { username: 'hoa.reporter', password: 'Hoa đổi mật khẩu 2025' }, anonymous: true })).statusCode, 401);

  const list = await ctx.request({ url: '/api/users?q=hoa' });
  assert.equal(list.json.users.length, 1);
  assert.equal(list.json.users[0].active, false);
});

test('administrator password reset gives a one-time password, ends sessions and forces a change', async () => {
  const u = await ctx.createUser({ username: 'forgetful' });
  const s = await ctx.login(u.username, u.password);
  const r = await ctx.request({ method: 'POST', url: `/api/users/${u.id}/password`, payload: {} });
  assert.equal(r.statusCode, 200);
  assert.equal((await s.request({ url: '/api/session' })).statusCode, 401);
  const again = await ctx.login(u.username, r.json.oneTimePassword);
  const me = await again.request({ url: '/api/session' });
  assert.equal(me.json.user.mustChangePassword, true);
});

test('the last system administrator cannot be deactivated or stripped', async () => {
  const self = await ctx.request({ method: 'POST', url: `/api/users/${ctx.admin.id}/deactivate` });
  assert.equal(self.statusCode, 409);
  const strip = await ctx.request({ method: 'PUT', url: `/api/users/${ctx.admin.id}/grants`, payload: { grants: [] } });
  assert.equal(strip.statusCode, 409);
  const me = await ctx.request({ url: '/api/session' });
  assert.equal(me.json.grants[0].role, 'system_admin');
});

test('API tokens: shown once, stored hashed, scoped, no CSRF needed, revocable', async () => {
  const created = await ctx.request({ method: 'POST', url: '/api/tokens', payload: { name: 'Hệ thống thống kê', scopes: ['users.admin'], unitId: null } });
  assert.equal(created.statusCode, 201, created.body);
  const token = created.json.token as string;
  assert.match(token, /^vtk_/);
  const stored = await ctx.database.db.selectFrom('api_token').selectAll().where('id', '=', created.json.id).executeTakeFirstOrThrow();
  assert.notEqual(stored.token_hash, token);
  assert.ok(!JSON.stringify(await ctx.request({ url: '/api/tokens' })).includes(token), 'never listed again');
  const list = await ctx.request({ url: '/api/users', headers: { authorization: `Bearer ${token}` } });
  assert.equal(list.statusCode, 200);
  const post = await ctx.request({ method: 'POST', url: '/api/users', payload: { username: 'made.by.token' }, headers: { authorization: `Bearer ${token}` } });
  assert.equal(post.statusCode, 201, 'tokens skip CSRF');
  const audit = await ctx.database.db.selectFrom('audit_log').select('actor_name').where('table_name', '=', 'app_user').where('row_id', '=', String(post.json.user.id)).executeTakeFirstOrThrow();
  assert.match(audit.actor_name!, /^token:Hệ thống thống kê#/);
  const outOfScope = await ctx.request({ url: '/api/audit', headers: { authorization: `Bearer ${token}` } });
  assert.equal(outOfScope.statusCode, 403);
  assert.equal((await ctx.request({ method: 'DELETE', url: `/api/tokens/${created.json.id}` })).statusCode, 200);
  assert.equal((await ctx.request({ url: '/api/users', headers: { authorization: `Bearer ${token}` } })).statusCode, 401);
});

test('security headers on API and errors', async () => {
  for (const url of ['/api/health', '/api/does-not-exist', '/api/users']) {
    const r = await ctx.request({ url, anonymous: true });
    assert.match(String(r.headers['content-security-policy']), /default-src 'self'/);
    assert.match(String(r.headers['content-security-policy']), /frame-ancestors 'none'/);
    assert.doesNotMatch(String(r.headers['content-security-policy']), /script-src[^;]*unsafe-inline/);
    assert.equal(r.headers['x-content-type-options'], 'nosniff');
    assert.equal(r.headers['x-frame-options'], 'DENY');
    assert.ok(r.headers['referrer-policy']);
  }
});
