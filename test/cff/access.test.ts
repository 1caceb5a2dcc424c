/**
 * Real accounts: a commune's assessor works on its own commune only, today only; the province's
 * officer recognises its communes (after July 2025 the province is the recognising level);
 * nobody else can.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestContext, type Client, type TestContext } from '../helpers/context.ts';
import { createNamDong, FILES, multipart, type Fixture } from './fixtures.ts';

let ctx: TestContext;
let fx: Fixture;
let assessor: Client;
let officer: Client;
let outsider: Client;
let otherCommune: number;
const year = Number(new Date(Date.now() + 7 * 3600 * 1000).toISOString().slice(0, 4));

before(async () => {
  ctx = await createTestContext();
  fx = await createNamDong(ctx.database.db);
  otherCommune = (await ctx.database.db.insertInto('admin_unit').values({ code: 'T29998', name: 'Long Quảng', full_name: 'xã Long Quảng', kind: 'xã', level: 'commune', parent_id: fx.hue, valid_from: '2025-07-01', valid_to: null, note: 'cff test fixture' }).returning('id').executeTakeFirstOrThrow()).id;
  const other = (await ctx.database.db.insertInto('admin_unit').values({ code: 'T-OTHER', name: 'Tỉnh khác', full_name: null, kind: 'tỉnh', level: 'province', parent_id: null, valid_from: '2025-07-01', valid_to: null, note: 'cff test fixture' }).returning('id').executeTakeFirstOrThrow()).id;
  assessor = await ctx.sessionFor(await ctx.createUser({ username: 'canbo.khetre', grants: [{ role: 'cff_assessor', unitId: fx.merged }] }));
  officer = await ctx.sessionFor(await ctx.createUser({ username: 'so.hue', grants: [{ role: 'unit_officer', unitId: fx.hue }] }));
  outsider = await ctx.sessionFor(await ctx.createUser({ username: 'so.khac', grants: [{ role: 'unit_officer', unitId: other }] }));
});
after(async () => ctx.close());

const FULL = ['1.1', '1.2', '1.3', '1.4', '11.2', '12.1', '12.2'].map((code) => ({ code, value: 1 }))
  .concat([['2.1', 100], ['3.1', 0], ['4.1', 0], ['5.1', 0], ['6.1', 96], ['6.2', 100], ['7.1', 99], ['8.1', 4], ['8.2', 9], ['9.1', 95], ['10.1', 99.5], ['10.2', 0.5], ['11.1', 75], ['13.1', 85]].map(([code, value]) => ({ code: String(code), value: Number(value) })));

test('the assessor registers, fills and submits its own commune, today only', async () => {
  const foreign = await assessor.request({ method: 'POST', url: '/api/cff/registrations', payload: { unitId: otherCommune, year } });
  assert.equal(foreign.statusCode, 403);
  const backdated = await assessor.request({ method: 'POST', url: '/api/cff/registrations', payload: { unitId: fx.merged, year, on: `${year}-01-02` } });
  assert.equal(backdated.statusCode, 403);
  assert.equal(backdated.json.error.code, 'backdating_forbidden');
  const r = await assessor.request({ method: 'POST', url: '/api/cff/registrations', payload: { unitId: fx.merged, year } });
  assert.equal(r.statusCode, 201, r.body);
  const id = r.json.id;
  assert.equal((await assessor.request({ method: 'PUT', url: `/api/cff/registrations/${id}/assessment`, payload: { items: FULL } })).statusCode, 200);
  const { payload, headers } = multipart('minh-chung.png', FILES.png, 'image/png');
  const up = await assessor.request({ method: 'POST', url: `/api/cff/registrations/${id}/evidence?items=1.1,1.2,1.3,1.4,6.2,11.2,12.2,13.1`, payload, headers });
  assert.equal(up.statusCode, 201, up.body);
  assert.equal((await assessor.request({ method: 'POST', url: `/api/cff/registrations/${id}/submit`, payload: {} })).statusCode, 200);
  // the assessor cannot recognise itself
  const self = await assessor.request({ method: 'POST', url: `/api/cff/registrations/${id}/decision`, payload: { kind: 'recognised', byUnitId: fx.hue } });
  assert.equal(self.statusCode, 403);
  // another province's officer is out of scope
  const out = await outsider.request({ method: 'POST', url: `/api/cff/registrations/${id}/decision`, payload: { kind: 'recognised' } });
  assert.equal(out.statusCode, 403);
  // Huế's officer recognises (deciding unit = its own unit by default) and sees it in indicator 1
  const queue = await officer.request({ url: `/api/cff/queue?unitId=${fx.hue}&year=${year}` });
  assert.deepEqual(queue.json.items.map((i: any) => i.id), [id]);
  const ok = await officer.request({ method: 'POST', url: `/api/cff/registrations/${id}/decision`, payload: { kind: 'recognised', number: '88/QĐ-UBND' } });
  assert.equal(ok.statusCode, 201, ok.body);
  const share = await officer.request({ url: `/api/cff/indicator1?unitId=${fx.hue}&year=${year}` });
  assert.equal(share.json.numerator, 1);
  assert.ok(share.json.denominator >= 2);
  // the officer may not claim another unit as the decider
  const file = await assessor.request({ url: `/api/cff/registrations/${id}` });
  assert.equal(file.json.registration.status, 'recognised');
  const claim = await officer.request({ method: 'POST', url: `/api/cff/registrations/${id}/withdraw`, payload: { byUnitId: fx.province, reason: 'thử' } });
  assert.equal(claim.statusCode, 403);
  assert.equal(claim.json.error.code, 'not_your_unit');
});

test('anonymous callers get 401 and standards are writable by administrators only', async () => {
  const anon = await ctx.request({ url: '/api/cff/standards', anonymous: true });
  assert.equal(anon.statusCode, 401);
  const std = await officer.request({ url: '/api/cff/standards/QD06-2019' });
  assert.equal(std.statusCode, 200);
  const { id: _i, version: _v, ...body } = std.json;
  const put = await officer.request({ method: 'PUT', url: '/api/cff/standards/QD06-2019', payload: body });
  assert.equal(put.statusCode, 403);
});
