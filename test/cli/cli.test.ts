/**
 * The CLI end to end, as an administrator uses it: on the embedded database directly,
 * and through a running server that owns the database.
 */
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { SEED_DIR } from '../importer/helpers.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SEEDS = SEED_DIR; // shared/seeds beside the repository (or /work/shared/seeds from a worktree)
const seedFile = (prefix: string) => path.join(SEEDS, fs.readdirSync(SEEDS).find((f) => f.startsWith(prefix))!);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitreem-cli-'));
// the real sample of units, as every test database (the whole country's first load is timed by bench:units)
const env = { ...process.env, VITREEM_DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'warn', VITREEM_BUILTIN_UNITS: 'sample' };

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin/vitreem.mjs'), ...args], { env, encoding: 'utf8', timeout: 300_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

after(() => fs.rmSync(dataDir, { recursive: true, force: true }));

test('import --json prints one JSON object for a seed plan and exits 0', () => {
  const r = cli('import', seedFile('001'), '--json');
  assert.equal(r.code, 0, r.stderr);
  const result = JSON.parse(r.stdout);
  assert.equal(result.document.number, '107/KH-UBND');
  assert.equal(result.indicators.length, 24);
  assert.equal(result.budget.statedTotal, 18670);
});

test('import of an empty file fails with a bilingual message and a non-zero exit', () => {
  const empty = path.join(dataDir, 'empty.txt');
  fs.writeFileSync(empty, '');
  const r = cli('import', empty, '--json');
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /Lỗi:/);
  assert.match(r.stderr, /Error:/);
});

test('without a server: migrate, list plans, show the national programme, back up', () => {
  assert.equal(cli('migrate').code, 0);
  const list = cli('plan', 'list', '--json');
  assert.equal(list.code, 0, list.stderr);
  const plans = JSON.parse(list.stdout);
  const national = (Array.isArray(plans) ? plans : plans.plans ?? plans.items).find((p: any) => p.number === '23/QĐ-TTg');
  assert.ok(national, 'the national programme is loaded');
  const shown = cli('plan', 'show', String(national.id), '--json');
  assert.equal(shown.code, 0, shown.stderr);
  assert.equal(JSON.parse(shown.stdout).indicators.length, 24);
  const human = cli('plan', 'show', String(national.id));
  assert.match(human.stdout, /Chỉ tiêu 3: .*< 9,5‰/);
  const exported = cli('export', 'plan', String(national.id), '--json');
  assert.equal(JSON.parse(exported.stdout).number, '23/QĐ-TTg');
  const imported = cli('units', 'import', path.join(ROOT, 'test/fixtures/units/gso-sample.csv'), '--valid-from', '2025-07-01');
  assert.equal(imported.code, 0, imported.stderr);
  const bad = path.join(dataDir, 'bad-units.csv');
  fs.writeFileSync(bad, 'Tỉnh Thành Phố,Mã TP\nKhông có mã,\n');
  const refused = cli('units', 'import', bad, '--valid-from', '2025-07-01');
  assert.notEqual(refused.code, 0);
  assert.match(refused.stderr, /Lỗi:/);
  const missing = cli('plan', 'show', '999999');
  assert.notEqual(missing.code, 0);
  assert.match(missing.stderr, /Không tìm thấy/);
});

test('units conversion: a dry run prints what would change; a bad table names every bad line and exits non-zero', () => {
  const ok = path.join(dataDir, 'chuyen-doi.csv');
  fs.writeFileSync(ok, 'Tỉnh thành phố,Tên Xã mới,Mã Xã mới,Tên Xã cũ,Mã Xã cũ,Ghi chú,Quận/huyện,Tỉnh cũ\nTỉnh Thanh Hóa (38),Xã Hoằng Phú,15889,Xã Hoằng Phú,15889,Giữ nguyên,,Tỉnh Thanh Hóa (38)\n');
  const dry = cli('units', 'conversion', ok, '--valid-from', '01/01/2027', '--dry-run');
  assert.equal(dry.code, 0, dry.stderr);
  assert.match(dry.stdout, /Chạy thử, từ ngày 01\/01\/2027: sẽ có 0 xã mới, 0 đổi tên, 0 hết hiệu lực, 0 liên kết, 1 giữ nguyên \(1 dòng\); chưa ghi gì/);
  const bad = path.join(dataDir, 'chuyen-doi-sai.csv');
  fs.writeFileSync(bad, 'Tỉnh thành phố,Tên Xã mới,Mã Xã mới,Tên Xã cũ,Mã Xã cũ,Ghi chú\nTỉnh Thanh Hóa (38),Xã Hoằng Phú,15889,Xã Không Có,99998,Nhập toàn bộ\nTỉnh Thanh Hóa (38),Xã Hoằng Phú,15889,Xã Cũng Không Có,99999,Nhập toàn bộ\n');
  const refused = cli('units', 'conversion', bad, '--valid-from', '01/01/2027');
  assert.notEqual(refused.code, 0);
  assert.match(refused.stderr, /Bảng chuyển đổi có 2 lỗi/);
  assert.match(refused.stderr, /Dòng 2: xã cũ Xã Không Có \(99998\)/);
  assert.match(refused.stderr, /Dòng 3: xã cũ Xã Cũng Không Có \(99999\)/);
  const notADate = cli('units', 'conversion', ok, '--valid-from', '31/02/2027');
  assert.notEqual(notADate.code, 0);
  assert.match(notADate.stderr, /Ngày không hợp lệ/);
});

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

test('with the server running, the CLI goes through it instead of opening the database', async () => {
  const port = await freePort();
  const server: ChildProcess = spawn(process.execPath, [path.join(ROOT, 'bin/vitreem.mjs'), 'serve', '--no-web-build', '--port', String(port)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('server did not start')), 60_000);
      server.stdout!.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('is running at')) {
          clearTimeout(timer);
          resolve();
        }
      });
      server.on('exit', (code) => reject(new Error(`server exited ${code}`)));
    });
    assert.ok(fs.existsSync(path.join(dataDir, 'server.json')));
    const list = cli('plan', 'list', '--json');
    assert.equal(list.code, 0, list.stderr);
    const backupFile = path.join(dataDir, 'backup.ndjson.gz');
    const backup = cli('backup', backupFile);
    assert.equal(backup.code, 0, backup.stderr);
    assert.ok(fs.statSync(backupFile).size > 1000);
    const migrate = cli('migrate');
    assert.match(migrate.stdout, /đang chạy|running/);
  } finally {
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
  }
  assert.equal(fs.existsSync(path.join(dataDir, 'server.json')), false, 'the lock is released on shutdown');
});
