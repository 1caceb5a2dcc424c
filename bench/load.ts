/**
 * Deadline-day load test: hundreds of reporters signing in, saving drafts and submitting at once.
 *
 *   npm run bench:load                 # PostgreSQL: a fresh database on DATABASE_URL
 *                                      # (default postgres://postgres@127.0.0.1:5432/postgres), dropped afterwards
 *   npm run bench:load -- --pglite     # the embedded database in a temp directory
 *
 * Settings (environment): LOAD_SECONDS (120), LOAD_REPORTERS (300), LOAD_YEARS (reports per
 * reporter, one per year from 2021; 5), LOAD_DRAFTS (draft saves per report; 3), LOAD_THINK_MS
 * (mean pause between a reporter's actions, drawn from 0,5–1,5 × it; 2500), LOAD_SERVERS (app server processes on the same PostgreSQL
 * database, reporters spread over them as behind a load balancer — docs/deployment.md §3; 1),
 * LOAD_WORKERS (server processes per app server on one port, `vitreem serve --workers`; 1),
 * LOAD_PROFILE_DIR (write a V8 CPU profile of each app server there, to see where its time goes).
 *
 * The server runs as its own process (`vitreem serve`, 127.0.0.1, random port); this process is
 * the reporters' browsers. Every reporter starts within the first quarter of the run (ramp-up),
 * signs in, opens its list of reports, saves each report's draft a few times (PUT with version)
 * and submits it with an Idempotency-Key (retried with the same key on 503 or a timeout), then
 * keeps reading its list and the province dashboard until the time is up. Afterwards every
 * acknowledged submission is looked up in the database: stored once, never lost, never twice.
 * Prints `name: value unit` lines.
 *
 * The pace. With the default 2,5 s between actions, 300 reporters sign in within 30 s, save 4.500
 * drafts and submit 1.500 reports within the two minutes (≈ 12 submissions/s): each simulated
 * reporter is several real ones, since a person filling a form does not save it every 2,5 s.
 * `LOAD_THINK_MS=300` is the stress pace (every reporter acting 3 times a second), which asks for
 * more requests than two cores can serve: it measures the machine's capacity (requests/s at
 * saturation) and that nothing is lost or doubled under overload, not latency (docs/deployment.md §8).
 */
import fs from 'node:fs';
import os from 'node:os';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { sql } from 'kysely';
import { openDatabase, type DatabaseHandle } from '../src/storage/database.ts';
import { migrateToLatest } from '../src/storage/migrate.ts';
import { seedBaseData } from '../src/storage/seed/index.ts';
import { ensureFirstAdmin } from '../src/storage/users.ts';
import { ADMIN_PASSWORD, adminClient, apiPaths, Client, killAllServers, sleep, spawnServer, tempDir, type Reply, type ServerTarget } from '../test/faults/harness.ts';
import { draftValues, prepareDeadline, REPORTER_PASSWORD } from '../test/faults/deadline-fixture.ts';

const usePGlite = process.argv.includes('--pglite');
const SECONDS = Number(process.env.LOAD_SECONDS ?? 120);
const REPORTERS = Number(process.env.LOAD_REPORTERS ?? 300);
const YEARS = Number(process.env.LOAD_YEARS ?? 5);
const DRAFTS = Number(process.env.LOAD_DRAFTS ?? 3);
const THINK_MS = Number(process.env.LOAD_THINK_MS ?? 2500);
const WORKERS = usePGlite ? 1 : Math.max(1, Number(process.env.LOAD_WORKERS ?? 1));
const SERVERS = usePGlite ? 1 : Math.max(1, Number(process.env.LOAD_SERVERS ?? 1)); // the embedded database has one owner
const FIRST_YEAR = 2021;
const PREFIX = `LT${randomBytes(3).toString('hex')}`;

const print = (name: string, value: number | string, unit = '') => console.log(`load.${name}: ${typeof value === 'number' ? Number(value.toFixed(2)) : value}${unit ? ` ${unit}` : ''}`);
const log = (message: string) => console.error(`[load] ${message}`);

// ------------------------------------------------------------------ the database

