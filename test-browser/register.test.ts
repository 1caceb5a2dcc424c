/**
 * The case worker's and supervisor's screens (children's register, Decree 56 cases), in Chromium:
 * what a walk-through of the demo found — untranslated statuses, "18.1 giờ", approvals only
 * reachable from one page, no way to merge or bulk import from the web app.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { startHarness, type Harness } from './helpers.ts';
import { asSystem, createUser } from '../src/storage/users.ts';
import { readCentralDirectory, decryptAesEntry } from '../test/register/winzip-aes.ts';

process.env.VITREEM_DATA_KEY ??= randomBytes(32).toString('hex');

let h: Harness;
let worker: number;
let supervisor: number;
let viewer: number;
let commune: number;
let province: number;
before(async () => {
  h = await startHarness();
  const db = h.server.database.db;
  const ins = async (code: string, name: string, level: string, parent: number | null) =>
    (await db.insertInto('admin_unit').values({ code, name, full_name: name, kind: null, level, parent_id: parent, note: null }).returning('id').executeTakeFirstOrThrow()).id;
  province = await ins('T-REG', 'Tỉnh Lai Châu (thử)', 'province', null);
  commune = await ins('X-REG', 'Xã Bum Tở', 'commune', province);
  const user = (username: string, role: string, unitId: number) => asSystem(db, 'test', (trx) => createUser(trx, { username, password: `${username}-Mk-2025!`, displayName: username, grants: [{ role, unitId } as never] }));
  worker = await user('cb_bumto', 'case_worker', commune);
  supervisor = await user('gs_bumto', 'cp_supervisor', commune);
  viewer = await user('xem_laichau', 'viewer', province);
});
after(async () => {
  await h?.close();
});

/** The API as a user (session cookie + CSRF), for setting up data. */
async function as(userId: number, method: string, url: string, payload?: unknown) {
  const cookies = await h.server.sessionCookies(userId);
  const session = cookies.find((c) => c.name === 'vitreem_session')!.value;
  const csrf = cookies.find((c) => c.name === 'vitreem_csrf')!.value;
  const r = await h.server.app.inject({ method: method as 'POST', url, payload: payload as object, cookies: { vitreem_session: session, vitreem_csrf: csrf }, headers: { 'x-csrf-token': csrf } });
  return { status: r.statusCode, json: r.json() as any };
}
const child = async (fullName: string, birthDate: string, over: Record<string, unknown> = {}) => {
  const r = await as(worker, 'POST', '/api/children', { unitId: commune, fullName, birthDate, sex: 'female', legalBasis: 'child_protection', confirmNotDuplicate: true, ...over });
  assert.equal(r.status, 201, JSON.stringify(r.json));
  return r.json.id as number;
};

