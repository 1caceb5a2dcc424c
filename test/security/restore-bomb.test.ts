/**
 * POST /api/system/restore with a gzip bomb: inflated as a stream up to the byte cap
 * (VITREEM_RESTORE_MAX_MB here 64, at most 500 by default), then a bilingual 413 — nothing replaced,
 * and other users' requests keep answering meanwhile. Before, gunzipSync inflated the bomb whole.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestContext, type TestContext } from '../helpers/context.ts';
import { gzipBomb } from '../helpers/zip.ts';

let ctx: TestContext;
before(async () => {
  process.env.VITREEM_RESTORE_MAX_MB = '64';
  ctx = await createTestContext();
});
after(async () => {
  delete process.env.VITREEM_RESTORE_MAX_MB;
  await ctx.close();
});

const rowCount = async () => {
  const plans = await ctx.database.db.selectFrom('plan').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  const units = await ctx.database.db.selectFrom('admin_unit').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  const users = await ctx.database.db.selectFrom('app_user').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return { plans: Number(plans.n), units: Number(units.n), users: Number(users.n) };
};

test('a 1 GB gzip bomb to POST /api/system/restore is a 413 gzip_too_large, nothing is replaced, /api/health keeps answering', async () => {
  const bomb = await gzipBomb(1024 * 1024 * 1024);
  const before = await rowCount();
  let stop = false;
  let worst = 0;
  let answered = 0;
  const bystander = (async () => {
    while (!stop) {
      const started = performance.now();
      const r = await ctx.request({ url: '/api/health', anonymous: true });
      assert.equal(r.statusCode, 200);
      worst = Math.max(worst, performance.now() - started);
      answered++;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  const r = await ctx.request({ method: 'POST', url: '/api/system/restore?confirm=replace-all-data', payload: bomb, headers: { 'content-type': 'application/octet-stream' } });
  stop = true;
  await bystander;
  console.log(`restore.gzip-bomb-http: ${bomb.length} bytes → ${r.statusCode} ${r.json?.error?.code}; health worst ${worst.toFixed(0)} ms over ${answered}`);
  assert.equal(r.statusCode, 413, r.body.slice(0, 300));
  assert.equal(r.json.error.code, 'gzip_too_large');
  assert.equal(r.json.error.message, 'Tệp khi giải nén quá lớn (tối đa 64 MB).');
  assert.equal(r.json.error.messageEn, 'The file is too large once decompressed (at most 64 MB).');
  assert.ok(worst < 1000, `health waited ${worst.toFixed(0)} ms`);
  assert.deepEqual(await rowCount(), before);
});
