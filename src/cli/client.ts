/**
 * How the CLI reaches vitreem: over HTTP when a server owns the embedded database,
 * otherwise in-process (the same API, through Fastify's inject). Same routes either way.
 */
import { readConfig, type Config } from '../config.ts';
import { keepLocalCliToken, readCliToken, readServerLock } from '../server/lock.ts';
import { ensureLocalCliToken, releaseLocalCliToken } from '../storage/users.ts';

export interface ApiResponse {
  status: number;
  json: any;
  body: Buffer;
  headers: Record<string, unknown>;
}

export interface ApiClient {
  mode: 'http' | 'in-process';
  /** the server's address (HTTP mode) */
  baseUrl?: string;
  request(method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<ApiResponse>;
  close(): Promise<void>;
}

export async function connect(config: Config = readConfig()): Promise<ApiClient> {
  const lock = config.databaseUrl ? null : readServerLock(config.dataDir);
  if (lock) return httpClient(lock.url, readCliToken(config.dataDir));
  return inProcessClient(config);
}

function parse(body: Buffer, contentType: unknown): any {
  if (typeof contentType === 'string' && contentType.includes('json') && body.length) {
    try {
      return JSON.parse(body.toString('utf8'));
    } catch {
      return undefined;
    }
  }
  return undefined;
}

function httpClient(baseUrl: string, token: string | null): ApiClient {
  return {
    mode: 'http',
    baseUrl,
    async request(method, url, body, headers = {}) {
      const isBuffer = body instanceof Uint8Array;
      const response = await fetch(new URL(url, baseUrl), {
        method,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(body !== undefined && !isBuffer ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
        body: body === undefined ? undefined : isBuffer ? new Blob([body as Uint8Array<ArrayBuffer>]) : JSON.stringify(body),
      });
      const buffer = Buffer.from(await response.arrayBuffer());
      const responseHeaders = Object.fromEntries(response.headers.entries());
      return { status: response.status, body: buffer, headers: responseHeaders, json: parse(buffer, responseHeaders['content-type']) };
    },
    async close() {},
  };
}

async function inProcessClient(config: Config): Promise<ApiClient> {
  const { openPreparedDatabase } = await import('../server/start.ts');
  const { buildApp } = await import('../api/app.ts');
  const database = await openPreparedDatabase(config);
  const app = await buildApp({ database, serveWeb: false });
  await app.ready();
  const token = await ensureLocalCliToken(database.db);
  const stopUpkeep = keepLocalCliToken(database.db, token); // a command running for hours (a large restore) keeps its token
  return {
    mode: 'in-process',
    async request(method, url, body, headers = {}) {
      const isBuffer = body instanceof Uint8Array;
      const response = await app.inject({
        method: method as 'GET',
        url,
        headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined && !isBuffer ? { 'content-type': 'application/json' } : {}), ...headers },
        payload: body === undefined ? undefined : isBuffer ? Buffer.from(body as Uint8Array) : JSON.stringify(body),
      });
      const buffer = response.rawPayload;
      return { status: response.statusCode, body: buffer, headers: response.headers, json: parse(buffer, response.headers['content-type']) };
    },
    async close() {
      stopUpkeep();
      await app.close();
      await releaseLocalCliToken(database.db, token).catch(() => undefined);
      await database.close();
    },
  };
}
