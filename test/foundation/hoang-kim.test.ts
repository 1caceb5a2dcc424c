/** Seed 000 (xã Hoằng Kim) under a Hoằng Hóa district plan, and the plan check. */
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createTestContext, type TestContext } from '../helpers/context.ts';
import { PlanDocumentInputSchema, toPlanInput } from '../../src/domain/plan-document.ts';
import { hoangKimPlan } from './fixtures/hoang-kim.ts';

let ctx: TestContext;
let commune: number;
let district: number;
let nationalPlan: number;
let districtPlan: number;
let communePlan: number;

before(async () => {
  ctx = await createTestContext();
  commune = (await ctx.request({ url: '/api/units?level=commune&q=Hoang Kim&at=2023-05-01' })).json.items[0].id;
  district = (await ctx.request({ url: '/api/units?level=district&q=Hoàng Hóa&at=2023-05-01' })).json.items[0].id;
  nationalPlan = (await ctx.request({ url: '/api/plans?q=23/QĐ-TTg' })).json.items[0].id;
});
after(async () => ctx.close());

test('the seeds’ spelling "Hoàng Kim"/"Hoàng Hóa" finds Hoằng Kim commune in Hoằng Hóa district, Thanh Hóa', async () => {
  const u = (await ctx.request({ url: `/api/units/${commune}` })).json;
  assert.equal(u.name, 'Hoằng Kim');
  assert.deepEqual(u.ancestors.map((a: any) => a.name), ['Hoằng Hóa', 'Thanh Hóa', 'Việt Nam']);
  assert.equal(u.validTo, '2025-07-01');
  assert.equal(u.successors.length, 1);
  // the real successor of the statistics office's conversion table, not a placeholder
  assert.deepEqual([u.successors[0].code, u.successors[0].name, u.successors[0].note], ['15889', 'Hoằng Phú', null]);
  // on 2025-08-01: its successor commune, directly under Thanh Hóa (no district any more)
  const cov = (await ctx.request({ url: `/api/units/${commune}/covering?at=2025-08-01` })).json.items;
  assert.equal(cov.length, 1);
  assert.equal(cov[0].level, 'commune');
  const succ = (await ctx.request({ url: `/api/units/${cov[0].id}` })).json;
  assert.deepEqual(succ.ancestors.map((a: any) => a.name), ['Thanh Hóa', 'Việt Nam']);
  // the abolished district is covered by its province
  const d = (await ctx.request({ url: `/api/units/${district}/covering?at=2025-08-01` })).json.items;
  assert.deepEqual(d.map((x: any) => x.name), ['Thanh Hóa']);
});

test('a (hypothetical) Hoằng Hóa district plan with a local indicator, under the national programme', async () => {
  const r = await ctx.request({
    method: 'POST', url: '/api/plans',
    payload: {
      number: '91/KH-UBND', title: 'Triển khai, thực hiện Chương trình hành động vì trẻ em (giả định cho kiểm thử)', level: 'district', issuerUnitId: district, issueDate: '2023-05-11', periodFrom: 2021, periodTo: 2030, parentPlanId: nationalPlan,
      objectives: [{ key: '1', title: 'Mục tiêu 1' }, { key: '4', title: 'Mục tiêu 4' }, { key: 'BV', title: 'Hệ thống bảo vệ trẻ em' }],
      indicators: [
        { number: '3', catalogue: '3', objective: '1', targets: [{ measure: '3a', year: 2025, comparator: '<', value: 0.3, unit: 'per_1000' }] },
        { number: '11', catalogue: '11', targets: [{ measure: '11a', year: 2025, comparator: '<=', value: 5, unit: 'per_100000' }] },
        { number: '22', catalogue: '22', objective: '4', targets: [{ measure: '22', year: 2025, comparator: 'range', value: 75, valueMax: 80, unit: 'percent' }, { measure: '22', year: 2030, comparator: '>=', value: 85, unit: 'percent' }] },
        {
          number: 'BV1', catalogue: null, objective: 'BV', text: '100% xã có Ban Bảo vệ trẻ em',
          definition: { nameVi: 'Tỷ lệ xã có Ban Bảo vệ trẻ em', measures: [{ code: 'BV1', nameVi: 'Tỷ lệ xã có Ban Bảo vệ trẻ em', unit: 'percent', direction: 'increase' }] },
          targets: [{ measure: 'BV1', year: 2025, comparator: '>=', value: 100, unit: 'percent' }],
        },
      ],
    },
  });
  assert.equal(r.statusCode, 201, r.body);
  districtPlan = r.json.id;
  const local = r.json.indicators.find((i: any) => i.number === 'BV1');
  assert.equal(local.catalogue, null);
  assert.equal(local.indicatorCode, 'L4');
  const cat = (await ctx.request({ url: `/api/indicators?planId=${districtPlan}` })).json;
  assert.equal(cat.counts.indicators, 25);
  assert.equal((await ctx.request({ url: '/api/indicators' })).json.counts.indicators, 24);
});

