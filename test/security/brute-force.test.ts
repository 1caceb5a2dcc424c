/** Brute force on sign-in: the per-name lockout and the per-address rate limit. */
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createTestContext, type TestContext } from '../helpers/context.ts';
import { Counter } from './harness.ts';

process.env.VITREEM_SIGNIN_RATE_LIMIT = '20';
let ctx: TestContext;
before(async () => {
  ctx = await createTestContext();
});
after(async () => ctx.close());

const COMMON = ['123456', 'password', 'admin', 'admin123', 'qwerty', 'vitreem', 'matkhau', '12345678', 'abc123', 'iloveyou', 'letmein', 'Password1'];

test('guessing a password: locked after 5 failures, the right password refused while locked', async () => {
  const counter = new Counter('brute_force_lockout');
  const u = await ctx.createUser({ username: 'target.user', password: 'the real passphrase 1' });
  const guesses = [...COMMON.slice(0, 8), u.password];
  for (const [i, password] of guesses.entries()) {
    const r = await ctx.app.inject({ method: 'POST', url: '/api/session', payload: { username: u.username, password }, remoteAddress: `198.51.100.${i + 1}` });
    counter.attempt(r.statusCode === 200, `guess ${i} → ${r.statusCode}`);
    if (i >= 5) assert.equal(r.statusCode, 423, `attempt ${i + 1} is refused as locked`);
  }
  counter.report();
  assert.equal(counter.successes, 0);
});

test('one address spraying many names hits the rate limit (429, bilingual)', async () => {
  const counter = new Counter('brute_force_rate_limit');
  let limited = 0;
  for (let i = 0; i < 30; i++) {
    const r = await ctx.app.inject({ method: 'POST', url: '/api/session', payload: { username: `spray${i}`, password: COMMON[i % COMMON.length] }, remoteAddress: '192.0.2.50' });
    counter.attempt(r.statusCode === 200, `spray ${i}`);
    if (r.statusCode === 429) {
      limited++;
      assert.match(JSON.parse(r.body).error.message, /Quá nhiều yêu cầu/);
    }
  }
  counter.report();
  console.log(`security.brute_force_rate_limited: ${limited} count`);
  assert.equal(limited, 10, 'the 21st and later attempts within a minute are refused');
  assert.equal(counter.successes, 0);
  const other = await ctx.app.inject({ method: 'POST', url: '/api/session', payload: { username: 'spray0', password: 'x' }, remoteAddress: '192.0.2.51' });
  assert.equal(other.statusCode, 401, 'other addresses are unaffected');
});
