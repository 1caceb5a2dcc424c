/**
 * Every app server must use the same data key: the database records the key's fingerprint (never
 * the key) and a server started with another key refuses to start, with a message in Vietnamese and
 * English. On PGlite (a data directory) and on PostgreSQL (DATABASE_URL: a fresh database).
 */
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { createTestDatabase } from '../helpers/context.ts';
import { migrateToLatest } from '../../src/storage/migrate.ts';
import { seedBaseData } from '../../src/storage/seed/index.ts';
import type { DatabaseHandle } from '../../src/storage/database.ts';
import { checkDataKey, DataKeyMismatchError, FINGERPRINT_SETTING } from '../../src/storage/data-key.ts';
import { dataKeyFingerprint, decryptJson, useDataDir } from '../../src/storage/crypto.ts';
import { childRow } from '../../src/storage/register.ts';
import { startServer } from '../../src/server/start.ts';
import { freshDatabase } from '../faults/harness.ts';

const KEY_A = randomBytes(32).toString('hex');
const KEY_B = randomBytes(32).toString('hex');
const savedKey = process.env.VITREEM_DATA_KEY;
const useKey = (key: string | undefined) => {
  if (key === undefined) delete process.env.VITREEM_DATA_KEY;
  else process.env.VITREEM_DATA_KEY = key;
};
after(() => useKey(savedKey));

let database: DatabaseHandle;
let drop: () => Promise<void>;
before(async () => {
  ({ database, drop } = await createTestDatabase());
  await migrateToLatest(database.db);
  await seedBaseData(database.db);
});
after(async () => drop());

const stored = async () => (await database.db.selectFrom('system_setting').select('value').where('id', '=', FINGERPRINT_SETTING).executeTakeFirst())?.value ?? null;

async function addChild(): Promise<number> {
  const commune = await database.db.selectFrom('admin_unit').select('id').where('level', '=', 'commune').orderBy('id').limit(1).executeTakeFirstOrThrow();
  const row = childRow({ fullName: 'Nguyễn Thị Thử Khoá', birthDate: '2016-03-04', idNumber: null } as never, { unitId: commune.id, sex: 'female' });
  return (await database.db.insertInto('child').values(row as never).returning('id').executeTakeFirstOrThrow()).id;
}

