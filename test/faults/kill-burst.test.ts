/**
 * kill -9 of the server in the middle of a burst of writes, then a restart on the same data:
 * every write the server acknowledged (2xx) is stored exactly once, nothing else is stored
 * twice, the database reads in full, and the restarted server takes new writes.
 * Runs on the embedded database (a temp VITREEM_DATA_DIR) and on PostgreSQL (our own
 * throwaway cluster, or a fresh database on DATABASE_URL when initdb is not available).
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import pg from 'pg';
import { openDatabase } from '../../src/storage/database.ts';
import {
  adminClient,
  apiPaths,
  chooseWorkload,
  killAllServers,
  hasReporting,
  openReports,
  postgresForTest,
  prepareTarget,
  submissionsStored,
  submit,
  readAllTables,
  sleep,
  spawnServer,
  tempDir,
  type ServerTarget,
  type Workload,
} from './harness.ts';

const cleanups: (() => Promise<void> | void)[] = [];
after(async () => {
  await killAllServers();
  for (const cleanup of cleanups.reverse()) await cleanup();
});

type Query = (text: string, params?: unknown[]) => Promise<{ rows: any[] }>;

/**
 * The deadline-day write: report submissions with an Idempotency-Key. 40 reports with draft
 * values; a burst of submits; SIGKILL after 12 were acknowledged; restart; the submits that got
 * no answer are retried with the same key (as a client would); then, in the database, every
 * report acknowledged is submitted with exactly one submit event, none has two, and the live
 * aggregate of the province counts each submitted report once.
 */
async function submissionsAcrossKill(target: ServerTarget, prefix: string, open: () => Promise<{ query: Query; close(): Promise<void> }>, t: { diagnostic(m: string): void }) {
  const fixture = await prepareTarget(target, 40, prefix);
  let server = await spawnServer(target);
  cleanups.push(() => server.kill9());
  const paths = await apiPaths(server.url);
  if (!hasReporting(paths)) {
    await server.stop();
    return false;
  }
  let admin = await adminClient(server.url, paths);
  const ids = await openReports(admin, fixture, 2024);
  assert.equal(ids.length, 40);
  const acknowledged = new Set<number>();
  const unanswered = new Set<number>();
  let killed = false;
  let next = 0;
  const loop = async () => {
    while (next < ids.length) {
      const id = ids[next++];
      if (killed) {
        unanswered.add(id);
        continue;
      }
      try {
        const reply = await submit(admin, id, `kb-${id}`);
        if (reply.status === 200) acknowledged.add(id);
        else if (killed) unanswered.add(id);
        else assert.fail(`submit ${id} refused before the kill: ${reply.status} ${JSON.stringify(reply.json)}`);
      } catch (error) {
        if (!killed) throw error;
        unanswered.add(id);
      }
    }
  };
  const loops = Array.from({ length: 8 }, loop);
  const deadline = Date.now() + 40_000;
  while (acknowledged.size < 12 && Date.now() < deadline && server.alive()) await sleep(5);
  killed = true;
  await server.kill9();
  await Promise.all(loops);
  t.diagnostic(`workload: report submissions with Idempotency-Key; acknowledged ${acknowledged.size}, unanswered ${unanswered.size} of ${ids.length}`);
  assert.ok(acknowledged.size >= 12 && unanswered.size > 0);

  // restart on the same data; the client retries what got no answer, with the same key
  server = await spawnServer(target);
  cleanups.push(() => server.kill9());
  admin = await adminClient(server.url);
  let replayed = 0;
  const retry = [...unanswered];
  for (let i = 0; i < retry.length; i += 8) {
    await Promise.all(
      retry.slice(i, i + 8).map(async (id) => {
        const reply = await submit(admin, id, `kb-${id}`);
        assert.equal(reply.status, 200, `retry of ${id} after the restart: ${reply.status} ${JSON.stringify(reply.json)}`);
        if (reply.json.replayed) replayed++;
      }),
    );
  }
  // acknowledged ones retried again: replayed, not submitted twice
  for (const id of [...acknowledged].slice(0, 5)) {
    const reply = await submit(admin, id, `kb-${id}`);
    assert.equal(reply.status, 200);
    assert.equal(reply.json.replayed, true);
  }
  t.diagnostic(`after the restart: ${unanswered.size} retried, ${replayed} of them had been committed before the kill`);
  await server.stop();

  const check = await open();
  try {
    const stored = await submissionsStored(check.query, fixture.planId);
    for (const id of acknowledged) assert.deepEqual(stored.get(id), { submits: 1, status: 'submitted' }, `acknowledged report ${id}`);
    for (const id of unanswered) assert.deepEqual(stored.get(id), { submits: 1, status: 'submitted' }, `retried report ${id}`);
    for (const [id, s] of stored) assert.ok(s.submits <= 1, `report ${id} submitted ${s.submits} times`);
    const submitted = [...stored.values()].filter((s) => s.status === 'submitted').length;
    assert.equal(submitted, acknowledged.size + unanswered.size);
    const aggregate = await check.query(
      `select max(reporting_count)::int as n from aggregate_value a join measure m on m.id = a.measure_id where a.unit_id = $1 and a.year = 2024 and a.disagg_key = '' and m.code = '13'`,
      [fixture.provinceId],
    );
    assert.equal(Number(aggregate.rows[0].n), submitted, 'the live aggregate counts each submitted report once');
    const counts = await readAllTables((q) => check.query(q));
    assert.ok(counts.obligation_event >= submitted);
  } finally {
    await check.close();
  }
  return true;
}

