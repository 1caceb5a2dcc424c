/**
 * Issue #19, what a new user trips over — on the demo, every demo role, in Chromium:
 * 1 signing in again after "Đăng xuất" lands on the app, never on a second form;
 * 2 no English word or developer note on any page a demo role can reach in Vietnamese (test-browser/language.ts);
 * 3 the report form checks while typing, as at submission (a breakdown that no longer adds up, "1,5" as a count);
 * 4 dates typed and shown dd/mm/yyyy (the audit filter);
 * 7 the home page says what each role owes;
 * 8 a 390 px phone: the report form is a card per indicator without side-scrolling, the menu folds into a button.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, type Harness, type TestPage } from './helpers.ts';
import { loadDemo, type DemoSummary } from '../src/storage/demo/index.ts';
import { languageFindings } from './language.ts';

let h: Harness;
let demo: DemoSummary;
const userIds = new Map<string, number>();
before(async () => {
  h = await startHarness();
  demo = await loadDemo(h.server.database.db);
  for (const u of await h.server.database.db.selectFrom('app_user').select(['id', 'username']).where('username', 'like', 'demo.%').execute()) userIds.set(u.username, u.id);
});
after(async () => {
  await h?.close();
});

async function settle(page: TestPage): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.locator('main .loading').first().waitFor({ state: 'detached', timeout: 15_000 }).catch(() => undefined);
}
const asUser = (username: string, options: { viewport?: { width: number; height: number } } = {}) => h.newPage({ userId: userIds.get(username)!, ...options });
/** the obligations of the demo reporter's agency, returned and never sent (2025) */
async function reporterReports(): Promise<{ id: number; status: string }[]> {
  const page = await asUser('demo.reporter');
  const r = await page.request.get(h.url('/api/my/reports?year=2025'));
  return ((await r.json()) as { items: { id: number; status: string }[] }).items;
}

test('1: after "Đăng xuất", signing in again from /sign-in opens the app — one styled form, never a second one', async () => {
  const page = await h.newPage({ anonymous: true });
  await page.goto(h.url('/'));
  for (let round = 0; round < 2; round++) {
    await page.goto(h.url('/sign-in'));
    assert.equal(await page.locator('form').count(), 1);
    await page.getByLabel('Tên đăng nhập').fill(h.server.admin.username);
    await page.getByLabel('Mật khẩu').fill(h.server.admin.password);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByRole('button', { name: 'Đăng xuất' }).waitFor();
    await page.waitForURL((u) => u.pathname === '/');
    await page.getByRole('heading', { level: 1, name: 'Chương trình hành động vì trẻ em' }).waitFor();
    assert.equal(await page.getByRole('heading', { name: 'Đăng nhập' }).count(), 0, 'no sign-in form while signed in');
    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await page.getByRole('heading', { name: 'Đăng nhập' }).waitFor();
    assert.equal(await page.locator('form').count(), 1, 'one form after signing out');
    assert.ok(await page.locator('section.signin.panel').isVisible(), 'the styled form');
  }
  // a signed-in user who opens /sign-in?next=… is taken there
  const signedIn = await h.newPage();
  await signedIn.goto(h.url('/sign-in?next=/plans'));
  await signedIn.waitForURL((u) => u.pathname === '/plans');
  await signedIn.getByRole('heading', { level: 1, name: 'Kế hoạch' }).waitFor();
  assert.deepEqual([...page.errors, ...signedIn.errors], []);
});

