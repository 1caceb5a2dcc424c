/** Seed 001 (Kiên Giang, 107/KH-UBND) built by hand, posted through the API and read back equal. */
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createTestContext, type TestContext } from '../helpers/context.ts';
import { PlanDocumentInputSchema, toPlanInput, type PlanDocument } from '../../src/domain/plan-document.ts';
import { kienGiangPlan, KG_BUDGET } from './fixtures/kien-giang.ts';

let ctx: TestContext;
let kgUnit: number;
let nationUnit: number;
let nationalPlan: number;
let planId: number;

before(async () => {
  ctx = await createTestContext();
  kgUnit = (await ctx.request({ url: '/api/units?level=province&code=91&at=2021-05-18' })).json.items[0].id;
  nationUnit = (await ctx.request({ url: '/api/units?level=nation' })).json.items[0].id;
  nationalPlan = (await ctx.request({ url: '/api/plans?q=23/QĐ-TTg' })).json.items[0].id;
});
after(async () => ctx.close());

function normalised(input: unknown) {
  const { status: _status, ...rest } = PlanDocumentInputSchema.parse(input);
  return rest;
}

test('the Kiên Giang plan posted through the API reads back equal, budget table included', async () => {
  const input = kienGiangPlan(kgUnit, nationalPlan, nationUnit);
  const r = await ctx.request({ method: 'POST', url: '/api/plans', payload: input });
  assert.equal(r.statusCode, 201, r.body);
  planId = r.json.id;
  assert.equal(r.json.status, 'draft');
  const doc: PlanDocument = (await ctx.request({ url: `/api/plans/${planId}` })).json;
  assert.deepEqual(toPlanInput(doc), normalised(input));
  assert.equal(doc.issuerUnit!.name, 'tỉnh Kiên Giang');
  assert.equal(doc.parentPlan!.number, '23/QĐ-TTg');
  assert.equal(doc.indicators.length, 24);
  assert.equal(doc.tasks.filter((t) => t.section?.startsWith('V.')).length, 12);
  assert.equal(doc.assignments.length, 6);
});

test('the budget keeps 7 activities × 10 years × 2 sources and totals 18,670 million VND as stated', async () => {
  const doc: PlanDocument = (await ctx.request({ url: `/api/plans/${planId}` })).json;
  const lines = doc.budget!.lines;
  assert.equal(lines.length, 140);
  assert.equal(new Set(lines.map((l) => l.activityNo)).size, 7);
  assert.equal(doc.budget!.statedTotal, 18670);
  assert.equal(doc.budget!.computedTotal, 18670);
  const sum = (f: (l: (typeof lines)[number]) => boolean) => lines.filter(f).reduce((s, l) => s + l.amount, 0);
  assert.equal(sum((l) => l.source === 'local'), 13670);
  assert.equal(sum((l) => l.source === 'mobilised'), 5000);
  // the column totals of the appendix
  const localByYear = [975, 1055, 1135, 1215, 1495, 1375, 1455, 1535, 1615, 1815];
  localByYear.forEach((v, i) => assert.equal(sum((l) => l.source === 'local' && l.year === 2021 + i), v, `local ${2021 + i}`));
  assert.equal(sum((l) => l.activityNo === '1'), KG_BUDGET['1'].reduce((s, [a]) => s + a, 0));
  assert.equal(sum((l) => l.activityNo === '1'), 3520);
  const list = (await ctx.request({ url: `/api/plans?issuerUnitId=${kgUnit}` })).json.items;
  assert.equal(list[0].budgetTotal, 18670);
  assert.deepEqual(list[0].counts, { indicators: 24, targets: 65, tasks: 19, budgetLines: 140 });
});

test('targets as the plan states them: 3a < 9,5‰, 9 relative to 2020, 13 yearly 2–3%, 7 clean standard in 2030', async () => {
  const doc: PlanDocument = (await ctx.request({ url: `/api/plans/${planId}` })).json;
  const of = (n: string) => doc.indicators.find((i) => i.number === n)!.targets;
  assert.deepEqual(of('3').filter((t) => t.measure === '3a').map((t) => [t.year, t.comparator, t.value, t.unit]), [[2025, '<', 9.5, 'per_1000'], [2030, '<', 9, 'per_1000']]);
  assert.deepEqual(of('9').map((t) => [t.year, t.relative!.by, t.relative!.baselineYear]), [[2025, 5, 2020], [2030, 4, 2020]]);
  assert.deepEqual(of('13')[0].relative, { change: 'decrease', by: 2, byMax: 3, byUnit: 'percent', baselineYear: 2025, perYear: true });
  assert.deepEqual(of('7').map((t) => [t.year, t.comparator, t.value, t.group]), [[2025, '>=', 100, null], [2030, '>', 40, 'clean_standard']]);
  assert.deepEqual(of('1').map((t) => [t.comparator, t.value]), [['>=', 75], ['>=', 85]]);
});

