/**
 * The duplicate check is no existence oracle (issue #13 point 9): a case worker of another commune learns
 * nothing about a child of commune A from POST /api/children/duplicates or from registering — the answer for
 * a registered personal ID number is the same as for one nobody has.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestContext, type TestContext } from '../helpers/context.ts';
import { childBody, createPeople, createUnits, type People, type Units } from '../register/fixtures.ts';
import { Counter } from './harness.ts';

let ctx: TestContext;
let u: Units;
let p: People;
const ID = '001215012345';
const NOBODY = '001215099999';
const counter = new Counter('duplicates-oracle');

before(async () => {
  ctx = await createTestContext();
  u = await createUnits(ctx);
  p = await createPeople(ctx, u);
  const r = await p.workerA.request({ method: 'POST', url: '/api/children', payload: childBody(u.communeA, { fullName: 'Quàng Thị Mai', birthDate: '2016-02-29', idNumber: ID }) });
  assert.equal(r.statusCode, 201, r.body);
});
after(async () => {
  counter.report();
  assert.equal(counter.successes, 0, counter.findings.join('\n'));
  await ctx.close();
});

/** the answer without anything that varies per call */
const shape = (body: unknown) => JSON.stringify(body);

test('POST /api/children/duplicates from another commune: the same answer for a registered ID number and an unknown one', async () => {
  // the positive control: the child's own commune sees the match
  const own = await p.workerA.request({ method: 'POST', url: '/api/children/duplicates', payload: { unitId: u.communeA, fullName: 'Ai đó', birthDate: '2010-01-01', idNumber: ID } });
  assert.equal(own.statusCode, 200);
  assert.ok(own.json.duplicates.some((d: { reasons: string[] }) => d.reasons.includes('same_id_number')), 'the own commune finds the child');
  for (const probe of [
    { fullName: 'Ai đó', birthDate: '2010-01-01' },
    { fullName: 'Quàng Thị Mai', birthDate: '2016-02-29' },
    { fullName: 'Quang Thi Mai', birthDate: '2016-02-29' },
  ]) {
    const known = await p.workerB.request({ method: 'POST', url: '/api/children/duplicates', payload: { unitId: u.communeB, ...probe, idNumber: ID } });
    const unknown = await p.workerB.request({ method: 'POST', url: '/api/children/duplicates', payload: { unitId: u.communeB, ...probe, idNumber: NOBODY } });
    assert.equal(known.statusCode, 200, known.body);
    counter.attempt(shape(known.json) !== shape(unknown.json), `duplicates answer differs: ${known.body} vs ${unknown.body}`);
    counter.attempt(known.body.includes(String(u.communeA)) || /hidden|same_id_number/.test(known.body), `duplicates answer names the commune or the match: ${known.body}`);
  }
  // asking about commune A itself is refused, whatever the ID number
  const direct = await p.workerB.request({ method: 'POST', url: '/api/children/duplicates', payload: { unitId: u.communeA, fullName: 'Ai đó', birthDate: '2010-01-01', idNumber: ID } });
  counter.attempt(direct.statusCode === 200, `duplicates in commune A: ${direct.statusCode}`);
});

test('registering in another commune: the "likely duplicate" answer never names a child the caller cannot see', async () => {
  const r = await p.workerB.request({ method: 'POST', url: '/api/children', payload: childBody(u.communeB, { fullName: 'Quàng Thị Mai', birthDate: '2016-02-29' }) });
  counter.attempt(r.statusCode === 409 && r.json.error.code === 'likely_duplicate', `likely_duplicate from another commune: ${r.body}`);
  counter.attempt(r.body.includes(String(u.communeA)), 'the answer names commune A');
});

const OTHER_ID = '001215054321';