test('the Hoằng Kim plan (seed 000) round-trips; the check against the district finds laxer and missing items', async () => {
  const input = hoangKimPlan(commune, districtPlan);
  const r = await ctx.request({ method: 'POST', url: '/api/plans', payload: input });
  assert.equal(r.statusCode, 201, r.body);
  communePlan = r.json.id;
  const { status: _s, ...expected } = PlanDocumentInputSchema.parse(input);
  assert.deepEqual(toPlanInput(r.json), expected);
  assert.equal(r.json.issueYear, 2023);

  const check = (await ctx.request({ url: `/api/plans/${communePlan}/check` })).json;
  assert.equal(check.against.id, districtPlan);
  const byKey = Object.fromEntries(check.comparisons.map((c: any) => [`${c.measure ?? c.indicator}:${c.year ?? ''}`, c.status]));
  assert.equal(byKey['3a:2025'], 'laxer'); // < 0,4‰ against < 0,3‰
  assert.equal(byKey['11a:2025'], 'laxer'); // 1,0/10.000 = 10/100.000 against ≤ 5/100.000
  assert.equal(byKey['22:2025'], 'laxer'); // ≥ 70% against 75–80%
  assert.equal(byKey['22:2030'], 'equal'); // ≥ 85% both
  const missing = check.issues.find((i: any) => i.status === 'missing_indicator');
  assert.equal(missing.indicator, 'BV1');
  assert.match(missing.messageVi, /Thiếu chỉ tiêu BV1/);
  const lax = check.issues.find((i: any) => i.measure === '11a');
  assert.match(lax.messageVi, /≤ 1\/10\.000 so với ≤ 5\/100\.000/);
  assert.equal(check.summary.laxer, 3);
  assert.equal(check.summary.missing_indicator, 1);
});

test('against the national programme the commune is stricter everywhere but misses years it did not state', async () => {
  const check = (await ctx.request({ url: `/api/plans/${communePlan}/check?against=${nationalPlan}` })).json;
  assert.equal(check.summary.laxer, 0);
  const missing = check.issues.filter((i: any) => i.status === 'missing_year').map((i: any) => `${i.measure}:${i.year}`).sort();
  assert.deepEqual(missing, ['12:2025', '17b:2025', '18b:2025']);
  const nc = check.issues.filter((i: any) => i.status === 'not_comparable').map((i: any) => i.measure);
  assert.deepEqual(nc, ['13']); // "reduce 2–3% a year" cannot be compared with "none" without a baseline
  const byKey = Object.fromEntries(check.comparisons.map((c: any) => [`${c.measure}:${c.year}`, c.status]));
  assert.equal(byKey['9:2025'], 'stricter'); // zero against < 4,5%
  assert.equal(byKey['11a:2025'], 'stricter'); // 10/100.000 against 550/100.000
  assert.equal(byKey['7:2030'], 'equal'); // maintain 100% both
  assert.equal(byKey['19:2025'], 'equal');
});

test('the district plan cannot take its own child as parent (cycle), nor itself', async () => {
  const doc = (await ctx.request({ url: `/api/plans/${districtPlan}` })).json;
  const input = toPlanInput(doc);
  const cyc = await ctx.request({ method: 'PUT', url: `/api/plans/${districtPlan}`, payload: { ...input, parentPlanId: communePlan, version: doc.version } });
  assert.equal(cyc.statusCode, 400);
  assert.equal(cyc.json.error.code, 'parent_cycle');
  assert.deepEqual(cyc.json.error.path, ['parentPlanId']);
  const self = await ctx.request({ method: 'PUT', url: `/api/plans/${districtPlan}`, payload: { ...input, parentPlanId: districtPlan, version: doc.version } });
  assert.equal(self.statusCode, 400);
  assert.equal(self.json.error.code, 'parent_cycle');
  assert.equal((await ctx.request({ url: `/api/plans/${districtPlan}` })).json.parentPlanId, nationalPlan);
  // a parent with children cannot be deleted even as a draft
  const del = await ctx.request({ method: 'DELETE', url: `/api/plans/${districtPlan}` });
  assert.equal(del.statusCode, 409);
  assert.equal(del.json.error.code, 'plan_has_children');
  const children = (await ctx.request({ url: `/api/plans/${districtPlan}/children` })).json.items;
  assert.deepEqual(children.map((c: any) => c.id), [communePlan]);
});
