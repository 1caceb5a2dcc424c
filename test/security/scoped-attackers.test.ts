/**
 * Attackers who hold SOME rights (issue #13): a system administrator granted on one province, an API
 * token with users.admin on one commune, a child-protection supervisor of a province, an agency
 * reporter of a commune. Every attack class of the independent attack run, counted: successes must be 0.
 * Then a scan of the whole audit log for the seeded children's names and ID numbers: none may be there.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestContext, type Client, type TestContext } from '../helpers/context.ts';
import { childBody, createPeople, createUnits, type People, type Units } from '../register/fixtures.ts';
import { Counter } from './harness.ts';
import { asSystem } from '../../src/storage/users.ts';
import { createApiToken } from '../../src/storage/sessions.ts';
import { PERMISSIONS } from '../../src/api/access.ts';

let ctx: TestContext;
let u: Units;
let p: People;
let provinceAdmin: Client;
let provinceAdminId: number;
let token: string;
let otherProvince: number;
let otherOfficerId: number;
let health: number;
let education: number;
let reporter: Client;
const CHILDREN = [
  { fullName: 'Quàng Thị Mai Phương', idNumber: '011215000123' },
  { fullName: 'Lò Văn Khánh', idNumber: '011214000456' },
  { fullName: 'Cầm Thị Ngọc Ánh', idNumber: '011216000789' },
];

before(async () => {
  ctx = await createTestContext();
  u = await createUnits(ctx);
  p = await createPeople(ctx, u);
  const db = ctx.database.db;
  otherProvince = (await db.insertInto('admin_unit').values({ code: `OTHER-${u.province}`, name: 'Tỉnh Lai Châu (thử)', full_name: null, kind: null, level: 'province', parent_id: null, note: null }).returning('id').executeTakeFirstOrThrow()).id;
  health = (await db.insertInto('agency').values({ unit_id: u.communeA, name: 'Trạm Y tế xã Quài Cang', short_name: null, sector: 'health', valid_to: null }).returning('id').executeTakeFirstOrThrow()).id;
  education = (await db.insertInto('agency').values({ unit_id: u.communeA, name: 'Trường Tiểu học Quài Cang', short_name: null, sector: 'education', valid_to: null }).returning('id').executeTakeFirstOrThrow()).id;
  const admin = await ctx.createUser({ username: 'th.admin', grants: [{ role: 'system_admin', unitId: u.province }] });
  provinceAdminId = admin.id;
  provinceAdmin = await ctx.sessionFor(admin);
  otherOfficerId = (await ctx.createUser({ username: 'lc.officer', grants: [{ role: 'unit_officer', unitId: otherProvince }] })).id;
  const rep = await ctx.createUser({ username: 'qc.health', grants: [{ role: 'agency_reporter', unitId: u.communeA, agencyId: health }] });
  reporter = await ctx.sessionFor(rep);
  token = (await asSystem(db, 'test', (trx) => createApiToken(trx, { name: 'commune users token', scopes: ['users.admin', 'units.read'], unitId: u.communeA, agencyId: null, createdBy: null, expiresAt: null }))).token;
  for (const c of CHILDREN) {
    const r = await p.workerA.request({ method: 'POST', url: '/api/children', payload: childBody(u.communeA, { ...c, confirmNotDuplicate: true }) });
    assert.equal(r.statusCode, 201, r.body);
  }
  // the case worker searches by name and by ID number (what the audit log must not keep in clear)
  for (const q of [CHILDREN[0].fullName, 'quang thi', CHILDREN[1].idNumber]) assert.equal((await p.workerA.request({ url: `/api/children?unitId=${u.communeA}&q=${encodeURIComponent(q)}` })).statusCode, 200);
});
after(async () => ctx.close());

const withToken = (o: { method?: string; url: string; payload?: unknown }) => ctx.request({ ...o, headers: { authorization: `Bearer ${token}` } });

test('a province-scoped system administrator (and a commune-scoped users.admin token) cannot act nationally', async () => {
  const counter = new Counter('scoped_admin');
  for (const [who, call] of [['province admin', (o: { method?: string; url: string; payload?: unknown }) => provinceAdmin.request(o)], ['commune token', withToken]] as const) {
    const selfId = who === 'province admin' ? provinceAdminId : null;
    if (selfId) {
      const r = await call({ method: 'PUT', url: `/api/users/${selfId}/grants`, payload: { grants: [{ role: 'system_admin', unitId: null }] } });
      counter.attempt(r.statusCode < 400, `${who}: makes itself national → ${r.statusCode}`);
    }
    const created = await call({ method: 'POST', url: '/api/users', payload: { username: `evil.${who.length}`, password: 'a-very-long-password-1', grants: [{ role: 'system_admin', unitId: null }] } });
    counter.attempt(created.statusCode < 400, `${who}: creates a national admin → ${created.statusCode}`);
    const reset = await call({ method: 'POST', url: `/api/users/${ctx.admin.id}/password`, payload: { password: 'taken-over-password-1' } });
    counter.attempt(reset.statusCode < 400, `${who}: resets the national admin's password → ${reset.statusCode}`);
    const other = await call({ method: 'POST', url: `/api/users/${otherOfficerId}/deactivate` });
    counter.attempt(other.statusCode < 400, `${who}: deactivates another province's officer → ${other.statusCode}`);
    const tok = await call({ method: 'POST', url: '/api/tokens', payload: { name: 'all', scopes: [...PERMISSIONS] } });
    counter.attempt(tok.statusCode < 400, `${who}: national token with every scope → ${tok.statusCode}`);
    for (const url of ['/api/audit', '/api/system/backup']) {
      const r = await call({ url });
      counter.attempt(r.statusCode < 400, `${who}: GET ${url} → ${r.statusCode}`);
    }
    const restore = await call({ method: 'POST', url: '/api/system/restore?confirm=replace-all-data', payload: {} });
    counter.attempt(restore.statusCode !== 403 && restore.statusCode !== 401, `${who}: restore passes the access check → ${restore.statusCode}`);
    const users = await call({ url: '/api/users' });
    const listed = (users.json?.users ?? []) as { id: number }[];
    counter.attempt(listed.some((x) => x.id === ctx.admin.id || x.id === otherOfficerId), `${who}: GET /api/users lists accounts outside its scope`);
    const tokens = await call({ url: '/api/tokens' });
    counter.attempt(((tokens.json?.tokens ?? []) as { unitId: number | null }[]).some((t) => t.unitId === null), `${who}: GET /api/tokens lists national tokens`);
  }
  counter.report();
  assert.equal(counter.successes, 0);
  // positive controls: the province administrator still administers its province
  const mine = await provinceAdmin.request({ method: 'POST', url: '/api/users', payload: { username: 'qc.officer', grants: [{ role: 'unit_officer', unitId: u.communeA }] } });
  assert.equal(mine.statusCode, 201, mine.body);
  const listed = await provinceAdmin.request({ url: '/api/users' });
  assert.equal(listed.statusCode, 200, listed.body);
  assert.ok((listed.json.users as { username: string }[]).some((x) => x.username === 'qc.officer'));
  const scopedToken = await provinceAdmin.request({ method: 'POST', url: '/api/tokens', payload: { name: 'province reports', scopes: ['reports.read'], unitId: u.province } });
  assert.equal(scopedToken.statusCode, 201, scopedToken.body);
  const db = ctx.database.db;
  const national = await db.selectFrom('user_grant').select('user_id').where('role', '=', 'system_admin').where('unit_id', 'is', null).execute();
  assert.deepEqual(national.map((n) => n.user_id), [ctx.admin.id]);
});

test('a province supervisor lists and exports no child of the province that was not referred to it; the list and the single check agree', async () => {
  const counter = new Counter('province_supervisor');
  const names = CHILDREN.map((c) => c.fullName);
  for (const url of [`/api/children?unitId=${u.province}`, `/api/children?unitId=${u.province}&q=${encodeURIComponent('Quàng')}`, `/api/children?unitId=${u.district}`, `/api/cases?unitId=${u.province}`]) {
    const r = await p.provinceSupervisor.request({ url });
    counter.attempt(r.statusCode === 200 && names.some((n) => r.body.includes(n)), `GET ${url} → ${r.statusCode} with names`);
  }
  const exp = await p.provinceSupervisor.request({ method: 'POST', url: '/api/children/export', payload: { unitId: u.province, reason: 'kiểm tra định kỳ của tỉnh', password: 'mat-khau-dai-du-10' } });
  if (exp.statusCode === 200) {
    const entry = await ctx.database.db.selectFrom('audit_log').select('detail').where('action', '=', 'export').orderBy('id', 'desc').executeTakeFirst();
    counter.attempt(Number((entry?.detail as { count?: number } | undefined)?.count ?? 0) > 0, 'export of the province holds children');
  }
  const child = (await p.workerA.request({ url: `/api/children?unitId=${u.communeA}` })).json.items[0] as { id: number };
  const one = await p.provinceSupervisor.request({ url: `/api/children/${child.id}` });
  counter.attempt(one.statusCode === 200, `GET /api/children/${child.id} → ${one.statusCode}`);
  // another commune's case worker, the district "case worker", a viewer: nothing either
  for (const who of [p.workerB, p.districtWorker, p.viewer]) {
    const r = await who.request({ url: `/api/children?unitId=${u.communeA}` });
    counter.attempt(r.statusCode === 200 && names.some((n) => r.body.includes(n)), `another role lists commune A → ${r.statusCode}`);
  }
  counter.report();
  assert.equal(counter.successes, 0);
  // positive control: the commune's own worker and supervisor see them
  const own = await p.supervisorA.request({ url: `/api/children?unitId=${u.communeA}` });
  assert.equal(own.statusCode, 200);
  assert.equal(own.json.items.length, CHILDREN.length);
});

test("an agency reporter cannot write the commune's narrative (the unit's own report text)", async () => {
  const counter = new Counter('other_agency');
  const r = await reporter.request({ method: 'PUT', url: `/api/reports/${u.communeA}/2025/annual/narrative`, payload: { sections: [{ title: 'Kết quả', body: 'ghi đè' }] } });
  counter.attempt(r.statusCode < 400, `narrative → ${r.statusCode}`);
  counter.report();
  assert.equal(counter.successes, 0);
  void education;
});

test("the audit log holds no child's name or personal ID number in clear (searches are keyed hashes)", async () => {
  const { rows } = await sql<{ t: string }>`select coalesce(detail::text, '') || coalesce(before::text, '') || coalesce(after::text, '') as t from audit_log`.execute(ctx.database.db);
  const text = rows.map((r) => r.t).join('\n').normalize('NFC').toLowerCase();
  const found: string[] = [];
  for (const c of CHILDREN) {
    for (const secret of [c.fullName.toLowerCase(), c.idNumber, 'quang thi']) if (text.includes(secret)) found.push(secret);
  }
  assert.deepEqual(found, []);
  const searches = await ctx.database.db.selectFrom('audit_log').select('detail').where('table_name', '=', 'child').where('action', '=', 'read').execute();
  assert.ok(searches.some((s) => typeof (s.detail as { search?: unknown })?.search === 'string'), 'a search is recorded as its keyed hash');
});