test('plan check against the national programme: nothing laxer; 7 (2030) and 12 (2025) missing; 9 needs a baseline', async () => {
  const r = await ctx.request({ url: `/api/plans/${planId}/check` });
  assert.equal(r.statusCode, 200);
  assert.equal(r.json.against.number, '23/QĐ-TTg');
  assert.equal(r.json.summary.laxer, 0);
  assert.equal(r.json.summary.parentTargets, 66);
  const issues = r.json.issues.map((i: any) => `${i.status}:${i.measure}:${i.year ?? ''}`).sort();
  assert.deepEqual(issues, ['missing_year:12:2025', 'missing_year:7:2030', 'not_comparable:9:2025', 'not_comparable:9:2030']);
  const one = r.json.comparisons.find((c: any) => c.measure === '1' && c.year === 2025);
  assert.equal(one.status, 'stricter');
  assert.match(one.messageVi, /≥ 75%/);
  const thirteen = r.json.comparisons.find((c: any) => c.measure === '13');
  assert.equal(thirteen.status, 'equal');
});

test('with a baseline for 2020 the relative target of indicator 9 becomes comparable (and here laxer)', async () => {
  const doc: PlanDocument = (await ctx.request({ url: `/api/plans/${planId}` })).json;
  const input = toPlanInput(doc);
  // hypothetical baseline (not in the seed): 5% of children abused in 2020 → 4,75% in 2025 against < 4,5% nationally
  input.indicators.find((i) => i.number === '9')!.baselines = [{ measure: '9', group: null, year: 2020, value: 5, note: 'giả định cho kiểm thử' }];
  const put = await ctx.request({ method: 'PUT', url: `/api/plans/${planId}`, payload: { ...input, version: doc.version } });
  assert.equal(put.statusCode, 200, put.body);
  assert.equal(put.json.version, doc.version + 1);
  const r = await ctx.request({ url: `/api/plans/${planId}/check` });
  const nine = r.json.comparisons.filter((c: any) => c.measure === '9');
  assert.deepEqual(nine.map((c: any) => [c.year, c.status]), [[2025, 'laxer'], [2030, 'laxer']]);
  // a stale version is refused, nothing changes
  const stale = await ctx.request({ method: 'PUT', url: `/api/plans/${planId}`, payload: { ...input, title: 'X', version: doc.version } });
  assert.equal(stale.statusCode, 409);
  assert.equal(stale.json.error.code, 'version_conflict');
  assert.equal((await ctx.request({ url: `/api/plans/${planId}` })).json.title, doc.title);
});

test('status: draft → issued → superseded; an issued plan cannot be deleted; export gives the full JSON', async () => {
  const issued = await ctx.request({ method: 'POST', url: `/api/plans/${planId}/status`, payload: { status: 'issued' } });
  assert.equal(issued.statusCode, 200);
  assert.equal(issued.json.status, 'issued');
  const back = await ctx.request({ method: 'POST', url: `/api/plans/${planId}/status`, payload: { status: 'draft' } });
  assert.equal(back.statusCode, 409);
  assert.match(back.json.error.message, /Không thể chuyển/);
  const del = await ctx.request({ method: 'DELETE', url: `/api/plans/${planId}` });
  assert.equal(del.statusCode, 409);
  const exp = await ctx.request({ url: `/api/plans/${planId}/export` });
  assert.equal(exp.statusCode, 200);
  assert.match(String(exp.headers['content-disposition']), /plan-\d+-107_KH-UBND\.json/);
  assert.equal(exp.json.budget.lines.length, 140);
});

test('Kiên Giang exists in 2021 but not after 1 July 2025; An Giang covers it then', async () => {
  const at2021 = (await ctx.request({ url: '/api/units?level=province&at=2021-05-18&q=Kien Giang' })).json.items;
  assert.deepEqual(at2021.map((u: any) => u.name), ['Kiên Giang']);
  const at2026 = (await ctx.request({ url: '/api/units?level=province&at=2026-01-01&q=Kiên Giang' })).json.items;
  assert.deepEqual(at2026, []);
  const unit = (await ctx.request({ url: `/api/units/${kgUnit}?at=2026-01-01` })).json;
  assert.equal(unit.validTo, '2025-07-01');
  assert.deepEqual(unit.successors.map((s: any) => [s.name, s.code, s.succession, s.effectiveDate]), [['An Giang', '91', 'merge', '2025-07-01']]);
  assert.deepEqual(unit.coveringAt.units.map((u: any) => u.name), ['An Giang']);
  const before = (await ctx.request({ url: `/api/units/${kgUnit}/covering?at=2024-01-01` })).json.items;
  assert.deepEqual(before.map((u: any) => u.id), [kgUnit]);
  // a plan issued by Kiên Giang after it ceased to exist is refused
  const late = await ctx.request({ method: 'POST', url: '/api/plans', payload: { title: 'Kế hoạch muộn', issuerUnitId: kgUnit, issueDate: '2025-08-01' } });
  assert.equal(late.statusCode, 400);
  assert.equal(late.json.error.code, 'date_outside_unit_validity');
  assert.deepEqual(late.json.error.path, ['issueDate']);
});
