import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createTestContext, type TestContext } from '../helpers/context.ts';

let ctx: TestContext;
before(async () => {
  ctx = await createTestContext();
});
after(async () => ctx.close());

test('the dashboard of any seeded unit answers without data (no 500), with or without a year', async () => {
  const units = (await ctx.database.db.selectFrom('admin_unit').select(['id', 'level']).orderBy('id').execute()).filter((_, i) => i % 7 === 0);
  for (const u of units) {
    for (const q of ['', '?year=2025', '?year=2014']) {
      const r = await ctx.request({ url: `/api/dashboard/units/${u.id}${q}` });
      assert.ok(r.statusCode < 500, `${u.level} ${u.id}${q}: ${r.statusCode} ${r.body.slice(0, 200)}`);
    }
  }
});
