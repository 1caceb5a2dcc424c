import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createTestContext, type TestContext } from '../helpers/context.ts';
import { seedBaseData } from '../../src/storage/seed/index.ts';

let ctx: TestContext;
let planId: number;
before(async () => {
  ctx = await createTestContext();
  const list = await ctx.request({ url: '/api/plans?q=23/QĐ-TTg' });
  assert.equal(list.statusCode, 200);
  planId = list.json.items[0].id;
});
after(async () => ctx.close());

test('the national programme is an issued national plan with 24 indicators, 34 measures and 66 targets', async () => {
  const r = await ctx.request({ url: `/api/plans/${planId}` });
  assert.equal(r.statusCode, 200);
  const p = r.json;
  assert.equal(p.number, '23/QĐ-TTg');
  assert.equal(p.status, 'issued');
  assert.equal(p.level, 'national');
  assert.equal(p.issuerName, 'Thủ tướng Chính phủ');
  assert.equal(p.issueDate, '2021-01-07');
  assert.equal(p.issuerUnit.code, 'VN');
  assert.deepEqual(p.objectives.map((o: any) => o.key), ['1', '2', '3', '4']);
  assert.equal(p.indicators.length, 24);
  assert.equal(p.indicators.reduce((s: number, i: any) => s + i.measures.length, 0), 34);
  const targets = p.indicators.flatMap((i: any) => i.targets);
  assert.equal(targets.length, 66);
  assert.deepEqual(p.reviews, [{ kind: 'midterm', year: 2025 }, { kind: 'final', year: 2030 }]);
});

test('indicator 3a: < 9.5 per 1,000 live births in 2025 and < 9 in 2030', async () => {
  const p = (await ctx.request({ url: `/api/plans/${planId}` })).json;
  const ind3 = p.indicators.find((i: any) => i.catalogue === '3');
  const t = ind3.targets.filter((x: any) => x.measure === '3a');
  assert.deepEqual(t.map((x: any) => [x.year, x.comparator, x.value, x.unit, x.base]), [[2025, '<', 9.5, 'per_1000', 'trẻ đẻ sống'], [2030, '<', 9, 'per_1000', 'trẻ đẻ sống']]);
  assert.deepEqual(ind3.measures.map((m: any) => m.code), ['3a', '3b', '3c']);
});

test('indicator 4c has rural and urban targets; 13 is a relative yearly decrease of 2–3%', async () => {
  const p = (await ctx.request({ url: `/api/plans/${planId}` })).json;
  const t4c = p.indicators.find((i: any) => i.catalogue === '4').targets.filter((x: any) => x.measure === '4c');
  assert.deepEqual(t4c.map((x: any) => [x.year, x.group, x.comparator, x.value]), [[2025, 'rural', '<', 5], [2025, 'urban', '<', 10], [2030, 'rural', '<', 5], [2030, 'urban', '<', 10]]);
  const t13 = p.indicators.find((i: any) => i.catalogue === '13').targets;
  assert.equal(t13.length, 1);
  assert.equal(t13[0].value, null);
  assert.deepEqual(t13[0].relative, { change: 'decrease', by: 2, byMax: 3, byUnit: 'percent', baselineYear: 2025, perYear: true });
  const t7 = p.indicators.find((i: any) => i.catalogue === '7').targets;
  assert.deepEqual(t7.map((x: any) => [x.year, x.comparator, x.value]), [[2025, '>=', 100], [2030, 'maintain', 100]]);
});

test('lead ministries are assigned by sector; police partners on indicator 9', async () => {
  const p = (await ctx.request({ url: `/api/plans/${planId}` })).json;
  const lead = (name: string) => p.assignments.find((a: any) => a.agency === name && a.role === 'lead')?.indicators;
  assert.deepEqual(lead('Bộ Y tế'), ['3', '4', '5', '6']);
  assert.deepEqual(lead('Bộ Tư pháp'), ['14']);
  assert.deepEqual(lead('Bộ Lao động - Thương binh và Xã hội'), ['1', '2', '8', '9', '10', '11', '12', '22', '23', '24']);
  assert.deepEqual(p.assignments.find((a: any) => a.role === 'partner'), { agency: 'Bộ Công an', agencyId: p.agencies.find((a: any) => a.name === 'Bộ Công an').id, role: 'partner', indicators: ['9'] });
});

test('MOLISA ended on 1 March 2025; on 2026-01-01 its work is carried on by Health and Home Affairs', async () => {
  const list = await ctx.request({ url: '/api/agencies?sector=labour_social' });
  const molisa = list.json.items.find((a: any) => a.name === 'Bộ Lao động - Thương binh và Xã hội');
  assert.equal(molisa.validTo, '2025-03-01');
  const r = await ctx.request({ url: `/api/agencies/${molisa.id}?at=2026-01-01` });
  assert.deepEqual(r.json.carriedOnBy.map((a: any) => a.name).sort(), ['Bộ Nội vụ', 'Bộ Y tế']);
  const r2 = await ctx.request({ url: `/api/agencies/${molisa.id}?at=2024-06-01` });
  assert.deepEqual(r2.json.carriedOnBy.map((a: any) => a.name), ['Bộ Lao động - Thương binh và Xã hội']);
});

test('the catalogue API lists 24 indicators and 34 measures, and an admin can correct a "verify" entry', async () => {
  const r = await ctx.request({ url: '/api/indicators' });
  assert.equal(r.statusCode, 200);
  assert.deepEqual(r.json.counts, { indicators: 24, measures: 34 });
  // indicator 9 was confirmed against QĐ 23 (issue #20); indicator 15 is still to verify
  const nine = await ctx.request({ url: '/api/indicators/15' });
  assert.equal(nine.json.verify, true);
  const fix = await ctx.request({ method: 'PATCH', url: '/api/indicators/15', payload: { verify: false, nameEn: 'Indicator 15 (checked)' } });
  assert.equal(fix.statusCode, 200);
  assert.equal(fix.json.verify, false);
  const m = nine.json.measures[0];
  const fixM = await ctx.request({ method: 'PATCH', url: `/api/measures/${m.id}`, payload: { plausibleMax: 50 } });
  assert.equal(fixM.statusCode, 200);
  assert.equal(fixM.json.plausibleMax, 50);
  const bad = await ctx.request({ method: 'PATCH', url: `/api/measures/${m.id}`, payload: { unit: 'per_million' } });
  assert.equal(bad.statusCode, 400);
  assert.deepEqual(bad.json.error.path, ['body', 'unit']);
  const missing = await ctx.request({ url: '/api/indicators/99' });
  assert.equal(missing.statusCode, 404);
  assert.match(missing.json.error.message, /Không tìm thấy/);
});

test('seeding again changes nothing (idempotent)', async () => {
  const count = async () => Number((await ctx.database.db.selectFrom('target').select(ctx.database.db.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const units = async () => Number((await ctx.database.db.selectFrom('admin_unit').select(ctx.database.db.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const before = [await count(), await units()];
  await seedBaseData(ctx.database.db, { units: 'sample' });
  assert.deepEqual([await count(), await units()], before);
});

test('the OpenAPI document describes the plan, unit and catalogue endpoints', async () => {
  const r = await ctx.request({ url: '/api/docs/json' });
  for (const p of ['/api/plans', '/api/plans/{id}', '/api/plans/{id}/check', '/api/units', '/api/units/tree', '/api/indicators', '/api/agencies']) assert.ok(r.json.paths[p], p);
});
