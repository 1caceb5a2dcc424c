/**
 * `vitreem serve --workers N` (VITREEM_WORKERS): N server processes on one port, supervised by a
 * primary (src/server/workers.ts). One session serves from every worker; a worker killed with
 * kill -9 is replaced and the port keeps answering; SIGTERM stops them all; the embedded database
 * refuses more than one process, with a message in both languages.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { execFileSync, spawn } from 'node:child_process';
import { adminClient, apiPaths, killAllServers, postgresForTest, REPO_ROOT, sleep, spawnServer, tempDir } from './harness.ts';

const cleanups: (() => Promise<void> | void)[] = [];
after(async () => {
  await killAllServers();
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** the worker processes of a primary */
const workersOf = (pid: number): number[] => {
  try {
    return execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' }).trim().split('\n').filter(Boolean).map(Number);
  } catch {
    return []; // pgrep exits 1 when there is none
  }
};

async function until(what: string, check: () => boolean | Promise<boolean>, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await sleep(200);
  }
  throw new Error(`timed out waiting for ${what}`);
}

test('the embedded database refuses several server processes', { timeout: 120_000 }, async () => {
  const dataDir = tempDir('workers');
  cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  await assert.rejects(spawnServer({ dataDir }, { VITREEM_WORKERS: '2' }), (error: Error) => {
    assert.match(error.message, /cần PostgreSQL/);
    assert.match(error.message, /need PostgreSQL/);
    return true;
  });
  await assert.rejects(spawnServer({ dataDir }, { VITREEM_WORKERS: 'nhiều' }), /số nguyên từ 1 đến 64/);
});

test('two workers on one port: one session everywhere, a killed worker replaced, SIGTERM stops all', { timeout: 300_000 }, async (t) => {
  const target = await postgresForTest(cleanups);
  if ('skip' in target) return t.skip(target.skip);
  const server = await spawnServer({ databaseUrl: target.url }, { VITREEM_WORKERS: '2' });
  cleanups.push(() => server.kill9());
  await until('two workers', () => workersOf(server.pid).length === 2);
  const first = workersOf(server.pid);

  const admin = await adminClient(server.url, await apiPaths(server.url));
  // new connections are dealt to the workers in turn: every one of them knows the session
  for (let i = 0; i < 20; i++) {
    const me = await admin.request('GET', '/api/session', undefined, { connection: 'close' });
    assert.equal(me.status, 200, JSON.stringify(me.json));
    assert.equal(me.json.user.username, 'admin');
  }

  process.kill(first[0], 'SIGKILL');
  await until('a worker in place of the killed one', () => {
    const now = workersOf(server.pid);
    return now.length === 2 && !now.includes(first[0]);
  });
  assert.ok(server.alive(), 'the primary survives a worker');
  for (let i = 0; i < 10; i++) {
    const me = await admin.request('GET', '/api/session', undefined, { connection: 'close' });
    assert.equal(me.status, 200, `after the restart: ${JSON.stringify(me.json)}`);
  }

  const workers = workersOf(server.pid);
  await server.stop();
  const exit = await server.exited;
  assert.equal(exit.code, 0, `the primary exits cleanly: ${JSON.stringify(exit)}`);
  await until('every worker stopped', () => workers.every((pid) => !fs.existsSync(`/proc/${pid}`)), 25_000);
});

test('workers that cannot start are restarted a bounded number of times, then the primary exits with an error', { timeout: 300_000 }, async (t) => {
  const target = await postgresForTest(cleanups);
  if ('skip' in target) return t.skip(target.skip);
  const missing = new URL(target.url);
  missing.pathname = '/khong_co_co_so_du_lieu_nay'; // a database that does not exist: every worker fails at start
  const server = spawn(process.execPath, [path.join(REPO_ROOT, 'bin/vitreem.mjs'), 'serve', '--no-web-build', '--workers', '2', '--port', '0'], {
    cwd: REPO_ROOT,
    env: { ...process.env, DATABASE_URL: missing.toString(), LOG_LEVEL: 'error', NODE_TEST_CONTEXT: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  cleanups.push(() => void server.kill('SIGKILL'));
  let output = '';
  server.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  server.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const [code] = (await once(server, 'exit')) as [number | null];
  assert.match(output, /Server processes keep dying/);
  assert.equal((output.match(/starting another/g) ?? []).length, 10, 'at most 10 restarts a minute');
  assert.equal(code, 1, `the primary reports the failure: ${output.slice(-500)}`);
});
