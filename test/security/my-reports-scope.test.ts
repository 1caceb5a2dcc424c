/** "My reports" lists only the caller's reports (found open by the demo walk-through). */
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createTestContext, type TestContext } from '../helpers/context.ts';
import { loadDemo } from '../../src/storage/demo/index.ts';
import { DEMO_PASSWORD } from '../../src/storage/users.ts';

let ctx: TestContext;
before(async () => {
  ctx = await createTestContext();
  await loadDemo(ctx.database.db);
});
after(async () => ctx.close());

test('an agency reporter sees only its agency’s reports; the administrator sees all', async () => {
  const all = await ctx.request({ url: '/api/my/reports?limit=1000' });
  assert.equal(all.statusCode, 200);
  const reporter = await ctx.login('demo.reporter', DEMO_PASSWORD);
  const mine = await reporter.request({ url: '/api/my/reports?limit=1000' });
  assert.equal(mine.statusCode, 200, mine.body);
  const grant = (await reporter.request({ url: '/api/session' })).json;
  const agencyIds = new Set(JSON.stringify(grant).match(/"agencyId":\d+/g)?.map((m) => Number(m.split(':')[1])));
  assert.ok(mine.json.items.length > 0, 'the reporter has reports');
  assert.ok(mine.json.items.length < all.json.items.length, 'but not everyone’s');
  for (const item of mine.json.items) {
    assert.ok(!item.agency || agencyIds.has(item.agency.id), `report ${item.id} belongs to agency ${item.agency?.id}`);
  }
});

test('a provincial viewer sees its province’s reports only', async () => {
  const viewer = await ctx.login('demo.viewer', DEMO_PASSWORD);
  const r = await viewer.request({ url: '/api/my/reports?limit=1000' });
  assert.equal(r.statusCode, 200);
  const all = await ctx.request({ url: '/api/my/reports?limit=1000' });
  assert.ok(r.json.items.length <= all.json.items.length);
});
