/**
 * The reporting cycle end to end in the browser, on the demo (Thanh Hóa, `loadDemo`), as its users:
 * the commune reporter fills and submits the 2026 report (draft saved as they type, the missing measure
 * marked at submission, an explicit "unknown"), the province officer returns it with a reason from the
 * inbox, the reporter corrects and resubmits, the officer approves, and the province dashboard shows
 * the new value and its status; reopening takes the value out again. Also: two people editing the same
 * report see a conflict, and the leader's overview shows indicator 1 (from the recognitions) off track.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, type Harness, type TestPage } from './helpers.ts';
import { loadDemo, type DemoSummary } from '../src/storage/demo/index.ts';
import { asSystem } from '../src/storage/users.ts';
import { generateObligations, getObligation, saveValues } from '../src/storage/reporting.ts';
import { unitDashboard } from '../src/storage/dashboard.ts';
import { indicatorOne } from '../src/storage/indicator1.ts';

let h: Harness;
let demo: DemoSummary;
let users: Record<string, number>;
let hp25: number;
let report2026: number;

before(async () => {
  h = await startHarness();
  const db = h.server.database.db;
  demo = await loadDemo(db);
  users = Object.fromEntries((await db.selectFrom('app_user').select(['id', 'username']).where('username', 'like', 'demo.%').execute()).map((u) => [u.username, u.id]));
  hp25 = (await db.selectFrom('admin_unit').select('id').where('level', '=', 'commune').where('code', '=', '15889').where('valid_from', '=', '2025-07-01').executeTakeFirstOrThrow()).id;
  // the province opens the 2026 cycle; the commune has typed most of its report already, all but 2 and 3a
  await asSystem(db, 'test', (trx) => generateObligations(trx, demo.reporting.planId, 2026));
  const o = await db.selectFrom('obligation').select(['id']).where('unit_id', '=', hp25).where('year', '=', 2026).where('kind', '=', 'annual').where('agency_id', 'is', null).executeTakeFirstOrThrow();
  report2026 = o.id;
  await asSystem(db, 'test', async (trx) => {
    const view = await getObligation(trx, o.id);
    const values = view.measures
      .filter((m) => m.code !== '2' && m.code !== '3a')
      .map((m) => (m.unit === 'count' ? { measure: m.code, value: 3 } : m.unit === 'boolean' ? { measure: m.code, value: 1 } : { measure: m.code, ...PLAUSIBLE[m.unit] }));
    await saveValues(trx, o.id, { version: view.version, values }, { id: null, name: 'demo.reporter' });
  });
});
after(async () => {
  await h?.close();
});

const PLAUSIBLE: Record<string, { numerator: number; denominator: number }> = { percent: { numerator: 90, denominator: 100 }, per_1000: { numerator: 10, denominator: 1000 }, per_10000: { numerator: 1, denominator: 10000 }, per_100000: { numerator: 300, denominator: 100000 } };
const as = (username: string) => h.newPage({ userId: users[username] });
const noErrors = (page: TestPage) => assert.deepEqual(page.errors, []);

test('report → return with a reason → resubmit → approve → the province dashboard shows the value and status; reopen takes it out', async () => {
  // ── the reporter: "my reports" opens on the latest year with reports; the 2026 report is there
  const reporter = await as('demo.reporter');
  await reporter.goto(h.url('/reports'));
  await reporter.getByRole('heading', { level: 1, name: 'Báo cáo của tôi' }).waitFor();
  assert.equal(await reporter.getByLabel('Năm').inputValue(), '2026', 'the latest year with reports, not an empty one');
  await reporter.locator(`a[href="/reports/${report2026}"]`).click();
  await reporter.getByRole('heading', { level: 1, name: /Báo cáo: (xã )?Hoằng Phú/ }).waitFor();
  // indicator 1 is shown, computed, never asked for
  await reporter.locator('tr.row-derived', { hasText: 'Tính tự động' }).waitFor();
  assert.equal(await reporter.getByLabel('1 tử số', { exact: true }).count(), 0);

  // types 3a as a Vietnamese officer writes it; the result shows while typing and the draft is saved
  await reporter.getByLabel('3a tử số', { exact: true }).fill('9');
  await reporter.getByLabel('3a mẫu số', { exact: true }).fill('1.000');
  await reporter.locator('tr[data-measure="3a"] td.num', { hasText: '9,0‰' }).waitFor();
  await reporter.getByText(/Đã lưu bản nháp lúc/).waitFor();
  await h.screenshot(reporter, 'reporting-1-draft-saved');
  const saved = await getObligation(h.server.database.db, report2026);
  assert.deepEqual(saved.values.filter((v) => v.measure === '3a' && v.key === '').map((v) => [v.numerator, v.denominator]), [[9, 1000]], 'the draft is on the server');

  // submitting with measure 2 empty is refused, and the row says why
  await reporter.getByRole('button', { name: 'Gửi báo cáo' }).click();
  await reporter.getByRole('alert').filter({ hasText: /Chưa thể gửi: còn thiếu số liệu của chỉ tiêu 2\b/ }).waitFor();
  await reporter.locator('tr.row-error[data-measure="2"]').waitFor();
  await h.screenshot(reporter, 'reporting-2-missing');
  assert.equal((await getObligation(h.server.database.db, report2026)).status, 'draft');
  // "unknown" is an explicit answer
  await reporter.getByLabel('2 không rõ', { exact: true }).check();
  await reporter.getByRole('button', { name: 'Gửi báo cáo' }).click();
  await reporter.getByText('Đã gửi báo cáo.').waitFor();
  await reporter.locator('.badge', { hasText: 'Đã gửi' }).first().waitFor();
  noErrors(reporter);

  // ── the province officer: the inbox opens on the province, with the report and its warnings
  const officer = await as('demo.officer');
  await officer.goto(h.url('/reports/inbox'));
  const row = officer.locator('tr', { has: officer.locator(`a[href="/reports/${report2026}"]`) });
  await row.waitFor();
  assert.match(await row.innerText(), /Năm 2026/);
  assert.match(await row.innerText(), /thay đổi lớn so với năm trước|nằm ngoài khoảng hợp lý/, 'validation flags are shown to the approver');
  await h.screenshot(officer, 'reporting-3-inbox');
  await row.locator('a').first().click();
  await officer.getByRole('button', { name: 'Trả lại' }).click();
  await officer.getByLabel(/Lý do trả lại/).fill('Chỉ tiêu 2 phải có số liệu của trạm y tế, không để "không rõ".');
  await officer.getByRole('button', { name: 'Trả lại báo cáo' }).click();
  await officer.getByText('Đã trả lại báo cáo cho đơn vị.').waitFor();
  assert.equal((await getObligation(h.server.database.db, report2026)).status, 'returned');

  // ── the reporter sees why, corrects and resubmits
  await reporter.goto(h.url('/reports?year=2026'));
  await reporter.getByText(/Lý do trả lại: Chỉ tiêu 2 phải có số liệu của trạm y tế/).waitFor();
  await reporter.locator(`a[href="/reports/${report2026}"]`).click();
  await reporter.locator('.warning-box', { hasText: 'Báo cáo bị trả lại:' }).waitFor();
  await reporter.getByLabel('2 không rõ', { exact: true }).uncheck();
  await reporter.getByLabel('2 tử số', { exact: true }).fill('80');
  await reporter.getByLabel('2 mẫu số', { exact: true }).fill('100');
  await reporter.getByText(/Đã lưu bản nháp lúc/).waitFor();
  await h.screenshot(reporter, 'reporting-4-corrected');
  await reporter.getByRole('button', { name: 'Gửi lại báo cáo' }).click();
  await reporter.getByText('Đã gửi báo cáo.').waitFor();
  noErrors(reporter);

  // ── the officer approves
  await officer.goto(h.url(`/reports/${report2026}`));
  await officer.getByRole('button', { name: 'Phê duyệt' }).click();
  await officer.getByText('Đã phê duyệt báo cáo.').waitFor();
  assert.equal((await getObligation(h.server.database.db, report2026)).status, 'approved');

  // ── the province dashboard (opened with no address: the officer's province, the latest year with data)
  await officer.goto(h.url('/dashboard'));
  await officer.getByRole('heading', { level: 1, name: 'Theo dõi chỉ tiêu: tỉnh Thanh Hóa' }).waitFor();
  assert.equal(await officer.getByLabel('Năm').inputValue(), '2026');
  const api = await unitDashboard(h.server.database.db, demo.province.id, 2026);
  const byCode = new Map(api.measures.map((m) => [m.code, m]));
  const LABEL: Record<string, string> = { achieved: 'Đã đạt', on_track: 'Đúng tiến độ', at_risk: 'Có nguy cơ', off_track: 'Chậm tiến độ', no_data: 'Chưa có số liệu' };
  for (const [code, text] of [['3a', '9,0‰'], ['2', '80,0%']]) {
    const r = officer.locator('tbody tr', { has: officer.getByRole('button', { name: code, exact: true }) });
    const cells = await r.locator('td').allInnerTexts();
    assert.match(cells[1], new RegExp(`^${text.replace('‰', '‰')}`), `${code} value: ${cells[1]}`);
    assert.equal(cells[4].trim(), LABEL[byCode.get(code)!.status], `${code} status`);
  }
  assert.equal(byCode.get('3a')!.value, 9);
  assert.equal(byCode.get('2')!.status, 'off_track', '80% against ≥ 90% by 2025');
  await officer.getByRole('button', { name: '3a', exact: true }).click();
  await officer.locator('#measure-detail canvas').first().waitFor();
  await officer.locator('#child-units tr', { hasText: 'Hoằng Phú' }).filter({ hasText: '9,0‰' }).waitFor();
  await h.screenshot(officer, 'reporting-5-dashboard');
  noErrors(officer);

  // ── reopening takes the value out of the live figures
  await officer.goto(h.url(`/reports/${report2026}`));
  await officer.getByRole('button', { name: 'Mở lại' }).click();
  await officer.getByText('Đã mở lại báo cáo.').waitFor();
  assert.equal((await unitDashboard(h.server.database.db, demo.province.id, 2026)).measures.find((m) => m.code === '3a')!.value, null);
  noErrors(officer);
});

test('two people editing one report: the second sees the other’s value and chooses', async () => {
  const a = await as('demo.reporter');
  const b = await as('demo.reporter');
  for (const p of [a, b]) {
    await p.goto(h.url(`/reports/${report2026}`));
    await p.getByLabel('3b tử số', { exact: true }).waitFor();
  }
  await a.getByLabel('3b tử số', { exact: true }).fill('11');
  await a.getByText(/Đã lưu bản nháp lúc/).waitFor();
  await b.getByLabel('3b tử số', { exact: true }).fill('13');
  const panel = b.getByRole('alert').filter({ hasText: 'Người khác vừa sửa báo cáo này' });
  await panel.waitFor();
  assert.match(await panel.innerText(), /3b\s+11\/1\.000\s+13\/1\.000/);
  await h.screenshot(b, 'reporting-6-conflict');
  // nothing was overwritten silently
  const stored = () => getObligation(h.server.database.db, report2026).then((o) => o.values.find((v) => v.measure === '3b' && v.key === '')!.numerator);
  assert.equal(await stored(), 11);
  await panel.getByRole('button', { name: /Giữ số liệu của tôi/ }).click();
  await b.getByText(/Đã lưu bản nháp lúc/).waitFor();
  assert.equal(await stored(), 13);
  noErrors(a);
  noErrors(b);
});

test("the leader's overview: indicator 1 from the recognitions off track, late and missing reports", async () => {
  const leader = await as('demo.leader');
  await leader.goto(h.url('/overview?year=2025'));
  await leader.getByRole('heading', { level: 1, name: 'Tổng quan lãnh đạo: Thanh Hóa' }).waitFor();
  const one = await indicatorOne(h.server.database.db, demo.province.id, 2025);
  const row = leader.locator('tr', { has: leader.getByRole('link', { name: '1', exact: true }) });
  await row.waitFor();
  assert.match(await row.innerText(), new RegExp(`${(Math.round(one.value! * 10) / 10).toFixed(1).replace('.', ',')}%[\\s\\S]*≥ 65% \\(2025\\)[\\s\\S]*Chậm tiến độ`));
  await leader.getByRole('heading', { name: /Quá hạn, chưa nộp \([1-9]/ }).waitFor();
  await leader.getByRole('heading', { name: /Nộp muộn \([1-9]/ }).waitFor();
  await h.screenshot(leader, 'reporting-7-overview');
  noErrors(leader);
});
