/**
 * What the performance work must not change (issues #4, #5): the reporting tables' statement-level
 * audit triggers still log every row written with who, from where, which request, before and after;
 * a draft save written as one set-based statement still keeps one history row per changed value, in
 * the order sent; and the access check's cached unit lineages follow every change of the unit tree.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestContext, type TestContext } from '../helpers/context.ts';
import { systemTransaction } from '../../src/api/transaction.ts';
import { buildFixture, type Fixture } from './fixture.ts';

let ctx: TestContext;
let f: Fixture;
before(async () => {
  ctx = await createTestContext();
  f = await buildFixture(ctx.database.db);
});
after(async () => ctx.close());

type Row = Record<string, unknown>;
const lastAuditId = async () => Number((await ctx.database.db.selectFrom('audit_log').select((eb) => eb.fn.max('id').as('m')).executeTakeFirstOrThrow()).m ?? 0);
const auditSince = (since: number, table: string) => ctx.database.db.selectFrom('audit_log').selectAll().where('id', '>', since).where('table_name', '=', table).orderBy('id').execute();
const n = (x: unknown) => (x === null || x === undefined ? null : Number(x));

test('a draft save logs one audit row per value written, with actor, address, request, before and after', async () => {
  const gen = await ctx.request({ method: 'POST', url: `/api/plans/${f.plan}/obligations?year=2023` });
  assert.equal(gen.statusCode, 201, gen.body);
  const o = (await ctx.request({ url: `/api/my/reports?unitId=${f.hoangKim}&year=2023` })).json.items[0];
  // every generated report was logged once, as an insert with its row
  const generated = await ctx.database.db.selectFrom('audit_log').selectAll().where('table_name', '=', 'obligation').where('row_id', '=', String(o.id)).execute();
  assert.deepEqual(generated.map((r) => [r.action, (r.after as Row).unit_id, r.before]), [['insert', f.hoangKim, null]]);

  let since = await lastAuditId();
  const first = await ctx.request({
    method: 'PUT', url: `/api/obligations/${o.id}`,
    payload: { version: o.version, values: [{ measure: '3a', numerator: 3, denominator: 100 }, { measure: '3b', numerator: 4, denominator: 100 }, { measure: '13', value: 2, comment: 'sổ hộ tịch' }, { measure: '3a', key: 'sex:female', numerator: 1, denominator: 48 }] },
  });
  assert.equal(first.statusCode, 200, first.body);
  const inserted = await auditSince(since, 'data_value');
  assert.equal(inserted.length, 4);
  const stored = await ctx.database.db.selectFrom('data_value').selectAll().where('obligation_id', '=', o.id).execute();
  for (const r of inserted) {
    assert.equal(r.action, 'insert');
    assert.equal(r.actor_name, 'admin');
    assert.equal(r.actor_id, ctx.admin.id);
    assert.equal(r.ip, '127.0.0.1');
    assert.ok(r.request_id);
    assert.equal(r.before, null);
    const row = stored.find((s) => String(s.id) === r.row_id);
    assert.ok(row, `audit row ${r.row_id} names a stored value`);
    assert.deepEqual([n((r.after as Row).numerator), n((r.after as Row).denominator), n((r.after as Row).value), (r.after as Row).comment], [n(row.numerator), n(row.denominator), n(row.value), row.comment]);
  }
  assert.deepEqual(new Set(inserted.map((r) => r.row_id)).size, 4);
  const report = await auditSince(since, 'obligation');
  assert.deepEqual(report.map((r) => [r.action, (r.before as Row).version, (r.after as Row).version]), [['update', o.version, o.version + 1]]);

  // one request changing one value, emptying another and leaving two alone
  since = await lastAuditId();
  const second = await ctx.request({
    method: 'PUT', url: `/api/obligations/${o.id}`,
    payload: { version: first.json.version, values: [{ measure: '3a', numerator: 3, denominator: 100 }, { measure: '3b', numerator: 5, denominator: 120 }, { measure: '13', value: null }, { measure: '3a', key: 'sex:female', numerator: 1, denominator: 48 }] },
  });
  assert.equal(second.statusCode, 200, second.body);
  const changed = await auditSince(since, 'data_value');
  const b3 = stored.find((s) => s.measure_id === f.measures['3b'])!;
  const m13 = stored.find((s) => s.measure_id === f.measures['13'])!;
  assert.deepEqual(
    changed.map((r) => [r.action, r.row_id]).sort(),
    [['delete', String(m13.id)], ['update', String(b3.id)]],
  );
  const update = changed.find((r) => r.action === 'update')!;
  assert.deepEqual([n((update.before as Row).numerator), n((update.before as Row).denominator), n((update.before as Row).version)], [4, 100, 1]);
  assert.deepEqual([n((update.after as Row).numerator), n((update.after as Row).denominator), n((update.after as Row).version)], [5, 120, 2]);
  const deletion = changed.find((r) => r.action === 'delete')!;
  assert.deepEqual([n((deletion.before as Row).value), (deletion.before as Row).comment, deletion.after], [2, 'sổ hộ tịch', null]);
  for (const r of changed) assert.deepEqual([r.actor_name, r.ip, Boolean(r.request_id)], ['admin', '127.0.0.1', true]);

  // the value history of the save: one row per change, in the order sent, old and new
  const history = await ctx.request({ url: `/api/obligations/${o.id}/history` });
  const values = history.json.values as { measure: string; key: string; action: string; old: Row | null; new: Row | null; actor: { name: string } }[];
  assert.deepEqual(values.map((h) => [h.measure, h.key, h.action]), [
    ['3a', '', 'insert'], ['3b', '', 'insert'], ['13', '', 'insert'], ['3a', 'sex:female', 'insert'],
    ['3b', '', 'update'], ['13', '', 'delete'],
  ]);
  assert.deepEqual([values[4].old?.denominator, values[4].new?.denominator, values[5].old?.comment, values[5].new], [100, 120, 'sổ hộ tịch', null]);
  assert.ok(values.every((h) => h.actor.name === 'admin'));
});

test('a statement changing many rows logs each row with its own before and after; a no-op update logs nothing', async () => {
  const o = (await ctx.request({ url: `/api/my/reports?unitId=${f.hoangTrung}&year=2023` })).json.items[0];
  const saved = await ctx.request({ method: 'PUT', url: `/api/obligations/${o.id}`, payload: { version: o.version, values: [{ measure: '3a', numerator: 1, denominator: 10 }, { measure: '3b', numerator: 2, denominator: 20 }, { measure: '3c', numerator: 3, denominator: 30 }] } });
  assert.equal(saved.statusCode, 200, saved.body);
  const db = ctx.database.db;
  let since = await lastAuditId();
  await systemTransaction(db, 'repair-job', (trx) => sql`update data_value set denominator = denominator * 2, comment = 'x2' where obligation_id = ${o.id}`.execute(trx));
  const rows = await auditSince(since, 'data_value');
  assert.equal(rows.length, 3);
  for (const r of rows) {
    const before = r.before as Row;
    const after = r.after as Row;
    assert.equal(r.action, 'update');
    assert.equal(r.actor_name, 'repair-job');
    assert.equal(String(before.id), r.row_id);
    assert.equal(String(after.id), r.row_id);
    assert.equal(n(after.denominator), n(before.denominator)! * 2, 'before and after belong to the same row');
    assert.equal(n(before.numerator)! * 10, n(before.denominator));
    assert.deepEqual([before.comment, after.comment], [null, 'x2']);
  }
  since = await lastAuditId();
  await systemTransaction(db, 'repair-job', (trx) => sql`update data_value set comment = comment where obligation_id = ${o.id}`.execute(trx));
  assert.equal((await auditSince(since, 'data_value')).length, 0);
  since = await lastAuditId();
  await systemTransaction(db, 'repair-job', (trx) => sql`delete from data_value where obligation_id = ${o.id} and measure_id <> ${f.measures['3a']}`.execute(trx));
  const deleted = await auditSince(since, 'data_value');
  assert.deepEqual(deleted.map((r) => [r.action, r.actor_name, r.after]), [['delete', 'repair-job', null], ['delete', 'repair-job', null]]);
  assert.deepEqual(deleted.map((r) => (r.before as Row).comment), ['x2', 'x2']);
  // the log stays append-only
  await assert.rejects(sql`update audit_log set actor_name = 'someone' where id = ${deleted[0].id}`.execute(db), /append-only/);
});

test('cached unit lineages follow changes of the unit tree (a unit moved to another province)', async () => {
  const db = ctx.database.db;
  // an officer of Kiên Giang province may not read a Thanh Hóa commune's dashboard…
  const officer = await ctx.createUser({ username: 'kg.officer', grants: [{ role: 'unit_officer', unitId: f.kienGiang }] });
  const client = await ctx.login(officer.username, officer.password);
  const commune = (await db.insertInto('admin_unit').values({ code: 'PERF-1', name: 'Xã thử bộ nhớ đệm', full_name: null, kind: null, level: 'commune', parent_id: f.hoangHoa, valid_from: '1900-01-01', valid_to: null, note: null }).returning('id').executeTakeFirstOrThrow()).id;
  for (let i = 0; i < 2; i++) assert.equal((await client.request({ url: `/api/dashboard/units/${commune}?year=2024` })).statusCode, 403);
  // …until the commune is moved under Kiên Giang (raw SQL: no application code told about it)
  await db.updateTable('admin_unit').set({ parent_id: f.kienGiang }).where('id', '=', commune).execute();
  assert.equal((await client.request({ url: `/api/dashboard/units/${commune}?year=2024` })).statusCode, 200);
  // and refused again as soon as it is moved back, or attached to a successor outside the grant
  await db.updateTable('admin_unit').set({ parent_id: f.hoangHoa }).where('id', '=', commune).execute();
  assert.equal((await client.request({ url: `/api/dashboard/units/${commune}?year=2024` })).statusCode, 403);
  await db.insertInto('unit_succession').values({ predecessor_id: commune, successor_id: f.kienGiang, effective_date: '2025-07-01', kind: 'merge', share: null }).execute();
  assert.equal((await client.request({ url: `/api/dashboard/units/${commune}?year=2024` })).statusCode, 200);
  await db.deleteFrom('unit_succession').where('predecessor_id', '=', commune).execute();
  assert.equal((await client.request({ url: `/api/dashboard/units/${commune}?year=2024` })).statusCode, 403);
  // list scopes too: the officer's reports list does not reach a commune outside the grant
  const listed = async () => ((await client.request({ url: `/api/my/reports?year=2023` })).json.items as { unit: { id: number } }[]).map((i) => i.unit.id);
  assert.ok(!(await listed()).includes(f.hoangKim));
  const parent = (await db.selectFrom('admin_unit').select('parent_id').where('id', '=', f.hoangHoa).executeTakeFirstOrThrow()).parent_id;
  await db.updateTable('admin_unit').set({ parent_id: f.kienGiang }).where('id', '=', f.hoangHoa).execute();
  assert.ok((await listed()).includes(f.hoangKim));
  await db.updateTable('admin_unit').set({ parent_id: parent }).where('id', '=', f.hoangHoa).execute();
  assert.ok(!(await listed()).includes(f.hoangKim));
});