test('a case: status in Vietnamese, overdue hours with a decimal comma, plan approved from the case page, my cases says who must act', async () => {
  const kid = await child('Lò Thị Mẫu Ca', '2014-05-05');
  // an urgent report received 30 h 6 min ago: the emergency measure (12 hours, NĐ 56 Điều 26.3) is 18,1 hours overdue
  const received = new Date(Date.now() - (30 * 60 + 6) * 60_000).toISOString();
  const k = await as(worker, 'POST', '/api/cases', { childId: kid, source: 'hotline_111', receivedAt: received, urgency: 'urgent', description: 'Tổng đài 111 chuyển tin (thử).' });
  assert.equal(k.status, 201, JSON.stringify(k.json));
  const page = await h.newPage({ userId: worker });
  await page.goto(h.url(`/cases/${k.json.id}`));
  await page.getByRole('heading', { level: 1, name: /Hồ sơ trường hợp/ }).waitFor();
  const main = page.locator('main');
  await main.getByText('Đang xử lý').first().waitFor();
  const text = await main.innerText();
  assert.match(text, /quá hạn 18,1 giờ/);
  assert.match(text, /Điều 26 khoản 3/);
  assert.doesNotMatch(text, /\bopen\b|18\.1/);
  assert.match(text, /Tổng đài 111/);
  assert.match(text, /Tổng đài 111 chuyển tin \(thử\)/);

  // the worker records serious risk, then the emergency measure: done late, the lateness stays on the case
  await main.getByLabel('Ghi chú').fill('Đã xác minh tại gia đình.');
  await main.getByLabel('Trẻ em có nguy cơ hoặc đang bị tổn hại nghiêm trọng').check();
  await main.getByRole('button', { name: 'Hoàn thành bước' }).click();
  await main.getByRole('heading', { name: /Bước tiếp theo: Can thiệp khẩn cấp hoặc cách ly tạm thời/ }).waitFor();
  await main.getByLabel(/Biện pháp can thiệp khẩn cấp/).fill('Tạm thời cách ly trẻ, đưa về nhà bà ngoại.');
  await main.getByRole('button', { name: 'Hoàn thành bước' }).click();
  await main.getByRole('heading', { name: /Bước tiếp theo: Kế hoạch hỗ trợ, can thiệp/ }).waitFor();
  assert.match(await main.innerText(), /trễ hạn 18,1 giờ/);
  assert.match(await main.innerText(), /Mẫu số 04/);
  await main.getByRole('button', { name: 'Hoàn thành bước' }).click();
  await main.getByText('Kế hoạch hỗ trợ, can thiệp đang chờ giám sát viên phê duyệt.').waitFor();
  assert.equal(await main.getByRole('button', { name: 'Phê duyệt' }).count(), 0, 'a case worker cannot approve');
  await page.goto(h.url('/cases/mine'));
  const row = page.locator('tr', { hasText: 'Lò Thị Mẫu Ca' });
  await row.waitFor();
  assert.match(await row.innerText(), /Kế hoạch chờ phê duyệt[\s\S]*Chờ giám sát viên phê duyệt kế hoạch/);
  assert.doesNotMatch(await row.innerText(), /Thực hiện kế hoạch/);

  // the supervisor approves on the case page itself
  const sup = await h.newPage({ userId: supervisor });
  await sup.goto(h.url(`/cases/${k.json.id}`));
  await sup.getByLabel('Ý kiến (không bắt buộc)').fill('Đồng ý kế hoạch.');
  await sup.getByRole('button', { name: 'Phê duyệt' }).click();
  await sup.locator('main').getByText(/Kế hoạch: phê duyệt \(gs_bumto\) — Đồng ý kế hoạch\./).waitFor();
  await sup.locator('main').getByRole('heading', { name: /Bước tiếp theo: Thực hiện kế hoạch/ }).waitFor();
  assert.deepEqual(page.errors, []);
  assert.deepEqual(sup.errors, []);
});

test('registering: the duplicate warning saves nothing; the record page finds the duplicate and merges it', async () => {
  const first = await child('Giàng Thị Mẫu Trùng', '2016-06-06');
  const page = await h.newPage({ userId: worker });
  await page.goto(h.url('/children'));
  await page.getByText('Đăng ký trẻ em mới').click();
  await page.getByLabel('Họ và tên').fill('Giang Thi Mau Trung');
  await page.getByLabel('Ngày sinh (dd/mm/yyyy)').fill('06/06/2016');
  await page.getByRole('button', { name: 'Đăng ký', exact: true }).click();
  const warning = page.getByRole('alert');
  await warning.waitFor();
  assert.match(await warning.innerText(), /chưa đăng ký[\s\S]*Giàng Thị Mẫu Trùng — 06\/06\/2016 \(\d+%: cùng họ tên, cùng ngày sinh, cùng xã\)/);
  const count = async () => (await as(worker, 'GET', `/api/children?unitId=${commune}&q=${encodeURIComponent('giang thi mau')}`)).json.items.length;
  assert.equal(await count(), 1, 'nothing stored by the warning');
  await page.getByRole('button', { name: 'Không phải trùng — vẫn đăng ký' }).click();
  await page.getByRole('heading', { level: 1, name: 'Giang Thi Mau Trung' }).waitFor();
  assert.equal(await count(), 2);

  await page.getByRole('button', { name: 'Tìm hồ sơ có thể trùng' }).click();
  const merge = page.getByRole('button', { name: 'Gộp vào hồ sơ này' });
  await merge.waitFor();
  assert.equal(await merge.isDisabled(), true, 'a reason first');
  await page.getByLabel('Lý do gộp (bắt buộc)').fill('Cùng một trẻ, đăng ký hai lần');
  await merge.click();
  await page.getByText(new RegExp(`Đã gộp hồ sơ #${first}`)).waitFor();
  assert.equal(await count(), 1);
  assert.deepEqual(page.errors.filter((e) => !/409/.test(e)), []);
});

