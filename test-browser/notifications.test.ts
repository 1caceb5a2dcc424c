import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, type Harness } from './helpers.ts';
import { notifyUsers } from '../src/storage/notifications.ts';

let h: Harness;
before(async () => {
  h = await startHarness();
  const db = h.server.database.db;
  for (const i of [1, 2, 3])
    await db.transaction().execute((trx) => notifyUsers(trx, [h.server.admin.id], { kind: 'report_due', eventKey: `browser:${i}`, title: `Nhắc hạn: Báo cáo năm 2025 số ${i} đến hạn 20/11/2025`, body: `Nội dung ${i}`, link: '/reports', dueAt: '2025-11-20', unitId: null }));
});
after(async () => {
  await h?.close();
});

test('the bell shows the unread count; the page lists, marks read, and saves the channels', async () => {
  const page = await h.newPage();
  await page.goto(h.url('/'));
  const bell = page.getByTestId('notification-bell');
  await bell.getByText('3').waitFor();
  assert.equal(await bell.getAttribute('aria-label'), 'Thông báo: 3 chưa đọc');
  await bell.click();
  await page.getByRole('heading', { level: 1, name: 'Thông báo' }).waitFor();
  assert.equal(await page.getByTestId('notification').count(), 3);
  await page.getByText('Nhắc hạn: Báo cáo năm 2025 số 3 đến hạn 20/11/2025').waitFor();
  await h.screenshot(page, 'notifications');
  await page.getByRole('button', { name: 'Đánh dấu đã đọc' }).first().click();
  await bell.getByText('2').waitFor();
  await page.getByRole('button', { name: 'Đánh dấu tất cả đã đọc' }).click();
  await page.waitForFunction(() => !document.querySelector('.notification-count'));
  assert.equal(await bell.getAttribute('aria-label'), 'Thông báo');
  // channels
  await page.getByLabel('Địa chỉ thư điện tử').fill('quan.tri@thanhhoa.example');
  await page.getByLabel('Gộp thành một thư tổng hợp mỗi ngày (7 giờ sáng)').check();
  await page.getByRole('button', { name: 'Lưu', exact: true }).click();
  await page.getByRole('status').getByText('Đã lưu.').waitFor();
  const prefs = await h.server.database.db.selectFrom('notification_preference').selectAll().where('user_id', '=', h.server.admin.id).executeTakeFirstOrThrow();
  assert.equal(prefs.digest, true);
  const user = await h.server.database.db.selectFrom('app_user').select('email').where('id', '=', h.server.admin.id).executeTakeFirstOrThrow();
  assert.equal(user.email, 'quan.tri@thanhhoa.example');
  assert.deepEqual(page.errors, []);
});
