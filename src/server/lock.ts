/**
 * The embedded database has a single owner. While the server runs it writes
 * <data dir>/server.json (pid, url) and a 0600 token file so that the CLI talks to the
 * server over HTTP instead of opening the database a second time.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { Database } from '../storage/schema.ts';
import { processAlive, purgeLocalCliTokens, renewLocalCliToken } from '../storage/users.ts';

export interface ServerLock {
  pid: number;
  url: string;
  startedAt: string;
}

const lockPath = (dataDir: string) => path.join(dataDir, 'server.json');
export const tokenPath = (dataDir: string) => path.join(dataDir, 'cli-token');

/** The running server for this data directory, if any (stale lock files are ignored). */
export function readServerLock(dataDir: string): ServerLock | null {
  try {
    const lock = JSON.parse(fs.readFileSync(lockPath(dataDir), 'utf8')) as ServerLock;
    return lock.pid !== process.pid && processAlive(lock.pid) ? lock : null;
  } catch {
    return null;
  }
}

export function writeServerLock(dataDir: string, lock: ServerLock, cliToken: string | null): void {
  fs.mkdirSync(dataDir, { recursive: true });
  if (cliToken) fs.writeFileSync(tokenPath(dataDir), cliToken, { mode: 0o600 });
  fs.writeFileSync(lockPath(dataDir), JSON.stringify(lock, null, 2));
}

export function removeServerLock(dataDir: string): void {
  for (const file of [lockPath(dataDir), tokenPath(dataDir)]) fs.rmSync(file, { force: true });
}

export function readCliToken(dataDir: string): string | null {
  try {
    return fs.readFileSync(tokenPath(dataDir), 'utf8').trim() || null;
  } catch {
    return null;
  }
}

/** How often a running holder renews its local CLI token and removes the ended ones. */
export const CLI_TOKEN_UPKEEP_MS = 3600_000;

/**
 * While a server (or a long CLI command) runs: hourly, renew its local CLI token before it expires and
 * remove the local CLI tokens that have expired or were revoked (src/storage/users.ts). Without a token
 * of its own (a server on PostgreSQL) it only removes. Returns the function that stops it.
 */
export function keepLocalCliToken(db: Kysely<Database>, token: string | null, warn: (message: string) => void = console.warn): () => void {
  const run = async () => {
    try {
      if (!token) await purgeLocalCliTokens(db);
      else if ((await renewLocalCliToken(db, token)) === 'gone')
        warn('Mã truy cập của dòng lệnh cục bộ đã bị thu hồi hoặc hết hạn; khởi động lại máy chủ để tạo mã mới.\nThe local CLI token was revoked or has expired; restart the server to mint a new one.');
    } catch (error) {
      warn(`Không gia hạn được mã truy cập của dòng lệnh cục bộ / could not renew the local CLI token: ${(error as Error).message}`);
    }
  };
  const timer = setInterval(() => void run(), CLI_TOKEN_UPKEEP_MS);
  timer.unref();
  return () => clearInterval(timer);
}
