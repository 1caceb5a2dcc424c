/**
 * Every answer carries a request id (X-Request-Id); a 500 names it in its body and the server logs
 * the cause with the same id, so "it answered 500 once" can be traced. The 500 is provoked for real:
 * a table the dashboard reads is renamed away for one request.
 */
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { sql } from 'kysely';
import { createTestDatabase } from '../helpers/context.ts';
import { migrateToLatest } from '../../src/storage/migrate.ts';
import { seedBaseData } from '../../src/storage/seed/index.ts';
import { buildApp, type App } from '../../src/api/app.ts';
import type { DatabaseHandle } from '../../src/storage/database.ts';
import { asSystem, ensureLocalCliToken } from '../../src/storage/users.ts';

const lines: Record<string, any>[] = [];
const stream = new Writable({
  write(chunk, _enc, done) {
    for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line));
    done();
  },
});

let database: DatabaseHandle;
let drop: () => Promise<void>;
let app: App;
let token: string;
before(async () => {
  ({ database, drop } = await createTestDatabase());
  await migrateToLatest(database.db);
  await seedBaseData(database.db);
  app = await buildApp({ database, serveWeb: false, logger: { level: 'warn', stream } });
  await app.ready();
  token = await ensureLocalCliToken(database.db);
});
after(async () => {
  await app.close();
  await drop();
});

const get = (url: string, headers: Record<string, string> = {}) => app.inject({ url, headers: { authorization: `Bearer ${token}`, ...headers } });

test('a 500 names its request id, and the log has the cause under the same id', async () => {
  const nation = await database.db.selectFrom('admin_unit').select('id').where('level', '=', 'nation').executeTakeFirstOrThrow();
  assert.equal((await get(`/api/dashboard/units/${nation.id}?year=2024`)).statusCode, 200);
  await asSystem(database.db, 'test', async (trx) => {
    await sql`alter table aggregate_value rename to aggregate_value_away`.execute(trx);
  });
  let r;
  try {
    r = await get(`/api/dashboard/units/${nation.id}?year=2024`);
  } finally {
    await sql`alter table aggregate_value_away rename to aggregate_value`.execute(database.db);
  }
  assert.equal(r.statusCode, 500);
  const body = r.json();
  assert.equal(body.error.code, 'internal_error');
  assert.ok(body.error.message && body.error.messageEn, 'bilingual');
  assert.match(body.error.requestId, /^[0-9a-f-]{36}$/);
  assert.equal(r.headers['x-request-id'], body.error.requestId);
  assert.ok(!r.body.includes('aggregate_value'), 'the cause is logged, not sent');
  const logged = lines.find((l) => l.reqId === body.error.requestId && l.level === 50);
  assert.ok(logged, `logged under the request id: ${JSON.stringify(lines.slice(-3))}`);
  assert.match(logged.err.message, /aggregate_value/);
  assert.equal(logged.url, `/api/dashboard/units/${nation.id}?year=2024`);
  assert.equal((await get(`/api/dashboard/units/${nation.id}?year=2024`)).statusCode, 200, 'and the next request is fine');
});

test('a request id sent by the proxy is kept; a malformed one is replaced; 4xx are not logged as errors', async () => {
  const r = await get('/api/units?level=province', { 'x-request-id': 'proxy-4f2a9c1d' });
  assert.equal(r.headers['x-request-id'], 'proxy-4f2a9c1d');
  const bad = await get('/api/units?level=province', { 'x-request-id': "x'; drop table app_user; --" });
  assert.match(String(bad.headers['x-request-id']), /^[0-9a-f-]{36}$/);
  const errorsBefore = lines.filter((l) => l.level >= 50).length;
  assert.equal((await get('/api/units/999999999')).statusCode, 404);
  assert.equal((await get('/api/dashboard/units/abc')).statusCode, 400);
  assert.equal(lines.filter((l) => l.level >= 50).length, errorsBefore);
});
