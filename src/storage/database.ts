/**
 * Opens the database: PostgreSQL when DATABASE_URL is set, otherwise the embedded
 * PGlite in VITREEM_DATA_DIR (./data). Both return the same Kysely instance type and
 * parse values the same way (numeric and int8 as numbers, date as 'YYYY-MM-DD').
 */
import fs from 'node:fs';
import path from 'node:path';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { PGliteDialect } from './pglite-dialect.ts';
import type { Database } from './schema.ts';
import { prepareHotStatements, preparedStatementsEnabled, StatementNamer } from './prepared-statements.ts';

export type DatabaseKind = 'pglite' | 'postgres';

export interface DatabaseHandle {
  db: Kysely<Database>;
  kind: DatabaseKind;
  /** where the embedded data lives, or the server URL without password */
  location: string;
  close(): Promise<void>;
  /** the underlying PGlite, for backup/restore (embedded only) */
  pglite?: PGlite;
  /** the underlying pg pool (server only) */
  pool?: pg.Pool;
}

const NUMERIC = 1700;
const INT8 = 20;
const DATE = 1082;

const parseNumber = (value: string) => (value === null ? null : Number(value));
const keepString = (value: string) => value;

export interface OpenOptions {
  databaseUrl?: string;
  /** a directory for PGlite data; 'memory://' for an in-memory database */
  dataDir?: string;
  poolSize?: number;
}

export async function openDatabase(options: OpenOptions = {}): Promise<DatabaseHandle> {
  // an explicit data directory means the embedded database, whatever DATABASE_URL says
  const databaseUrl = options.databaseUrl ?? (options.dataDir ? undefined : process.env.DATABASE_URL);
  if (databaseUrl) return openPostgres(databaseUrl, options.poolSize);
  const dataDir = options.dataDir ?? process.env.VITREEM_DATA_DIR ?? path.resolve('data');
  return openPGlite(dataDir);
}

async function openPostgres(url: string, poolSize = 10): Promise<DatabaseHandle> {
  const types = {
    getTypeParser(oid: number, format?: 'text' | 'binary') {
      if (oid === NUMERIC || oid === INT8) return parseNumber;
      if (oid === DATE) return keepString;
      return pg.types.getTypeParser(oid, format);
    },
  };
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    types: types as pg.CustomTypesConfig,
    // while PostgreSQL is down or restarting, a request waits at most this long for a
    // connection and then fails with a retryable 503 instead of hanging
    connectionTimeoutMillis: Number(process.env.VITREEM_DB_CONNECT_TIMEOUT_MS ?? 5000),
    idleTimeoutMillis: 30_000,
    keepAlive: true,
  });
  // A lost connection is reported as an 'error' event, not thrown. On an idle client the pool
  // reports it (and drops the client); a client checked out by a transaction has no listener
  // of its own, and an unhandled 'error' event would crash the process when PostgreSQL restarts
  // (e.g. "terminating connection due to administrator command" between two queries). Every
  // client gets a permanent listener; the failed client is not queryable any more, its next
  // query fails (→ 503 database_unavailable) and the pool discards it on release.
  pool.on('error', () => {});
  const namer = preparedStatementsEnabled() ? new StatementNamer() : null;
  pool.on('connect', (client) => {
    client.on('error', () => {});
    if (namer) prepareHotStatements(client, namer);
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const location = url.replace(/\/\/([^:@/]+):[^@]*@/, '//$1:***@');
  return { db, kind: 'postgres', location, pool, close: () => db.destroy() };
}

async function openPGlite(dataDir: string): Promise<DatabaseHandle> {
  const inMemory = dataDir.startsWith('memory://');
  if (!inMemory) fs.mkdirSync(dataDir, { recursive: true });
  const pglite = new PGlite({
    ...(inMemory ? {} : { dataDir }),
    parsers: { [NUMERIC]: parseNumber, [INT8]: parseNumber, [DATE]: keepString },
  });
  await pglite.waitReady;
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
  return { db, kind: 'pglite', location: inMemory ? 'memory' : dataDir, pglite, close: () => db.destroy() };
}
