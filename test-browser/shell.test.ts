import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, type Harness } from './helpers.ts';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(async () => {
  await h?.close();
});

test('the home page renders in Vietnamese and the switch shows English (kept after reload)', async () => {
  const page = await h.newPage();
  const scripts: string[] = [];
  page.on('request', (r) => r.resourceType() === 'script' && scripts.push(r.url()));
  await page.goto(h.url('/'));
  await page.getByRole('link', { name: 'vitreem — Vì trẻ em' }).waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'vi');
  assert.equal(await page.locator('h1').first().textContent(), 'Chương trình hành động vì trẻ em');
  assert.ok(await page.getByRole('navigation', { name: 'Điều hướng chính' }).isVisible());
  await h.screenshot(page, 'home-vi');
  assert.ok(!scripts.some((u) => /echarts/.test(u)), 'the shell does not load ECharts');

  await page.getByRole('button', { name: 'EN' }).click();
  await page.getByRole('heading', { level: 1, name: 'Action Programme for Children' }).waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  assert.equal(await page.getByRole('button', { name: 'EN' }).getAttribute('aria-pressed'), 'true');
  await h.screenshot(page, 'home-en');

  await page.reload();
  await page.getByRole('heading', { level: 1, name: 'Action Programme for Children' }).waitFor();
  await page.getByRole('button', { name: 'VI' }).click();
  await page.getByRole('heading', { level: 1, name: 'Chương trình hành động vì trẻ em' }).waitFor();
  assert.deepEqual(page.errors, []);
});

test('an unknown address shows the not-found page inside the app, an unknown API path answers JSON 404', async () => {
  const page = await h.newPage();
  await page.goto(h.url('/khong-co-trang-nay'));
  await page.getByRole('heading', { name: 'Không tìm thấy trang' }).waitFor();
  await page.getByRole('link', { name: 'Về trang chủ' }).click();
  await page.getByRole('heading', { level: 1, name: 'Chương trình hành động vì trẻ em' }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/');
  const res = await page.request.get(h.url('/api/khong-co'));
  assert.equal(res.status(), 404);
  assert.equal((await res.json()).error.code, 'not_found');
});

test('signed out, the app asks for a sign-in and the form signs in', async () => {
  const page = await h.newPage({ anonymous: true });
  await page.goto(h.url('/plans'));
  await page.getByRole('heading', { name: 'Đăng nhập' }).waitFor();
  await page.getByLabel('Tên đăng nhập').fill(h.server.admin.username);
  await page.getByLabel('Mật khẩu').fill('sai-mat-khau');
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByRole('alert').waitFor();
  await page.getByLabel('Mật khẩu').fill(h.server.admin.password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByRole('button', { name: 'Đăng xuất' }).waitFor();
  await page.getByRole('heading', { level: 1, name: 'Kế hoạch' }).waitFor();
});
