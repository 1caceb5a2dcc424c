/**
 * Browsing the hierarchy as of a date on a unit's page (demo data of Thanh Hóa: districts until
 * 30/06/2025, merged communes since): 31/12/2024 lists the districts, today the new communes; a
 * merged commune names its predecessors, and a district seen today says what stands in its place.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, type Harness } from './helpers.ts';
import { loadDemo } from '../src/storage/demo/index.ts';

let h: Harness;
let provinceId: number;
before(async () => {
  h = await startHarness();
  provinceId = (await loadDemo(h.server.database.db, { only: 'reporting' })).province.id;
});
after(async () => {
  await h?.close();
});

test('a province\'s units on 31/12/2024 and today; a merged commune\'s predecessors; a district after the reform', async () => {
  const page = await h.newPage();
  await page.goto(h.url(`/units/${provinceId}?at=2024-12-31`));
  await page.getByRole('heading', { level: 1, name: 'tỉnh Thanh Hóa' }).waitFor();
  const children = page.locator('.unit-children');
  await children.getByRole('link', { name: 'huyện Hoằng Hóa' }).waitFor();
  assert.deepEqual((await children.getByRole('link').allTextContents()).sort(), ['huyện Hoằng Hóa', 'huyện Thọ Xuân']);
  assert.match((await children.textContent()) ?? '', /đến 30\/06\/2025/);
  await h.screenshot(page, 'unit-thanh-hoa-2024');

  await page.getByRole('button', { name: 'Hôm nay' }).click();
  await children.getByRole('link', { name: 'xã Hoằng Phú' }).waitFor();
  const today = (await children.getByRole('link').allTextContents()).sort();
  assert.deepEqual(today, ['xã Hoằng Phú', 'xã Xuân Hòa', 'xã Xuân Lập']);
  assert.ok(!today.some((n) => /xã Xã/.test(n)));

  await children.getByRole('link', { name: 'xã Xuân Hòa' }).click();
  await page.getByRole('heading', { level: 1, name: 'xã Xuân Hòa' }).waitFor();
  const predecessors = page.locator('.unit-predecessors');
  await predecessors.waitFor();
  assert.deepEqual((await predecessors.getByRole('link').allTextContents()).sort(), ['Thọ Hải', 'Xuân Hòa']);

  // the old district, looked at today: not in force, the province stands in its place
  await page.goto(h.url(`/units/${provinceId}?at=2024-12-31`));
  await page.locator('.unit-children').getByRole('link', { name: 'huyện Hoằng Hóa' }).click();
  await page.getByRole('heading', { level: 1, name: 'huyện Hoằng Hóa' }).waitFor();
  await page.locator('.unit-children').getByRole('link', { name: 'xã Hoằng Kim' }).waitFor();
  await page.getByRole('button', { name: 'Hôm nay' }).click();
  const notice = page.locator('.unit-not-in-force');
  await notice.waitFor();
  assert.match((await notice.textContent()) ?? '', /không có hiệu lực vào ngày này.*tỉnh Thanh Hóa/);
  await h.screenshot(page, 'unit-hoang-hoa-today');
  assert.deepEqual(page.errors, []);
});
