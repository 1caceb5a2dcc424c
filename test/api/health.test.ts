import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createTestContext, type TestContext } from '../helpers/context.ts';

let ctx: TestContext;
before(async () => {
  ctx = await createTestContext();
});
after(async () => ctx.close());

test('health reports the database kind', async () => {
  const r = await ctx.request({ url: '/api/health' });
  assert.equal(r.statusCode, 200);
  assert.equal(r.json.status, 'ok');
  assert.equal(r.json.database, process.env.DATABASE_URL ? 'postgres' : 'pglite');
});

test('unknown API paths answer 404 in Vietnamese and English', async () => {
  const r = await ctx.request({ url: '/api/does-not-exist' });
  assert.equal(r.statusCode, 404);
  assert.match(r.json.error.message, /Không tìm thấy/);
  assert.ok(r.json.error.messageEn);
});

test('the OpenAPI document is served at /api/docs', async () => {
  const r = await ctx.request({ url: '/api/docs/json' });
  assert.equal(r.statusCode, 200);
  assert.equal(r.json.openapi.startsWith('3.'), true);
  assert.ok(r.json.paths['/api/health']);
});

test('the national catalogue has 24 indicators and 34 measures', async () => {
  const indicators = await ctx.database.db.selectFrom('indicator').select('code').where('scope_plan_id', 'is', null).execute();
  assert.equal(indicators.length, 24);
  const measures = await ctx.database.db.selectFrom('measure').select('code').execute();
  assert.equal(measures.length, 34);
});
