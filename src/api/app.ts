/**
 * The HTTP application: API under /api (OpenAPI at /api/docs) and the built web app.
 * Route modules in src/api/routes/*.ts are discovered and registered automatically;
 * each exports `default async function routes(app, context)`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import pino from 'pino';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import {
  hasZodFastifySchemaValidationErrors,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { ZodError } from 'zod';
import type { Database } from '../storage/schema.ts';
import type { DatabaseHandle } from '../storage/database.ts';
import { AppError, fromZodError, forbidden, unauthenticated } from './errors.ts';
import { registerAccessControl } from './auth/hooks.ts';
import { openApiTransform } from './openapi.ts';
import { registerJsonParser } from './input-limits.ts';
import './access.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = path.resolve(HERE, '../..');
const ROUTES_DIR = path.join(HERE, 'routes');
const WEB_DIST = path.join(REPO_ROOT, 'web', 'dist');

export interface AppContext {
  db: Kysely<Database>;
  database: DatabaseHandle;
  /** publishes a change so live views (dashboards) can refresh; see src/api/events.ts */
  version: string;
}

export type App = FastifyInstance<any, any, any, any, ZodTypeProvider>;
export type RouteModule = (app: App, context: AppContext) => Promise<void>;

export interface BuildOptions {
  database: DatabaseHandle;
  logger?: FastifyServerOptions['logger'];
  /** serve web/dist (default true) */
  serveWeb?: boolean;
  bodyLimit?: number;
}

export async function buildApp(options: BuildOptions): Promise<App> {
  const app = Fastify({
    // without a configured logger, errors still go to stderr: the cause of every 500 is logged
    logger: options.logger ?? { level: 'error', stream: pino.destination(2) },
    bodyLimit: options.bodyLimit ?? 2 * 1024 * 1024,
    // X-Forwarded-For/-Proto are believed only from a reverse proxy on this machine (or VITREEM_TRUST_PROXY:
    // 'true' or addresses/CIDRs), so clients cannot forge their address in the audit log or
    // dodge the sign-in rate limit.
    trustProxy: trustProxySetting(),
    // every request has an id: the one a proxy sent (X-Request-Id, if it looks like one), else a fresh
    // UUID; it is in the logs, the audit log, the X-Request-Id answer header and the body of a 500
    genReqId: (req) => {
      const sent = req.headers['x-request-id'];
      return typeof sent === 'string' && /^[A-Za-z0-9._:-]{8,80}$/.test(sent) ? sent : randomUUID();
    },
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const context: AppContext = { db: options.database.db, database: options.database, version: '0.1.0' };
  app.decorate('context', context);

  app.addHook('onRequest', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });
  app.setErrorHandler((error, request, reply) => {
    const appError = toAppError(error);
    if (appError.statusCode === 503) {
      // retryable: the client (and a reverse proxy) may try again after a pause
      request.log.warn({ code: appError.code, cause: (error as Error).message }, 'service temporarily unavailable');
      void reply.header('retry-after', String(RETRY_AFTER_SECONDS));
    } else if (appError.statusCode >= 500) {
      // the cause, with the request id the client got (body and X-Request-Id): pino adds reqId itself
      request.log.error({ method: request.method, url: request.url, err: error }, 'unhandled error');
      const body = appError.toBody();
      void reply.status(appError.statusCode).send({ error: { ...body.error, requestId: String(request.id) } });
      return;
    }
    void reply.status(appError.statusCode).send(appError.toBody());
  });
  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith('/api') || !fs.existsSync(path.join(WEB_DIST, 'index.html')) || options.serveWeb === false) {
      void reply.status(404).send(new AppError(404, 'not_found', 'Không tìm thấy địa chỉ này.', 'No such address.').toBody());
      return;
    }
    // the web app handles its own routes
    void reply.type('text/html').sendFile('index.html');
  });

  // JSON bodies: Fastify's parser behind a nesting-depth limit (src/api/input-limits.ts)
  registerJsonParser(app as unknown as FastifyInstance);
  // Files (plan documents, unit lists, backups) may be posted as raw bytes as well as multipart.
  app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer', bodyLimit: 60 * 1024 * 1024 }, (_request, body, done) => done(null, body));
  await app.register(cookie);
  await app.register(multipart, { limits: { fileSize: 60 * 1024 * 1024, files: 10 } });
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'vitreem API',
        description: 'Kế hoạch hành động vì trẻ em — API. Mỗi thao tác khai báo chính sách truy cập (x-policy: hành động × loại tài nguyên). Every operation declares its access policy (x-policy: action × resource type); errors are bilingual.',
        version: context.version,
        license: { name: 'Proprietary', url: 'https://www.gnu.org/licenses/license-list.html' },
      },
      servers: [{ url: '/', description: 'this vitreem server' }],
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'vitreem_session' }, token: { type: 'http', scheme: 'bearer' } } },
    },
    transform: openApiTransform,
  });
  // The OpenAPI document itself is public (it describes, it does not disclose data), and so are
  // the web app's static files (every route outside /api): the data they show comes from /api.
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api/docs') || !route.url.startsWith('/api')) route.config = { ...(route.config ?? {}), access: 'public' };
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', uiConfig: { docExpansion: 'list' } });

  await registerAccessControl(app as unknown as FastifyInstance, context);

  for (const file of fs.readdirSync(ROUTES_DIR).filter((f) => f.endsWith('.ts')).sort()) {
    const module = (await import(pathToFileURL(path.join(ROUTES_DIR, file)).href)) as { default: RouteModule };
    await app.register(async (scoped) => module.default(scoped as App, context), { prefix: '/api' });
  }

  if (options.serveWeb !== false && fs.existsSync(WEB_DIST)) {
    await app.register(fastifyStatic, { root: WEB_DIST, prefix: '/', wildcard: false, index: 'index.html' });
  }
  return app;
}

