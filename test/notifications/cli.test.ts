/**
 * `npx vitreem notifications run` as an administrator runs it from cron: separate processes, a real
 * SMTP server. On PostgreSQL (DATABASE_URL) two processes run at the same time over the same outbox
 * and every recipient still gets exactly one e-mail; on the embedded database one process runs, then
 * a second finds nothing left to send.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import pg from 'pg';
import { openDatabase } from '../../src/storage/database.ts';
import { migrateToLatest } from '../../src/storage/migrate.ts';
import { seedBaseData } from '../../src/storage/seed/index.ts';
import { asSystem, createUser } from '../../src/storage/users.ts';
import { notifyUsers } from '../../src/storage/notifications.ts';
import { startSmtp, type TestSmtp } from './smtp.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitreem-notify-cli-'));
const pgUrl = process.env.DATABASE_URL || '';
const dbName = `vitreem_test_${randomBytes(6).toString('hex')}`;
let databaseUrl = '';
let smtp: TestSmtp;
const PEOPLE = 12;

function cli(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/vitreem.mjs'), ...args], {
      env: { ...process.env, VITREEM_DATA_DIR: dataDir, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn', VITREEM_SMTP_URL: smtp.url, VITREEM_MAIL_FROM: 'Sở Y tế (thử) <vitreem@soyte.example>', VITREEM_PUBLIC_URL: 'https://vitreem.example' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

before(async () => {
  smtp = await startSmtp();
  if (pgUrl) {
    const admin = new pg.Client({ connectionString: pgUrl });
    await admin.connect();
    await admin.query(`create database ${dbName}`);
    await admin.end();
    const u = new URL(pgUrl);
    u.pathname = `/${dbName}`;
    databaseUrl = u.toString();
  }
  const database = await openDatabase(databaseUrl ? { databaseUrl } : { dataDir });
  try {
    await migrateToLatest(database.db);
    await seedBaseData(database.db);
    const ids: number[] = [];
    await asSystem(database.db, 'test', async (trx) => {
      for (let i = 0; i < PEOPLE; i++) ids.push(await createUser(trx, { username: `cron.${i}`, password: null, email: `cron.${i}@tinh.example`, grants: [] }));
    });
    await database.db.transaction().execute((trx) => notifyUsers(trx, ids, { kind: 'report_due', eventKey: 'cli:test', title: 'Nhắc hạn: Báo cáo năm 2025 của Xã Hoằng Kim đến hạn 20/11/2025 (còn 7 ngày)', body: 'Nội dung nhắc hạn.', link: '/reports/1', dueAt: '2025-11-20', unitId: null }));
  } finally {
    await database.close();
  }
});
after(async () => {
  await smtp?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  if (pgUrl) {
    const c = new pg.Client({ connectionString: pgUrl });
    await c.connect();
    await c.query(`drop database if exists ${dbName} with (force)`);
    await c.end();
  }
});

test('notifications run: prints each e-mail sent; exactly one per recipient across processes; the next run sends nothing', async () => {
  const runs = pgUrl ? await Promise.all([cli('notifications', 'run'), cli('notifications', 'run')]) : [await cli('notifications', 'run')];
  for (const r of runs) assert.equal(r.code, 0, r.stderr);
  const printed = runs.flatMap((r) => r.stdout.split('\n').filter((l) => l.startsWith('đã gửi / sent')));
  assert.equal(printed.length, PEOPLE, runs.map((r) => r.stdout).join('\n---\n'));
  assert.match(printed[0]!, /cron\.\d+@tinh\.example {2}\[vitreem\] Nhắc hạn: Báo cáo năm 2025 của Xã Hoằng Kim đến hạn 20\/11\/2025/);
  assert.equal(smtp.messages.length, PEOPLE);
  assert.equal(new Set(smtp.messages.map((m) => m.to[0])).size, PEOPLE, 'no one twice');
  assert.ok(smtp.messages.every((m) => m.from === 'vitreem@soyte.example'));
  assert.ok(smtp.messages.every((m) => m.text.includes('https://vitreem.example/reports/1')));
  const again = await cli('notifications', 'run');
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stdout, /Thư đã gửi \/ e-mails sent: 0;/);
  assert.equal(smtp.messages.length, PEOPLE);
});