/** Fires writes from `concurrency` loops; SIGKILLs the server once `killAfter` were acknowledged. */
async function burstAndKill(target: ServerTarget, tag: string, killAfter: number) {
  const server = await spawnServer(target);
  cleanups.push(() => server.kill9());
  const paths = await apiPaths(server.url);
  const workload = chooseWorkload(paths);
  if (!workload) {
    await server.stop();
    return null;
  }
  const client = await adminClient(server.url, paths);
  const acknowledged: string[] = [];
  const attempted: string[] = [];
  const statuses = new Map<number | string, number>();
  let next = 0;
  let killed = false;
  const loop = async () => {
    // bounded: at most 400 writes in all
    while (!killed && next < 400) {
      const key = `${tag}.${next++}`;
      attempted.push(key);
      try {
        const reply = await workload.write(client, key);
        statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1);
        if (reply.status >= 200 && reply.status < 300) acknowledged.push(key);
        else if (!killed) assert.fail(`write ${key} refused before the kill: ${reply.status} ${JSON.stringify(reply.json)}`);
      } catch (error) {
        statuses.set('network', (statuses.get('network') ?? 0) + 1);
        if (!killed) throw error;
      }
    }
  };
  const loops = Array.from({ length: 8 }, loop);
  const deadline = Date.now() + 40_000;
  while (acknowledged.length < killAfter && Date.now() < deadline && server.alive()) await sleep(5);
  killed = true;
  await server.kill9();
  await Promise.all(loops);
  assert.ok(acknowledged.length >= killAfter, `only ${acknowledged.length} writes acknowledged before the kill`);
  assert.ok(attempted.length > acknowledged.length, 'some writes were in flight when the server died');
  return { workload, acknowledged, attempted, statuses };
}

async function verify(query: Query, workload: Workload, acknowledged: string[], attempted: string[]) {
  const stored = await workload.count({ query } as never, attempted);
  for (const key of acknowledged) assert.equal(stored.get(key), 1, `acknowledged write ${key} stored ${stored.get(key) ?? 0} times`);
  for (const [key, n] of stored) assert.equal(n, 1, `write ${key} stored ${n} times`);
  const counts = await readAllTables((sql) => query(sql));
  assert.ok(counts.audit_log > 0);
  return stored;
}

async function afterRestart(target: ServerTarget, workload: Workload, tag: string) {
  const server = await spawnServer(target);
  cleanups.push(() => server.kill9());
  const client = await adminClient(server.url);
  assert.equal((await client.request('GET', '/api/health')).status, 200);
  const reply = await workload.write(client, `${tag}.after`);
  assert.ok(reply.status >= 200 && reply.status < 300, `a write after the restart: ${reply.status} ${JSON.stringify(reply.json)}`);
  return server;
}

test('kill -9 during a burst of writes loses and duplicates nothing (embedded database)', { timeout: 300_000 }, async (t) => {
  const dataDir = tempDir('kill-burst');
  cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  const pgliteCheck = async () => {
    const database = await openDatabase({ dataDir });
    return { query: (async (text, params) => ({ rows: (await database.pglite!.query(text, params)).rows as any[] })) as Query, close: () => database.close() };
  };
  if (await submissionsAcrossKill({ dataDir }, 'KBL', pgliteCheck, t)) return;
  const tag = 'kb.pglite';
  const burst = await burstAndKill({ dataDir }, tag, 15);
  if (!burst) return t.skip('this build has no write route yet (POST /api/plans or /api/users)');
  t.diagnostic(`workload: ${burst.workload.name}; acknowledged ${burst.acknowledged.length} of ${burst.attempted.length}; replies ${JSON.stringify([...burst.statuses])}`);
  // the lock file of the killed server is stale: the restart must not refuse to start
  assert.ok(fs.existsSync(`${dataDir}/server.json`), 'the killed server left its lock file behind');
  const server = await afterRestart({ dataDir }, burst.workload, tag);
  await server.stop();
  assert.ok(!fs.existsSync(`${dataDir}/server.json`), 'a clean stop removes the lock file');
  const database = await openDatabase({ dataDir });
  try {
    const query: Query = async (text, params) => ({ rows: (await database.pglite!.query(text, params)).rows as any[] });
    const stored = await verify(query, burst.workload, burst.acknowledged, [...burst.attempted, `${tag}.after`]);
    assert.equal(stored.get(`${tag}.after`), 1);
  } finally {
    await database.close();
  }
});

test('kill -9 during a burst of writes loses and duplicates nothing (PostgreSQL)', { timeout: 300_000 }, async (t) => {
  const target = await postgresForTest(cleanups);
  if ('skip' in target) return t.skip(target.skip);
  const url = target.url;
  const pgCheck = async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    return { query: (async (text, params) => ({ rows: (await client.query(text, params)).rows })) as Query, close: () => client.end() };
  };
  if (await submissionsAcrossKill({ databaseUrl: url }, 'KBP', pgCheck, t)) return;
  const tag = 'kb.pg';
  const burst = await burstAndKill({ databaseUrl: url }, tag, 15);
  if (!burst) return t.skip('this build has no write route yet (POST /api/plans or /api/users)');
  t.diagnostic(`workload: ${burst.workload.name}; acknowledged ${burst.acknowledged.length} of ${burst.attempted.length}; replies ${JSON.stringify([...burst.statuses])}`);
  const server = await afterRestart({ databaseUrl: url }, burst.workload, tag);
  await server.stop();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const query: Query = async (text, params) => ({ rows: (await client.query(text, params)).rows });
    const stored = await verify(query, burst.workload, burst.acknowledged, [...burst.attempted, `${tag}.after`]);
    assert.equal(stored.get(`${tag}.after`), 1);
  } finally {
    await client.end();
  }
});