function trustProxySetting(): boolean | string {
  const value = process.env.VITREEM_TRUST_PROXY;
  if (!value) return 'loopback';
  if (value === 'true' || value === 'false') return value === 'true';
  return value;
}

function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof ZodError) return fromZodError(error);
  if (hasZodFastifySchemaValidationErrors(error)) {
    const where = (error as { validationContext?: string }).validationContext ?? 'body';
    // fastify-type-provider-zod 7 flattens each issue: params = the issue without path/code/message
    const issues = error.validation.map((v) => {
      const params = (v.params ?? {}) as Record<string, unknown>;
      if (params.issue) return params.issue as ZodError['issues'][number];
      const path = String(v.instancePath ?? '').split('/').filter(Boolean).map((p) => (/^\d+$/.test(p) ? Number(p) : p));
      return { ...params, code: v.keyword, path, message: v.message } as unknown as ZodError['issues'][number];
    });
    const zodError = new ZodError(issues as ZodError['issues']);
    return fromZodError(zodError, [where]);
  }
  const e = error as { statusCode?: number; code?: string; message?: string };
  if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || e.statusCode === 413)
    return new AppError(413, 'body_too_large', 'Dữ liệu gửi lên quá lớn.', 'The request body is too large.');
  if (e.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || e.statusCode === 415)
    return new AppError(415, 'unsupported_media_type', 'Kiểu dữ liệu không được hỗ trợ.', 'Unsupported media type.');
  if (e.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || e.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || (e.statusCode === 400 && /JSON/i.test(e.message ?? '')))
    return new AppError(400, 'malformed_json', 'Dữ liệu JSON không hợp lệ.', 'Malformed JSON body.');
  if (e.statusCode === 401) return unauthenticated();
  if (e.statusCode === 403) return forbidden();
  if (e.statusCode === 429) return new AppError(429, 'rate_limited', 'Quá nhiều yêu cầu, vui lòng thử lại sau.', 'Too many requests, try again later.');
  if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500)
    return new AppError(e.statusCode, 'bad_request', 'Yêu cầu không hợp lệ.', e.message ?? 'Bad request.');
  const pgCode = (error as { code?: string }).code;
  // bad input that reached the database: a 4xx, never a 500 (and never the database's message)
  if (pgCode === '23505') return new AppError(409, 'duplicate', 'Dữ liệu bị trùng với một mục đã có.', 'This duplicates an existing entry.');
  if (pgCode === '23503') return new AppError(409, 'reference_violation', 'Dữ liệu tham chiếu đến mục không tồn tại hoặc đang được mục khác sử dụng.', 'The data refers to a missing entry or is still referred to.');
  if (pgCode === '23502' || pgCode === '23514' || pgCode === '23P01') return new AppError(400, 'constraint_violation', 'Dữ liệu vi phạm ràng buộc hợp lệ.', 'The data violates a validity rule.');
  if (pgCode && /^22[0-9A-Z]{3}$/.test(pgCode)) return new AppError(400, 'invalid_value', 'Giá trị không hợp lệ (sai kiểu, quá dài hoặc chứa ký tự không cho phép).', 'Invalid value (wrong type, too long or a forbidden character).');
  if (pgCode === '40001' || pgCode === '40P01') return new AppError(503, 'retry', 'Hệ thống đang bận, vui lòng thử lại.', 'Busy, please retry.');
  if (isDatabaseUnavailable(error))
    return new AppError(503, 'database_unavailable', 'Cơ sở dữ liệu tạm thời không sẵn sàng, vui lòng thử lại.', 'The database is temporarily unavailable, please retry.');
  return new AppError(500, 'internal_error', 'Đã xảy ra lỗi hệ thống.', 'An internal error occurred.');
}

/** Seconds a client should wait before retrying a 503 (sent as Retry-After). */
export const RETRY_AFTER_SECONDS = 2;

/** SQLSTATE classes and socket errors meaning "PostgreSQL is not reachable right now" (retryable). */
const UNAVAILABLE_CODES = new Set([
  '57P01', // admin_shutdown (fast shutdown / restart)
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up / shutting down)
  '08000', '08001', '08003', '08004', '08006', // connection exceptions
  '53300', // too_many_connections
  '53000', '53200', // insufficient resources, out of memory: the server is overloaded, try again
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN',
]);
/** node-postgres reports some connection failures with a message only. */
const UNAVAILABLE_MESSAGES = /Connection terminated|not queryable|timeout exceeded when trying to connect|Connection terminated due to connection timeout|connect ECONNREFUSED|the database system is (starting up|shutting down|in recovery mode)/i;

export function isDatabaseUnavailable(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown; errors?: unknown[] } | null;
  if (!e || typeof e !== 'object') return false;
  if (typeof e.code === 'string' && UNAVAILABLE_CODES.has(e.code)) return true;
  if (typeof e.message === 'string' && UNAVAILABLE_MESSAGES.test(e.message)) return true;
  // AggregateError from a multi-address connect (127.0.0.1 and ::1)
  return Array.isArray(e.errors) && e.errors.some((inner) => isDatabaseUnavailable(inner));
}

declare module 'fastify' {
  interface FastifyInstance {
    context: AppContext;
  }
}
