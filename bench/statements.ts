/**
 * Statements per request (deterministic evidence for issue #5): the deadline-day requests of one
 * reporter, in process (Fastify inject, no network), counting every SQL statement sent to the
 * database, and the CPU time each request costs the Node process and (PostgreSQL, one pooled
 * connection) its server backend — CPU time, unlike latency, hardly depends on what else runs on
 * the machine. Prints `name: value unit` lines; `STATEMENTS_TOP=N` also prints the N slowest
 * statements of each request kind.
 *
 *   npx tsx bench/statements.ts              # PostgreSQL (DATABASE_URL or postgres://postgres@127.0.0.1:5432/postgres)
 *   npx tsx bench/statements.ts --pglite     # the embedded database
 *   STATEMENTS_COMMUNES=300 STATEMENTS_ROUNDS=20 (reporters) STATEMENTS_REPEAT=4 (reads after submitting)
 */
import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'kysely';
import { openDatabase, type DatabaseHandle } from '../src/storage/database.ts';
import { migrateToLatest } from '../src/storage/migrate.ts';
import { seedBaseData } from '../src/storage/seed/index.ts';
import { ensureFirstAdmin } from '../src/storage/users.ts';
import { buildApp } from '../src/api/app.ts';
import { draftValues, prepareDeadline, REPORTER_PASSWORD } from '../test/faults/deadline-fixture.ts';

const usePGlite = process.argv.includes('--pglite');
const COMMUNES = Number(process.env.STATEMENTS_COMMUNES ?? 300);
const ROUNDS = Number(process.env.STATEMENTS_ROUNDS ?? 20);
const YEARS = 5;
const REPEAT = Number(process.env.STATEMENTS_REPEAT ?? 4);
const TOP = Number(process.env.STATEMENTS_TOP ?? 0);
const ADMIN_PASSWORD = 'Thong-ke-cau-lenh-2025!';

// ---- every statement, counted and timed
let current: { sql: string; ms: number }[] | null = null;
function record(text: string, ms: number) {
  current?.push({ sql: text.replace(/\s+/g, ' ').slice(0, 160), ms });
}
const clientQuery = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  const text = typeof args[0] === 'string' ? args[0] : ((args[0] as { text?: string })?.text ?? '?');
  const t0 = performance.now();
  const result = (clientQuery as (...a: unknown[]) => unknown).apply(this, args);
  if (result && typeof (result as Promise<unknown>).then === 'function') void (result as Promise<unknown>).then(() => record(text, performance.now() - t0), () => record(text, performance.now() - t0));
  return result;
} as typeof pg.Client.prototype.query;
for (const method of ['query', 'exec'] as const) {
  const original = PGlite.prototype[method] as (...a: unknown[]) => Promise<unknown>;
  (PGlite.prototype as unknown as Record<string, unknown>)[method] = async function (this: PGlite, ...args: unknown[]) {
    const t0 = performance.now();
    try {
      return await original.apply(this, args);
    } finally {
      record(String(args[0]), performance.now() - t0);
    }
  };
}

