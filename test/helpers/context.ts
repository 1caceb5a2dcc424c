/**
 * A fresh database and app per test file: an in-memory PGlite by default, or a new
 * database on the PostgreSQL server named by DATABASE_URL (dropped afterwards).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type DatabaseHandle } from '../../src/storage/database.ts';
import { migrateToLatest } from '../../src/storage/migrate.ts';
import { seedBaseData } from '../../src/storage/seed/index.ts';
import { buildApp, type App } from '../../src/api/app.ts';

export interface TestContext {
  database: DatabaseHandle;
  app: App;
  /** inject a request; `json` is the parsed body */
  request(options: { method?: string; url: string; payload?: unknown; headers?: Record<string, string>; cookies?: Record<string, string> }): Promise<{ statusCode: number; json: any; body: string; headers: Record<string, unknown> }>;
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
  const database = await openDatabase({ databaseUrl: testUrl.toString() });
  return {
    database,
    async drop() {
      await database.close();
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export async function createTestContext(options: { seed?: boolean } = {}): Promise<TestContext> {
  const { database, drop } = await createTestDatabase();
  await migrateToLatest(database.db);
  if (options.seed !== false) await seedBaseData(database.db);
  const app = await buildApp({ database, serveWeb: false });
  await app.ready();
  return {
    database,
    app,
    async request({ method = 'GET', url, payload, headers, cookies }) {
      const response = await app.inject({ method: method as 'GET', url, payload: payload as string | object | undefined, headers, cookies });
      let json: unknown = undefined;
      try {
        json = response.body ? JSON.parse(response.body) : undefined;
      } catch {
        json = undefined;
      }
      return { statusCode: response.statusCode, json, body: response.body, headers: response.headers };
    },
    async close() {
      await app.close();
      await drop();
    },
  };
}
