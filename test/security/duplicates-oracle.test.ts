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