test('bulk import: every bad row listed and nothing stored, then a good file imported', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitreem-import-'));
  const bad = path.join(dir, 'danh-sach.csv');
  fs.writeFileSync(bad, 'Họ và tên;Ngày sinh;Giới tính\nVàng A Mẫu;01/02/2014;Nam\nVàng Thị Mẫu;30/02/2015;Nữ\nVàng A Lớn;01/01/2005;X\n');
  const page = await h.newPage({ userId: worker });
  await page.goto(h.url('/children'));
  await page.getByText('Nhập danh sách từ tệp (CSV, Excel)').click();
  await page.locator('input[type=file]').setInputFiles(bad);
  await page.getByRole('button', { name: 'Nhập', exact: true }).click();
  const table = page.locator('table.import-errors');
  await table.waitFor();
  const rows = (await table.locator('tbody tr').allInnerTexts()).map((r) => r.split('\t')[0]);
  assert.deepEqual(rows, ['3', '4', '4']);
  assert.match(await page.locator('main').innerText(), /Không nhập dòng nào: 3 lỗi ở 2 dòng/);
  assert.equal((await as(worker, 'GET', `/api/children?unitId=${commune}&q=vang`)).json.items.length, 0);
  const good = path.join(dir, 'danh-sach-dung.csv');
  fs.writeFileSync(good, 'Họ và tên;Ngày sinh;Giới tính\nVàng A Mẫu;01/02/2014;Nam\nVàng Thị Mẫu;28/02/2015;Nữ\n');
  await page.locator('input[type=file]').setInputFiles(good);
  await page.getByRole('button', { name: 'Nhập', exact: true }).click();
  await page.getByText('Đã nhập 2 trẻ em.').waitFor();
  assert.equal((await as(worker, 'GET', `/api/children?unitId=${commune}&q=vang`)).json.items.length, 2);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('the supervisor exports a password-protected ZIP; the counts page states the small-count rule', async () => {
  await child('Sùng Thị Mẫu Xuất', '2013-03-03');
  const page = await h.newPage({ userId: supervisor });
  await page.goto(h.url('/children'));
  await page.getByText('Xuất dữ liệu định danh (tệp ZIP có mật khẩu)').click();
  await page.getByLabel('Lý do xuất (ít nhất 10 ký tự)').fill('Bàn giao cho đoàn kiểm tra (thử)');
  await page.getByLabel('Mật khẩu (ít nhất 10 ký tự)').fill('mat-khau-xuat-1');
  await page.getByLabel('Nhập lại mật khẩu').fill('mat-khau-xuat-1');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Xuất tệp ZIP' }).click()]);
  assert.match(download.suggestedFilename(), /^tre-em-\d+-\d{4}-\d{2}-\d{2}\.zip$/);
  const zip = fs.readFileSync((await download.path())!);
  const [entry] = readCentralDirectory(zip);
  assert.equal(entry.method, 99);
  assert.match(decryptAesEntry(entry, 'mat-khau-xuat-1').toString('utf8'), /Sùng Thị Mẫu Xuất/);
  await page.getByText('Đã tạo tệp; lần xuất này đã được ghi nhật ký.').waitFor();

  const counts = await h.newPage({ userId: viewer });
  await counts.goto(h.url('/register/counts'));
  const rule = counts.getByText(/Quy tắc bảo mật: các số dưới 5 được ẩn/);
  await rule.waitFor();
  // the viewer's province is chosen; the commune's few children are shown as "<5"
  const row = counts.locator('tr', { hasText: 'Xã Bum Tở' });
  await row.waitFor();
  assert.match(await row.innerText(), /<5/);
  assert.deepEqual(counts.errors, []);
});
