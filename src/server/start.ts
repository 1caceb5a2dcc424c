/** Starts the whole system: database (migrated and seeded), API and web app, on one port. */
import { readConfig, type Config } from '../config.ts';
import { openDatabase, type DatabaseHandle } from '../storage/database.ts';
import { migrateToLatest } from '../storage/migrate.ts';
import { seedBaseData } from '../storage/seed/index.ts';
import { buildApp, type App } from '../api/app.ts';
import { buildWebIfNeeded } from './web-build.ts';
import { ensureFirstAdmin, ensureLocalCliToken, purgeLocalCliTokens, releaseLocalCliToken } from '../storage/users.ts';
import { keepLocalCliToken, readServerLock, removeServerLock, writeServerLock } from './lock.ts';
import { useDataDir } from '../storage/crypto.ts';
import { checkDataKey } from '../storage/data-key.ts';
import { startNotificationLoop } from '../notify/runner.ts';

export interface RunningServer {
  app: App;
  database: DatabaseHandle;
  url: string;
  stop(): Promise<void>;
}

/** Opens the database and brings it to the current schema and built-in data. */
export async function openPreparedDatabase(config: Config): Promise<DatabaseHandle> {
  useDataDir(config.dataDir);
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await withStartupLock(database, async () => {
      await migrateToLatest(database.db);
      await seedBaseData(database.db);
      await checkDataKey(database.db, { adopt: config.adoptDataKey });
    });
  } catch (error) {
    await database.close();
    throw error;
  }
  return database;
}

export async function startServer(overrides: Partial<Config> = {}, options: { buildWeb?: boolean } = {}): Promise<RunningServer> {
  const config = { ...readConfig(), ...overrides };
  if (!config.databaseUrl) {
    const running = readServerLock(config.dataDir);
    if (running) {
      throw new Error(
        `Máy chủ vitreem đang chạy (pid ${running.pid}, ${running.url}) trên cùng thư mục dữ liệu.\n` +
          `A vitreem server is already running (pid ${running.pid}, ${running.url}) on the same data directory.`,
      );
    }
  }
  if (options.buildWeb !== false) await buildWebIfNeeded();
  useDataDir(config.dataDir);
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  let cliToken: string | null;
  try {
    // Several app servers may start at once on one PostgreSQL: migrations, built-in data and the
    // first administrator are prepared by one of them at a time (the others then find them done).
    cliToken = await withStartupLock(database, async () => {
      await migrateToLatest(database.db);
      await seedBaseData(database.db);
      // every server must encrypt with the same data key: refuse to start with another one
      await checkDataKey(database.db, { adopt: config.adoptDataKey });
      return bootstrapAccounts(database, config);
    });
  } catch (error) {
    await database.close();
    throw error;
  }
  if (config.databaseUrl && !process.env.VITREEM_DATA_KEY) {
    console.warn(
      'Cảnh báo: chưa đặt VITREEM_DATA_KEY. Khi chạy nhiều máy chủ trên cùng PostgreSQL, mọi máy chủ phải dùng cùng một khoá dữ liệu.\n' +
        'Warning: VITREEM_DATA_KEY is not set. Several servers on one PostgreSQL must share the same data key (see docs/deployment.md).',
    );
  }
  const app = await buildApp({ database, logger: { level: config.logLevel } });
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://localhost:${port}`;
  if (!config.databaseUrl) writeServerLock(config.dataDir, { pid: process.pid, url, startedAt: new Date().toISOString() }, cliToken);
  const stopUpkeep = keepLocalCliToken(database.db, cliToken, (message) => app.log.warn(message));
  const stopNotifications = startNotificationLoop(database.db, app.log); // reminders and e-mails every minute (docs/notifications.md)
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    stopUpkeep();
    await stopNotifications();
    await app.close();
    if (cliToken) await releaseLocalCliToken(database.db, cliToken).catch(() => undefined);
    await database.close();
    if (!config.databaseUrl) removeServerLock(config.dataDir);
  };
  return { app, database, url, stop };
}

/** Arbitrary constant naming vitreem's start-up advisory lock on PostgreSQL. */
const STARTUP_LOCK_KEY = 7_240_305;

/**
 * Runs `work` while holding a session-level advisory lock on a dedicated PostgreSQL connection
 * (the work itself uses the pool). The embedded database has one owner, so it needs no lock.
 */
async function withStartupLock<T>(database: DatabaseHandle, work: () => Promise<T>): Promise<T> {
  if (!database.pool) return work();
  const client = await database.pool.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [STARTUP_LOCK_KEY]);
    try {
      return await work();
    } finally {
      await client.query('select pg_advisory_unlock($1)', [STARTUP_LOCK_KEY]);
    }
  } finally {
    client.release();
  }
}

/**
 * First administrator (one-time password printed once) and, on the embedded database, the local CLI
 * credential kept beside the lock file (on PostgreSQL the CLI opens the database itself: no token).
 * Either way the expired and revoked local CLI tokens are removed.
 */
async function bootstrapAccounts(database: DatabaseHandle, config: Config): Promise<string | null> {
  const admin = await ensureFirstAdmin(database.db, { password: config.adminPassword });
  if (admin.created && admin.password && !config.adminPassword) {
    console.log('\n================================================================');
    console.log(`Tài khoản quản trị đầu tiên / First administrator: ${admin.username}`);
    console.log(`Mật khẩu dùng một lần / One-time password: ${admin.password}`);
    console.log('Hãy đổi mật khẩu sau khi đăng nhập. / Change it after signing in.');
    console.log('================================================================\n');
  }
  if (!config.databaseUrl) return ensureLocalCliToken(database.db); // removes the ended local CLI tokens too
  // on PostgreSQL no token is minted, but the CLI commands run beside it (other hosts too) leave theirs
  await purgeLocalCliTokens(database.db);
  return null;
}
