import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestContext, type TestContext } from '../helpers/context.ts';
import { createUnitTree, type UnitTree } from '../helpers/units.ts';
import { auditRead } from '../../src/storage/audit.ts';

let ctx: TestContext;
let units: UnitTree;
before(async () => {
  ctx = await createTestContext();
  units = await createUnitTree(ctx.database.db);
});
after(async () => ctx.close());

test('audit_log refuses UPDATE, DELETE and TRUNCATE even as raw SQL on the application connection', async () => {
  const db = ctx.database.db;
  const before = await db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  assert.ok(Number(before.n) > 0);
  await assert.rejects(sql`update audit_log set actor_name = 'someone else'`.execute(db), /append-only/);
  await assert.rejects(sql`delete from audit_log`.execute(db), /append-only/);
  await assert.rejects(sql`truncate audit_log`.execute(db), /append-only/);
  const after = await db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  assert.equal(Number(after.n), Number(before.n));
  assert.equal((await db.selectFrom('audit_log').select('id').where('actor_name', '=', 'someone else').execute()).length, 0);
});

test('every write through the API leaves rows with actor, address, before and after', async () => {
  const since = (await ctx.database.db.selectFrom('audit_log').select((eb) => eb.fn.max('id').as('m')).executeTakeFirstOrThrow()).m as number;
  const c = await ctx.request({ method: 'POST', url: '/api/users', payload: { username: 'audited', displayName: 'Trước', password: 'một mật khẩu đủ dài', grants: [{ role: 'viewer', unitId: units.canTho }] } });
  assert.equal(c.statusCode, 201);
  const id = c.json.user.id as number;
  await ctx.request({ method: 'PATCH', url: `/api/users/${id}`, payload: { displayName: 'Sau' } });
  await ctx.request({ method: 'PUT', url: `/api/users/${id}/grants`, payload: { grants: [] } });
  const rows = await ctx.database.db.selectFrom('audit_log').selectAll().where('id', '>', since).orderBy('id').execute();
  const userRows = rows.filter((r) => r.table_name === 'app_user' && r.row_id === String(id));
  assert.deepEqual(userRows.map((r) => r.action), ['insert', 'update']);
  for (const r of rows.filter((r) => ['app_user', 'user_grant'].includes(r.table_name ?? ''))) {
    assert.equal(r.actor_name, 'admin');
    assert.equal(r.actor_id, ctx.admin.id);
    assert.equal(r.ip, '127.0.0.1');
    assert.ok(r.request_id);
  }
  const update = userRows[1];
  assert.equal((update.before as { display_name: string }).display_name, 'Trước');
  assert.equal((update.after as { display_name: string }).display_name, 'Sau');
  assert.equal((update.after as { password_hash: string }).password_hash, '[redacted]');
  assert.ok(!JSON.stringify(rows).includes('$argon2'), 'no password hash anywhere in the log');
  const grantDelete = rows.find((r) => r.table_name === 'user_grant' && r.action === 'delete');
  assert.equal((grantDelete?.before as { role: string }).role, 'viewer');
});

test('sign-in, failures and sign-out are logged', async () => {
  const u = await ctx.createUser({ username: 'logged.in' });
  await ctx.request({ method: 'POST', url: '/api/session', payload: { username: u.username, password: 'wrong-wrong-wrong' }, anonymous: true });
  const s = await ctx.login(u.username, u.password);
  await s.request({ method: 'DELETE', url: '/api/session' });
  const r = await ctx.request({ url: `/api/audit?actor=logged.in` });
  assert.equal(r.statusCode, 200);
  const actions = (r.json.rows as { action: string }[]).map((x) => x.action);
  assert.ok(actions.includes('sign_in'));
  assert.ok(actions.includes('sign_out'));
  const failed = await ctx.request({ url: '/api/audit?action=sign_in_failed&q=logged.in' });
  assert.equal(failed.json.total, 1);
});

test('reads of child-level data are logged by auditRead', async () => {
  const u = await ctx.createUser({ username: 'case.reader', grants: [{ role: 'case_worker', unitId: units.longXuyen }] });
  await auditRead(ctx.database.db, { userId: u.id, username: u.username, grants: [], via: 'session' }, { table: 'child', rowId: 42, unitId: units.longXuyen, detail: { fields: ['name', 'birth_date'] }, ip: '10.0.0.9' });
  const r = await ctx.request({ url: '/api/audit?table=child&rowId=42&action=read' });
  assert.equal(r.json.total, 1);
  const row = r.json.rows[0];
  assert.equal(row.actor_name, 'case.reader');
  assert.equal(row.actor_id, u.id);
  assert.equal(row.unit_id, units.longXuyen);
  assert.deepEqual(row.detail, { fields: ['name', 'birth_date'] });
});

test('audit search: filters by date, paging, and only for administrators', async () => {
  const today = new Date().toISOString().slice(0, 10);
  const r = await ctx.request({ url: `/api/audit?from=${today}&to=${today}&pageSize=2&page=1` });
  assert.equal(r.statusCode, 200);
  assert.equal(r.json.rows.length, 2);
  assert.ok(r.json.total > 2);
  const none = await ctx.request({ url: '/api/audit?from=2000-01-01&to=2000-01-02' });
  assert.equal(none.json.total, 0);
  const wildcard = await ctx.request({ url: `/api/audit?q=${encodeURIComponent('%')}` });
  assert.equal(wildcard.statusCode, 200);
  assert.equal((await ctx.request({ url: '/api/audit?from=yesterday' })).statusCode, 400);
  const officer = await ctx.createUser({ username: 'not.an.admin', grants: [{ role: 'unit_officer', unitId: units.anGiang }] });
  assert.equal((await ctx.request({ url: '/api/audit', as: officer })).statusCode, 403);
});
