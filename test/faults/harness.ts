/**
 * Fault-test harness: the real server as a child process (`node bin/vitreem.mjs serve`),
 * a throwaway PostgreSQL cluster of our own (never the machine's shared server on 5432),
 * a small HTTP client that signs in when the accounts module is present, and the write
 * workload the current build offers (obligation submissions, else plan creation).
 * Everything listens on 127.0.0.1 only; every loop is bounded.
 */
import fs from 'node:fs';
import os from 'node:os';
import net from 'node:net';
import path from 'node:path';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { openDatabase } from '../../src/storage/database.ts';
import { migrateToLatest } from '../../src/storage/migrate.ts';
import { seedBaseData } from '../../src/storage/seed/index.ts';
import { ensureFirstAdmin } from '../../src/storage/users.ts';
import { draftValues, prepareDeadline, type DeadlineFixture } from './deadline-fixture.ts';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const ADMIN_PASSWORD = 'Thu-nghiem-su-co-2025!';
/** one data key for every server a test starts (servers on one database must share it: src/storage/data-key.ts) */
export const DATA_KEY = process.env.VITREEM_DATA_KEY ?? randomBytes(32).toString('hex');

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `vitreem-${prefix}-`));
}

// ---------------------------------------------------------------- the server as a child process

export interface ServerProcess {
  url: string;
  pid: number;
  child: ChildProcess;
  /** everything the process printed so far */
  output(): string;
  /** resolves with the exit code/signal once the process has ended (and been reaped) */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  alive(): boolean;
  kill9(): Promise<void>;
  /** graceful stop (SIGTERM), SIGKILL after 10 s */
  stop(): Promise<void>;
}

export interface ServerTarget {
  dataDir?: string;
  databaseUrl?: string;
}

/** every server child still running, killed when the test process ends whatever happened */
const children = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});
export async function killAllServers(): Promise<void> {
  await Promise.all(
    [...children].map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGKILL');
        }),
    ),
  );
}

