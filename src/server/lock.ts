/**
 * The embedded database has a single owner. While the server runs it writes
 * <data dir>/server.json (pid, url) and a 0600 token file so that the CLI talks to the
 * server over HTTP instead of opening the database a second time.
 */
import fs from 'node:fs';
import path from 'node:path';
import { processAlive } from '../storage/users.ts';

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
