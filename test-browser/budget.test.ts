/**
 * The budget execution screen (/plans/:id/budget) on seed 001 (Kiên Giang, 18.670 triệu đồng), as the
 * province's unit officer: reached from the plan page, a year's table with planned and spent side by side,
 * a typing error refused with a Vietnamese message and nothing stored, the fix saved with the totals,
 * rates and a warning, the whole period, Vietnamese number formats throughout.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, type Harness } from './helpers.ts';
import { asSystem, createUser } from '../src/storage/users.ts';
import { createPlan } from '../src/storage/plans.ts';
import { kienGiangInput, kienGiangUnitId } from '../test/fixtures/documents/kien-giang-input.ts';

let h: Harness;
let planId: number;
let officerId: number;
before(async () => {
  h = await startHarness();
  const db = h.server.database.db;
  const unitId = await kienGiangUnitId(db);
  planId = await asSystem(db, 'test', (trx) => createPlan(trx, { ...kienGiangInput(unitId), status: 'issued' }));
  officerId = await asSystem(db, 'test', (trx) => createUser(trx, { username: 'kg.officer', password: 'kg-officer-password-1', displayName: 'Cán bộ Kiên Giang', grants: [{ role: 'unit_officer', unitId }] }));
});
after(async () => {
  await h?.close();
});

const spending = () => h.server.database.db.selectFrom('budget_spending').select(['amount', 'note', 'year', 'source']).execute();

test('a unit officer enters a year of spending beside the plan; a typing error stores nothing', async () => {
  const page = await h.newPage({ userId: officerId });
  await page.goto(h.url(`/plans/${planId}`));
  await page.getByRole('link', { name: /Tình hình thực hiện kinh phí/ }).click();
  await page.waitForURL(/\/plans\/\d+\/budget/);
  await page.getByRole('heading', { level: 1, name: 'Tình hình thực hiện kinh phí' }).waitFor();
  assert.match((await page.locator('.budget-summary').textContent()) ?? '', /dự toán 18\.670, đã thực hiện —/);

  await page.getByRole('navigation', { name: 'Chọn năm' }).getByRole('link', { name: '2024', exact: true }).click();
  await page.getByRole('heading', { level: 2, name: /Năm 2024/ }).waitFor();
  const table = page.locator('table.budget-execution-table');
  const row2 = table.locator('tbody tr').nth(1);
  assert.match((await row2.textContent()) ?? '', /Tăng cường truyền thông.*300/);

  await page.getByLabel('Thực hiện: hoạt động 2, Địa phương, năm 2024').fill('285');
  await page.getByLabel('Ghi chú: hoạt động 2, Địa phương, năm 2024').fill('Giảm một đợt truyền thông');
  await page.getByLabel('Thực hiện: hoạt động 4, huy động, xã hội hóa, năm 2024').fill('612,5');
  await page.getByLabel('Thực hiện: hoạt động 5, Địa phương, năm 2024').fill('sáu mươi');
  await page.getByRole('button', { name: 'Lưu (3 ô đã sửa)' }).click();
  await page.getByRole('alert').filter({ hasText: '"sáu mươi" không phải là số' }).waitFor();
  assert.deepEqual(await spending(), [], 'nothing stored');
  await h.screenshot(page, 'budget-error');

  await page.getByLabel('Thực hiện: hoạt động 5, Địa phương, năm 2024').fill('60');
  await page.getByRole('button', { name: 'Lưu (3 ô đã sửa)' }).click();
  await page.getByText('Đã lưu: 3 số liệu mới, 0 cập nhật, 0 xóa.').waitFor();
  await page.getByText(/vượt dự toán: thực hiện 612,5, dự toán 500 \(122,5%\)/).waitFor();
  const foot = (await table.locator('tfoot tr').textContent()) ?? '';
  // local 1.215 planned, 345 spent (28,4%); mobilised 500 / 612,5 (122,5%); all 1.715 / 957,5 (55,8%)
  assert.match(foot, /1\.215\s*345\s*28,4%/);
  assert.match(foot, /500\s*612,5\s*122,5%/);
  assert.match(foot, /1\.715\s*957,5\s*55,8%/);
  assert.equal((await page.getByLabel('Thực hiện: hoạt động 4, huy động, xã hội hóa, năm 2024').inputValue()), '612,5');
  const stored = await spending();
  assert.equal(stored.length, 3);
  assert.ok(stored.some((s) => Number(s.amount) === 612.5 && s.source === 'mobilised'));
  await h.screenshot(page, 'budget-2024');

  await page.getByRole('link', { name: 'Cả giai đoạn' }).click();
  const period = page.locator('table.budget-period-table');
  await period.waitFor();
  assert.match((await period.locator('tfoot tr').textContent()) ?? '', /18\.670\s*957,5\s*5,1%/);
  await h.screenshot(page, 'budget-period');

  await page.getByRole('button', { name: 'EN' }).click();
  await page.getByRole('heading', { level: 1, name: 'Budget execution' }).waitFor();
  assert.deepEqual(page.errors, []);
});

test('a viewer of another province is refused the screen; a plan without a budget says so', async () => {
  const db = h.server.database.db;
  const canTho = (await db.selectFrom('admin_unit').select('id').where('name', '=', 'Cần Thơ').where('level', '=', 'province').executeTakeFirstOrThrow()).id;
  const viewerId = await asSystem(db, 'test', (trx) => createUser(trx, { username: 'ct.viewer', password: 'ct-viewer-password-1', grants: [{ role: 'viewer', unitId: canTho }] }));
  const page = await h.newPage({ userId: viewerId });
  await page.goto(h.url(`/plans/${planId}/budget`));
  await page.getByRole('alert').filter({ hasText: 'Bạn không có quyền' }).waitFor();
  assert.equal(await page.locator('table.budget-execution-table').count(), 0);
  const national = (await db.selectFrom('plan').select('id').where('number', '=', '23/QĐ-TTg').executeTakeFirstOrThrow()).id;
  const admin = await h.newPage();
  await admin.goto(h.url(`/plans/${national}/budget`));
  await admin.getByText('Kế hoạch không có bảng kinh phí (dự toán)').waitFor();
  assert.deepEqual(admin.errors, []);
});
