/**
 * A fresh database and app per test file: an in-memory PGlite by default, or a new
 * database on the PostgreSQL server named by DATABASE_URL (dropped afterwards).
 *
 * Authentication: the context creates the administrator `admin` (national system_admin) and
 * `ctx.request(...)` is signed in as that administrator by default (session cookie + CSRF header).
 *   - `ctx.request({ ..., as: { username, password } })` signs in as someone else (through POST /api/session)
 *   - `ctx.request({ ..., anonymous: true })` sends no credentials
 *   - `ctx.login(username, password)` → a Client whose `request()` acts as that user
 *   - `ctx.createUser({ username, password?, grants: [{ role, unitId, agencyId }] })` → { id, username, password }
 * Passing your own `cookies.vitreem_session` or `headers.authorization` also disables the default.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type DatabaseHandle } from '../../src/storage/database.ts';
import { migrateToLatest } from '../../src/storage/migrate.ts';
import { seedBaseData } from '../../src/storage/seed/index.ts';
import { buildApp, type App } from '../../src/api/app.ts';
import { asSystem, createUser, type GrantInput } from '../../src/storage/users.ts';
import { createSession } from '../../src/storage/sessions.ts';

export interface RequestOptions {
  method?: string;
  url: string;
  payload?: unknown;
  headers?: Record<string, string>;
  cookies?: Record<string, string>;
  /** act as this user instead of the administrator */
  as?: { username: string; password: string };
  /** no credentials at all */
  anonymous?: boolean;
}
export interface TestResponse {
  statusCode: number;
  json: any;
  body: string;
  headers: Record<string, unknown>;
}

export interface Client {
  username: string;
  userId: number;
  sessionId: string;
  csrfToken: string;
  /** the request as this user (cookie + CSRF header added) */
  request(options: Omit<RequestOptions, 'as' | 'anonymous'>): Promise<TestResponse>;
}

export interface TestContext {
  database: DatabaseHandle;
  app: App;
  /** the default administrator */
  admin: { id: number; username: string; password: string };
  /** inject a request; `json` is the parsed body. Signed in as the administrator unless `as`/`anonymous`. */
  request(options: RequestOptions): Promise<TestResponse>;
  /** signs in through POST /api/session */
  login(username: string, password: string): Promise<Client>;
  /** a session created directly (no HTTP sign-in, no rate limit): for tests that need many users */
  sessionFor(user: { id: number; username: string }): Promise<Client>;
  createUser(input: { username: string; password?: string; displayName?: string; grants?: GrantInput[]; mustChangePassword?: boolean }): Promise<{ id: number; username: string; password: string }>;
  close(): Promise<void>;
}

