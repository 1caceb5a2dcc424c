/**
 * The embedded database survives kill -9: a child process writes to PGlite in a loop of small
 * transactions, is killed with SIGKILL mid-write (three times), and every time the data
 * directory reopens, every committed row is there, every table reads in full, indexes agree
 * with the heap, and new writes work.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { sql } from 'kysely';
import { openDatabase } from '../../src/storage/database.ts';
import { migrateToLatest } from '../../src/storage/migrate.ts';
import { REPO_ROOT, readAllTables, sleep, tempDir } from './harness.ts';

const dir = tempDir('embedded-kill');
after(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Runs the writer until it has committed `minCommits` more transactions, then SIGKILLs it; returns the last acknowledged id. */
async function writeAndKill(minCommits: number): Promise<{ lastAcked: number; commits: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'test/faults/fixtures/pglite-writer.ts'), dir], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_TEST_CONTEXT: '' } });
  let lastAcked = -1;
  let commits = 0;
  let output = '';
  let buffered = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stdout.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop()!;
    for (const line of lines) {
      const m = /^(?:committed|ready) (\d+)$/.exec(line);
      if (m) {
        lastAcked = Number(m[1]);
        if (line.startsWith('committed')) commits++;
      } else output += line + '\n';
    }
  });
  // the first start creates, migrates and seeds the database: slow on a busy machine
  const readyBy = Date.now() + 150_000;
  while (lastAcked < 0 && Date.now() < readyBy && child.exitCode === null) await sleep(20);
  const deadline = Date.now() + 60_000;
  while (commits < minCommits && Date.now() < deadline && child.exitCode === null) await sleep(20);
  // kill at a random moment inside the next transactions
  await sleep(Math.floor(Math.random() * 40));
  child.kill('SIGKILL');
  await exited;
  assert.ok(commits >= minCommits, `the writer committed only ${commits} transactions: ${output}`);
  return { lastAcked, commits };
}

test('PGlite keeps every committed write and stays consistent across kill -9', { timeout: 300_000 }, async () => {
  let expectedTotal = 0;
  for (let round = 1; round <= 3; round++) {
    const { lastAcked } = await writeAndKill(15);
    assert.ok(lastAcked > 0);

    const database = await openDatabase({ dataDir: dir });
    try {
      const db = database.db;
      // the schema is intact and up to date (a no-op migration run)
      assert.deepEqual(await migrateToLatest(db), []);
      const stored = (await sql<{ n: number; max: number }>`select count(*)::int as n, coalesce(max(id), 0)::int as max from fault_probe`.execute(db)).rows[0];
      // every acknowledged row is there; ids have no holes (a transaction is all or nothing)
      assert.ok(stored.max >= lastAcked, `round ${round}: acknowledged up to ${lastAcked}, stored up to ${stored.max}`);
      assert.equal(stored.n, stored.max, `round ${round}: ${stored.n} rows for ids 1..${stored.max}`);
      assert.equal(stored.n % 5, 0, 'whole transactions only');
      const counter = (await sql<{ total: number }>`select total from fault_counter where id = 1`.execute(db)).rows[0];
      assert.equal(counter.total, stored.n, 'the counter updated in the same transactions agrees');
      assert.ok(stored.n >= expectedTotal);
      expectedTotal = stored.n;
      // big (TOASTed) values read back whole
      const big = (await sql<{ id: number; len: number; payload: string }>`select id, length(payload)::int as len, right(payload, 8) as payload from fault_probe where id % 7 = 0 order by id desc limit 3`.execute(db)).rows;
      for (const row of big) {
        assert.equal(row.len, 'Trẻ em '.length * 2000 + String(row.id).length);
        assert.ok(row.payload.endsWith(String(row.id)));
      }
      // every table reads in full; an index scan agrees with a sequential scan
      const counts = await readAllTables((q) => sql.raw(q).execute(db) as Promise<{ rows: any[] }>);
      assert.equal(counts.fault_probe, stored.n);
      assert.ok(counts.indicator > 0, 'the seeded catalogue is intact');
      await sql`set enable_seqscan = off`.execute(db);
      const viaIndex = (await sql<{ n: number }>`select count(*)::int as n from fault_probe where id > 0`.execute(db)).rows[0].n;
      await sql`set enable_seqscan = on`.execute(db);
      assert.equal(viaIndex, stored.n);
      // the audited writes: one audit row per unit inserted
      const audited = (await sql<{ units: number; logs: number }>`select (select count(*)::int from admin_unit where code like 'FP%') as units, (select count(*)::int from audit_log where table_name = 'admin_unit' and actor_name = 'fault-writer') as logs`.execute(db)).rows[0];
      assert.equal(audited.logs, audited.units);
      // new writes work
      await sql`insert into fault_probe (id, payload) values (${stored.max + 1}, 'sau sự cố'), (${stored.max + 2}, 'after the crash'), (${stored.max + 3}, 'x'), (${stored.max + 4}, 'y'), (${stored.max + 5}, 'z')`.execute(db);
      await sql`update fault_counter set total = total + 5`.execute(db);
      expectedTotal += 5;
    } finally {
      await database.close();
    }
  }
});