function assertBilingualRefusal(error: unknown, fingerprint: string): boolean {
  assert.ok(error instanceof DataKeyMismatchError, String(error));
  assert.match(error.vi, /Không khởi động: khoá dữ liệu/);
  assert.match(error.en, /Not starting: this server's data key/);
  assert.ok(error.vi.includes(fingerprint) && error.en.includes(fingerprint), 'the message names the recorded fingerprint');
  assert.ok(!error.message.includes(KEY_A) && !error.message.includes(KEY_B), 'never the key itself');
  return true;
}

test('the fingerprint is recorded at first start, is not the key, and a second key is refused; adopting works only while no data is encrypted', async () => {
  useKey(KEY_A);
  const fpA = dataKeyFingerprint();
  assert.equal((await checkDataKey(database.db)).outcome, 'recorded');
  assert.equal(await stored(), fpA);
  assert.ok(!fpA.includes(KEY_A.slice(0, 16)) && fpA.length === 32);
  assert.equal((await checkDataKey(database.db)).outcome, 'match');
  // the recording is audited
  const audit = await database.db.selectFrom('audit_log').select(['actor_name', 'action']).where('table_name', '=', 'system_setting').where('row_id', '=', FINGERPRINT_SETTING).execute();
  assert.deepEqual(audit, [{ actor_name: 'system:data-key', action: 'insert' }]);

  // another key on a database without encrypted data: refused, unless explicitly adopted
  useKey(KEY_B);
  await assert.rejects(checkDataKey(database.db), (e) => assertBilingualRefusal(e, fpA));
  assert.match(String(await checkDataKey(database.db).catch((e: DataKeyMismatchError) => e.en)), /VITREEM_DATA_KEY_ADOPT=1/);
  assert.equal(await stored(), fpA, 'nothing changed');
  assert.equal((await checkDataKey(database.db, { adopt: true })).outcome, 'adopted');
  const fpB = dataKeyFingerprint();
  assert.equal(await stored(), fpB);

  // once a child is registered (encrypted with key B), key A is refused even with adopt
  const childId = await addChild();
  useKey(KEY_A);
  await assert.rejects(checkDataKey(database.db, { adopt: true }), (e) => assertBilingualRefusal(e, fpB));
  await assert.rejects(checkDataKey(database.db), (e: DataKeyMismatchError) => /holds|encrypted the children's data/.test(e.en));
  assert.equal(await stored(), fpB);
  useKey(KEY_B);
  assert.equal((await checkDataKey(database.db)).outcome, 'match');
  const child = await database.db.selectFrom('child').select('pii').where('id', '=', childId).executeTakeFirstOrThrow();
  assert.equal(decryptJson<{ fullName: string }>(child.pii).fullName, 'Nguyễn Thị Thử Khoá');
});

test('a database from before the fingerprint: the key that opens its data is recorded, another key is refused', async () => {
  useKey(KEY_B); // the key the child above was encrypted with
  await database.db.deleteFrom('system_setting').where('id', '=', FINGERPRINT_SETTING).execute();
  useKey(KEY_A);
  await assert.rejects(checkDataKey(database.db), (e: DataKeyMismatchError) => e instanceof DataKeyMismatchError && /Không khởi động/.test(e.vi));
  assert.equal(await stored(), null, 'nothing recorded on refusal');
  useKey(KEY_B);
  assert.equal((await checkDataKey(database.db)).outcome, 'recorded');
  assert.equal(await stored(), dataKeyFingerprint());
});

/** a target the real server can start on: a data directory (PGlite) or a fresh PostgreSQL database */
async function serverTarget(): Promise<{ overrides: { dataDir: string; databaseUrl: string | undefined }; cleanup(): Promise<void> }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitreem-datakey-'));
  const url = process.env.DATABASE_URL;
  if (!url) return { overrides: { dataDir, databaseUrl: undefined }, cleanup: async () => fs.rmSync(dataDir, { recursive: true, force: true }) };
  const fresh = await freshDatabase(url);
  return {
    overrides: { dataDir, databaseUrl: fresh.url },
    async cleanup() {
      await fresh.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

test('the real server refuses to start with another key once children are registered, and starts again with the right one', async () => {
  const target = await serverTarget();
  const start = () => startServer({ ...target.overrides, port: 0, host: '127.0.0.1', adminPassword: 'Mat-khau-thu-khoa-2025', logLevel: 'silent' }, { buildWeb: false });
  try {
    useKey(undefined); // the key file of the data directory
    let server = await start();
    const keyFile = path.join(target.overrides.dataDir, 'vitreem.key');
    assert.ok(fs.existsSync(keyFile));
    const fileKey = fs.readFileSync(keyFile, 'utf8').trim();
    const recorded = await server.database.db.selectFrom('system_setting').select('value').where('id', '=', FINGERPRINT_SETTING).executeTakeFirstOrThrow();
    assert.equal(recorded.value, dataKeyFingerprint(Buffer.from(fileKey, 'hex')));
    const commune = await server.database.db.selectFrom('admin_unit').select('id').where('level', '=', 'commune').orderBy('id').limit(1).executeTakeFirstOrThrow();
    await server.database.db.insertInto('child').values(childRow({ fullName: 'Trần Văn Máy Chủ', birthDate: '2015-01-02', idNumber: null } as never, { unitId: commune.id, sex: 'male' }) as never).execute();
    await server.stop();

    // a second server with its own key (VITREEM_DATA_KEY set to something else): refused, bilingual
    useKey(KEY_A);
    await assert.rejects(start(), (e) => assertBilingualRefusal(e, recorded.value));
    // the same key given through VITREEM_DATA_KEY: starts
    useKey(fileKey);
    server = await start();
    await server.stop();
  } finally {
    useKey(savedKey);
    useDataDir(path.resolve('data'));
    await target.cleanup();
  }
});

test('`vitreem key-fingerprint` prints the fingerprint the refusal names, never the key', () => {
  const run = (env: Record<string, string>) =>
    spawnSync(process.execPath, [path.resolve(import.meta.dirname, '../../bin/vitreem.mjs'), 'key-fingerprint'], { env: { ...process.env, ...env }, encoding: 'utf8' });
  const withKey = run({ VITREEM_DATA_KEY: KEY_A });
  assert.equal(withKey.status, 0, withKey.stderr);
  assert.equal(withKey.stdout.split(/\s/)[0], dataKeyFingerprint(Buffer.from(KEY_A, 'hex')));
  assert.ok(!withKey.stdout.includes(KEY_A));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitreem-nokey-'));
  const env = { ...process.env } as Record<string, string>;
  delete env.VITREEM_DATA_KEY;
  const none = spawnSync(process.execPath, [path.resolve(import.meta.dirname, '../../bin/vitreem.mjs'), 'key-fingerprint'], { env: { ...env, VITREEM_DATA_DIR: dir }, encoding: 'utf8' });
  assert.equal(none.status, 1);
  assert.match(none.stderr, /Chưa có khoá dữ liệu/);
  assert.match(none.stderr, /No data key yet/);
  assert.deepEqual(fs.readdirSync(dir), [], 'no key created by looking');
  fs.rmSync(dir, { recursive: true, force: true });
});
