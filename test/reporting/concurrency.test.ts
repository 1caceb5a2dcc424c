import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestContext, type TestContext } from '../helpers/context.ts';
import { addCommunes, createPlan } from './fixture.ts';

let ctx: TestContext;
/** a client that retries when the server answers 503 (busy: no connection free in time), as the web app does */
async function withRetry(send: () => ReturnType<TestContext['request']>) {
  for (let attempt = 0; ; attempt++) {
    const r = await send();
    if (r.statusCode !== 503 || attempt >= 20) return r;
    await new Promise((resolve) => setTimeout(resolve, 100 * (attempt + 1)));
  }
}
before(async () => {
  ctx = await createTestContext();
});
after(async () => ctx.close());

test('200 communes submitting at once (with retries) are each counted exactly once in the national aggregate', async () => {
  const db = ctx.database.db;
  const province = (await db.selectFrom('admin_unit').select('id').where('level', '=', 'province').where('code', '=', '40').executeTakeFirstOrThrow()).id;
  const nation = (await db.selectFrom('admin_unit').select('id').where('level', '=', 'nation').executeTakeFirstOrThrow()).id;
  await addCommunes(db, province, 200, 'NA-');
  const plan = await createPlan(db, province, ['13', '14']);
  const gen = await ctx.request({ method: 'POST', url: `/api/plans/${plan}/obligations?year=2024` });
  assert.equal(gen.json.created, 200);
  const items = (await ctx.request({ url: `/api/my/reports?planId=${plan}&year=2024&limit=1000` })).json.items as { id: number; version: number }[];
  assert.equal(items.length, 200);

  const saves = await Promise.all(items.map((o, i) => withRetry(() => ctx.request({ method: 'PUT', url: `/api/obligations/${o.id}`, payload: { version: o.version, values: [{ measure: '13', value: i % 7 }, { measure: '14', numerator: 90 + (i % 10), denominator: 100 }] } }))));
  assert.deepEqual([...new Set(saves.map((s) => s.statusCode))], [200]);
  // every report submitted at once, a quarter of them twice with the same key (a retry after a timeout)
  const submits = await Promise.all([
    ...items.map((o) => withRetry(() => ctx.request({ method: 'POST', url: `/api/obligations/${o.id}/submit`, headers: { 'idempotency-key': `k-${o.id}` } }))),
    ...items.filter((_, i) => i % 4 === 0).map((o) => withRetry(() => ctx.request({ method: 'POST', url: `/api/obligations/${o.id}/submit`, headers: { 'idempotency-key': `k-${o.id}` } }))),
  ]);
  assert.deepEqual([...new Set(submits.map((s) => s.statusCode))], [200], submits.find((s) => s.statusCode !== 200)?.body);
  assert.equal(submits.filter((s) => s.json.replayed).length, 50);

  const events = await db.selectFrom('obligation_event').select(db.fn.countAll<number>().as('n')).where('action', '=', 'submit').where('obligation_id', 'in', items.map((o) => o.id)).executeTakeFirstOrThrow();
  assert.equal(Number(events.n), 200);
  const m13 = (await db.selectFrom('measure').select('id').where('code', '=', '13').executeTakeFirstOrThrow()).id;
  const m14 = (await db.selectFrom('measure').select('id').where('code', '=', '14').executeTakeFirstOrThrow()).id;
  const expected13 = items.reduce((s, _, i) => s + (i % 7), 0);
  const expected14 = items.reduce((s, _, i) => s + 90 + (i % 10), 0);
  for (const unit of [province, nation]) {
    const a13 = await db.selectFrom('aggregate_value').selectAll().where('unit_id', '=', unit).where('measure_id', '=', m13).where('year', '=', 2024).where('disagg_key', '=', '').executeTakeFirstOrThrow();
    assert.deepEqual([Number(a13.sum_numerator), Number(a13.reporting_count), Number(a13.expected_count)], [expected13, 200, 200]);
    const a14 = await db.selectFrom('aggregate_value').selectAll().where('unit_id', '=', unit).where('measure_id', '=', m14).where('year', '=', 2024).where('disagg_key', '=', '').executeTakeFirstOrThrow();
    assert.deepEqual([Number(a14.sum_numerator), Number(a14.sum_denominator), Number(a14.reporting_count)], [expected14, 20000, 200]);
  }
  const dash = (await ctx.request({ url: `/api/dashboard/units/${nation}?year=2024` })).json;
  const d14 = dash.measures.find((m: { code: string }) => m.code === '14');
  assert.equal(d14.value, (expected14 / 20000) * 100);
});
