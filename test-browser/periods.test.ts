/**
 * Reporting periods shorter than the year in the browser (issue #16), on the demo (Thanh Hóa: a six-monthly rule
 * with the first half of 2025 reported, monthly case statistics for indicators 9 and 13, January–July 2025):
 * period labels in the inbox and "my reports" with their filters and groups, the half-year's form, the dashboard's
 * sub-period series with the year's source note, and the plan's reporting rules shown in words and edited.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, type Harness, type TestPage } from './helpers.ts';
import { loadDemo, type DemoSummary } from '../src/storage/demo/index.ts';

let h: Harness;
let demo: DemoSummary;
let users: Record<string, number>;
let hoangKim: number;
let measure3a: number;

before(async () => {
  h = await startHarness();
  const db = h.server.database.db;
  demo = await loadDemo(db);
  users = Object.fromEntries((await db.selectFrom('app_user').select(['id', 'username']).where('username', 'like', 'demo.%').execute()).map((u) => [u.username, u.id]));
  hoangKim = (await db.selectFrom('admin_unit').select('id').where('level', '=', 'commune').where('code', '=', '15889').where('valid_to', '=', '2025-07-01').executeTakeFirstOrThrow()).id;
  measure3a = (await db.selectFrom('measure').select('id').where('code', '=', '3a').executeTakeFirstOrThrow()).id;
});
after(async () => {
  await h?.close();
});

const as = (username: string) => h.newPage({ userId: users[username] });
const noErrors = (page: TestPage) => assert.deepEqual(page.errors, []);

test('the inbox groups the waiting reports by period and filters them: the half-year, July\'s case statistics, the year', async () => {
  const officer = await as('demo.officer');
  await officer.goto(h.url('/reports/inbox'));
  await officer.getByRole('heading', { level: 1, name: 'Báo cáo chờ duyệt' }).waitFor();
  // one heading row per period, in words
  await officer.locator('tr.group-row', { hasText: '6 tháng đầu năm 2025' }).waitFor();
  await officer.locator('tr.group-row', { hasText: 'Tháng 7/2025' }).waitFor();
  await officer.locator('tr.group-row', { hasText: /^Năm 2025 \(/ }).waitFor();
  const half = officer.locator('tr', { hasText: 'Thọ Xuân' }).filter({ has: officer.locator('.period-label[data-period="2025S1"]') });
  assert.match(await half.innerText(), /6 tháng đầu năm 2025/);
  await h.screenshot(officer, 'periods-1-inbox');
  // only the six-monthly reports
  await officer.getByLabel('Loại kỳ').selectOption('sixmonthly');
  await officer.waitForURL(/kind=sixmonthly/);
  await officer.locator('.period-label[data-period="2025S1"]').first().waitFor();
  const labels = await officer.locator('tbody .period-label').allInnerTexts();
  assert.ok(labels.length > 0 && labels.every((l) => l === '6 tháng đầu năm 2025'), labels.join(' | '));
  // a month chosen among those listed
  await officer.getByLabel('Loại kỳ').selectOption('monthly');
  await officer.getByLabel('Kỳ báo cáo').selectOption('202507');
  await officer.waitForURL(/period=202507/);
  const months = await officer.locator('tbody .period-label').allInnerTexts();
  assert.ok(months.length > 0 && months.every((l) => l === 'Tháng 7/2025'), months.join(' | '));
  noErrors(officer);
});

test('"my reports" of an old commune: the half-year and the months of 2025 in words; the half-year\'s form names its period and dates', async () => {
  const officer = await as('demo.officer');
  await officer.goto(h.url(`/reports?unit=${hoangKim}&year=2025`));
  await officer.getByRole('heading', { level: 1, name: 'Báo cáo của tôi' }).waitFor();
  await officer.locator('tr.group-row', { hasText: '6 tháng đầu năm 2025' }).waitFor();
  await officer.locator('tr.group-row', { hasText: 'Tháng 1/2025' }).waitFor();
  await officer.getByLabel('Kỳ báo cáo').selectOption('2025S1');
  await officer.waitForURL(/period=2025S1/);
  const rows = officer.locator('tbody tr:not(.group-row)');
  assert.equal(await rows.count(), 1);
  assert.match(await rows.first().innerText(), /Hoằng Kim[\s\S]*6 tháng đầu năm 2025[\s\S]*05\/06\/2025[\s\S]*Đã phê duyệt/);
  await h.screenshot(officer, 'periods-2-my-reports');
  await rows.first().locator('a').first().click();
  await officer.getByRole('heading', { level: 1, name: /^Báo cáo:/ }).waitFor();
  assert.match(await officer.locator('p.lead').innerText(), /6 tháng đầu năm 2025 \(01\/01\/2025 – 30\/06\/2025\)/);
  await officer.getByTestId('sub-period-note').waitFor();
  noErrors(officer);
});

test('the dashboard: a measure\'s first half of 2025 beside the year, saying where the year comes from; an old commune\'s year made of its half', async () => {
  const leader = await as('demo.leader');
  await leader.goto(h.url(`/dashboard?unit=${demo.province.id}&year=2025&measure=${measure3a}`));
  const series = leader.locator('#period-series');
  await series.waitFor();
  assert.match(await series.locator('tr[data-period="2025S1"]').innerText(), /6 tháng đầu năm 2025\s+\d+,\d‰/);
  assert.match(await leader.getByTestId('year-source').innerText(), /Số liệu năm 2025: \d+,\d‰ — Từ báo cáo năm/);
  await h.screenshot(leader, 'periods-3-dashboard');
  // completeness of the half-year: the seven communes of the time and their two districts
  await leader.getByLabel('Kỳ (nộp đủ, đúng hạn)').selectOption('2025S1');
  await leader.waitForURL(/period=2025S1/);
  await leader.locator('.card', { hasText: 'Đủ báo cáo' }).filter({ hasText: /9\/\d+ báo cáo đã nhận|\d+\/\d+ báo cáo đã nhận/ }).waitFor();
  // Hoằng Kim (abolished on 01/07/2025) has no year's report for 2025: its year is its first half
  await leader.goto(h.url(`/dashboard?unit=${hoangKim}&year=2025&measure=${measure3a}`));
  const row = leader.locator('table.dashboard-table tr', { has: leader.getByRole('button', { name: '3a', exact: true }) });
  await row.waitFor();
  assert.match(await row.locator('.source-note').innerText(), /Cộng từ các kỳ: 6 tháng đầu năm 2025 \(chưa đủ năm\)/);
  assert.match(await leader.getByTestId('year-source').innerText(), /Cộng từ các kỳ: 6 tháng đầu năm 2025/);
  noErrors(leader);
});

test('the plan shows its reporting rules in words; the province officer adds a quarterly rule, a wrong indicator is refused in Vietnamese', async () => {
  const officer = await as('demo.officer');
  await officer.goto(h.url(`/plans/${demo.reporting.planId}`));
  const section = officer.locator('#bao-cao');
  await section.locator('.rule-due', { hasText: 'trước ngày 15/6' }).waitFor();
  const text = await section.innerText();
  assert.match(text, /6 tháng\s+trước ngày 15\/6/);
  assert.match(text, /Hằng tháng\s+trước ngày 5 của tháng sau kỳ báo cáo\s+9\s*13/);
  assert.match(text, /Hằng năm\s+trước 20\/11 hằng năm/);
  await section.getByRole('button', { name: 'Sửa chế độ báo cáo' }).click();
  await section.getByRole('button', { name: 'Thêm quy định' }).click();
  await section.getByLabel('Kỳ báo cáo').last().selectOption('quarterly');
  await section.getByLabel('Hạn gửi').last().selectOption('last_month');
  await section.getByLabel('Ngày', { exact: true }).last().fill('15');
  await section.getByLabel('Chỉ tiêu').last().fill('13, 99');
  await section.getByRole('button', { name: 'Lưu chế độ báo cáo' }).click();
  await section.getByText(/Quy định báo cáo thứ 4: kế hoạch không có chỉ tiêu 99/).waitFor();
  await section.getByLabel('Chỉ tiêu').last().fill('13');
  await section.getByRole('button', { name: 'Lưu chế độ báo cáo' }).click();
  await section.locator('.rule-due', { hasText: 'trước ngày 15 của tháng cuối kỳ' }).waitFor();
  assert.match(await section.innerText(), /Hằng quý\s+trước ngày 15 của tháng cuối kỳ\s+13/);
  await h.screenshot(officer, 'periods-4-plan-rules');
  const rules = (await h.server.database.db.selectFrom('reporting_rule').select(['period_type', 'due_month_offset']).where('plan_id', '=', demo.reporting.planId).orderBy('position').execute()).map((r) => `${r.period_type}:${r.due_month_offset}`);
  assert.deepEqual(rules, ['Yearly:null', 'SixMonthly:null', 'Monthly:1', 'Quarterly:0']);
  noErrors(officer);
});

test("the leader's overview: late reports named by their period, filtered to January 2025's case statistics", async () => {
  const leader = await as('demo.leader');
  await leader.goto(h.url(`/overview?unit=${demo.province.id}&year=2025`));
  await leader.getByRole('heading', { name: /Nộp muộn \([1-9]/ }).waitFor();
  await leader.getByLabel('Kỳ báo cáo').selectOption('202501');
  await leader.waitForURL(/period=202501/);
  await leader.getByRole('heading', { name: 'Nộp muộn (1)', exact: true }).waitFor();
  const late = leader.locator('h3:has-text("Nộp muộn") + ul li');
  assert.match(await late.first().innerText(), /\(Tháng 1\/2025\): hạn \d\d\/0[12]\/2025, nộp \d\d\/0[12]\/2025/);
  noErrors(leader);
});
