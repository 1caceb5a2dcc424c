/**
 * SQL injection payloads in every path parameter, query field and text field of every route,
 * sent as the administrator (the widest reach). A success is a 500, a database error message or
 * a password hash in a response, or damage to the tables afterwards.
 */
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { Counter, createWorld, endsSession, objectShape, paramCandidates, sampleValue, schemaOf, zodType, type World } from './harness.ts';

let world: World;
before(async () => {
  world = await createWorld();
});
after(async () => world.ctx.close());

export const SQL_PAYLOADS = [
  "' OR '1'='1",
  "' OR 1=1 --",
  "1; DROP TABLE admin_unit; --",
  "'; DROP TABLE app_user; --",
  "' UNION SELECT password_hash, null, null FROM app_user --",
  "1' AND (SELECT count(*) FROM app_user) > 0 --",
  "$$; delete from audit_log; $$",
  "%' AND 1=1 AND '%'='",
  "\\'; select pg_sleep(0); --",
  "admin'--",
  "1)) OR ((1=1",
  "\u0000",
  "𝕏 ' \" ` ; -- /* */",
];

/** a real hash, a database error or a stack trace (the key names alone are fine: the audit log shows them redacted) */
const LEAK = /\$argon2|"(token|password)_hash":"(?!\[redacted)|syntax error|pg_catalog|relation "|at Object\.|node_modules/;

async function tableCounts(): Promise<Record<string, number>> {
  const db = world.ctx.database.db;
  const out: Record<string, number> = {};
  for (const t of ['admin_unit', 'app_user', 'user_grant', 'plan', 'agency']) {
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(t)}`.execute(db);
    out[t] = rows[0].n;
  }
  // the national catalogue (plans may legitimately add their own local indicators)
  out.indicator = (await sql<{ n: number }>`select count(*)::int as n from indicator where scope_plan_id is null`.execute(db)).rows[0].n;
  out.measure = (await sql<{ n: number }>`select count(*)::int as n from measure m join indicator i on i.id = m.indicator_id where i.scope_plan_id is null`.execute(db)).rows[0].n;
  return out;
}

test('SQL injection in every parameter, query and text field: no 500, no leak, tables intact', async () => {
  const counter = new Counter('sql_injection');
  const statuses = new Map<number, number>();
  const before = await tableCounts();
  const auditBefore = (await sql<{ n: number }>`select count(*)::int as n from audit_log`.execute(world.ctx.database.db)).rows[0].n;
  const send = async (method: string, url: string, payload: unknown, label: string) => {
    const r = await world.ctx.request({ method, url, payload });
    statuses.set(r.statusCode, (statuses.get(r.statusCode) ?? 0) + 1);
    // a finding names the request id: the server logged the cause of a 500 under it (stderr)
    counter.attempt(r.statusCode >= 500 || LEAK.test(r.body), `${label} → ${r.statusCode} (request ${String(r.headers['x-request-id'])}) ${r.body.slice(0, 160)}`);
  };
  for (const route of world.routes) {
    if (endsSession(route) || route.access === 'public' && route.url === '/api/session' && route.method === 'POST') continue;
    const names = [...route.url.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]);
    const fill = (except?: string, value?: string) =>
      names.reduce((u, n) => u.replace(`:${n}`, encodeURIComponent(String(n === except ? value : paramCandidates(world, route.url, n)[0]))), route.url);
    const bodyShape = objectShape(schemaOf(route, 'body'));
    const queryShape = objectShape(schemaOf(route, 'querystring'));
    const hasBody = ['POST', 'PUT', 'PATCH', 'DELETE'].includes(route.method);
    const baseBody = bodyShape ? (sampleValue(schemaOf(route, 'body'), 'texte ordinaire') as Record<string, unknown>) : undefined;
    for (const payload of SQL_PAYLOADS) {
      for (const n of names) await send(route.method, fill(n, payload), hasBody ? baseBody : undefined, `${route.method} ${route.url} :${n}`);
      const queryKeys = new Set([...(queryShape ? Object.keys(queryShape) : []), 'q', 'search']);
      for (const k of queryKeys) {
        const qs = `${k}=${encodeURIComponent(payload)}`;
        await send(route.method, `${fill()}?${qs}`, hasBody ? baseBody : undefined, `${route.method} ${route.url} ?${k}`);
      }
      if (bodyShape) {
        for (const [k, field] of Object.entries(bodyShape)) {
          const t = zodType(field);
          if (t !== 'string' && t !== 'object' && t !== 'array') continue;
          await send(route.method, fill(), { ...baseBody, [k]: sampleValue(field, payload) }, `${route.method} ${route.url} body.${k}`);
        }
      }
    }
  }
  counter.report();
  console.log(`security.sql_injection_statuses: ${[...statuses].map(([s, n]) => `${s}×${n}`).join(' ')}`);
  const after = await tableCounts();
  // every table still answers (tableCounts would throw on a dropped one); the catalogue is untouched and no unit
  // is lost (the administrator's POST /api/units legitimately creates units named by the payloads; plans and
  // agencies may be deleted legitimately by the administrator's DELETE routes during the run)
  for (const t of ['indicator', 'measure']) assert.equal(after[t], before[t], `${t} intact`);
  assert.ok(after.admin_unit >= before.admin_unit, 'no unit lost');
  assert.ok(after.app_user >= before.app_user, 'no users lost');
  const auditAfter = (await sql<{ n: number }>`select count(*)::int as n from audit_log`.execute(world.ctx.database.db)).rows[0].n;
  assert.ok(auditAfter >= auditBefore, 'audit log not shortened');
  assert.equal((await world.ctx.request({ url: '/api/session' })).statusCode, 200, 'the administrator stayed signed in (the attack really ran as admin)');
  assert.ok(counter.attempts > 100);
  assert.equal(counter.successes, 0);
});

test('text is stored verbatim (no server-side mangling) and returned as JSON under a strict CSP', async () => {
  const counter = new Counter('stored_xss_api');
  const nasty = [`<script>alert('${world.canary}')</script>`, '<img src=x onerror=alert(1)>', '"><svg/onload=alert(1)>', "javascript:alert(1)", '{{constructor.constructor("alert(1)")()}}'];
  for (const text of nasty) {
    const r = await world.ctx.request({ method: 'POST', url: '/api/users', payload: { username: `xss.${counter.attempts}`, displayName: text, password: 'mật khẩu đủ dài 123' } });
    assert.equal(r.statusCode, 201, r.body);
    const back = await world.ctx.request({ url: `/api/users/${r.json.user.id}` });
    assert.equal(back.json.user.displayName, text, 'verbatim');
    assert.match(String(back.headers['content-type']), /^application\/json/);
    assert.match(String(back.headers['content-security-policy']), /script-src 'self'(;|$)/);
    counter.attempt(!String(back.headers['content-type']).startsWith('application/json'), `served as ${back.headers['content-type']}`);
  }
  counter.report();
  assert.equal(counter.successes, 0);
});
