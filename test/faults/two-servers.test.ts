/**
 * Two app servers on one PostgreSQL serve the same users consistently: they start at the same
 * time on an empty database (migrations, built-in data and the first administrator prepared once),
 * a session opened on one works on the other, sign-out on one ends it on both at once, and a
 * write on one is read on the other immediately. No state lives in an app server's memory.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { openDatabase } from '../../src/storage/database.ts';
import { draftValues, prepareDeadline } from './deadline-fixture.ts';
import { adminClient, apiPaths, chooseWorkload, Client, postgresForTest, spawnServer, killAllServers, hasReporting, openReports, submit } from './harness.ts';

const cleanups: (() => Promise<void> | void)[] = [];
after(async () => {
  await killAllServers();
  for (const cleanup of cleanups.reverse()) await cleanup();
});

test('two app servers on one PostgreSQL share sessions and data', { timeout: 300_000 }, async (t) => {
  const target = await postgresForTest(cleanups);
  if ('skip' in target) return t.skip(target.skip);
  const url = target.url;

  // both start at once on the empty database
  const [a, b] = await Promise.all([spawnServer({ databaseUrl: url }), spawnServer({ databaseUrl: url })]);
  cleanups.push(() => a.kill9(), () => b.kill9());
  assert.notEqual(a.url, b.url);
  const check = new pg.Client({ connectionString: url });
  await check.connect();
  cleanups.push(() => check.end());
  const once = await check.query(`select (select count(*)::int from kysely_migration) as migrations, (select count(*)::int from indicator where scope_plan_id is null) as indicators`);
  const catalogue = await check.query(`select count(distinct code)::int as n from indicator where scope_plan_id is null`);
  assert.equal(once.rows[0].indicators, catalogue.rows[0].n, 'the national catalogue was seeded once');

  const paths = await apiPaths(a.url);
  const onA = await adminClient(a.url, paths);
  const onB = onA.on(b.url);
  if (paths.has('/api/session')) {
    assert.ok(onA.hasSession());
    const admins = await check.query(`select count(*)::int as n from app_user where username = 'admin'`);
    assert.equal(admins.rows[0].n, 1, 'one first administrator');
    // the session opened on A is valid on B
    const me = await onB.request('GET', '/api/session');
    assert.equal(me.status, 200, JSON.stringify(me.json));
    assert.equal(me.json.user.username, 'admin');
    assert.equal(me.json.via, 'session');
  } else {
    t.diagnostic('this build has no accounts module: the session part is not exercised');
  }

  // a write on one server is read on the other immediately, in both directions
  const workload = chooseWorkload(paths);
  if (workload) {
    t.diagnostic(`workload: ${workload.name}`);
    for (let i = 0; i < 5; i++) {
      const [writer, reader] = i % 2 === 0 ? [onA, onB] : [onB, onA];
      const key = `two.${i}`;
      const written = await workload.write(writer, key);
      assert.ok(written.status >= 200 && written.status < 300, `${written.status} ${JSON.stringify(written.json)}`);
      assert.ok(await workload.readBack(reader, key, written), `write ${key} on one server is visible on the other`);
    }
  } else {
    t.diagnostic('this build has no write route yet: the read-after-write part is not exercised');
  }

  // live aggregates: a report submitted on one server is counted at once in the province
  // dashboard served by the other
  if (hasReporting(paths)) {
    const database = await openDatabase({ databaseUrl: url });
    const fixture = await prepareDeadline(database.db, { reporters: 6, prefix: 'TWO' }).finally(() => database.close());
    const ids = await openReports(onA, fixture, 2024);
    let expected = 0;
    for (const [i, id] of ids.entries()) {
      const [writer, reader] = i % 2 === 0 ? [onA, onB] : [onB, onA];
      const done = await submit(writer, id, `two-${id}`);
      assert.equal(done.status, 200, JSON.stringify(done.json));
      expected += draftValues(i, 1)[0].value as number;
      const dash = await reader.request('GET', `/api/dashboard/units/${fixture.provinceId}?year=2024`);
      assert.equal(dash.status, 200, JSON.stringify(dash.json));
      const m13 = (dash.json.measures as { code: string; value: number | null }[]).find((m) => m.code === '13');
      assert.equal(m13?.value, expected, `after ${i + 1} submissions the other server's dashboard shows ${m13?.value}`);
    }
  }

  if (paths.has('/api/session')) {
    // a user created on B signs in on A
    if (paths.has('/api/users')) {
      const created = await onB.request('POST', '/api/users', { username: 'hai.may.chu', password: 'Mot-phien-hai-noi-2025', mustChangePassword: false });
      assert.equal(created.status, 201, JSON.stringify(created.json));
      const other = new Client(a.url);
      const signIn = await other.request('POST', '/api/session', { username: 'hai.may.chu', password: 'Mot-phien-hai-noi-2025' });
      assert.equal(signIn.status, 200, JSON.stringify(signIn.json));
    }
    // sign-out on B ends the session on A at once (no session cache in an app server)
    const out = await onB.request('DELETE', '/api/session');
    assert.ok(out.status >= 200 && out.status < 300, `${out.status} ${JSON.stringify(out.json)}`);
    const refused = await onA.request('GET', '/api/session');
    assert.equal(refused.status, 401, 'the session ended on B is refused by A');
  }
  assert.ok(a.alive() && b.alive());
});
