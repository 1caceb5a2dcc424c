/**
 * The built-in units' audit (docs/security.md, "Built-in reference data"): the loader writes one
 * summary entry with its row triggers off; the triggers are on again even when the load fails midway,
 * and a person's later edit of a unit is audited row by row.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql, type Kysely } from 'kysely';
import { createTestContext, type TestContext } from '../helpers/context.ts';
import { loadBuiltinUnits } from '../../src/storage/seed/vn-units.ts';
import type { Database } from '../../src/storage/schema.ts';

let ctx: TestContext;
before(async () => {
  ctx = await createTestContext();
});
after(async () => ctx?.close());

/** 'O' (on) or 'D' (disabled) for the audit_row trigger of both tables the loader switches */
const triggerStates = async (db: Kysely<Database>) =>
  (await sql<{ table: string; state: string }>`select c.relname as table, t.tgenabled as state from pg_trigger t join pg_class c on c.oid = t.tgrelid where t.tgname = 'audit_row' and c.relname in ('admin_unit', 'unit_succession') order by 1`.execute(db)).rows.map((r) => `${r.table}:${r.state}`);
const count = async (db: Kysely<Database>, what: string) => Number((await sql<{ n: number }>`select count(*)::int as n from ${sql.raw(what)}`.execute(db)).rows[0].n);

test('the load writes one summary entry, by the system (no person), with the triggers back on', async () => {
  const db = ctx.database.db;
  const entries = await sql<{ actor_id: number | null; actor_name: string; detail: { mode: string } }>`select actor_id, actor_name, detail from audit_log where action = 'builtin_units_loaded'`.execute(db);
  assert.equal(entries.rows.length, 1);
  assert.deepEqual([entries.rows[0].actor_id, entries.rows[0].actor_name, entries.rows[0].detail.mode], [null, 'seed', 'sample']);
  // none of the loaded rows has a row entry of its own
  assert.equal((await sql<{ n: number }>`select count(*)::int as n from audit_log where table_name = 'unit_succession' and action = 'insert' and row_id in (select id::text from unit_succession where effective_date = '2025-07-01' and predecessor_id in (select id from admin_unit where code = '15889'))`.execute(db)).rows[0].n, 0);
  assert.deepEqual(await triggerStates(db), ['admin_unit:O', 'unit_succession:O']);
});

test('a load that fails midway leaves nothing and the triggers on: what follows in the transaction is audited row by row', async () => {
  const db = ctx.database.db;
  const units = await count(db, 'admin_unit');
  const summaries = await count(db, `audit_log where action = 'builtin_units_loaded'`);
  const thanhHoa = (await db.selectFrom('admin_unit').select('id').where('level', '=', 'province').where('code', '=', '38').where('valid_to', 'is', null).executeTakeFirstOrThrow()).id;
  await db.transaction().execute(async (trx) => {
    await sql`select set_config('vitreem.actor_name', 'test', true)`.execute(trx);
    // the links' statement fails, after the districts and communes were inserted with the triggers off
    await sql`create function fail_load() returns trigger language plpgsql as $$ begin raise exception 'disk full (simulated)'; end $$;
              create trigger fail_load before insert on unit_succession for each statement execute function fail_load()`.execute(trx);
    await assert.rejects(loadBuiltinUnits(trx, { force: true, mode: 'all' }), /disk full/);
    assert.deepEqual(await triggerStates(trx), ['admin_unit:O', 'unit_succession:O'], 'the triggers are on again');
    assert.equal(await count(trx, 'admin_unit'), units, 'the partial load is undone');
    await sql`drop trigger fail_load on unit_succession; drop function fail_load()`.execute(trx);
    // the same transaction goes on: a unit written now has its row entry
    const id = (await trx.insertInto('admin_unit').values({ code: 'AUDIT-1', name: 'Đơn vị thử', level: 'commune', parent_id: thanhHoa, valid_from: '2026-01-01' }).returning('id').executeTakeFirstOrThrow()).id;
    assert.equal(await count(trx, `audit_log where table_name = 'admin_unit' and action = 'insert' and row_id = '${id}' and actor_name = 'test'`), 1);
    await trx.deleteFrom('admin_unit').where('id', '=', id).execute();
  });
  assert.equal(await count(db, `audit_log where action = 'builtin_units_loaded'`), summaries, 'no summary for a load that failed');
  assert.deepEqual(await triggerStates(db), ['admin_unit:O', 'unit_succession:O']);
});

test('a person\'s later edit of a built-in unit and of its shares is audited row by row, under their name', async () => {
  const hoangPhu = (await ctx.request({ url: '/api/units?level=commune&code=15889&at=2026-01-01' })).json.items[0];
  const r = await ctx.request({ method: 'PATCH', url: `/api/units/${hoangPhu.id}`, payload: { note: 'Trụ sở: thôn Phú Lai' } });
  assert.equal(r.statusCode, 200, r.body);
  const entries = await sql<{ actor_name: string; before: { note: string | null }; after: { note: string } }>`select actor_name, before, after from audit_log where table_name = 'admin_unit' and action = 'update' and row_id = ${String(hoangPhu.id)}`.execute(ctx.database.db);
  assert.equal(entries.rows.length, 1);
  assert.deepEqual([entries.rows[0].actor_name, entries.rows[0].before.note, entries.rows[0].after.note], ['admin', null, 'Trụ sở: thôn Phú Lai']);
});
