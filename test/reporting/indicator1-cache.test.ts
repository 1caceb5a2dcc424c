/**
 * Indicator 1's sums are kept in memory between requests (src/storage/indicator1.ts) under the tokens of
 * the unit tree (migration 060) and of the child-friendly commune data (migration 085). Whatever changes
 * what the figure is computed from — through the application or behind its back, by another server —
 * the next read shows it; a change rolled back leaves the figure as it was. On the demo province
 * (Thanh Hóa, 2024: 4 of 7 communes recognised).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestContext, type TestContext } from '../helpers/context.ts';
import { loadDemo, type DemoSummary } from '../../src/storage/demo/index.ts';
import { indicatorOne } from '../../src/storage/indicator1.ts';

let ctx: TestContext;
let demo: DemoSummary;

before(async () => {
  ctx = await createTestContext();
  demo = await loadDemo(ctx.database.db);
});
after(async () => ctx.close());

const share = async (year = 2024) => {
  const f = await indicatorOne(ctx.database.db, demo.province.id, year);
  return [f.numerator, f.denominator];
};
/** a commune recognised in 2024, and its recognition */
async function recognised2024() {
  return sql<{ id: number; unit_id: number }>`
    select d.id, d.unit_id from cff_decision d where d.kind = 'recognised' and d.year = 2024 order by d.id limit 1`.execute(ctx.database.db).then((r) => r.rows[0]);
}

test('a decision changed behind the application is seen at the next read; rolled back, it is not', async () => {
  const db = ctx.database.db;
  assert.deepEqual(await share(), [4, 7]);
  assert.deepEqual(await share(), [4, 7], 'read again (from memory)');
  const decision = await recognised2024();
  assert.ok(decision, 'the demo has a 2024 recognition');

  // a transaction reads its own change, then rolls back: the figure outside is unchanged
  await db
    .transaction()
    .execute(async (trx) => {
      await sql`update cff_decision set kind = 'not_recognised' where id = ${decision.id}`.execute(trx);
      const inside = await indicatorOne(trx, demo.province.id, 2024);
      assert.deepEqual([inside.numerator, inside.denominator], [3, 7], 'the transaction sees its own change');
      throw new Error('roll back');
    })
    .catch((error: Error) => assert.equal(error.message, 'roll back'));
  assert.deepEqual(await share(), [4, 7], 'after the rollback');

  // committed by "another server" (plain SQL, not through the application)
  await sql`update cff_decision set kind = 'not_recognised' where id = ${decision.id}`.execute(db);
  assert.deepEqual(await share(), [3, 7]);
  await sql`update cff_decision set kind = 'recognised' where id = ${decision.id}`.execute(db);
  assert.deepEqual(await share(), [4, 7]);
});

test('a change of the unit tree (a commune ends) is seen at the next read', async () => {
  const db = ctx.database.db;
  assert.deepEqual(await share(), [4, 7]);
  const decision = await recognised2024();
  const before = await db.selectFrom('admin_unit').select(['valid_to']).where('id', '=', decision.unit_id).executeTakeFirstOrThrow();
  await db.updateTable('admin_unit').set({ valid_to: '2024-06-30' }).where('id', '=', decision.unit_id).execute();
  assert.deepEqual(await share(), [3, 6], 'the commune no longer stands on 31/12/2024');
  await db.updateTable('admin_unit').set({ valid_to: before.valid_to }).where('id', '=', decision.unit_id).execute();
  assert.deepEqual(await share(), [4, 7]);
});
