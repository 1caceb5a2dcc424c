/**
 * An uploaded plan document carries its unit and uploader (plan_document.unit_id, uploaded_by,
 * migration 081) and the access check reads them, not the audit log. The backfill of older uploads
 * from the audit log is checked on a database migrated without 081 first.
 */
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Migrator, sql, type Migration } from 'kysely';
import { createTestContext, createTestDatabase, type Client, type TestContext } from '../helpers/context.ts';
import { migrateToLatest } from '../../src/storage/migrate.ts';
import { seedBaseData } from '../../src/storage/seed/index.ts';
import { SEED_DIR } from '../importer/helpers.ts';

const SEED_002 = fs.readFileSync(path.join(SEED_DIR, fs.readdirSync(SEED_DIR).find((f) => f.startsWith('002_'))!));
const MIGRATIONS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src/storage/migrations');

let ctx: TestContext;
let thanhHoa: number;
let ngheAn: number;
let th1: Client, th2: Client, na: Client;
let th1Id: number;
before(async () => {
  ctx = await createTestContext();
  const province = async (code: string) => (await ctx.database.db.selectFrom('admin_unit').select('id').where('level', '=', 'province').where('code', '=', code).where('valid_to', 'is', null).executeTakeFirstOrThrow()).id;
  thanhHoa = await province('38');
  ngheAn = await province('40');
  const u1 = await ctx.createUser({ username: 'th.officer1', grants: [{ role: 'unit_officer', unitId: thanhHoa }] });
  const u2 = await ctx.createUser({ username: 'th.officer2', grants: [{ role: 'unit_officer', unitId: thanhHoa }] });
  const u3 = await ctx.createUser({ username: 'na.officer', grants: [{ role: 'unit_officer', unitId: ngheAn }] });
  th1Id = u1.id;
  [th1, th2, na] = [await ctx.sessionFor(u1), await ctx.sessionFor(u2), await ctx.sessionFor(u3)];
});
after(async () => ctx.close());

const upload = (client: Client, query = '') =>
  client.request({ method: 'POST', url: `/api/imports?filename=seed-002.txt${query}`, payload: SEED_002, headers: { 'content-type': 'application/octet-stream' } });

test('an upload belongs to its uploader and its unit: colleagues of the unit reach it, other provinces get 404', async () => {
  const r = await upload(th1);
  assert.equal(r.statusCode, 201, r.body);
  const row = await ctx.database.db.selectFrom('plan_document').select(['unit_id', 'uploaded_by']).where('id', '=', r.json.importId).executeTakeFirstOrThrow();
  assert.deepEqual(row, { unit_id: thanhHoa, uploaded_by: th1Id });
  assert.equal((await th1.request({ url: `/api/imports/${r.json.importId}` })).statusCode, 200);
  assert.equal((await th2.request({ url: `/api/imports/${r.json.importId}` })).statusCode, 200);
  const other = await na.request({ url: `/api/imports/${r.json.importId}` });
  assert.equal(other.statusCode, 404);
  assert.ok(!other.body.includes('Nam Đông'), 'nothing of the document leaks');
  assert.equal((await na.request({ method: 'POST', url: `/api/imports/${r.json.importId}/save`, payload: { issuerUnitId: ngheAn } })).statusCode, 404);
  assert.equal((await ctx.request({ url: `/api/imports/${r.json.importId}` })).statusCode, 200, 'a national administrator reaches it');
});

test('uploading for a unit outside the caller\'s grants is refused before anything is stored', async () => {
  const before = (await sql<{ n: number }>`select count(*)::int as n from plan_document`.execute(ctx.database.db)).rows[0].n;
  const r = await upload(th1, `&unitId=${ngheAn}`);
  assert.equal(r.statusCode, 403);
  assert.ok(r.json.error.message && r.json.error.messageEn, 'bilingual');
  assert.equal((await sql<{ n: number }>`select count(*)::int as n from plan_document`.execute(ctx.database.db)).rows[0].n, before);
  // a national administrator names the unit
  const ok = await ctx.request({ method: 'POST', url: `/api/imports?filename=x.txt&unitId=${ngheAn}`, payload: SEED_002, headers: { 'content-type': 'application/octet-stream' } });
  assert.equal(ok.statusCode, 201);
  assert.equal((await na.request({ url: `/api/imports/${ok.json.importId}` })).statusCode, 200);
});