test('2: every page every demo role reaches shows no English word and no developer note in Vietnamese', async () => {
  const province = demo.province.id;
  const starts = ['/', '/plans', '/units', `/units/${province}`, '/reports', '/reports/inbox', '/dashboard', '/overview', '/cff', '/documents', '/children', '/cases/mine', '/cases/supervise', '/register/counts', '/imports', '/account', '/admin/users', '/admin/audit', `/plans/${demo.budget.planId}`, `/plans/${demo.budget.planId}/budget`];
  const shape = (href: string) => href.split('?')[0].replace(/\/\d+(?=\/|$)/g, '/:id');
  const findings: string[] = [];
  let pages = 0;
  for (const username of ['demo.admin', 'demo.officer', 'demo.reporter', 'demo.leader', 'demo.viewer', 'demo.caseworker', 'demo.supervisor', 'demo.assessor']) {
    const page = await asUser(username);
    // user names and display names are the users' own words
    const allowed = new Set([username, 'admin']);
    const seen = new Set<string>();
    const queue = [...starts];
    let visited = 0;
    while (queue.length && visited < 14) {
      const path = queue.shift()!;
      if (seen.has(shape(path))) continue;
      seen.add(shape(path));
      await page.goto(h.url(path));
      await settle(path === '/' ? page : page);
      const text = await page.locator('body').innerText();
      if (/Bạn không có quyền|Không tìm thấy trang/.test(text)) continue;
      visited++;
      pages++;
      for (const f of languageFindings(text)) if (![...allowed].some((a) => f === `English: ${a}` || f.startsWith(`English: ${a} `))) findings.push(`${username} ${path}: ${f}`);
      for (const href of await page.locator('main a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''))) {
        if (href.startsWith('/') && !href.startsWith('//') && !href.startsWith('/api/') && !seen.has(shape(href))) queue.push(href);
      }
    }
    assert.deepEqual(page.errors, [], username);
  }
  assert.ok(pages > 50, `pages walked: ${pages}`);
  assert.deepEqual(findings, []);
});

test('3: the report form runs the submission checks while typing; a count takes whole numbers only', async () => {
  const returned = (await reporterReports()).find((r) => r.status === 'returned')!;
  const page = await asUser('demo.reporter');
  await page.goto(h.url(`/reports/${returned.id}`));
  const denominator = page.getByLabel('3a mẫu số', { exact: true });
  await denominator.waitFor();
  const before = await denominator.inputValue();
  // live births change: the sex breakdown no longer adds up — said at once, not after resubmitting
  await denominator.fill(String(Number(before.replace(/\./g, '')) + 6));
  await page.getByTestId('report-warnings').getByText('Chỉ tiêu 3a: tổng các phân tổ theo giới tính không bằng số tổng.').waitFor();
  await denominator.fill(before);
  await page.getByTestId('report-warnings').getByText(/Chỉ tiêu 3a: tổng các phân tổ/).waitFor({ state: 'detached' }).catch(() => undefined);
  assert.equal(await page.getByText('Chỉ tiêu 3a: tổng các phân tổ theo giới tính không bằng số tổng.').count(), 0);
  // "1,5" as a count, and as a numerator (a count of children): refused on the row, no figure computed from it
  await page.getByLabel('13', { exact: true }).fill('1,5');
  const row13 = page.locator('tr[data-measure="13"]').first();
  await row13.getByText('chỉ tiêu 13: số đếm phải là số nguyên.').waitFor();
  assert.match((await row13.getAttribute('class')) ?? '', /row-error/);
  await page.getByLabel('3a tử số', { exact: true }).fill('1,5');
  const row3a = page.locator('tr[data-measure="3a"]').first();
  await row3a.getByText(/tử số là số đếm, phải là số nguyên/).waitFor();
  assert.doesNotMatch(await row3a.innerText(), /‰/, 'no rate computed from a refused value');
  // a refused row is not saved: the server keeps the last good value
  await page.waitForTimeout(1500);
  const saved = await (await page.request.get(h.url(`/api/obligations/${returned.id}`))).json();
  assert.notEqual(saved.values.find((v: { measure: string; key: string }) => v.measure === '13' && v.key === '')?.value, 1.5);
  await h.screenshot(page, 'finish-live-validation');
  assert.deepEqual(page.errors, []);
});

test('4: the audit filter takes and shows dd/mm/yyyy; audit rows read as Vietnamese', async () => {
  const page = await asUser('demo.admin');
  await page.goto(h.url('/admin/audit'));
  const from = page.getByLabel('Từ ngày');
  await from.waitFor();
  assert.equal(await from.getAttribute('type'), null, 'a text field, not a browser date field (mm/dd/yyyy in an English browser)');
  assert.equal(await from.getAttribute('placeholder'), 'dd/mm/yyyy');
  await from.fill('01/01/2020');
  await settle(page);
  const text = await page.locator('main').innerText();
  assert.doesNotMatch(text, /\b(insert|update|child_case)\b|\{"/);
  assert.match(text, /Thêm|Sửa|Xem|Đăng nhập/);
  assert.match(text, /\d{2}\/\d{2}\/\d{4}/);
  assert.deepEqual(page.errors, []);
});

test('7: the home page says what each role owes, with links', async () => {
  const reporter = await asUser('demo.reporter');
  await reporter.goto(h.url('/'));
  const todo = reporter.getByRole('region', { name: 'Việc cần làm' });
  await todo.getByText('2 báo cáo cần gửi').waitFor();
  assert.equal(await todo.locator('a[href^="/reports/"]').count(), 2);
  // the tasks the reporter's agency leads (issue #16) are owed too, one link to "Tiến độ nhiệm vụ"
  assert.equal(await todo.locator('a[href^="/tasks"]').count(), 1);
  await todo.getByRole('link').first().click();
  await reporter.getByRole('heading', { level: 1, name: /^Báo cáo:/ }).waitFor();

  const caseworker = await asUser('demo.caseworker');
  await caseworker.goto(h.url('/'));
  const cases = caseworker.getByRole('region', { name: 'Việc cần làm' });
  await cases.getByText(/1 ca quá hạn/).waitFor();
  assert.match(await cases.innerText(), /khẩn cấp · Can thiệp khẩn cấp hoặc cách ly tạm thời \(trong 12 giờ, NĐ 56 Điều 26 khoản 3\) quá hạn/);

  const assessor = await asUser('demo.assessor');
  await assessor.goto(h.url('/'));
  const files = assessor.getByRole('region', { name: 'Việc cần làm' });
  await files.getByText(/hồ sơ xã phù hợp với trẻ em đang mở/).waitFor();
  await files.getByRole('link').first().click();
  await assessor.getByRole('heading', { level: 1, name: /Hồ sơ xã phù hợp với trẻ em/ }).waitFor();
  await settle(assessor);
  assert.ok((await assessor.locator('main input:not([disabled])').count()) > 0, 'the assessor can work on the file it is shown');

  const officer = await asUser('demo.officer');
  await officer.goto(h.url('/'));
  await officer.getByRole('region', { name: 'Việc cần làm' }).getByRole('link', { name: /báo cáo chờ duyệt/ }).waitFor();

  const supervisor = await asUser('demo.supervisor');
  await supervisor.goto(h.url('/'));
  await supervisor.getByRole('region', { name: 'Việc cần làm' }).getByRole('link', { name: /hồ sơ trường hợp chờ phê duyệt/ }).waitFor();
  await h.screenshot(reporter, 'finish-home-reporter');
  assert.deepEqual([...reporter.errors, ...caseworker.errors, ...assessor.errors, ...officer.errors, ...supervisor.errors], []);
});

test('8: on a 390 px phone the report form is a card per indicator, nothing scrolls sideways, the menu is a button', async () => {
  const draft = (await reporterReports()).find((r) => r.status === 'draft' || r.status === 'returned')!;
  const page = await asUser('demo.reporter', { viewport: { width: 390, height: 844 } });
  await page.goto(h.url(`/reports/${draft.id}`));
  const input = page.getByLabel('2 tử số', { exact: true });
  await input.waitFor();
  assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= 390, 'no side-scrolling');
  // the input sits on the line of its label, inside the indicator's card
  const label = await page.locator('tr[data-measure="2"] td[data-label="Tử số"]').first().boundingBox();
  const box = await input.boundingBox();
  const card = await page.locator('tr[data-measure="2"]').first().boundingBox();
  assert.ok(label && box && card);
  assert.ok(box.y >= label.y && box.y + box.height <= label.y + label.height + 1, 'input beside its label');
  assert.ok(box.x + box.width <= 390 && card.width <= 390);
  // the menu is folded behind one button
  const nav = page.getByRole('navigation', { name: 'Điều hướng chính' });
  assert.equal(await nav.getByRole('link', { name: 'Báo cáo của tôi' }).isVisible(), false);
  await nav.getByRole('button', { name: /Danh mục/ }).click();
  await nav.getByRole('link', { name: 'Báo cáo của tôi' }).click();
  await page.getByRole('heading', { level: 1, name: 'Báo cáo của tôi' }).waitFor();
  assert.equal(await nav.getByRole('link', { name: 'Trang chủ' }).isVisible(), false, 'folded again after moving');
  await h.screenshot(page, 'finish-phone-report');
  assert.deepEqual(page.errors, []);
});

test('6: the yearly-report page opens on the user’s unit and a year with data, offers plans by name, downloads as separate buttons', async () => {
  const page = await asUser('demo.officer');
  await page.goto(h.url('/documents'));
  await page.getByRole('heading', { level: 1, name: 'Báo cáo và văn bản' }).waitFor();
  await settle(page);
  assert.equal(await page.getByLabel('Năm', { exact: true }).inputValue(), '2025', 'the latest year with data');
  assert.match(await page.locator('main .panel').first().innerText(), /Thanh Hóa/, 'the officer’s province preselected');
  await page.getByRole('heading', { name: 'Tải về' }).waitFor(); // the narrative of the preselected unit and year is loaded
  assert.equal(await page.getByLabel('Mã kế hoạch').count(), 0, 'no internal plan number to type');
  const plan = page.getByLabel('Kế hoạch', { exact: true });
  await plan.locator('option', { hasText: 'DEMO-KH-UBND' }).first().waitFor({ state: 'attached' });
  const downloads = page.locator('.download-list a.btn');
  await downloads.first().waitFor();
  assert.ok((await downloads.count()) >= 3);
  const boxes = await downloads.evaluateAll((as) => as.map((a) => a.getBoundingClientRect()).map((r) => [r.left, r.right, r.top]));
  for (let i = 1; i < boxes.length; i++) assert.ok(boxes[i][0] >= boxes[i - 1][1] + 4 || boxes[i][2] > boxes[i - 1][2], 'links apart, not run together');
  await h.screenshot(page, 'finish-documents');
  assert.deepEqual(page.errors, []);
});

test('6: on the dashboard the whole row opens the indicator and its chart comes into view; a locked report looks locked', async () => {
  const page = await asUser('demo.officer');
  await page.goto(h.url('/dashboard'));
  const row = page.locator('table.dashboard-table tbody tr').nth(5);
  await row.waitFor();
  await row.locator('td').nth(2).click(); // the target cell, not the code's button
  await page.waitForURL((u) => u.searchParams.has('measure'));
  const detail = page.locator('#measure-detail');
  await detail.waitFor();
  await page.waitForFunction(() => { const r = document.querySelector('#measure-detail')!.getBoundingClientRect(); return r.top >= 0 && r.top < window.innerHeight; }, undefined, { timeout: 5000 });

  const approved = await (await page.request.get(h.url('/api/my/reports?year=2024'))).json() as { items: { id: number; status: string }[] };
  const reporter = await asUser('demo.reporter');
  const mine = ((await (await reporter.request.get(h.url('/api/my/reports?year=2024'))).json()) as { items: { id: number; status: string }[] }).items.find((r) => r.status === 'approved') ?? approved.items.find((r) => r.status === 'approved')!;
  await reporter.goto(h.url(`/reports/${mine.id}`));
  await reporter.locator('.lock-banner').getByText(/Báo cáo đã khóa/).waitFor();
  assert.equal(await reporter.locator('section.report-locked').count(), 1);
  assert.equal(await reporter.locator('.report-table input:not([disabled])').count(), 0);
  assert.deepEqual([...page.errors, ...reporter.errors], []);
});

test('10: the demo plan has its parent and its indicators under their objectives; communes report one commune and a few schools', async () => {
  const page = await asUser('demo.officer');
  const plan = await (await page.request.get(h.url(`/api/plans/${demo.budget.planId}`))).json() as { parentPlanId: number | null; objectives: { key: string }[]; indicators: { objective: string | null }[] };
  assert.ok(plan.parentPlanId, 'the national programme is its parent');
  assert.equal(plan.objectives.length, 4);
  assert.ok(plan.indicators.every((i) => i.objective !== null), 'every indicator under an objective');
  await page.goto(h.url(`/plans/${demo.budget.planId}`));
  await page.getByText('23/QĐ-TTg').first().waitFor();
  await page.getByText('Về bảo vệ trẻ em').first().waitFor();
  const rows = await h.server.database.db.selectFrom('data_value as v').innerJoin('measure as m', 'm.id', 'v.measure_id').innerJoin('obligation as o', 'o.id', 'v.obligation_id').innerJoin('admin_unit as u', 'u.id', 'o.unit_id')
    .select(['m.code', 'v.denominator']).where('u.level', '=', 'commune').where('m.code', 'in', ['7', '19', '20a', '21']).where('v.disagg_key', '=', '').execute();
  assert.ok(rows.length > 0);
  for (const r of rows) assert.ok((r.code === '21' ? r.denominator === 1 : Number(r.denominator) <= 10), `${r.code}: ${r.denominator}`);
  assert.deepEqual(page.errors, []);
});