let target: ServerTarget;
let cleanupDatabase: () => Promise<void>;
let openAgain: () => Promise<DatabaseHandle>;
if (usePGlite) {
  const dataDir = tempDir('load');
  target = { dataDir };
  openAgain = () => openDatabase({ dataDir });
  cleanupDatabase = async () => fs.rmSync(dataDir, { recursive: true, force: true });
} else {
  const serverUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `vitreem_load_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  target = { databaseUrl: url.toString() };
  openAgain = () => openDatabase({ databaseUrl: url.toString() });
  cleanupDatabase = async () => {
    const c = new pg.Client({ connectionString: serverUrl });
    await c.connect();
    await c.query(`drop database if exists ${name} with (force)`);
    await c.end();
  };
}

// ------------------------------------------------------------------ measurements

const latencies: number[] = [];
const latenciesByKind = new Map<string, number[]>();
const kindOf = (method: string, url: string) =>
  method === 'POST' && url === '/api/session' ? 'sign_in' : method === 'PUT' ? 'save' : url.endsWith('/submit') ? 'submit' : url.startsWith('/api/dashboard') ? 'dashboard' : url.startsWith('/api/my/reports') ? 'list' : 'other';
const note = (method: string, url: string, ms: number) => {
  latencies.push(ms);
  const kind = kindOf(method, url);
  if (!latenciesByKind.has(kind)) latenciesByKind.set(kind, []);
  latenciesByKind.get(kind)!.push(ms);
};
const statusCounts = new Map<string, number>();
let errors = 0;
let retries = 0;
const errorSamples: string[] = [];
const acknowledged = new Set<number>();
let stopAt = Infinity;

async function timed(client: Client, method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<Reply | null> {
  const started = performance.now();
  try {
    const reply = await client.request(method, url, body, headers, 30_000);
    note(method, url, performance.now() - started);
    statusCounts.set(String(reply.status), (statusCounts.get(String(reply.status)) ?? 0) + 1);
    if (reply.status >= 500 || (reply.status >= 400 && reply.status !== 409)) {
      errors++;
      if (errorSamples.length < 5) errorSamples.push(`${method} ${url} → ${reply.status} ${JSON.stringify(reply.json).slice(0, 300)}`);
    }
    return reply;
  } catch (error) {
    note(method, url, performance.now() - started);
    statusCounts.set('network', (statusCounts.get('network') ?? 0) + 1);
    errors++;
    if (errorSamples.length < 5) errorSamples.push(`${method} ${url} → ${(error as Error).message}`);
    return null;
  }
}

/** a retryable failure: no answer, or 503 (the request may be repeated as it is) */
const retryable = (reply: Reply | null) => reply === null || reply.status === 503;
const think = () => sleep(THINK_MS * (0.5 + Math.random()));

async function withRetry(action: () => Promise<Reply | null>): Promise<Reply | null> {
  let reply: Reply | null = null;
  for (let attempt = 0; attempt < 6; attempt++) {
    reply = await action();
    if (!retryable(reply)) return reply;
    retries++;
    const after = Number(reply?.headers.get('retry-after') ?? 1);
    await sleep(Math.min(2000, after * 1000) * (0.5 + Math.random()));
  }
  return reply;
}

// ------------------------------------------------------------------ workloads

interface Obligation {
  id: number;
  version: number;
  status: string;
  year: number;
}

async function reportingReporter(baseUrl: string, index: number, reporter: { username: string; unitId: number }, planId: number, provinceId: number): Promise<void> {
  const client = new Client(baseUrl);
  const signIn = await withRetry(() => timed(client, 'POST', '/api/session', { username: reporter.username, password: REPORTER_PASSWORD }));
  if (!signIn || signIn.status !== 200) return;
  await think();
  const list = await withRetry(() => timed(client, 'GET', `/api/my/reports?unitId=${reporter.unitId}&planId=${planId}&limit=100`));
  const reports = ((list?.json?.items ?? []) as Obligation[]).filter((o) => o.status === 'draft' || o.status === 'returned');
  for (const report of reports) {
    if (Date.now() > stopAt) return;
    let version = report.version;
    for (let draft = 1; draft <= DRAFTS && Date.now() < stopAt; draft++) {
      await think();
      const saved = await withRetry(() => timed(client, 'PUT', `/api/obligations/${report.id}`, { version, values: draftValues(index, draft) }));
      if (saved?.status === 200) version = saved.json.version;
      else if (saved?.status === 409) {
        const current = await timed(client, 'GET', `/api/obligations/${report.id}`);
        if (current?.status === 200) version = current.json.version;
      }
    }
    if (Date.now() > stopAt) return;
    await think();
    const key = `${PREFIX}-${report.id}`;
    const submitted = await withRetry(() => timed(client, 'POST', `/api/obligations/${report.id}/submit`, undefined, { 'idempotency-key': key }));
    if (submitted?.status === 200) acknowledged.add(report.id);
  }
  // done: keep looking at the list and the dashboard like everyone on deadline day
  while (Date.now() < stopAt) {
    await think();
    await think();
    if (Math.random() < 0.5) await timed(client, 'GET', `/api/my/reports?unitId=${reporter.unitId}&planId=${planId}&limit=100`);
    else await timed(client, 'GET', `/api/dashboard/units/${reporter.unitId}?year=${FIRST_YEAR + (index % YEARS)}`);
  }
}

/** When the build has no reporting routes: sign in and read (no submissions to count). */
async function accountsReporter(baseUrl: string, _index: number, reporter: { username: string }): Promise<void> {
  const client = new Client(baseUrl);
  const signIn = await withRetry(() => timed(client, 'POST', '/api/session', { username: reporter.username, password: REPORTER_PASSWORD }));
  if (!signIn || signIn.status !== 200) return;
  while (Date.now() < stopAt) {
    await think();
    await timed(client, 'GET', '/api/session');
  }
}

// ------------------------------------------------------------------ run

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

let exitCode = 0;
let loadBefore = '';
try {
  log(`preparing ${REPORTERS} reporters on ${usePGlite ? 'PGlite' : 'PostgreSQL'}…`);
  const setup = await openAgain();
  let fixture;
  try {
    await migrateToLatest(setup.db);
    await seedBaseData(setup.db);
    await ensureFirstAdmin(setup.db, { password: ADMIN_PASSWORD });
    fixture = await prepareDeadline(setup.db, { reporters: REPORTERS, prefix: PREFIX });
  } finally {
    await setup.close();
  }
  const servers: Awaited<ReturnType<typeof spawnServer>>[] = [];
  const profile = process.env.LOAD_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.LOAD_PROFILE_DIR}`] : [];
  for (let i = 0; i < SERVERS; i++) servers.push(await spawnServer(target, { LOG_LEVEL: 'warn', VITREEM_WORKERS: String(WORKERS) }, profile));
  const server = servers[0];
  const paths = await apiPaths(server.url);
  const reporting = paths.has('/api/obligations/{id}/submit') && paths.has('/api/plans/{id}/obligations');
  const workload = reporting
    ? `reporting: sign in, list, ${DRAFTS} draft saves (PUT) and a submit (Idempotency-Key) per report, ${YEARS} reports per reporter, then reads`
    : 'accounts only (this build has no reporting routes): sign in, then read the session';
  log(`workload: ${workload}`);
  if (reporting) {
    const admin = await adminClient(server.url, paths);
    for (let year = FIRST_YEAR; year < FIRST_YEAR + YEARS; year++) {
      const generated = await admin.request('POST', `/api/plans/${fixture.planId}/obligations?year=${year}`);
      if (generated.status >= 300) throw new Error(`generating the ${year} reports failed: ${generated.status} ${JSON.stringify(generated.json)}`);
    }
  }

  log(`running for ${SECONDS} s against ${servers.map((x) => x.url).join(', ')}…`);
  loadBefore = os.loadavg().map((x) => x.toFixed(2)).join(' ');
  const started = Date.now();
  stopAt = started + SECONDS * 1000;
  const rampMs = Math.min(30_000, (SECONDS * 1000) / 4);
  const runs = fixture.reporters.map(async (reporter, index) => {
    await sleep((rampMs * index) / fixture.reporters.length);
    const url = servers[index % servers.length].url;
    if (reporting) await reportingReporter(url, index, reporter, fixture.planId, fixture.provinceId);
    else await accountsReporter(url, index, reporter);
  });
  // bounded: whatever is still running 60 s after the end is abandoned
  await Promise.race([Promise.all(runs), sleep(SECONDS * 1000 + 60_000)]);
  const duration = (Date.now() - started) / 1000;
  const serverAlive = servers.every((x) => x.alive());
  for (const x of servers) await x.stop();

  // ---- count every acknowledged submission in the database
  let stored = 0;
  let duplicated = 0;
  let lost = 0;
  let aggregateMismatches = 0;
  if (reporting) {
    const check = await openAgain();
    try {
      const rows = (
        await sql<{ id: number; status: string; submits: number; year: number }>`
          select o.id, o.status, o.year, (select count(*)::int from obligation_event e where e.obligation_id = o.id and e.action = 'submit') as submits
          from obligation o where o.plan_id = ${fixture.planId}`.execute(check.db)
      ).rows;
      const byId = new Map(rows.map((r) => [r.id, r]));
      stored = rows.filter((r) => r.submits > 0).length;
      duplicated = rows.filter((r) => r.submits > 1).length;
      for (const id of acknowledged) {
        const row = byId.get(id);
        if (!row || row.submits === 0 || row.status !== 'submitted') lost++;
      }
      // the live aggregate of the province counts each submitted report once
      for (let year = FIRST_YEAR; year < FIRST_YEAR + YEARS; year++) {
        const submitted = rows.filter((r) => r.year === year && r.status === 'submitted').length;
        const aggregate = (
          await sql<{ n: number | null }>`select max(reporting_count)::int as n from aggregate_value a join measure m on m.id = a.measure_id
            where a.unit_id = ${fixture.provinceId} and a.year = ${year} and a.disagg_key = '' and m.code = '13'`.execute(check.db)
        ).rows[0]?.n ?? 0;
        if (aggregate !== submitted) aggregateMismatches++;
      }
    } finally {
      await check.close();
    }
  }

  const sorted = latencies.slice().sort((a, b) => a - b);
  print('database', usePGlite ? 'pglite' : 'postgresql');
  print('machine_cpus', os.cpus().length, 'count');
  print('machine_loadavg_before_run', loadBefore);
  print('machine_loadavg_at_end', os.loadavg().map((x) => x.toFixed(2)).join(' '), '(1, 5, 15 min; includes this benchmark)');
  print('workload', workload);
  print('duration_s', duration, 's');
  print('reporters', REPORTERS, 'count');
  print('think_ms', THINK_MS, 'ms');
  print('app_servers', SERVERS, 'count');
  print('workers_per_server', WORKERS, 'count');
  print('requests', latencies.length, 'count');
  print('requests_per_sec', latencies.length / duration, 'req/s');
  print('latency_p50_ms', percentile(sorted, 50), 'ms');
  print('latency_p95_ms', percentile(sorted, 95), 'ms');
  print('latency_p99_ms', percentile(sorted, 99), 'ms');
  print('latency_max_ms', sorted.at(-1) ?? 0, 'ms');
  for (const [kind, list] of [...latenciesByKind].sort()) {
    const s = list.slice().sort((a, b) => a - b);
    print(`latency_${kind}`, `n=${s.length} p50=${percentile(s, 50).toFixed(0)} p95=${percentile(s, 95).toFixed(0)} p99=${percentile(s, 99).toFixed(0)}`, 'ms');
  }
  print('statuses', JSON.stringify(Object.fromEntries(statusCounts)));
  print('errors', errors, 'count');
  print('retries', retries, 'count');
  print('acknowledged_submissions', acknowledged.size, 'count');
  print('stored_submissions', stored, 'count');
  print('duplicated_submissions', duplicated, 'count');
  print('lost_submissions', lost, 'count');
  print('aggregate_mismatches', aggregateMismatches, 'count');
  print('server_survived', serverAlive ? 'yes' : 'no');
  for (const sample of errorSamples) log(`error sample: ${sample}`);
  if (lost > 0 || duplicated > 0 || !serverAlive) exitCode = 1;
} catch (error) {
  console.error(error);
  exitCode = 1;
} finally {
  await killAllServers();
  await cleanupDatabase();
}
process.exit(exitCode);