let handle: DatabaseHandle;
let drop = async () => {};
if (usePGlite) handle = await openDatabase({ dataDir: 'memory://' });
else {
  const serverUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `vitreem_stmts_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  handle = await openDatabase({ databaseUrl: url.toString(), poolSize: 1 });
  drop = async () => {
    const c = new pg.Client({ connectionString: serverUrl });
    await c.connect();
    await c.query(`drop database if exists ${name} with (force)`);
    await c.end();
  };
}

const out = (name: string, value: number | string, unit = '') => console.log(`statements.${name}: ${typeof value === 'number' ? Number(value.toFixed(2)) : value}${unit ? ` ${unit}` : ''}`);
try {
  process.env.VITREEM_SIGNIN_RATE_LIMIT = '100000';
  await migrateToLatest(handle.db);
  await seedBaseData(handle.db);
  await ensureFirstAdmin(handle.db, { password: ADMIN_PASSWORD });
  const fixture = await prepareDeadline(handle.db, { reporters: COMMUNES, prefix: `ST${randomBytes(2).toString('hex')}` });
  const app = await buildApp({ database: handle, serveWeb: false });
  await app.ready();

  const cookiesOf = (setCookie: unknown) => {
    const list = (Array.isArray(setCookie) ? setCookie : [setCookie]).filter(Boolean) as string[];
    return Object.fromEntries(list.map((c) => c.split(';')[0].split('=')).map(([k, v]) => [k, decodeURIComponent(v)]));
  };
  const signIn = async (username: string, password: string) => {
    const r = await app.inject({ method: 'POST', url: '/api/session', payload: { username, password } });
    if (r.statusCode !== 200) throw new Error(`sign-in ${r.statusCode} ${r.body}`);
    const c = cookiesOf(r.headers['set-cookie']);
    return { cookies: c, headers: { 'x-csrf-token': c.vitreem_csrf } };
  };
  const admin = await signIn('admin', ADMIN_PASSWORD);
  for (let year = 2021; year < 2021 + YEARS; year++) {
    const r = await app.inject({ method: 'POST', url: `/api/plans/${fixture.planId}/obligations?year=${year}`, ...admin });
    if (r.statusCode >= 300) throw new Error(`generate ${r.statusCode} ${r.body}`);
  }

  // CPU time of the one PostgreSQL backend serving the pool (Linux /proc), in ms
  const backendPid = usePGlite ? null : Number((await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(handle.db)).rows[0].pid);
  const backendCpu = () => {
    if (backendPid === null) return 0;
    try {
      const stat = fs.readFileSync(`/proc/${backendPid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // clock ticks of 10 ms
    } catch {
      return 0;
    }
  };
  const byKind = new Map<string, { n: number; statements: number[]; ms: number[]; dbMs: number[]; nodeCpu: number; pgCpu: number; top: { sql: string; ms: number }[] }>();
  async function measure(kind: string, send: () => Promise<{ statusCode: number; body: string }>) {
    current = [];
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const pg0 = backendCpu();
    const r = await send();
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const pgMs = backendCpu() - pg0;
    await new Promise((resolve) => setImmediate(resolve));
    const statements = current;
    current = null;
    if (r.statusCode >= 300) throw new Error(`${kind}: ${r.statusCode} ${r.body.slice(0, 300)}`);
    const k = byKind.get(kind) ?? { n: 0, statements: [], ms: [], dbMs: [], nodeCpu: 0, pgCpu: 0, top: [] };
    k.n++;
    k.nodeCpu += (cpu.user + cpu.system) / 1000;
    k.pgCpu += pgMs;
    k.statements.push(statements.length);
    k.ms.push(ms);
    k.dbMs.push(statements.reduce((s, x) => s + x.ms, 0));
    k.top.push(...statements);
    byKind.set(kind, k);
    return r;
  }

  for (let i = 0; i < ROUNDS; i++) {
    const reporter = fixture.reporters[(i * 7) % fixture.reporters.length];
    const year = 2021 + (i % YEARS);
    let session!: Awaited<ReturnType<typeof signIn>>;
    await measure('sign_in', async () => {
      const r = await app.inject({ method: 'POST', url: '/api/session', payload: { username: reporter.username, password: REPORTER_PASSWORD } });
      const c = cookiesOf(r.headers['set-cookie']);
      session = { cookies: c, headers: { 'x-csrf-token': c.vitreem_csrf } };
      return r;
    });
    const list = await measure('list', () => app.inject({ url: `/api/my/reports?unitId=${reporter.unitId}&planId=${fixture.planId}&limit=100`, ...session }));
    const report = (JSON.parse(list.body).items as { id: number; version: number; year: number }[]).find((o) => o.year === year)!;
    let version = report.version;
    for (let draft = 1; draft <= 3; draft++) {
      const saved = await measure('save', () => app.inject({ method: 'PUT', url: `/api/obligations/${report.id}`, payload: { version, values: draftValues(i, draft) }, ...session }));
      version = JSON.parse(saved.body).version;
    }
    await measure('submit', () => app.inject({ method: 'POST', url: `/api/obligations/${report.id}/submit`, headers: { ...session.headers, 'idempotency-key': `st-${report.id}` }, cookies: session.cookies }));
    // afterwards the reporter keeps reading, like on deadline day
    for (let r = 0; r < REPEAT; r++) {
      await measure('list_again', () => app.inject({ url: `/api/my/reports?unitId=${reporter.unitId}&planId=${fixture.planId}&limit=100`, ...session }));
      await measure('dashboard', () => app.inject({ url: `/api/dashboard/units/${reporter.unitId}?year=${year}`, ...session }));
    }
    await measure('province_dashboard', () => app.inject({ url: `/api/dashboard/units/${fixture.provinceId}?year=${year}`, ...admin }));
  }
  out('database', usePGlite ? 'pglite' : 'postgresql');
  out('communes', COMMUNES, 'count');
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  for (const [kind, k] of byKind) {
    out(`${kind}.per_request`, median(k.statements), 'statements');
    out(`${kind}.ms_p50`, median(k.ms), 'ms');
    out(`${kind}.db_ms_p50`, median(k.dbMs), 'ms');
    out(`${kind}.node_cpu_ms_mean`, k.nodeCpu / k.n, 'ms');
    if (!usePGlite) out(`${kind}.pg_backend_cpu_ms_mean`, k.pgCpu / k.n, 'ms');
    if (TOP) {
      const bySql = new Map<string, { n: number; ms: number }>();
      for (const s of k.top) {
        const x = bySql.get(s.sql) ?? { n: 0, ms: 0 };
        x.n++;
        x.ms += s.ms;
        bySql.set(s.sql, x);
      }
      for (const [text, x] of [...bySql].sort((a, b) => b[1].ms - a[1].ms).slice(0, TOP)) console.error(`  ${kind}: ${(x.ms / k.n).toFixed(2)} ms/req ×${(x.n / k.n).toFixed(1)}  ${text}`);
    }
  }
  await app.close();
} finally {
  await handle.close();
  await drop();
}