test('the access check reads the row, not the audit log: a forged "insert" audit entry gives nothing', async () => {
  const r = await upload(th1);
  // an audit entry claiming the Nghệ An officer created the upload
  const naUser = await ctx.database.db.selectFrom('app_user').select('id').where('username', '=', 'na.officer').executeTakeFirstOrThrow();
  await ctx.database.db.insertInto('audit_log').values({ actor_id: naUser.id, actor_name: 'na.officer', action: 'insert', table_name: 'plan_document', row_id: String(r.json.importId) } as never).execute();
  assert.equal((await na.request({ url: `/api/imports/${r.json.importId}` })).statusCode, 404);
  // and an upload without a unit is its uploader's alone
  await ctx.database.db.updateTable('plan_document').set({ unit_id: null }).where('id', '=', r.json.importId).execute();
  assert.equal((await th1.request({ url: `/api/imports/${r.json.importId}` })).statusCode, 200);
  assert.equal((await th2.request({ url: `/api/imports/${r.json.importId}` })).statusCode, 404);
  // saving it (a district plan: as Thanh Hóa's former Hoằng Hóa district) gives it the plan's unit
  const hoangHoa = (await ctx.database.db.selectFrom('admin_unit').select('id').where('level', '=', 'district').where('code', '=', '399').executeTakeFirstOrThrow()).id;
  const saved = await th1.request({ method: 'POST', url: `/api/imports/${r.json.importId}/save`, payload: { issuerUnitId: hoangHoa } });
  assert.equal(saved.statusCode, 201, saved.body);
  const row = await ctx.database.db.selectFrom('plan_document').select(['unit_id', 'plan_id']).where('id', '=', r.json.importId).executeTakeFirstOrThrow();
  assert.deepEqual(row, { unit_id: hoangHoa, plan_id: saved.json.planId });
  assert.equal((await th2.request({ url: `/api/imports/${r.json.importId}` })).statusCode, 200);
});

test('migration 081 fills unit_id and uploaded_by of earlier uploads from the audit log', async () => {
  const { database, drop } = await createTestDatabase();
  try {
    const db = database.db;
    const all = fs.readdirSync(MIGRATIONS).filter((f) => /^\d{3}_.+\.ts$/.test(f)).sort();
    const without081: Record<string, Migration> = {};
    for (const f of all.filter((f) => !f.startsWith('081_'))) without081[f.replace(/\.ts$/, '')] = (await import(pathToFileURL(path.join(MIGRATIONS, f)).href)) as Migration;
    const result = await new Migrator({ db, provider: { getMigrations: async () => without081 }, allowUnorderedMigrations: true }).migrateToLatest();
    assert.equal(result.error, undefined);
    await seedBaseData(db);
    const province = async (code: string) => (await db.selectFrom('admin_unit').select('id').where('level', '=', 'province').where('code', '=', code).where('valid_to', 'is', null).executeTakeFirstOrThrow()).id;
    const [th, nan] = [await province('38'), await province('40')];
    const user = async (username: string, grants: [string, number | null][]) => {
      const id = (await db.insertInto('app_user').values({ username } as never).returning('id').executeTakeFirstOrThrow()).id;
      for (const [role, unit] of grants) await db.insertInto('user_grant').values({ user_id: id, role, unit_id: unit } as never).execute();
      return id;
    };
    const single = await user('one.unit', [['unit_officer', th], ['viewer', nan]]);
    const two = await user('two.units', [['unit_officer', th], ['unit_officer', nan]]);
    const national = await user('national', [['system_admin', null], ['unit_officer', th]]);
    const doc = async (uploader: number | null, planId: number | null = null) => {
      const { rows } = await sql<{ id: number }>`insert into plan_document(plan_id, filename, size_bytes, sha256, content) values (${planId}, 'a.txt', 1, ${'0'.repeat(64)}, ${Buffer.from('x')}) returning id`.execute(db);
      const id = rows[0].id;
      if (uploader !== null) await sql`insert into audit_log(actor_id, actor_name, action, table_name, row_id) values (${uploader}, 'x', 'insert', 'plan_document', ${String(id)})`.execute(db);
      return id;
    };
    const plan = (await sql<{ id: number }>`insert into plan(title, level, issuer_unit_id, status) values ('Kế hoạch thử', 'province', ${nan}, 'draft') returning id`.execute(db)).rows[0].id;
    const ids = { single: await doc(single), two: await doc(two), national: await doc(national), unknown: await doc(null), saved: await doc(single, plan) };
    await migrateToLatest(db);
    const rows = new Map((await db.selectFrom('plan_document').select(['id', 'unit_id', 'uploaded_by']).execute()).map((r) => [r.id, [r.unit_id, r.uploaded_by]]));
    assert.deepEqual(rows.get(ids.single), [th, single], 'the only unit where the uploader may import (a viewer grant does not count)');
    assert.deepEqual(rows.get(ids.two), [null, two], 'two units: not guessed');
    assert.deepEqual(rows.get(ids.national), [null, national], 'a national grant: national upload');
    assert.deepEqual(rows.get(ids.unknown), [null, null]);
    assert.deepEqual(rows.get(ids.saved), [nan, single], 'a saved upload belongs to its plan\'s unit');
  } finally {
    await drop();
  }
});