export async function createTestDatabase(): Promise<{ database: DatabaseHandle; drop(): Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const database = await openDatabase({ dataDir: 'memory://' });
    return { database, drop: () => database.close() };
  }
  const name = `vitreem_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const testUrl = new URL(url);
  testUrl.pathname = `/${name}`;
  const dropDatabase = async () => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      await c.query(`drop database if exists ${name} with (force)`);
    } finally {
      await c.end();
    }
  };
  let database: DatabaseHandle;
  try {
    database = await openDatabase({ databaseUrl: testUrl.toString() });
  } catch (error) {
    await dropDatabase().catch(() => undefined);
    throw error;
  }
  return {
    database,
    async drop() {
      try {
        await database.close();
      } finally {
        await dropDatabase();
      }
    },
  };
}

function parse(response: { statusCode: number; body: string; headers: Record<string, unknown> }): TestResponse {
  let json: unknown = undefined;
  try {
    json = response.body ? JSON.parse(response.body) : undefined;
  } catch {
    json = undefined;
  }
  return { statusCode: response.statusCode, json, body: response.body, headers: response.headers };
}

export function cookieValue(setCookie: unknown, name: string): string | undefined {
  const list = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  for (const c of list as string[]) {
    const m = new RegExp(`^${name}=([^;]*)`).exec(c);
    if (m) return decodeURIComponent(m[1]);
  }
  return undefined;
}

export async function createTestContext(options: { seed?: boolean; /** `all`: every real unit of the country (slower); default: the real sample the seed plans name */ units?: 'all' | 'sample'; /** extra routes for the test, registered under /api */ routes?: (app: App) => Promise<void> | void } = {}): Promise<TestContext> {
  // many sign-ins from one test process: the per-address sign-in limit is tested on its own
  process.env.VITREEM_SIGNIN_RATE_LIMIT ??= '10000';
  const { database, drop } = await createTestDatabase();
  let app: App | undefined;
  try {
    await migrateToLatest(database.db);
    if (options.seed !== false) await seedBaseData(database.db, { units: options.units ?? 'sample' });
    app = await buildApp({ database, serveWeb: false });
    if (options.routes) {
      const extra = options.routes;
      await app.register(async (scoped) => extra(scoped as App), { prefix: '/api' });
    }
    await app.ready();
  } catch (error) {
    // a context that fails to start (a route without a policy, a failed migration) leaves no database behind
    await app?.close().catch(() => undefined);
    await drop().catch(() => undefined);
    throw error;
  }
  const ready = app;

  const raw = async (o: RequestOptions): Promise<TestResponse> => {
    const response = await ready.inject({ method: (o.method ?? 'GET') as 'GET', url: o.url, payload: o.payload as string | object | undefined, headers: o.headers, cookies: o.cookies });
    return parse(response);
  };
  const clientFrom = (username: string, userId: number, sessionId: string, csrfToken: string): Client => ({
    username,
    userId,
    sessionId,
    csrfToken,
    request: (o) =>
      raw({
        ...o,
        cookies: { vitreem_session: sessionId, vitreem_csrf: csrfToken, ...(o.cookies ?? {}) },
        headers: { 'x-csrf-token': csrfToken, ...(o.headers ?? {}) },
      }),
  });
  const sessionFor = async (user: { id: number; username: string }) => {
    const s = await createSession(database.db, user.id, { ip: '127.0.0.1', userAgent: 'test' });
    return clientFrom(user.username, user.id, s.sessionId, s.csrfToken);
  };
  const login = async (username: string, password: string): Promise<Client> => {
    const r = await raw({ method: 'POST', url: '/api/session', payload: { username, password } });
    if (r.statusCode !== 200) throw new Error(`sign-in as ${username} failed: ${r.statusCode} ${r.body}`);
    const sessionId = cookieValue(r.headers['set-cookie'], 'vitreem_session');
    const csrf = cookieValue(r.headers['set-cookie'], 'vitreem_csrf');
    if (!sessionId || !csrf) throw new Error('sign-in set no cookies');
    return clientFrom(r.json.user.username, r.json.user.id, sessionId, csrf);
  };

  const adminPassword = `admin-${randomBytes(9).toString('base64url')}`;
  const adminId = await asSystem(database.db, 'test', (trx) => createUser(trx, { username: 'admin', password: adminPassword, displayName: 'Quản trị (test)', grants: [{ role: 'system_admin', unitId: null }] }));
  const adminClient = await sessionFor({ id: adminId, username: 'admin' });
  const clients = new Map<string, Promise<Client>>();

  return {
    database,
    app: ready,
    admin: { id: adminId, username: 'admin', password: adminPassword },
    async request(o) {
      if (o.anonymous) return raw(o);
      if (o.as) {
        const key = `${o.as.username}\u0000${o.as.password}`;
        let client = clients.get(key);
        if (!client) {
          client = login(o.as.username, o.as.password);
          clients.set(key, client);
          client.catch(() => clients.delete(key));
        }
        return (await client).request(o);
      }
      if (o.cookies?.vitreem_session || o.headers?.authorization) return raw(o);
      return adminClient.request(o);
    },
    login,
    sessionFor,
    async createUser(input) {
      const password = input.password ?? `pw-${randomBytes(9).toString('base64url')}`;
      const id = await asSystem(database.db, 'test', (trx) =>
        createUser(trx, { username: input.username, password, displayName: input.displayName ?? null, grants: input.grants ?? [], mustChangePassword: input.mustChangePassword ?? false }),
      );
      return { id, username: input.username.toLowerCase(), password };
    },
    async close() {
      try {
        await ready.close();
      } finally {
        await drop();
      }
    },
  };
}
