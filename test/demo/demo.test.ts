/**
 * `npx vitreem demo` (issues #4 and #5): the seed plans, a living province, demo users for each
 * role who see what their role allows, child-friendly communes with indicator 1, a fictional
 * register with cases; a second run adds nothing.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestContext, type TestContext } from '../helpers/context.ts';
import { loadDemo, defaultSeedsDir, type DemoSummary } from '../../src/storage/demo/index.ts';
import { DEMO_PASSWORD } from '../../src/storage/users.ts';
import { formatDemoSummary } from '../../src/cli/format.ts';

let ctx: TestContext;
let demo: DemoSummary;

const TABLES = ['plan', 'target', 'agency', 'admin_unit', 'obligation', 'data_value', 'app_user', 'user_grant', 'cff_registration', 'cff_decision', 'child', 'child_case', 'case_step', 'budget_spending', 'audit_log'] as const;
async function counts(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of TABLES) out[t] = Number((await ctx.database.db.selectFrom(t).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  return out;
}

before(async () => {
  ctx = await createTestContext();
  // the route refuses without the explicit confirmation (demo data never lands in a real database by accident)
  const refused = await ctx.request({ method: 'POST', url: '/api/system/demo', payload: {} });
  assert.equal(refused.statusCode, 400);
  assert.equal(Number((await ctx.database.db.selectFrom('plan').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n), 1);
  // through the route, as `npx vitreem demo` does
  const r = await ctx.request({ method: 'POST', url: '/api/system/demo?confirm=load-demo-data', payload: {} });
  assert.equal(r.statusCode, 200, r.body);
  demo = r.json;
});
after(async () => ctx.close());

test('the five seed plans are issued plans of the units they name, the QĐ 23 ones under the national programme', async () => {
  assert.equal(demo.alreadyLoaded, false);
  assert.equal(demo.plans.length, 5);
  const national = (await ctx.request({ url: '/api/plans?q=23/QĐ-TTg' })).json;
  const nationalId = (Array.isArray(national) ? national : national.items ?? national.plans).find((p: { level: string }) => p.level === 'national').id;
  const byFile = Object.fromEntries(demo.plans.map((p) => [p.file.slice(0, 3), p]));
  const expected: Record<string, { number: string | null; title: RegExp; issuer: string; level: string; parent: boolean; kind: string }> = {
    '000': { number: null, title: /Chương trình hành động vì trẻ em huyện Hoàng Hóa giai đoạn 2021-2030/, issuer: 'xã Hoằng Kim', level: 'commune', parent: true, kind: 'action_programme' },
    '001': { number: '107/KH-UBND', title: /Hành động vì trẻ em trên địa bàn tỉnh Kiên Giang, giai đoạn 2021-2030/, issuer: 'tỉnh Kiên Giang', level: 'province', parent: true, kind: 'action_programme' },
    '002': { number: null, title: /xã, thị trấn phù hợp với trẻ em.*năm 2014/, issuer: 'huyện Nam Đông', level: 'district', parent: false, kind: 'child_friendly' },
    '003': { number: null, title: /bảo vệ trẻ em và thúc đẩy quyền tham gia của trẻ em giai đoạn 2021 - 2025.*Tuần Giáo/, issuer: 'huyện Tuần Giáo', level: 'district', parent: true, kind: 'child_protection' },
    '004': { number: '7/KH-UBND', title: /CHỈ THỊ SỐ 28-CT\/TW.*NGHỆ AN/, issuer: 'tỉnh Nghệ An', level: 'province', parent: false, kind: 'other' },
  };
  for (const [prefix, e] of Object.entries(expected)) {
    const r = await ctx.request({ url: `/api/plans/${byFile[prefix].id}` });
    assert.equal(r.statusCode, 200);
    const plan = r.json;
    assert.equal(plan.number, e.number, prefix);
    assert.match(plan.title, e.title, prefix);
    assert.equal(plan.issuerUnit.name, e.issuer, prefix);
    assert.equal(plan.issuerUnit.level, e.level, prefix);
    assert.equal(plan.status, 'issued', prefix);
    assert.equal(plan.kind, e.kind, prefix);
    assert.equal(plan.parentPlanId, e.parent ? nationalId : null, prefix);
  }
  const kg = (await ctx.request({ url: `/api/plans/${byFile['001'].id}` })).json;
  assert.equal(kg.issueDate, '2021-05-18');
  assert.equal(kg.indicators.length, 24);
  assert.ok(kg.budget.lines.length > 0);
  assert.equal((await ctx.request({ url: `/api/plans/${byFile['000'].id}` })).json.indicators.length, 24);
  assert.equal((await ctx.request({ url: `/api/plans/${byFile['002'].id}` })).json.issueDateText, '2014');
});

test('a second run adds nothing and says so', async () => {
  const beforeCounts = await counts();
  const again = await loadDemo(ctx.database.db);
  assert.equal(again.alreadyLoaded, true);
  assert.match(again.messageVi, /không thêm gì/);
  assert.deepEqual(await counts(), beforeCounts);
  assert.deepEqual(again.plans.map((p) => p.id), demo.plans.map((p) => p.id));
  assert.ok(again.users.every((u) => !u.created));
  assert.match(formatDemoSummary(again), /đã có sẵn/);
});

test('the demo province has values for five years with mixed statuses, late, returned and missing reports', async () => {
  assert.equal(demo.province.name, 'tỉnh Thanh Hóa');
  assert.deepEqual(demo.reporting.years, [2021, 2022, 2023, 2024, 2025]);
  const statuses = new Set<string>();
  for (const year of demo.reporting.years) {
    const d = (await ctx.request({ url: `/api/dashboard/units/${demo.province.id}?year=${year}` })).json;
    const withValue = d.measures.filter((m: { value: number | null }) => m.value !== null);
    assert.ok(withValue.length >= 30, `${year}: ${withValue.length} measures with a value`);
    for (const m of d.measures) statuses.add(m.status);
  }
  for (const s of ['achieved', 'on_track', 'at_risk', 'off_track']) assert.ok(statuses.has(s), `status ${s} appears (${[...statuses]})`);
  // the current cycle has no report yet: no data
  const next = (await ctx.request({ url: `/api/dashboard/units/${demo.province.id}?year=2026` })).json;
  assert.ok(next.measures.every((m: { status: string }) => m.status === 'no_data'));
  assert.ok(demo.reporting.approved > 20 && demo.reporting.returned >= 1 && demo.reporting.late >= 1 && demo.reporting.draft >= 1);
  const complete2024 = (await ctx.request({ url: `/api/completeness?unitId=${demo.province.id}&year=2024` })).json.total;
  assert.ok(complete2024.completeness > 0.5 && complete2024.timeliness < complete2024.completeness, JSON.stringify(complete2024));
  const complete2025 = (await ctx.request({ url: `/api/completeness?unitId=${demo.province.id}&year=2025` })).json.total;
  assert.ok(complete2025.completeness > 0 && complete2025.completeness < 1, JSON.stringify(complete2025));
  // history across the merger: a new commune's series goes back through its predecessors
  const m3a = (await ctx.request({ url: `/api/dashboard/units/${demo.province.id}?year=2024` })).json.measures.find((m: { code: string }) => m.code === '3a');
  const series = (await ctx.request({ url: `/api/dashboard/units/${demo.register.communeId}/series?measure=${m3a.measureId}&from=2021&to=2025` })).json;
  assert.deepEqual(series.years.map((y: { year: number }) => y.year), [2021, 2022, 2023, 2024, 2025]);
});

test('demo users sign in and see what their role allows, in the demo province', async () => {
  assert.equal(demo.password, DEMO_PASSWORD);
  const roles = new Map(demo.users.map((u) => [u.role, u]));
  for (const role of ['system_admin', 'unit_officer', 'agency_reporter', 'leader', 'viewer', 'case_worker', 'cp_supervisor', 'cff_assessor']) assert.ok(roles.has(role), role);
  assert.equal(roles.get('unit_officer')!.unitId, demo.province.id);

  const officer = await ctx.login('demo.officer', DEMO_PASSWORD);
  assert.equal((await officer.request({ url: `/api/dashboard/units/${demo.province.id}?year=2024` })).statusCode, 200);
  // not another province's dashboard
  const hanoi = await ctx.database.db.selectFrom('admin_unit').select('id').where('level', '=', 'province').where('code', '=', '01').executeTakeFirstOrThrow();
  assert.equal((await officer.request({ url: `/api/dashboard/units/${hanoi.id}?year=2024` })).statusCode, 403);

  const viewer = await ctx.login('demo.viewer', DEMO_PASSWORD);
  assert.equal((await viewer.request({ url: `/api/overview?unitId=${demo.province.id}&year=2025` })).statusCode, 200);
  assert.equal((await viewer.request({ method: 'POST', url: '/api/plans', payload: { title: 'Thử' } })).statusCode, 403);
  assert.equal((await viewer.request({ url: `/api/cases?unitId=${demo.register.communeId}` })).statusCode, 403);

  const leader = await ctx.login('demo.leader', DEMO_PASSWORD);
  const overview = (await leader.request({ url: `/api/overview?unitId=${demo.province.id}&year=2025` })).json;
  assert.ok(overview.lateReports.length > 0 && overview.offTrack.length > 0);

  // the commune reporter sees its commune's reports, including the one returned for correction
  const reporter = await ctx.login('demo.reporter', DEMO_PASSWORD);
  const mine = (await reporter.request({ url: `/api/my/reports?unitId=${demo.register.communeId}&year=2025` })).json.items as { unit: { id: number }; status: string }[];
  assert.ok(mine.length >= 1);
  assert.ok(mine.every((o) => o.unit.id === demo.register.communeId), JSON.stringify(mine));
  assert.ok(mine.some((o) => o.status === 'returned'), JSON.stringify(mine));
  assert.equal((await reporter.request({ url: `/api/dashboard/units/${demo.province.id}?year=2024` })).statusCode, 403);
  const neighbour = await ctx.database.db.selectFrom('admin_unit').select('id').where('level', '=', 'commune').where('code', '=', '15592').where('valid_from', '=', '2025-07-01').executeTakeFirstOrThrow();
  assert.equal((await reporter.request({ url: `/api/my/reports?unitId=${neighbour.id}&year=2025` })).statusCode, 403);

  // the case worker: three cases in the commune, one overdue; no dashboards
  const worker = await ctx.login('demo.caseworker', DEMO_PASSWORD);
  const cases = (await worker.request({ url: '/api/cases/mine' })).json.items as { status: string; nextStep: { step: string; overdueHours: number } }[];
  assert.equal(cases.length, 3);
  assert.deepEqual(cases.map((c) => c.status).sort(), ['open', 'open', 'plan_pending']);
  const overdue = (await worker.request({ url: `/api/cases/overdue?unitId=${demo.register.communeId}` })).json.items;
  assert.equal(overdue.length, 1);
  assert.equal(overdue[0].step, 'emergency', 'the urgent report: its emergency measure is past the 12 hours of NĐ 56 Điều 26.3');
  assert.equal((await worker.request({ url: `/api/dashboard/units/${demo.province.id}?year=2024` })).statusCode, 403);
  const children = (await worker.request({ url: `/api/children?unitId=${demo.register.communeId}` })).json;
  const names: string[] = (children.items ?? children).map((c: { fullName: string }) => c.fullName);
  assert.equal(names.length, 6);
  assert.ok(names.every((n) => /Minh Họa|Mẫu/.test(n)), 'every demo child has a clearly fictional name');

  // the supervisor approves support plans
  const supervisor = await ctx.login('demo.supervisor', DEMO_PASSWORD);
  const approvals = (await supervisor.request({ url: `/api/cases/approvals?unitId=${demo.register.communeId}` })).json.items;
  assert.deepEqual(approvals.map((a: { kind: string }) => a.kind), ['plan']);

  // the assessor sees the child-friendly communes and the file awaiting a decision
  const assessor = await ctx.login('demo.assessor', DEMO_PASSWORD);
  const communes = await assessor.request({ url: `/api/cff/communes?unitId=${demo.province.id}&year=2025` });
  assert.equal(communes.statusCode, 200, communes.body);
  assert.equal((await assessor.request({ url: `/api/cases?unitId=${demo.register.communeId}` })).statusCode, 403);
});

test('the demo plan has a budget (Phụ lục 01 layout) and its execution 2021–2025, 2025 only partly reported', async () => {
  assert.equal(demo.budget.planId, demo.reporting.planId);
  assert.equal(demo.budget.figures, 41, `${demo.budget.figures} spending figures`);
  const officer = await ctx.login('demo.officer', DEMO_PASSWORD);
  const r = await officer.request({ url: `/api/plans/${demo.budget.planId}/budget/execution` });
  assert.equal(r.statusCode, 200, r.body);
  const t = r.json;
  assert.equal(t.total.planned, demo.budget.planned);
  assert.deepEqual(t.sources.map((s: { key: string }) => s.key), ['local', 'central', 'mobilised']);
  assert.ok(t.permissions.enterAll, 'the demo officer enters the province plan\'s spending');
  for (const year of [2021, 2022, 2023, 2024]) {
    const all = t.yearTotals[year].all;
    assert.equal(all.reported, all.cells, `${year}: every planned cell has a figure`);
    assert.ok(all.rate > 70 && all.rate < 110, `${year}: ${all.rate}%`);
  }
  assert.ok(t.yearTotals[2021].all.rate < t.yearTotals[2022].all.rate, '2021 below plan (COVID-19)');
  const y2025 = t.yearTotals[2025].all;
  assert.ok(y2025.reported > 0 && y2025.reported < y2025.cells, '2025 only partly reported');
  assert.equal(t.yearTotals[2026].all.spent, null, 'nothing spent in the future');
  assert.ok(t.activities.some((a: { cells: Record<string, Record<string, { spent: number | null; planned: number }>> }) => Object.values(a.cells).some((y) => Object.values(y).some((c) => c.spent !== null && c.spent > c.planned))), 'one figure above the plan');
  // the yearly report of the province shows it
  const docx = await officer.request({ url: `/api/reports/${demo.province.id}/2024/yearly.docx?planId=${demo.budget.planId}` });
  assert.equal(docx.statusCode, 200);
  const xlsx = await officer.request({ url: `/api/plans/${demo.budget.planId}/budget.xlsx` });
  assert.equal(xlsx.statusCode, 200);
});

test('indicator 1 has a value from the recognitions', async () => {
  const r = (await ctx.request({ url: `/api/cff/indicator1?unitId=${demo.province.id}&year=2024` })).json;
  assert.equal(r.numerator, 4);
  assert.equal(r.denominator, 7);
  assert.equal(r.valueText, '57,1%');
  // the targets card of /cff shows the same share the same way (one decimal, not "57,14%")
  const card = (await ctx.request({ url: `/api/cff/targets?unitId=${demo.province.id}&year=2024` })).json;
  assert.deepEqual([card.recognised, card.communes, card.text.recognised], [4, 7, '4/7 (57,1%)']);
  const y2023 = (await ctx.request({ url: `/api/cff/indicator1?unitId=${demo.province.id}&year=2023` })).json;
  assert.equal(y2023.numerator, 2);
  // after the merger only the new commune's own recognition counts
  const y2025 = (await ctx.request({ url: `/api/cff/indicator1?unitId=${demo.province.id}&year=2025` })).json;
  assert.equal(y2025.numerator, 1);
  assert.equal(y2025.denominator, 3);
  assert.deepEqual(demo.cff.indicator1, { year: 2024, valueText: '57,1%', numerator: 4, denominator: 7 });
});

test('without shared/ beside the clone the committed copy of the seeds is used; a missing seed is a clear error', async () => {
  const copy = path.resolve(import.meta.dirname, '../../data-seed/plans');
  assert.deepEqual(fs.readdirSync(copy).filter((f) => f.endsWith('.txt')).sort(), fs.readdirSync(defaultSeedsDir()).filter((f) => f.endsWith('.txt')).sort());
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'vitreem-seeds-'));
  try {
    await assert.rejects(loadDemo(ctx.database.db, { seedsDir: empty }), (e: Error & { messageVi?: string }) => /000/.test(e.messageVi ?? '') && /Không tìm thấy kế hoạch mẫu/.test(e.messageVi ?? ''));
  } finally {
    fs.rmSync(empty, { recursive: true, force: true });
  }
});
