/** Settings read from the environment, in one place. */
import path from 'node:path';

export interface Config {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  adminPassword: string | undefined;
  logLevel: string;
  /** VITREEM_DATA_KEY_ADOPT=1: record this server's data key in a database that holds no encrypted data yet */
  adoptDataKey: boolean;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: env.PORT ? Number(env.PORT) : 3000,
    host: env.HOST ?? '0.0.0.0',
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: path.resolve(env.VITREEM_DATA_DIR ?? 'data'),
    adminPassword: env.VITREEM_ADMIN_PASSWORD || undefined,
    logLevel: env.LOG_LEVEL ?? 'info',
    adoptDataKey: env.VITREEM_DATA_KEY_ADOPT === '1',
  };
}
