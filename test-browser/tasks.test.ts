/**
 * Task progress in the browser (issue #16), on the demo: the commune's reporter reaches "Tiến độ nhiệm vụ" from the
 * home page's to-do list and from beside the figures of their report, and on a 390 px phone (cards, nothing scrolls
 * sideways) is refused a percentage above 100 and a step back from "hoàn thành" without a reason, then saves a
 * task's progress and attaches an evidence file; the province officer (the plan's issuer) sees each task's latest
 * status on the plan page and the roll-up: x/y done, a table per agency, the plan's groups, a late entry.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, type Harness, type TestPage } from './helpers.ts';
import { loadDemo, type DemoSummary } from '../src/storage/demo/index.ts';

let h: Harness;
let demo: DemoSummary;
let users: Record<string, number>;
let report2025: number;
const PHONE = { width: 390, height: 844 };
const FORUM = 'Tổ chức Diễn đàn trẻ em cấp xã';
const SCREENING = 'Rà soát, lập danh sách trẻ em có hoàn cảnh đặc biệt và trẻ em có nguy cơ';

before(async () => {
  h = await startHarness();
  const db = h.server.database.db;
  demo = await loadDemo(db);
  users = Object.fromEntries((await db.selectFrom('app_user').select(['id', 'username']).where('username', 'like', 'demo.%').execute()).map((u) => [u.username, u.id]));
  const hp25 = (await db.selectFrom('admin_unit').select('id').where('level', '=', 'commune').where('code', '=', '15889').where('valid_from', '=', '2025-07-01').executeTakeFirstOrThrow()).id;
  report2025 = (await db.selectFrom('obligation').select('id').where('unit_id', '=', hp25).where('year', '=', 2025).where('kind', '=', 'annual').where('agency_id', 'is', null).where('plan_id', '=', demo.reporting.planId).orderBy('id').executeTakeFirstOrThrow()).id;
});
after(async () => {
  await h?.close();
});

const as = (username: string, viewport?: { width: number; height: number }) => h.newPage({ userId: users[username], viewport });
const noErrors = (page: TestPage) => assert.deepEqual(page.errors.filter((e) => !/status of 40[03]/.test(e)), []);
const noSideScroll = async (page: TestPage) => {
  const { width, wide } = await page.evaluate((max) => ({
    width: document.documentElement.scrollWidth,
    // what sticks out, to say which element when it fails
    wide: [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > max + 1).slice(-5).map((e) => `${e.tagName.toLowerCase()}.${e.className} ${Math.round(e.getBoundingClientRect().right)}px`),
  }), PHONE.width);
  assert.ok(width <= PHONE.width, `no side-scrolling (${width}px): ${wide.join(', ')}`);
};

test("the reporter finds the tasks from the home page and beside the report's figures", async () => {
  const page = await as('demo.reporter');
  await page.goto(h.url('/'));
  const todo = page.locator('.home-todo a[href^="/tasks"]');
  await todo.waitFor();
  assert.match(await todo.innerText(), /nhiệm vụ/);
  await page.goto(h.url(`/reports/${report2025}`));
  const aside = page.locator('aside.task-progress-aside');
  await aside.waitFor();
  assert.match(await aside.innerText(), /Đã báo cáo 1\/2 nhiệm vụ cơ quan chủ trì \(năm 2025\)/);
  assert.match(await aside.innerText(), new RegExp(FORUM));
  await aside.getByRole('link', { name: 'Báo cáo tiến độ nhiệm vụ' }).click();
  await page.getByRole('heading', { level: 1, name: 'Tiến độ nhiệm vụ' }).waitFor();
  assert.match(page.url(), /\/tasks\?period=2025$/);
  noErrors(page);
});

test('on a 390 px phone: bad input is refused with a clear message, then progress and evidence are saved', async () => {
  const page = await as('demo.reporter', PHONE);
  await page.goto(h.url('/tasks?period=2025'));
  await page.getByRole('heading', { level: 1, name: 'Tiến độ nhiệm vụ' }).waitFor();
  const screening = page.locator('form.task-card', { hasText: SCREENING });
  const forum = page.locator('form.task-card', { hasText: FORUM });
  await screening.waitFor();
  assert.equal(await page.locator('form.task-card').count(), 2);
  assert.match(await page.locator('.task-summary').innerText(), /1\/2 nhiệm vụ đã báo cáo năm 2025/);
  await noSideScroll(page);
  const box = (await screening.boundingBox())!;
  assert.ok(box.x >= 0 && box.x + box.width <= PHONE.width, 'the card fits the phone');

  // a percentage above 100: the server's message, Vietnamese first; nothing saved
  await screening.getByLabel('Tình trạng').selectOption('in_progress');
  await screening.getByLabel('Tỷ lệ hoàn thành (%)').fill('140');
  await screening.getByRole('button', { name: 'Lưu tiến độ' }).click();
  await screening.locator('.error-message', { hasText: 'Dữ liệu không hợp lệ' }).waitFor();
  assert.match(await screening.innerText(), /Lưu tiến độ trước khi đính kèm minh chứng/);

  // a step back from "hoàn thành" without a reason: the reason field appears, the server refuses without it
  await forum.getByLabel('Tình trạng').selectOption('in_progress');
  await forum.getByLabel(/Lý do chuyển từ "hoàn thành"/).waitFor();
  await forum.getByRole('button', { name: 'Lưu tiến độ' }).click();
  await forum.locator('.error-message', { hasText: 'cần ghi lý do' }).waitFor();

  // then saved properly: "đang thực hiện", 40,5%, results
  await screening.getByLabel('Tỷ lệ hoàn thành (%)').fill('40,5');
  await screening.getByLabel('Kết quả thực hiện').fill('Đã rà soát 5/9 thôn; lập danh sách 37 trẻ em.');
  await screening.getByRole('button', { name: 'Lưu tiến độ' }).click();
  await screening.getByText('Đã lưu.').waitFor();
  const saved = await h.server.database.db.selectFrom('task_progress as tp').innerJoin('task as t', 't.id', 'tp.task_id').select(['tp.status', 'tp.percent', 'tp.results']).where('t.title', '=', SCREENING).where('tp.period', '=', '2025').executeTakeFirstOrThrow();
  assert.deepEqual([saved.status, Number(saved.percent), saved.results], ['in_progress', 40.5, 'Đã rà soát 5/9 thôn; lập danh sách 37 trẻ em.']);

  // evidence: a PDF attached, then listed for download
  await screening.locator('input[type="file"]').setInputFiles({ name: 'bien-ban-ra-soat.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n') });
  await screening.getByRole('button', { name: 'Tải lên' }).click();
  await screening.locator('a[download]', { hasText: 'bien-ban-ra-soat.pdf' }).waitFor();
  // a text file named .pdf: refused by content
  await screening.locator('input[type="file"]').setInputFiles({ name: 'gia-mao.pdf', mimeType: 'application/pdf', buffer: Buffer.from('không phải PDF') });
  await screening.getByRole('button', { name: 'Tải lên' }).click();
  await screening.locator('.error-message').waitFor();
  assert.equal(await screening.locator('a[download]').count(), 1);
  await noSideScroll(page);
  await h.screenshot(page, 'tasks-phone');
  noErrors(page);
});

test("the issuer: each task's latest status on the plan page, the roll-up per agency with the plan's groups", async () => {
  const page = await as('demo.officer');
  await page.goto(h.url(`/plans/${demo.tasks.planId}`));
  const tasks = page.locator('#nhiem-vu');
  await tasks.locator('[data-status="not_feasible"]').waitFor();
  assert.ok((await tasks.locator('[data-status]').count()) >= 7);
  await tasks.getByRole('link', { name: 'Tổng hợp tiến độ nhiệm vụ' }).click();
  await page.getByRole('heading', { level: 1, name: 'Tổng hợp tiến độ nhiệm vụ' }).waitFor();
  await page.getByLabel('Kỳ báo cáo').selectOption('2024');
  await page.locator('.task-total', { hasText: '3/8' }).waitFor();
  const health = page.locator('section.task-agency', { has: page.getByRole('heading', { level: 2, name: 'Sở Y tế' }) });
  assert.match(await health.locator('.agency-summary').innerText(), /1\/2 nhiệm vụ hoàn thành · 1 báo cáo muộn/);
  assert.equal(await health.locator('tr.task-group').first().innerText(), 'Chăm sóc sức khỏe, dinh dưỡng cho trẻ em');
  await health.locator('[data-deadline="late"]').waitFor();
  assert.match(await page.locator('section.task-agency', { hasText: 'Sở Giáo dục và Đào tạo' }).innerText(), /bien-ban-kiem-tra-truong-hoc\.pdf/);
  noErrors(page);

  // the same on a phone: tables become cards, nothing scrolls sideways
  const phone = await as('demo.officer', PHONE);
  await phone.goto(h.url(`/plans/${demo.tasks.planId}/tasks?period=2025`));
  await phone.locator('section.task-agency').first().waitFor();
  await phone.locator('[data-status="not_feasible"]').waitFor();
  await noSideScroll(phone);
  await h.screenshot(phone, 'tasks-rollup-phone');
  noErrors(phone);
});