/** Starts `vitreem serve --no-web-build` and waits for "is running at <url>". */
export async function spawnServer(target: ServerTarget, extraEnv: Record<string, string> = {}, nodeArgs: string[] = []): Promise<ServerProcess> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'error', VITREEM_ADMIN_PASSWORD: ADMIN_PASSWORD, VITREEM_SIGNIN_RATE_LIMIT: '100000', VITREEM_DATA_KEY: DATA_KEY, ...extraEnv };
  delete env.DATABASE_URL;
  delete env.VITREEM_DATA_DIR;
  delete env.NODE_TEST_CONTEXT; // the child is a server, not a test
  if (target.databaseUrl) env.DATABASE_URL = target.databaseUrl;
  if (target.dataDir) env.VITREEM_DATA_DIR = target.dataDir;
  const child = spawn(process.execPath, [...nodeArgs, path.join(REPO_ROOT, 'bin/vitreem.mjs'), 'serve', '--no-web-build'], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let output = '';
  let exitInfo: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      exitInfo = { code, signal };
      children.delete(child);
      resolve(exitInfo);
    }),
  );
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start within 150 s:\n${output}`)), 150_000);
    const check = () => {
      const match = /is running at (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1].replace('localhost', '127.0.0.1'));
      }
    };
    child.stdout!.on('data', check);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`server exited during start-up:\n${output}`));
    });
  });
  const server: ServerProcess = {
    url,
    pid: child.pid!,
    child,
    output: () => output,
    exited,
    alive: () => exitInfo === null,
    async kill9() {
      if (exitInfo) return;
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (exitInfo) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
  return server;
}

// ---------------------------------------------------------------- a throwaway PostgreSQL cluster

export interface OwnPostgres {
  url: string;
  port: number;
  dir: string;
  stopServer(mode?: 'fast' | 'immediate'): Promise<void>;
  startServer(): Promise<void>;
  restart(): Promise<void>;
  destroy(): void;
}

function findPgBin(): string | null {
  const candidates = ['/usr/lib/postgresql'].flatMap((root) =>
    fs.existsSync(root) ? fs.readdirSync(root).sort((a, b) => Number(b) - Number(a)).map((v) => path.join(root, v, 'bin')) : [],
  );
  for (const dir of candidates) if (fs.existsSync(path.join(dir, 'initdb')) && fs.existsSync(path.join(dir, 'pg_ctl'))) return dir;
  const which = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' });
  return which.status === 0 && which.stdout.trim() ? path.dirname(fs.realpathSync(which.stdout.trim())) : null;
}

/** Why we cannot run our own PostgreSQL here, or null when we can. */
export function ownPostgresUnavailable(): string | null {
  if (!findPgBin()) return 'initdb/pg_ctl not found (install PostgreSQL server binaries)';
  if (process.getuid?.() === 0 && spawnSync('id', ['postgres']).status !== 0) return 'running as root without a postgres user for initdb';
  return null;
}

/** initdb + pg_ctl start on a free port, loopback only, socket in the cluster's own directory. */
export async function startOwnPostgres(): Promise<OwnPostgres> {
  const bin = findPgBin();
  if (!bin) throw new Error('initdb not available');
  const dir = tempDir('pg');
  const dataDir = path.join(dir, 'data');
  const port = await freePort();
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    fs.chmodSync(dir, 0o755);
    spawnSync('chown', ['-R', 'postgres', dir]);
  }
  const run = (args: string[], check = true) => {
    const command = asRoot ? 'runuser' : args[0];
    const argv = asRoot ? ['-u', 'postgres', '--', ...args] : args.slice(1);
    const result = spawnSync(command, argv, { encoding: 'utf8', timeout: 60_000 });
    if (check && result.status !== 0) throw new Error(`${args.join(' ')} failed: ${result.stdout}\n${result.stderr}`);
    return result;
  };
  run([path.join(bin, 'initdb'), '-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '-N']);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=on -c max_connections=100 -c shared_buffers=32MB`;
  const pgCtlArgs = (action: string, extra: string[] = []) => [path.join(bin, 'pg_ctl'), '-D', dataDir, '-o', options, '-l', path.join(dir, 'log'), '-w', '-t', '30', ...extra, action];
  // asynchronous, so that the test's own load keeps running while PostgreSQL stops and starts
  const pgCtl = async (action: string, extra: string[] = []) => {
    const args = pgCtlArgs(action, extra);
    const [command, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', ...args]] : [args[0], args.slice(1)];
    await new Promise<void>((resolve, reject) => {
      const child = spawn(command, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
      child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
      child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`pg_ctl ${action} failed: ${out}`))));
    });
  };
  run(pgCtlArgs('start'));
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    dir,
    stopServer: (mode = 'fast') => pgCtl('stop', ['-m', mode]),
    startServer: () => pgCtl('start'),
    restart: () => pgCtl('restart', ['-m', 'fast']),
    destroy() {
      run([path.join(bin, 'pg_ctl'), '-D', dataDir, '-m', 'immediate', '-w', 'stop'], false);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A fresh database on a PostgreSQL server (dropped by `drop`). */
export async function freshDatabase(serverUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `vitreem_faults_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

/**
 * The PostgreSQL a fault test runs on: our own throwaway cluster when the server binaries are
 * there, else a fresh database on DATABASE_URL; `{ skip }` (say why) when neither. Clean-ups are
 * pushed onto `cleanups` for the test's `after`.
 */
export async function postgresForTest(cleanups: (() => Promise<void> | void)[]): Promise<{ url: string } | { skip: string }> {
  const why = ownPostgresUnavailable();
  if (!why) {
    const cluster = await startOwnPostgres();
    cleanups.push(() => cluster.destroy());
    return { url: cluster.url };
  }
  if (process.env.DATABASE_URL) {
    const fresh = await freshDatabase(process.env.DATABASE_URL);
    cleanups.push(() => fresh.drop());
    return { url: fresh.url };
  }
  return { skip: `no PostgreSQL: ${why} and DATABASE_URL is not set` };
}

// ---------------------------------------------------------------- an HTTP client

export interface Reply {
  status: number;
  json: any;
  headers: Headers;
}

export class Client {
  private cookies = new Map<string, string>();
  csrf: string | null = null;
  constructor(readonly baseUrl: string) {}

  /** same session (cookies), another server */
  on(baseUrl: string): Client {
    const other = new Client(baseUrl);
    other.cookies = new Map(this.cookies);
    other.csrf = this.csrf;
    return other;
  }

  async request(method: string, url: string, body?: unknown, headers: Record<string, string> = {}, timeoutMs = 15_000): Promise<Reply> {
    const all: Record<string, string> = { ...headers };
    if (body !== undefined) all['content-type'] = 'application/json';
    if (this.cookies.size) all.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (this.csrf && method !== 'GET') all['x-csrf-token'] = this.csrf;
    const response = await fetch(new URL(url, this.baseUrl), { method, headers: all, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(timeoutMs) });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (value === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    if (this.cookies.has('vitreem_csrf')) this.csrf = this.cookies.get('vitreem_csrf')!;
    const text = await response.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: response.status, json, headers: response.headers };
  }

  hasSession(): boolean {
    return this.cookies.has('vitreem_session');
  }
}

/** The API paths this build serves (from its OpenAPI document). */
export async function apiPaths(baseUrl: string): Promise<Set<string>> {
  const reply = await new Client(baseUrl).request('GET', '/api/docs/json');
  return new Set(Object.keys(reply.json?.paths ?? {}));
}

/** Signs in as the first administrator when the build has accounts; otherwise the API is open (dev mode). */
export async function adminClient(baseUrl: string, paths?: Set<string>): Promise<Client> {
  const client = new Client(baseUrl);
  const known = paths ?? (await apiPaths(baseUrl));
  if (known.has('/api/session')) {
    const reply = await client.request('POST', '/api/session', { username: 'admin', password: ADMIN_PASSWORD });
    if (reply.status !== 200) throw new Error(`sign-in failed: ${reply.status} ${JSON.stringify(reply.json)}`);
  }
  return client;
}

// ---------------------------------------------------------------- the write workload

/**
 * A write the build offers, identified so that the test can check it in the database:
 * each write carries a unique key; `count(keys)` returns how many rows hold each key.
 */
export interface Workload {
  name: string;
  /** one acknowledged-or-not write; resolves with the HTTP status */
  write(client: Client, key: string): Promise<Reply>;
  /** reads the write back through the API (possibly on another server) */
  readBack(client: Client, key: string, written: Reply): Promise<boolean>;
  /** rows stored per key (absent = 0) */
  count(db: pg.Client | pg.Pool | { query: pg.Pool['query'] }, keys: string[]): Promise<Map<string, number>>;
}

const planWorkload: Workload = {
  name: 'plans (POST /api/plans)',
  write: (client, key) => client.request('POST', '/api/plans', { number: key, title: `Kế hoạch thử nghiệm sự cố ${key}`, level: 'province', periodFrom: 2026, periodTo: 2030 }),
  async readBack(client, key, written) {
    const location = written.headers.get('location') ?? `/api/plans/${written.json?.id}`;
    const reply = await client.request('GET', location);
    return reply.status === 200 && JSON.stringify(reply.json).includes(key);
  },
  async count(db, keys) {
    const result = await db.query('select number, count(*)::int as n from plan where number = any($1::text[]) group by number', [keys]);
    return new Map(result.rows.map((r: { number: string; n: number }) => [r.number, Number(r.n)]));
  },
};

const userWorkload: Workload = {
  name: 'accounts (POST /api/users)',
  write: (client, key) => client.request('POST', '/api/users', { username: key, displayName: `Người báo cáo ${key}`, password: 'Bao-cao-dung-han-2025', mustChangePassword: false }),
  async readBack(client, key) {
    const reply = await client.request('GET', `/api/users?q=${encodeURIComponent(key)}`);
    return reply.status === 200 && (reply.json?.users ?? []).some((u: { username: string }) => u.username === key);
  },
  async count(db, keys) {
    const result = await db.query('select username, count(*)::int as n from app_user where username = any($1::text[]) group by username', [keys]);
    return new Map(result.rows.map((r: { username: string; n: number }) => [r.username, Number(r.n)]));
  },
};

/** The best write workload of this build, or null when it has no suitable write route yet. */
export function chooseWorkload(paths: Set<string>): Workload | null {
  if (paths.has('/api/plans')) return planWorkload;
  if (paths.has('/api/users')) return userWorkload;
  return null;
}

/** Every application table read in full (a corrupted page or index fails the read). */
export async function readAllTables(query: (sql: string) => Promise<{ rows: any[] }>): Promise<Record<string, number>> {
  const tables = (await query(`select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by 1`)).rows.map((r) => String(r.name));
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const rows = (await query(`select * from "${table}"`)).rows;
    const counted = Number((await query(`select count(*)::int as n from "${table}"`)).rows[0].n);
    if (rows.length !== counted) throw new Error(`table ${table}: ${rows.length} rows read, count(*) says ${counted}`);
    counts[table] = counted;
  }
  return counts;
}

// ---------------------------------------------------------------- deadline-day reports (reporting module)

/** Whether this build has the reporting routes (obligations, draft save, idempotent submit). */
export const hasReporting = (paths: Set<string>) => paths.has('/api/obligations/{id}/submit') && paths.has('/api/plans/{id}/obligations');

/**
 * Before the server starts: migrates and seeds the target, creates the first administrator
 * (ADMIN_PASSWORD) and a province with `communes` reporting communes (see deadline-fixture.ts).
 */
export async function prepareTarget(target: ServerTarget, communes: number, prefix: string): Promise<DeadlineFixture> {
  const database = await openDatabase(target.databaseUrl ? { databaseUrl: target.databaseUrl } : { dataDir: target.dataDir });
  try {
    await migrateToLatest(database.db);
    await seedBaseData(database.db);
    await ensureFirstAdmin(database.db, { password: ADMIN_PASSWORD });
    return await prepareDeadline(database.db, { reporters: communes, prefix });
  } finally {
    await database.close();
  }
}

/** Generates the year's reports through the API and saves draft values in each; returns their ids. */
export async function openReports(admin: Client, fixture: DeadlineFixture, year: number): Promise<number[]> {
  const generated = await admin.request('POST', `/api/plans/${fixture.planId}/obligations?year=${year}`);
  if (generated.status >= 300) throw new Error(`generate: ${generated.status} ${JSON.stringify(generated.json)}`);
  const list = await admin.request('GET', `/api/my/reports?planId=${fixture.planId}&year=${year}&limit=1000`);
  const items = (list.json?.items ?? []) as { id: number; version: number }[];
  for (let i = 0; i < items.length; i += 8) {
    await Promise.all(
      items.slice(i, i + 8).map(async (o, j) => {
        const saved = await admin.request('PUT', `/api/obligations/${o.id}`, { version: o.version, values: draftValues(i + j, 1) });
        if (saved.status !== 200) throw new Error(`save: ${saved.status} ${JSON.stringify(saved.json)}`);
      }),
    );
  }
  return items.map((o) => o.id);
}

export const submit = (client: Client, obligationId: number, key: string) => client.request('POST', `/api/obligations/${obligationId}/submit`, undefined, { 'idempotency-key': key });

/** submit events stored per obligation, and each obligation's status */
export async function submissionsStored(query: (text: string, params?: unknown[]) => Promise<{ rows: any[] }>, planId: number): Promise<Map<number, { submits: number; status: string }>> {
  const rows = (
    await query(`select o.id, o.status, (select count(*)::int from obligation_event e where e.obligation_id = o.id and e.action = 'submit') as submits from obligation o where o.plan_id = $1`, [planId])
  ).rows;
  return new Map(rows.map((r) => [Number(r.id), { submits: Number(r.submits), status: String(r.status) }]));
}