test('registering in another commune with an ID number commune A already has: the same answer as a new number, and a flag for the province supervisor only', async () => {
  const known = await p.workerB.request({ method: 'POST', url: '/api/children', payload: childBody(u.communeB, { fullName: 'Lường Văn Khánh', birthDate: '2014-07-01', sex: 'male', idNumber: ID }) });
  const unknown = await p.workerB.request({ method: 'POST', url: '/api/children', payload: childBody(u.communeB, { fullName: 'Cầm Thị Ngọc', birthDate: '2014-07-01', idNumber: NOBODY }) });
  assert.equal(unknown.statusCode, 201, unknown.body);
  counter.attempt(known.statusCode !== 201, `registering a known ID number elsewhere answers ${known.statusCode}: ${known.body.slice(0, 200)}`);
  counter.attempt(JSON.stringify(Object.keys(known.json ?? {}).sort()) !== JSON.stringify(Object.keys(unknown.json).sort()), 'the two answers differ in shape');
  counter.attempt(/id_number_exists|đã có trong sổ|already registered/.test(known.body), `the answer reveals the other record: ${known.body.slice(0, 200)}`);
  counter.attempt(known.body.includes(String(u.communeA)) || known.body.includes('Quàng'), 'the answer names commune A or its child');
  const newId = known.json.id as number;
  const original = (await ctx.database.db.selectFrom('child').select('id').where('unit_id', '=', u.communeA).orderBy('id').executeTakeFirstOrThrow()).id;

  // the flag: one row, ids only; nobody in commune B or A alone sees it, the province supervisor does
  const rows = await ctx.database.db.selectFrom('child_duplicate_flag').selectAll().execute();
  assert.deepEqual(rows.map((f) => [f.child_id, f.other_child_id, f.reason, f.resolution]), [[newId, original, 'same_id_number', null]]);
  const workerView = await p.workerB.request({ url: '/api/children/duplicate-flags' });
  counter.attempt(workerView.statusCode === 200, `a case worker lists duplicate flags: ${workerView.body.slice(0, 200)}`);
  const communeSupervisor = await p.supervisorA.request({ url: '/api/children/duplicate-flags' });
  assert.equal(communeSupervisor.statusCode, 200, communeSupervisor.body);
  counter.attempt(communeSupervisor.json.items.length !== 0, `commune A's supervisor sees a flag involving commune B: ${communeSupervisor.body}`);
  const province = await p.provinceSupervisor.request({ url: '/api/children/duplicate-flags' });
  assert.equal(province.statusCode, 200, province.body);
  assert.equal(province.json.items.length, 1);
  const [flag] = province.json.items;
  assert.deepEqual([flag.child.id, flag.child.unitId, flag.child.unitName, flag.other.id, flag.other.unitId, flag.other.unitName, flag.reason], [newId, u.communeB, 'Xã Mường Mùn', original, u.communeA, 'Xã Quài Cang', 'same_id_number']);
  counter.attempt(/Quàng|Lường|Mai|Khánh/.test(province.body) || province.body.includes(ID), `the flag shows a name or the ID number: ${province.body}`);
  // the flag opens neither record: the child rule still decides
  const record = await p.provinceSupervisor.request({ url: `/api/children/${original}` });
  counter.attempt(record.statusCode === 200, 'the flag opened the record of commune A to the province supervisor');

  // resolved once, by a supervisor covering both; others get 404
  const foreign = await p.supervisorA.request({ method: 'POST', url: `/api/children/duplicate-flags/${flag.id}/resolve`, payload: { resolution: 'different_children' } });
  assert.equal(foreign.statusCode, 404, foreign.body);
  const done = await p.provinceSupervisor.request({ method: 'POST', url: `/api/children/duplicate-flags/${flag.id}/resolve`, payload: { resolution: 'same_child', note: 'Cùng một trẻ: chuyển hồ sơ về xã Quài Cang.' } });
  assert.equal(done.statusCode, 200, done.body);
  assert.equal(done.json.resolution, 'same_child');
  const again = await p.provinceSupervisor.request({ method: 'POST', url: `/api/children/duplicate-flags/${flag.id}/resolve`, payload: { resolution: 'different_children' } });
  assert.equal(again.statusCode, 409);
  assert.equal(again.json.error.code, 'already_resolved');
  assert.equal((await p.provinceSupervisor.request({ url: '/api/children/duplicate-flags' })).json.items.length, 0, 'open flags only by default');
  assert.equal((await p.provinceSupervisor.request({ url: '/api/children/duplicate-flags?status=all' })).json.items.length, 1);
});

test('duplicate prevention keeps working where the caller can see: the own commune\'s ID number is refused (registration and import), nothing stored', async () => {
  const before = await ctx.database.db.selectFrom('child').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  const r = await p.workerA.request({ method: 'POST', url: '/api/children', payload: childBody(u.communeA, { fullName: 'Người Khác', birthDate: '2012-01-01', idNumber: ID, confirmNotDuplicate: true }) });
  assert.equal(r.statusCode, 409, r.body);
  assert.equal(r.json.error.code, 'id_number_exists');
  const csv = `Họ và tên;Ngày sinh;Giới tính;Số định danh\nNgười Khác;01/01/2012;Nam;${ID}\n`;
  const imported = await p.workerA.request({ method: 'POST', url: '/api/children/import', payload: { unitId: u.communeA, filename: 'ds.csv', content: csv } });
  assert.equal(imported.statusCode, 400, imported.body);
  assert.match(JSON.stringify(imported.json.error.details.errors), /Số định danh đã có trong sổ/);
  const after = await ctx.database.db.selectFrom('child').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  assert.equal(after.n, before.n);
});

test('an import in another commune with an ID number of commune A imports like any row and is flagged, never reported as a row error', async () => {
  const inA = await p.workerA.request({ method: 'POST', url: '/api/children', payload: childBody(u.communeA, { fullName: 'Lò Văn Tiến', birthDate: '2013-05-03', sex: 'male', idNumber: OTHER_ID }) });
  assert.equal(inA.statusCode, 201, inA.body);
  const flagsBefore = (await ctx.database.db.selectFrom('child_duplicate_flag').select('id').execute()).length;
  const csv = `Họ và tên;Ngày sinh;Giới tính;Số định danh\nVì Văn Sơn;03/05/2013;Nam;${OTHER_ID}\nVì Thị Hoa;04/06/2013;Nữ;001215077777\n`;
  const r = await p.workerB.request({ method: 'POST', url: '/api/children/import', payload: { unitId: u.communeB, filename: 'ds.csv', content: csv } });
  counter.attempt(r.statusCode !== 200 && r.statusCode !== 201, `the import with a known ID number answers ${r.statusCode}: ${r.body.slice(0, 300)}`);
  counter.attempt(/đã có trong sổ|already registered/.test(r.body), 'the import reveals the record of commune A');
  assert.equal(r.json.imported, 2, r.body);
  const flags = await ctx.database.db.selectFrom('child_duplicate_flag').selectAll().orderBy('id').execute();
  assert.equal(flags.length, flagsBefore + 1);
  assert.deepEqual([flags.at(-1)!.child_id, flags.at(-1)!.other_child_id], [r.json.ids[0], inA.json.id]);
});
