/**
 * PostgreSQL restarts under load: while it is down, clients get 503 `database_unavailable`
 * with Retry-After (no 500, no stack trace, no crash); once it is back, the SAME server
 * process answers 2xx again without a restart (the pool reconnects by itself).
 * Uses a throwaway PostgreSQL cluster of its own (never the shared server on 5432).
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { adminClient, apiPaths, chooseWorkload, ownPostgresUnavailable, sleep, spawnServer, startOwnPostgres, type Client, type Reply, killAllServers } from './harness.ts';

const cleanups: (() => Promise<void> | void)[] = [];
after(async () => {
  await killAllServers();
  for (const cleanup of cleanups.reverse()) await cleanup();
});

interface Outcome {
  /** when the request was sent */
  at: number;
  /** when its answer (or failure) came */
  done: number;
  what: string;
  status: number | 'network';
  code?: string;
  retryAfter?: string | null;
  body?: string;
}

test('the server rides out a PostgreSQL restart under load and recovers by itself', { timeout: 300_000 }, async (t) => {
  const why = ownPostgresUnavailable();
  if (why) return t.skip(`cannot start a throwaway PostgreSQL: ${why}`);
  const cluster = await startOwnPostgres();
  cleanups.push(() => cluster.destroy());
  const server = await spawnServer({ databaseUrl: cluster.url }, { VITREEM_DB_CONNECT_TIMEOUT_MS: '2000' });
  cleanups.push(() => server.kill9());
  const paths = await apiPaths(server.url);
  const workload = chooseWorkload(paths);
  const client = await adminClient(server.url, paths);
  t.diagnostic(`workload: reads (health, session) + ${workload?.name ?? 'no write route'}`);

  const outcomes: Outcome[] = [];
  let stop = false;
  let serial = 0;
  // each outcome is filed under the moment its request was SENT
  const record = (what: string, reply: Reply, at: number) => {
    const entry: Outcome = { at, done: Date.now(), what, status: reply.status, code: reply.json?.error?.code ?? reply.json?.status, retryAfter: reply.headers.get('retry-after') };
    if (reply.status >= 500 && reply.status !== 503) entry.body = JSON.stringify(reply.json);
    outcomes.push(entry);
  };
  const actions: [string, (c: Client) => Promise<Reply>][] = [
    ['health', (c) => c.request('GET', '/api/health')],
    ['session', (c) => c.request('GET', paths.has('/api/session') ? '/api/session' : '/api/health')],
    ...(workload ? [['write', (c: Client) => workload.write(c, `pgr.${serial++}`)] as [string, (c: Client) => Promise<Reply>]] : []),
  ];
  const loop = async (offset: number) => {
    // bounded: at most 3000 requests per loop
    for (let i = offset; !stop && i < 3000 + offset; i++) {
      const [what, run] = actions[i % actions.length];
      const sentAt = Date.now();
      try {
        record(what, await run(client), sentAt);
      } catch (error) {
        outcomes.push({ at: sentAt, done: Date.now(), what, status: 'network', body: (error as Error).message });
      }
      await sleep(20);
    }
  };
  const loops = [0, 1, 2, 3].map(loop);

  await sleep(2000);
  const downAt = Date.now();
  await cluster.stopServer('fast');
  await sleep(3000);
  await cluster.startServer();
  const upAt = Date.now();
  // wait (bounded) for the first success after the restart, then watch the server for a while
  let recoveredAt = Infinity;
  while (Date.now() < upAt + 60_000) {
    const firstOk = outcomes.find((o) => o.at >= upAt && typeof o.status === 'number' && o.status < 300);
    if (firstOk) {
      recoveredAt = firstOk.at;
      break;
    }
    await sleep(100);
  }
  await sleep(5000);
  stop = true;
  await Promise.all(loops);

  assert.ok(server.alive(), `the server process died:\n${server.output()}`);
  const before = outcomes.filter((o) => o.done < downAt);
  const during = outcomes.filter((o) => o.at >= downAt && o.at < upAt);
  const recovered = outcomes.filter((o) => o.at >= recoveredAt + 1000);
  const summary = (list: Outcome[]) => JSON.stringify(Object.entries(list.reduce<Record<string, number>>((acc, o) => ((acc[`${o.what}:${o.status}`] = (acc[`${o.what}:${o.status}`] ?? 0) + 1), acc), {})));
  t.diagnostic(`before ${summary(before)}; outage ${summary(during)}; after ${summary(outcomes.filter((o) => o.at >= upAt))}`);

  assert.ok(before.length > 0 && before.every((o) => typeof o.status === 'number' && o.status < 300), `before the outage all succeed: ${summary(before)}`);
  // never a 500, never a dropped connection: only success or a retryable 503
  for (const o of outcomes) {
    assert.notEqual(o.status, 'network', `the server must always answer (${o.what}: ${o.body})`);
    assert.ok((o.status as number) < 300 || o.status === 503, `unexpected ${o.status} for ${o.what}: ${o.body ?? o.code}`);
    if (o.status === 503) {
      assert.ok(o.code === 'database_unavailable' || o.code === 'unavailable' || o.code === 'transaction_conflict', `503 code ${o.code}`);
      assert.ok(o.retryAfter && Number(o.retryAfter) > 0, `503 for ${o.what} without Retry-After`);
    }
  }
  const unavailable = during.filter((o) => o.status === 503);
  assert.ok(unavailable.length >= 3, `clients were told the database is unavailable during the outage (${summary(during)})`);
  assert.ok(unavailable.some((o) => o.code === 'database_unavailable'), 'API routes answer database_unavailable');
  // the same process serves again
  assert.ok(recoveredAt < Infinity, 'the server answered 2xx again within 60 s of PostgreSQL restarting');
  assert.ok(recovered.length >= 10, `requests after the restart: ${recovered.length}`);
  assert.ok(recovered.every((o) => o.status !== 503 && (o.status as number) < 300), `after PostgreSQL is back every request succeeds: ${summary(recovered)}`);
  if (workload) assert.ok(recovered.some((o) => o.what === 'write'), 'writes work again');
  assert.equal((await client.request('GET', '/api/health')).status, 200);
});
