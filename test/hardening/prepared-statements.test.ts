/**
 * Hot statements are prepared once per connection on PostgreSQL (src/storage/prepared-statements.ts):
 * the naming policy (pure), and on a real server: the statement shows up in pg_prepared_statements,
 * answers stay the same, a schema change under a prepared `select *` falls back to an unnamed
 * statement instead of failing, and VITREEM_PREPARED_STATEMENTS=off sends everything unnamed.
 * The PostgreSQL part runs when DATABASE_URL is set (CI runs the suite on both databases).
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { sql } from 'kysely';
import { StatementNamer } from '../../src/storage/prepared-statements.ts';
import { openDatabase, type DatabaseHandle } from '../../src/storage/database.ts';

test('naming: a text is named from its second use, with one name per text, parameterless texts never', () => {
  const namer = new StatementNamer(2, 3);
  const select = 'select * from obligation where id = $1';
  assert.equal(namer.nameFor(select, 1), null, 'first use: sent unnamed');
  const name = namer.nameFor(select, 1);
  assert.match(name ?? '', /^v_[A-Za-z0-9_-]{20}$/);
  assert.equal(namer.nameFor(select, 1), name, 'the same text keeps its name');
  assert.equal(new StatementNamer(1).nameFor(select, 1), name, 'another pool (another server process) gives the text the same name');
  assert.equal(namer.nameFor('commit', 0), null);
  assert.equal(namer.nameFor('commit', 0), null);
  assert.notEqual(namer.nameFor('select $1::int', 1) ?? namer.nameFor('select $1::int', 1), name, 'different texts, different names');
});

test('naming: at most maxNamed texts; texts with a variable number of parameters stop being named when the budget is spent', () => {
  const namer = new StatementNamer(1, 3);
  const names = [1, 2, 3, 4, 5].map((n) => namer.nameFor(`select * from admin_unit where id in (${Array.from({ length: n }, (_, i) => `$${i + 1}`).join(', ')})`, n));
  assert.equal(names.filter(Boolean).length, 3);
  assert.deepEqual(names.slice(3), [null, null]);
  assert.deepEqual(namer.stats(), { named: 3, refused: 0 });
});

test('naming: a refused text is never named again', () => {
  const namer = new StatementNamer(1);
  const text = 'select * from t where id = $1';
  assert.ok(namer.nameFor(text, 1));
  namer.refuse(text);
  assert.equal(namer.nameFor(text, 1), null);
  assert.deepEqual(namer.stats(), { named: 1, refused: 1 });
});

const serverUrl = process.env.DATABASE_URL;

async function withDatabase(run: (handle: DatabaseHandle, url: string) => Promise<void>): Promise<void> {
  const name = `vitreem_prep_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(serverUrl!);
  url.pathname = `/${name}`;
  let handle: DatabaseHandle | undefined;
  try {
    handle = await openDatabase({ databaseUrl: url.toString(), poolSize: 1 });
    await run(handle, url.toString());
  } finally {
    // a database that fails to open is dropped too
    await handle?.close();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

test('PostgreSQL: a repeated statement is prepared on the connection and answers as before; a changed table falls back', { skip: !serverUrl && 'needs DATABASE_URL (a PostgreSQL server)' }, async () => {
  await withDatabase(async ({ db }) => {
    await sql`create table sample (id int primary key, name text)`.execute(db);
    await sql`insert into sample values (1, 'Xã Hòa Bình'), (2, 'Phường Đông Hải')`.execute(db);
    const read = (id: number) => db.selectFrom('sample' as never).selectAll().where('id' as never, '=', id as never).execute();
    for (let i = 0; i < 3; i++) assert.deepEqual(await read(2), [{ id: 2, name: 'Phường Đông Hải' }]);
    const prepared = (await sql<{ statement: string }>`select statement from pg_prepared_statements`.execute(db)).rows.map((r) => r.statement);
    assert.ok(
      prepared.some((s) => s.includes('from "sample" where "id" = $1')),
      `the select is prepared on the (single) connection: ${JSON.stringify(prepared)}`,
    );
    // the table changes under the prepared `select *`: PostgreSQL refuses the cached plan (0A000); the query still answers
    await sql`alter table sample add column note text`.execute(db);
    assert.deepEqual(await read(1), [{ id: 1, name: 'Xã Hòa Bình', note: null }]);
    assert.deepEqual(await read(1), [{ id: 1, name: 'Xã Hòa Bình', note: null }], 'and keeps answering, unnamed');
    // errors of the statement itself are not swallowed
    await assert.rejects(db.selectFrom('sample' as never).selectAll().where('missing' as never, '=', 1 as never).execute(), /missing/);
  });
});

test('PostgreSQL: VITREEM_PREPARED_STATEMENTS=off sends every statement unnamed', { skip: !serverUrl && 'needs DATABASE_URL (a PostgreSQL server)' }, async () => {
  const before = process.env.VITREEM_PREPARED_STATEMENTS;
  process.env.VITREEM_PREPARED_STATEMENTS = 'off';
  try {
    await withDatabase(async ({ db }) => {
      for (let i = 0; i < 3; i++) await sql`select ${i}::int as n`.execute(db);
      const prepared = (await sql<{ n: number }>`select count(*)::int as n from pg_prepared_statements`.execute(db)).rows[0].n;
      assert.equal(prepared, 0);
    });
  } finally {
    if (before === undefined) delete process.env.VITREEM_PREPARED_STATEMENTS;
    else process.env.VITREEM_PREPARED_STATEMENTS = before;
  }
});
