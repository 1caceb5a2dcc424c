import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestDatabase } from '../helpers/context.ts';
import { migrateToLatest } from '../../src/storage/migrate.ts';
import { seedBaseData } from '../../src/storage/seed/index.ts';
import { createBackup, restoreBackup, BackupFormatError } from '../../src/storage/backup.ts';
import { systemTransaction } from '../../src/api/transaction.ts';
import type { DatabaseHandle } from '../../src/storage/database.ts';
import { InputLimitError } from '../../src/input/limits.ts';
import { gzipBomb } from '../helpers/zip.ts';
import { worstPauseWhile } from '../helpers/event-loop.ts';

let source: { database: DatabaseHandle; drop(): Promise<void> };
let target: { database: DatabaseHandle; drop(): Promise<void> };
before(async () => {
  source = await createTestDatabase();
  target = await createTestDatabase();
  await migrateToLatest(source.database.db);
  await seedBaseData(source.database.db);
});
after(async () => {
  await source.drop();
  await target.drop();
});

async function counts(handle: DatabaseHandle): Promise<Record<string, number>> {
  const tables = (await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema() and table_type='BASE TABLE' and table_name not like 'kysely%' order by 1`.execute(handle.db)).rows;
  const result: Record<string, number> = {};
  for (const { name } of tables) result[name] = Number((await sql<{ n: number }>`select count(*)::int as n from ${sql.table(name)}`.execute(handle.db)).rows[0].n);
  return result;
}

test('a backup restored into an empty database holds everything, including the audit log', async () => {
  const db = source.database.db;
  await systemTransaction(db, 'test', async (trx) => {
    const nation = await trx.insertInto('admin_unit').values({ code: 'ZZ', name: 'Thử nghiệm Đơn vị', level: 'province', full_name: null, kind: null, parent_id: null, valid_to: null, note: 'ghi chú có dấu' }).returning('id').executeTakeFirstOrThrow();
    await trx.insertInto('plan').values({ number: '107/KH-UBND', title: 'Kế hoạch hành động vì trẻ em', issuer_unit_id: nation.id, issuer_name: 'UBND', issue_date: '2021-05-18', issue_date_text: null, issue_year: 2021, level: 'province', place: 'Kiên Giang', period_from: 2021, period_to: 2030, parent_plan_id: null, signer: null, signer_title: null, budget_stated_total: 18670 }).execute();
    await trx.insertInto('plan_document').values({ plan_id: null, filename: 'a.bin', media_type: 'application/octet-stream', size_bytes: 3, sha256: 'x', content: new Uint8Array([0, 255, 7]), extracted_text: null, extraction: null }).execute();
  });
  const before = await counts(source.database);
  const backup = await createBackup(db);
  const summary = await restoreBackup(target.database.db, backup);
  assert.ok(summary.rows > 100);
  const afterRestore = await counts(target.database);
  assert.deepEqual(afterRestore, before);
  const plan = await target.database.db.selectFrom('plan').selectAll().where('number', '=', '107/KH-UBND').executeTakeFirstOrThrow();
  assert.equal(plan.title, 'Kế hoạch hành động vì trẻ em');
  assert.equal(plan.budget_stated_total, 18670);
  const doc = await target.database.db.selectFrom('plan_document').selectAll().executeTakeFirstOrThrow();
  assert.deepEqual([...doc.content], [0, 255, 7]);
  // ids continue after the restored ones
  const next = await systemTransaction(target.database.db, 'test', (trx) => trx.insertInto('admin_unit').values({ code: 'ZY', name: 'Mới', level: 'province', full_name: null, kind: null, parent_id: null, valid_to: null, note: null }).returning('id').executeTakeFirstOrThrow());
  const maxBefore = Math.max(...(await source.database.db.selectFrom('admin_unit').select('id').execute()).map((r) => r.id));
  assert.ok(next.id > maxBefore);
});

test('a file that is not a backup is refused and changes nothing', async () => {
  const before = await counts(target.database);
  await assert.rejects(restoreBackup(target.database.db, Buffer.from('hello')), BackupFormatError);
  assert.deepEqual(await counts(target.database), before);
});

test('a gzip bomb (1 GB of newlines in ≈ 1 MB) is refused at the byte cap, off the event loop, and changes nothing', async () => {
  const before = await counts(target.database);
  const bomb = await gzipBomb(1024 * 1024 * 1024);
  assert.ok(bomb.length < 2 * 1024 * 1024, `${bomb.length} bytes`);
  const { result: refusal, worstMs: worst, tookMs } = await worstPauseWhile(() => restoreBackup(target.database.db, bomb, { maxBytes: 64 * 1024 * 1024, timeoutMs: 60_000 }).then(() => null, (e: unknown) => e));
  console.log(`restore.gzip-bomb: refused after ${tookMs.toFixed(0)} ms, worst event-loop pause ${worst.toFixed(0)} ms`);
  assert.ok(refusal instanceof InputLimitError, String(refusal));
  assert.equal(refusal.statusCode, 413);
  assert.equal(refusal.code, 'gzip_too_large');
  assert.match(refusal.messageVi, /giải nén quá lớn \(tối đa 64 MB\)/);
  assert.match(refusal.messageEn, /at most 64 MB/);
  assert.ok(worst < 500, `the event loop stopped for ${worst.toFixed(0)} ms`);
  // over its time limit: refused too
  const slow = await restoreBackup(target.database.db, bomb, { maxBytes: 2 ** 30, timeoutMs: 1 }).then(() => null, (e: unknown) => e);
  assert.ok(slow instanceof InputLimitError && slow.code === 'gzip_too_slow', String(slow));
  // a truncated backup is not gzip any more
  await assert.rejects(restoreBackup(target.database.db, (await createBackup(source.database.db)).subarray(0, 200)), BackupFormatError);
  assert.deepEqual(await counts(target.database), before);
});
