import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestContext, type TestContext, type Client } from '../helpers/context.ts';
import { childBody, createPeople, createUnits, type People, type Units } from './fixtures.ts';

let ctx: TestContext;
let u: Units;
let p: People;
let communeC: number;
let workerC: Client;
before(async () => {
  ctx = await createTestContext();
  u = await createUnits(ctx);
  p = await createPeople(ctx, u);
  communeC = (await ctx.database.db.insertInto('admin_unit').values({ code: `XC-${Date.now()}`, name: 'Xã Chiềng Sinh', full_name: null, kind: null, level: 'commune', parent_id: u.district, note: null }).returning('id').executeTakeFirstOrThrow()).id;
  workerC = await ctx.sessionFor({ id: (await ctx.createUser({ username: 'worker_c', grants: [{ role: 'case_worker', unitId: communeC } as never] })).id, username: 'worker_c' });
  // commune C: 40 children, 10 with disabilities, 4 sexually abused (2025), 6 of the 14 supported in 2025
  const header = 'Họ và tên,Ngày sinh,Giới tính,Hoàn cảnh đặc biệt';
  const rows = Array.from({ length: 40 }, (_, i) => `Trẻ Thứ ${String.fromCharCode(65 + (i % 26))}${i},0${1 + (i % 9)}/0${1 + (i % 9)}/${2011 + (i % 12)},${i % 2 ? 'Nam' : 'Nữ'},${i < 10 ? '4' : i < 14 ? '11' : ''}`);
  const imp = await workerC.request({ method: 'POST', url: '/api/children/import', payload: { unitId: communeC, filename: 'c.csv', content: [header, ...rows].join('\n'), registeredOn: '2025-03-01' } });
  assert.equal(imp.statusCode, 200, imp.body);
  for (const id of imp.json.ids.slice(8, 14)) {
    const s = await workerC.request({ method: 'POST', url: `/api/children/${id}/supports`, payload: { kind: 'assistance', date: '2025-06-01', provider: 'UBND xã' } });
    assert.equal(s.statusCode, 201, s.body);
  }
  // commune A: 3 children (a small count)
  for (const [i, name] of ['Vàng A Chứ', 'Vàng Thị Mỷ', 'Vàng A Sính'].entries())
    assert.equal((await p.workerA.request({ method: 'POST', url: '/api/children', payload: childBody(u.communeA, { fullName: name, birthDate: `201${i}-05-05` }) })).statusCode, 201);
});
after(async () => ctx.close());

test('a case worker of commune A cannot read or list commune C’s children', async () => {
  const list = await workerC.request({ url: `/api/children?unitId=${communeC}` });
  assert.equal(list.json.items.length, 40);
  const id = list.json.items[0].id;
  assert.equal((await p.workerA.request({ url: `/api/children/${id}` })).statusCode, 403);
  assert.equal((await p.workerA.request({ url: `/api/children?unitId=${communeC}` })).statusCode, 403);
  assert.equal((await p.workerA.request({ method: 'PATCH', url: `/api/children/${id}`, payload: { fullName: 'Đổi Tên' } })).statusCode, 403);
  const row = await workerC.request({ url: `/api/children/${id}` });
  assert.notEqual(row.json.fullName, 'Đổi Tên');
  // a supervisor of the district has no child-level access without a referral, nor does an administrator
  assert.equal((await p.provinceSupervisor.request({ url: `/api/children/${id}` })).statusCode, 403);
  assert.equal((await ctx.request({ url: `/api/children/${id}` })).statusCode, 403);
  // no read audited for the refused ones
  const reads = await ctx.database.db.selectFrom('audit_log').select('actor_name').where('action', '=', 'read').where('row_id', '=', String(id)).execute();
  assert.deepEqual(reads.map((r) => r.actor_name), ['worker_c']);
});

test('the viewer sees counts only, with counts below 5 suppressed, and the rule stated', async () => {
  assert.equal((await p.viewer.request({ url: `/api/children?unitId=${communeC}` })).statusCode, 403);
  const r = await p.viewer.request({ url: `/api/register/counts?unitId=${u.province}&year=2025` });
  assert.equal(r.statusCode, 200, r.body);
  assert.match(r.json.rule.vi, /dưới 5/);
  const c = r.json.units.find((x: { unitId: number }) => x.unitId === communeC);
  assert.deepEqual({ children: c.children, special: c.special, specialSupported: c.specialSupported, abused: c.abused }, { children: 40, special: 14, specialSupported: 6, abused: null });
  const a = r.json.units.find((x: { unitId: number }) => x.unitId === u.communeA);
  assert.equal(a.children, null, '3 children in commune A: suppressed');
  assert.equal(r.json.total.children, 43);
  assert.ok(!r.body.includes('Vàng'), 'no names');
});

test('indicators 8a, 8b and 9 come from the register, offered for the report form, suppressed when they leave the unit', async () => {
  const inside = await workerC.request({ url: `/api/register/indicators?unitId=${communeC}&year=2025` });
  assert.equal(inside.statusCode, 403, 'a case worker has no dashboard right');
  const v = await p.viewer.request({ url: `/api/register/indicators?unitId=${communeC}&year=2025` });
  assert.equal(v.statusCode, 200, v.body);
  assert.equal(v.json.status, 'proposed');
  assert.equal(v.json.internal, null);
  const byCode = Object.fromEntries(v.json.values.map((x: { measure: string }) => [x.measure, x]));
  assert.deepEqual([byCode['8a'].numerator, byCode['8a'].denominator, byCode['8a'].value], [14, 40, 35]);
  assert.deepEqual([byCode['8b'].numerator, byCode['8b'].denominator, byCode['8b'].value], [6, 14, 42.86]);
  assert.deepEqual([byCode['9'].numerator, byCode['9'].value, byCode['9'].suppressed], [null, null, true]);
  // the unit's own supervisor sees the exact figures as well (they do not leave the unit)
  const supC = await ctx.sessionFor({ id: (await ctx.createUser({ username: 'sup_c', grants: [{ role: 'cp_supervisor', unitId: communeC } as never, { role: 'viewer', unitId: communeC } as never] })).id, username: 'sup_c' });
  const own = await supC.request({ url: `/api/register/indicators?unitId=${communeC}&year=2025` });
  assert.equal(own.json.internal.find((x: { measure: string }) => x.measure === '9').numerator, 4);
  // other years: children born after the year are not counted, circumstances of 2025 not in 2024
  const y2024 = await p.viewer.request({ url: `/api/register/counts?unitId=${communeC}&year=2024` });
  assert.equal(y2024.json.total.special, null);
});

test('consent: the child from 7 years old; recorded consents are listed', async () => {
  const r = await p.workerA.request({ method: 'POST', url: '/api/children', payload: childBody(u.communeA, { fullName: 'Sùng A Tủa', birthDate: '2019-01-01', legalBasis: 'consent', consent: { parent: { givenBy: 'Sùng A Páo', givenOn: '2025-03-01' } } }) });
  assert.equal(r.statusCode, 201, '6 years old: the parent consents alone');
  const c = await p.workerA.request({ method: 'POST', url: `/api/children/${r.json.id}/consents`, payload: { party: 'child', givenOn: '2026-01-02', purpose: 'register' } });
  assert.equal(c.statusCode, 201);
  const rec = await p.workerA.request({ url: `/api/children/${r.json.id}` });
  assert.deepEqual(rec.json.consents.map((x: { party: string }) => x.party), ['parent', 'child']);
});
