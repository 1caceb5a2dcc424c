/** POST /api/me/password is counted like sign-in (issue #13 point 6): a stolen session cannot guess the current password. */
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createTestContext, type Client, type TestContext } from '../helpers/context.ts';
import { verifyPassword } from '../../src/storage/users.ts';
import { Counter } from './harness.ts';

let ctx: TestContext;
before(async () => {
  ctx = await createTestContext();
});
after(async () => ctx.close());

const change = (c: Client, currentPassword: string, newPassword: string, address: string) =>
  ctx.app.inject({ method: 'POST', url: '/api/me/password', payload: { currentPassword, newPassword }, cookies: { vitreem_session: c.sessionId, vitreem_csrf: c.csrfToken }, headers: { 'x-csrf-token': c.csrfToken }, remoteAddress: address });

test('40 wrong current passwords from a stolen session, then the right one: refused; the password is unchanged and sign-in is locked too', async () => {
  const counter = new Counter('password_change_guessing');
  const u = await ctx.createUser({ username: 'victim.user', password: 'the real passphrase 1' });
  const stolen = await ctx.sessionFor(u);
  const statuses: number[] = [];
  for (let i = 0; i < 40; i++) {
    const r = await change(stolen, `guess number ${i} wrong`, 'attacker passphrase 99', `203.0.113.${(i % 200) + 1}`);
    statuses.push(r.statusCode);
    counter.attempt(r.statusCode === 200, `guess ${i} → ${r.statusCode}`);
    assert.ok(r.statusCode < 500, r.body);
  }
  assert.deepEqual(statuses.slice(0, 5), [400, 400, 400, 400, 400], 'the first wrong passwords are plain refusals');
  assert.ok(statuses.slice(5).every((s) => s === 423), `locked from the 6th attempt: ${statuses.join(',')}`);
  const right = await change(stolen, u.password, 'attacker passphrase 99', '203.0.113.250');
  counter.attempt(right.statusCode === 200, `the right password after 40 wrong → ${right.statusCode}`);
  assert.equal(right.statusCode, 423, right.body);
  assert.match(right.json().error.message, /tạm khoá/);
  assert.match(right.json().error.messageEn, /locked/);
  const row = await ctx.database.db.selectFrom('app_user').select('password_hash').where('id', '=', u.id).executeTakeFirstOrThrow();
  assert.ok(await verifyPassword(row.password_hash, u.password), 'the password is unchanged');
  assert.ok(!(await verifyPassword(row.password_hash, 'attacker passphrase 99')));
  // the same counter as sign-in: the account is locked there as well
  const signIn = await ctx.app.inject({ method: 'POST', url: '/api/session', payload: { username: u.username, password: u.password }, remoteAddress: '198.51.100.77' });
  assert.equal(signIn.statusCode, 423);
  // failures are in the audit log, without the passwords tried
  const audit = await ctx.database.db.selectFrom('audit_log').select(['action', 'detail']).where('action', 'in', ['password_change_failed', 'password_change_locked']).execute();
  assert.ok(audit.length >= 40);
  assert.ok(!JSON.stringify(audit).includes('guess number'));
  counter.report();
  assert.equal(counter.successes, 0);
});

test('failures spent on sign-in count for the password change too, and a right password in between resets the count', async () => {
  const u = await ctx.createUser({ username: 'honest.user', password: 'honest passphrase 42' });
  const session = await ctx.sessionFor(u);
  for (let i = 0; i < 3; i++) assert.equal((await change(session, 'typo passphrase', 'new honest passphrase 43', '192.0.2.10')).statusCode, 400);
  // a success resets the count (as at sign-in): the owner who remembers the password is never locked out by their own typos
  const ok = await change(session, u.password, 'new honest passphrase 43', '192.0.2.10');
  assert.equal(ok.statusCode, 200, ok.body);
  const other = await ctx.createUser({ username: 'shared.counter', password: 'shared passphrase 77' });
  for (let i = 0; i < 5; i++) await ctx.app.inject({ method: 'POST', url: '/api/session', payload: { username: other.username, password: 'wrong' }, remoteAddress: `198.51.100.${i + 100}` });
  const s = await ctx.sessionFor(other);
  assert.equal((await change(s, other.password, 'another passphrase 78', '192.0.2.11')).statusCode, 423, 'locked by failed sign-ins');
});
