/**
 * Deadline day: hundreds of commune reporters sign in, open their report, save drafts and submit,
 * against a real server on 127.0.0.1, for a bounded time (autocannon). Then every acknowledged
 * submission is looked up in the database: none lost, none duplicated.
 *   npm run bench:load                      (PGlite in a temporary folder; DATABASE_URL=… for PostgreSQL)
 *   VITREEM_LOAD_USERS=300 VITREEM_LOAD_SECONDS=120 npm run bench:load
 * Prints `load.<name>: value unit` lines.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
// @ts-expect-error autocannon ships no types (no @types package installed)
import autocannon from 'autocannon';
import { sql } from 'kysely';
import { openDatabase } from '../src/storage/database.ts';
import { migrateToLatest } from '../src/storage/migrate.ts';
import { seedBaseData } from '../src/storage/seed/index.ts';
import { buildApp } from '../src/api/app.ts';
import { asSystem, createUser } from '../src/storage/users.ts';
import { createSession } from '../src/storage/sessions.ts';
import { addCommunes, createPlan } from '../test/reporting/fixture.ts';

const USERS = Number(process.env.VITREEM_LOAD_USERS ?? 300);
const SECONDS = Math.min(Number(process.env.VITREEM_LOAD_SECONDS ?? 120), 300);
process.env.VITREEM_SIGNIN_RATE_LIMIT ??= String(USERS * 10); // every reporter signs in from the same loopback address

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vitreem-load-'));
let dropUrl: string | null = null;
let dbUrl = process.env.DATABASE_URL;
if (dbUrl) {
  // a fresh database on the server, dropped afterwards
  const pg = (await import('pg')).default;
  const name = `vitreem_load_${randomBytes(4).toString('hex')}`;
  const c = new pg.Client({ connectionString: dbUrl });
  await c.connect();
  await c.query(`create database ${name}`);
  await c.end();
  dropUrl = dbUrl;
  const u = new URL(dbUrl);
  u.pathname = `/${name}`;
  dbUrl = u.toString();
}
const database = await openDatabase(dbUrl ? { databaseUrl: dbUrl, poolSize: 20 } : { dataDir: path.join(tmp, 'data') });
const db = database.db;
await migrateToLatest(db);
await seedBaseData(db);

// a province with USERS communes, a plan they report on, one reporter account per commune
const province = (await db.selectFrom('admin_unit').select('id').where('level', '=', 'province').orderBy('id').limit(1).executeTakeFirstOrThrow()).id;
await addCommunes(db, province, USERS, 'LOAD-');
const plan = await asSystem(db, 'bench', (trx) => createPlan(trx, province, ['13', '14']));
const adminId = await asSystem(db, 'bench', (trx) => createUser(trx, { username: 'load.admin', password: 'load-admin-password', grants: [{ role: 'system_admin' }] }));
const admin = await createSession(db, adminId);

const app = await buildApp({ database, serveWeb: false });
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

const gen = await fetch(`${base}/api/plans/${plan}/obligations?year=2024`, { method: 'POST', headers: { cookie: `vitreem_session=${admin.sessionId}`, 'x-csrf-token': admin.csrfToken, 'content-type': 'application/json' }, body: '{}' });
if (!gen.ok) throw new Error(`obligations: ${gen.status} ${await gen.text()}`);
const obligations = await db.selectFrom('obligation').select(['id', 'unit_id']).where('plan_id', '=', plan).where('year', '=', 2024).execute();
const communes = await db.selectFrom('admin_unit').select(['id', 'code']).where('code', 'like', 'LOAD-%').execute();
const byUnit = new Map(obligations.map((o) => [o.unit_id, o.id]));
const password = 'load-reporter-password';
const reporters: { username: string; obligationId: number }[] = [];
for (let i = 0; i < communes.length; i += 25) {
  await Promise.all(
    communes.slice(i, i + 25).map(async (c) => {
      const obligationId = byUnit.get(c.id);
      if (!obligationId) return;
      const username = `r.${c.code.toLowerCase()}`;
      await asSystem(db, 'bench', (trx) => createUser(trx, { username, password, grants: [{ role: 'unit_officer', unitId: c.id }] }));
      reporters.push({ username, obligationId });
    }),
  );
}
console.log(`load.reporters: ${reporters.length} count`);

interface Ctx {
  user?: { username: string; obligationId: number };
  cookie?: string;
  csrf?: string;
  version?: number;
  saves?: number;
  submitted?: boolean;
  submitting?: boolean;
}
let next = 0;
const acknowledged = new Set<number>();
const acknowledgements = { count: 0 };
const json = (body: string) => {
  try {
    return JSON.parse(body) as Record<string, any>;
  } catch {
    return {};
  }
};
const authHeaders = (c: Ctx) => ({ cookie: `vitreem_session=${c.cookie}`, 'x-csrf-token': c.csrf ?? '', 'content-type': 'application/json' });

const result = await autocannon({
  url: base,
  connections: reporters.length,
  duration: SECONDS,
  timeout: 20,
  requests: [
    {
      // sign in once per reporter (afterwards: the "who am I" call the web app makes)
      setupRequest: (req: any, c: Ctx) => {
        c.user ??= reporters[next++ % reporters.length];
        if (c.cookie) return { ...req, method: 'GET', path: '/api/session', headers: authHeaders(c) };
        return { ...req, method: 'POST', path: '/api/session', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: c.user.username, password }) };
      },
      onResponse: (status: number, _body: string, c: Ctx, headers: Record<string, string | string[]> | string[]) => {
        if (c.cookie || status !== 200) return;
        const list: string[] = [];
        if (Array.isArray(headers)) for (let i = 0; i < headers.length; i += 2) (String(headers[i]).toLowerCase() === 'set-cookie' ? list.push(String(headers[i + 1])) : null);
        else list.push(...([] as string[]).concat((headers['set-cookie'] as string | string[]) ?? []));
        for (const h of list) {
          const m = /^(vitreem_session|vitreem_csrf)=([^;]*)/.exec(h);
          if (m?.[1] === 'vitreem_session') c.cookie = m[2];
          if (m?.[1] === 'vitreem_csrf') c.csrf = decodeURIComponent(m[2]);
        }
      },
    },
    {
      setupRequest: (req: any, c: Ctx) => ({ ...req, method: 'GET', path: `/api/obligations/${c.user!.obligationId}`, headers: authHeaders(c) }),
      onResponse: (status: number, body: string, c: Ctx) => {
        if (status === 200) c.version = json(body).version;
      },
    },
    {
      // save a draft (three saves before submitting); after submission, read "my reports" instead
      setupRequest: (req: any, c: Ctx) => {
        if (c.submitted || c.version === undefined) return { ...req, method: 'GET', path: `/api/my/reports?planId=${plan}&year=2024`, headers: authHeaders(c) };
        const i = (c.saves ?? 0) + 1;
        return { ...req, method: 'PUT', path: `/api/obligations/${c.user!.obligationId}`, headers: authHeaders(c), body: JSON.stringify({ version: c.version, values: [{ measure: '13', value: i % 7 }, { measure: '14', numerator: 90 + i, denominator: 100 + i }] }) };
      },
      onResponse: (status: number, body: string, c: Ctx) => {
        if (status === 200 && !c.submitted) {
          c.saves = (c.saves ?? 0) + 1;
          c.version = json(body).version ?? c.version;
        }
      },
    },
    {
      // submit after three drafts; retries reuse the key (idempotent); later rounds replay it
      setupRequest: (req: any, c: Ctx) => {
        c.submitting = (c.saves ?? 0) >= 3 || Boolean(c.submitted);
        if (!c.submitting) return { ...req, method: 'GET', path: '/api/health', headers: {} };
        return { ...req, method: 'POST', path: `/api/obligations/${c.user!.obligationId}/submit`, headers: { ...authHeaders(c), 'idempotency-key': `load-${c.user!.obligationId}` }, body: '{}' };
      },
      onResponse: (status: number, body: string, c: Ctx) => {
        if (c.submitting && status === 200 && json(body).id === c.user!.obligationId) {
          c.submitted = true;
          acknowledged.add(c.user!.obligationId);
          acknowledgements.count++;
        }
      },
    },
  ],
} as any);

const stored = await db
  .selectFrom('obligation_event')
  .select(['obligation_id', (eb) => eb.fn.countAll<number>().as('n')])
  .where('action', '=', 'submit')
  .where('obligation_id', 'in', obligations.map((o) => o.id))
  .groupBy('obligation_id')
  .execute();
const storedIds = new Set(stored.map((s) => s.obligation_id));
const lost = [...acknowledged].filter((id) => !storedIds.has(id)).length;
const duplicated = stored.filter((s) => Number(s.n) > 1).length;
const submittedStatus = (await sql<{ n: number }>`select count(*)::int as n from obligation where plan_id = ${plan} and status = 'submitted'`.execute(db)).rows[0].n;

const errors = result.errors + result.timeouts + result.non2xx;
console.log(`load.database: ${database.kind}`);
console.log(`load.duration: ${SECONDS} s`);
console.log(`load.connections: ${reporters.length} count`);
console.log(`load.requests: ${result.requests.total} count`);
console.log(`load.requests_per_sec: ${result.requests.average.toFixed(1)} req/s`);
console.log(`load.latency_p50: ${result.latency.p50} ms`);
console.log(`load.latency_p95: ${(result.latency as any).p95 ?? result.latency.p97_5} ms`);
console.log(`load.latency_p99: ${result.latency.p99} ms`);
console.log(`load.errors: ${errors} count`);
console.log(`load.non2xx: ${result.non2xx} count`);
console.log(`load.acknowledged_submissions: ${acknowledged.size} count`);
console.log(`load.acknowledgements_incl_replays: ${acknowledgements.count} count`);
console.log(`load.stored_submissions: ${stored.length} count`);
console.log(`load.obligations_submitted: ${submittedStatus} count`);
console.log(`load.lost_submissions: ${lost} count`);
console.log(`load.duplicated_submissions: ${duplicated} count`);

await app.close();
await database.close();
fs.rmSync(tmp, { recursive: true, force: true });
if (dropUrl) {
  const pg = (await import('pg')).default;
  const c = new pg.Client({ connectionString: dropUrl });
  await c.connect();
  await c.query(`drop database if exists ${new URL(dbUrl!).pathname.slice(1)} with (force)`);
  await c.end();
}
process.exit(lost === 0 && duplicated === 0 ? 0 : 1);
