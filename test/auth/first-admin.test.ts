import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase } from '../helpers/context.ts';
import { migrateToLatest } from '../../src/storage/migrate.ts';
import { seedBaseData } from '../../src/storage/seed/index.ts';
import { buildApp, type App } from '../../src/api/app.ts';
import { createDemoUsers, DEMO_PASSWORD, ensureFirstAdmin, ensureLocalCliToken, releaseLocalCliToken } from '../../src/storage/users.ts';
import type { DatabaseHandle } from '../../src/storage/database.ts';
import { createUnitTree } from '../helpers/units.ts';

let database: DatabaseHandle;
let drop: () => Promise<void>;
let app: App;
before(async () => {
  ({ database, drop } = await createTestDatabase());
  await migrateToLatest(database.db);
  await seedBaseData(database.db);
  app = await buildApp({ database, serveWeb: false });
  await app.ready();
});
after(async () => {
  await app.close();
  await drop();
});

const signIn = (username: string, password: string) => app.inject({ method: 'POST', url: '/api/session', payload: { username, password } });

test('an empty database gets a first administrator with a one-time password; later calls create nothing', async () => {
  const saved = process.env.VITREEM_ADMIN_PASSWORD;
  delete process.env.VITREEM_ADMIN_PASSWORD;
  try {
    const first = await ensureFirstAdmin(database.db);
    assert.equal(first.created, true);
    assert.equal(first.username, 'admin');
    assert.ok(first.password && first.password.length >= 16);
    const r = await signIn('admin', first.password!);
    assert.equal(r.statusCode, 200);
    assert.equal(r.json().user.mustChangePassword, true, 'a printed password must be replaced');
    assert.ok(r.json().permissions.includes('users.admin'));
    const again = await ensureFirstAdmin(database.db, { password: 'ignored-now-123' });
    assert.deepEqual(again, { username: 'admin', password: null, created: false });
    const audit = await database.db.selectFrom('audit_log').select(['actor_name', 'after']).where('table_name', '=', 'app_user').orderBy('id').executeTakeFirstOrThrow();
    assert.equal(audit.actor_name, 'system:first-admin');
    assert.equal((audit.after as { password_hash: string }).password_hash, '[redacted, changed]', 'no hash in the audit log');
  } finally {
    if (saved !== undefined) process.env.VITREEM_ADMIN_PASSWORD = saved;
  }
});

test('demo users: one per role, documented password, idempotent', async () => {
  await createUnitTree(database.db);
  const demo = await createDemoUsers(database.db);
  const roles = demo.map((d) => d.role).sort();
  assert.deepEqual(roles, ['agency_reporter', 'case_worker', 'cff_assessor', 'cp_supervisor', 'leader', 'system_admin', 'unit_officer', 'viewer']);
  const reporter = await signIn('demo.reporter', DEMO_PASSWORD);
  assert.equal(reporter.statusCode, 200);
  assert.deepEqual(reporter.json().permissions.sort(), ['catalogue.read', 'plans.read', 'reports.enter', 'reports.read', 'units.read']);
  assert.equal((await createDemoUsers(database.db)).length, demo.length);
  const { n } = await database.db.selectFrom('app_user').select((eb) => eb.fn.countAll<number>().as('n')).where('username', 'like', 'demo.%').executeTakeFirstOrThrow();
  assert.equal(Number(n), demo.length);
});

test('the local CLI token acts as administrator, is stored hashed, and ends when its holder releases it', async () => {
  const token = await ensureLocalCliToken(database.db);
  const r = await app.inject({ url: '/api/users', headers: { authorization: `Bearer ${token}` } });
  assert.equal(r.statusCode, 200);
  const rows = await database.db.selectFrom('api_token').select(['token_hash', 'kind']).execute();
  assert.ok(rows.every((row) => row.token_hash !== token));
  await releaseLocalCliToken(database.db, token);
  assert.equal((await app.inject({ url: '/api/users', headers: { authorization: `Bearer ${token}` } })).statusCode, 401);
});
