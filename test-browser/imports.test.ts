import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startHarness, type Harness } from './helpers.ts';

const SEED_001 = '/work/shared/seeds/001_3e73f236a6fd4bf4.txt';
let h: Harness;
before(async () => {
  h = await startHarness();
});
after(async () => {
  await h?.close();
});

test('import review: warnings first, source highlighting, inline edits, delete, save as a draft', async () => {
  const page = await h.newPage();
  await page.goto(h.url('/imports'));
  await page.getByRole('heading', { name: 'Nhập kế hoạch từ văn bản' }).waitFor();
  await page.locator('#import-file').setInputFiles(SEED_001);
  await page.getByRole('button', { name: 'Tải lên và đọc' }).click();
  await page.waitForURL(/\/imports\/\d+$/);
  await page.getByRole('heading', { name: 'Rà soát văn bản nhập' }).waitFor();

  // warnings come before the document and the items
  const warnings = page.locator('.import-warnings');
  await warnings.waitFor();
  assert.match(await warnings.textContent() ?? '', /Chỉ tiêu 12/);
  const order = await page.evaluate(() => {
    const w = document.querySelector('.import-warnings')!;
    const text = document.querySelector('.doc-text')!;
    return Boolean(w.compareDocumentPosition(text) & Node.DOCUMENT_POSITION_FOLLOWING);
  });
  assert.ok(order, 'warnings are shown before the document text');
  assert.match(await page.getByLabel('Số hiệu').inputValue(), /107\/KH-UBND/);
  assert.equal(await page.locator('[data-item^="i"]').count(), 24, '24 indicators extracted');

  // clicking an item highlights its source span in the text
  assert.equal(await page.locator('.doc-text mark').count(), 0);
  await page.locator('[data-item="i3"] .show-source').click();
  const mark = page.locator('.doc-text mark');
  await mark.waitFor();
  assert.match((await mark.textContent()) ?? '', /^-?\s*Chỉ tiêu 3/);
  assert.ok(await page.locator('[data-item="i3"]').evaluate((el) => el.classList.contains('active')));

  // the 2025 neonatal target is shown formatted and can be edited inline
  const target = page.locator('[data-target="3-3a-2025"]');
  assert.equal(await target.locator('output').textContent(), '< 9,5‰');
  await target.getByLabel('Giá trị', { exact: true }).fill('9,2');
  assert.equal(await target.locator('output').textContent(), '< 9,2‰');
  await target.getByLabel('So sánh').selectOption('<=');
  assert.equal(await target.locator('output').textContent(), '≤ 9,2‰');

  // the budget table: 4 checks fail as written, and the one move they point at is proposed, not applied
  const budgetItem = page.locator('[data-item="budget"]');
  assert.equal(await budgetItem.locator('.check-issue li').count(), 4);
  const suggestion = budgetItem.locator('.budget-suggestion');
  assert.equal(await suggestion.getAttribute('data-decision'), 'none');
  assert.equal(await suggestion.locator('.budget-suggestion-move').textContent(), 'Hoạt động 7: chuyển 200 từ năm 2024 – huy động, xã hội hóa sang năm 2025 – Địa phương');
  assert.match((await warnings.textContent()) ?? '', /hoạt động 7 có lẽ bị ghi lệch một cột/);
  assert.match((await warnings.textContent()) ?? '', /cột 2025 ngân sách địa phương ghi 1\.495, cộng lại được 1\.295/);
  // accept: the amount moves, the checks are re-run and all pass, the budget warnings go
  await suggestion.getByRole('button', { name: 'Chấp nhận đề xuất' }).click();
  await budgetItem.locator('.budget-checks-ok').waitFor();
  assert.equal(await suggestion.getAttribute('data-decision'), 'accept');
  assert.equal(await budgetItem.locator('.check-issue').count(), 0);
  assert.doesNotMatch((await warnings.textContent()) ?? '', /Ngân sách/);
  // undo, then accept again
  await suggestion.getByRole('button', { name: 'Hoàn tác, giữ như văn bản' }).click();
  assert.equal(await budgetItem.locator('.check-issue li').count(), 4);
  assert.equal(await suggestion.getAttribute('data-decision'), 'keep');
  await suggestion.getByRole('button', { name: 'Chấp nhận đề xuất' }).click();
  await budgetItem.locator('.budget-checks-ok').waitFor();
  await h.screenshot(page, 'import-budget-suggestion');

  // delete an indicator
  await page.getByRole('button', { name: 'Xóa Chỉ tiêu 24' }).click();
  assert.equal(await page.locator('[data-item^="i"]').count(), 23);
  await h.screenshot(page, 'import-review');

  // the issuing unit, chosen in the tree as it stood on the document's date (18/05/2021)
  await page.getByRole('button', { name: 'Đơn vị ban hành' }).click();
  await page.locator('.unit-picker-panel').getByRole('button', { name: 'Kiên Giang', exact: true }).click();
  await page.locator('.unit-picker-button', { hasText: 'Kiên Giang' }).waitFor();

  // save: the edited extraction goes to the server
  const saveOnce = async () => {
    const saveRequest = page.waitForRequest((r) => /\/api\/imports\/\d+\/save$/.test(r.url()) && r.method() === 'POST');
    await page.getByRole('button', { name: 'Lưu bản nháp' }).click();
    const request = await saveRequest;
    const response = await request.response();
    return { body: request.postDataJSON(), status: response?.status(), text: await response?.text() };
  };
  let saved = await saveOnce();
  const body = saved.body;
  assert.equal(body.result.indicators.length, 23);
  assert.equal(body.budgetCorrection, 'accept');
  assert.equal(body.result.budget.suggestion.amount, 200, 'the extraction goes back as written: the server applies the move');
  const t3 = body.result.indicators.find((i: { number: string }) => i.number === '3').targets.find((t: { measure: string; year: number }) => t.measure === '3a' && t.year === 2025);
  assert.deepEqual([t3.comparator, t3.value], ['<=', 9.2]);
  assert.ok(!body.result.assignments.some((a: { indicators: string[] }) => a.indicators.includes('24')), 'assignments no longer name the deleted indicator');
  if (saved.status === 400 && /"indicators",\d+/.test(saved.text ?? '')) {
    // the server refused one indicator: the screen says which, the reviewer deletes it and saves again
    const where = page.locator('.error-where');
    await where.waitFor();
    const number = /Chỉ tiêu (\d+)/.exec((await where.textContent()) ?? '')?.[1];
    assert.ok(number, 'the refused indicator is named');
    assert.equal(await page.locator(`[data-item="i${number}"]`).getAttribute('aria-invalid'), 'true');
    await h.screenshot(page, 'import-refused');
    await page.getByRole('button', { name: `Xóa Chỉ tiêu ${number}` }).click();
    saved = await saveOnce();
  }
  assert.equal(saved.status, 201, `save answered ${saved.status}: ${saved.text}`);
  assert.equal(typeof body.issuerUnitId, 'number');
  await page.waitForURL(/\/plans\/\d+$/);
  await page.locator('.plan-title', { hasText: 'Kiên Giang' }).waitFor();
  assert.match((await page.locator('.indicator-count').textContent()) ?? '', /2[23] chỉ tiêu/);
  // the saved plan has activity 7's 200 in 2025 local
  const planId = /\/plans\/(\d+)$/.exec(page.url())![1];
  const seven = await page.evaluate(async (id) => {
    const plan = await (await fetch(`/api/plans/${id}`)).json();
    return plan.budget.lines.filter((l: { activityNo: string }) => l.activityNo === '7').map((l: { year: number; source: string; amount: number }) => `${l.year} ${l.source} ${l.amount}`);
  }, planId);
  assert.deepEqual(seven, ['2025 local 200', '2030 local 200']);
  assert.deepEqual(page.errors, []);
});

test('import review with a mocked API: a hostile title stays text, a failed save shows the server message', async () => {
  const page = await h.newPage();
  const hostile = '<img src=x onerror=alert(1)>';
  const result = {
    format: 'txt', encoding: 'utf-8',
    text: `KẾ HOẠCH\n${hostile}\n- Chỉ tiêu 1: Tỷ lệ xã đạt 75% vào năm 2025.`,
    document: { number: '1/KH-UBND', issuer: 'UBND xã X', level: 'commune', place: 'X', date: '2025-01-02', dateParts: null, title: hostile, period: { from: 2021, to: 2030 }, implements: [], signer: null, signerTitle: null, source: { title: { start: 9, end: 9 + hostile.length } } },
    objectives: [],
    indicators: [{ key: '1', number: '1', objective: null, text: hostile, catalogue: '1', catalogueScore: 1, targets: [{ measure: '1', year: 2025, comparator: '>=', value: 75, valueMax: null, unit: 'percent', base: null, group: null, relative: null, yearInferred: false, source: { start: 40, end: 60 } }], source: { start: 38, end: 70 } }],
    assignments: [], reporting: [], reviews: [], budget: null,
    warnings: [hostile],
  };
  let alerted = false;
  page.on('dialog', async (d) => {
    alerted = true;
    await d.dismiss();
  });
  await page.route('**/api/imports/777', (route) => route.fulfill({ json: { importId: 777, filename: 'x.txt', planId: null, result } }));
  await page.route('**/api/imports/777/save', (route) =>
    route.fulfill({ status: 400, json: { error: { code: 'validation_failed', message: 'Dữ liệu không hợp lệ (plan.title): thiếu giá trị', messageEn: 'Invalid input (plan.title): missing', path: ['plan', 'title'] } } }),
  );
  await page.goto(h.url('/imports/777'));
  await page.getByRole('heading', { name: 'Rà soát văn bản nhập' }).waitFor();
  assert.equal(await page.getByLabel('Tên kế hoạch').inputValue(), hostile);
  assert.match((await page.locator('.import-warnings').textContent()) ?? '', /<img src=x onerror=alert\(1\)>/);
  assert.match((await page.locator('.doc-text').textContent()) ?? '', /<img src=x onerror=alert\(1\)>/);
  assert.equal(await page.locator('main img').count(), 0, 'no element was injected');
  await page.getByRole('button', { name: 'Lưu bản nháp' }).click();
  await page.getByText('Dữ liệu không hợp lệ (plan.title): thiếu giá trị').waitFor();
  await page.getByRole('button', { name: 'EN' }).click();
  await page.getByText('Invalid input (plan.title): missing').waitFor();
  assert.equal(alerted, false);
});

test('a file the importer cannot read is refused with a clear message', async () => {
  const page = await h.newPage();
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'vitreem-web-')), 'trong.txt');
  fs.writeFileSync(file, '');
  await page.goto(h.url('/imports'));
  await page.locator('#import-file').setInputFiles(file);
  await page.getByRole('button', { name: 'Tải lên và đọc' }).click();
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.ok(((await alert.textContent()) ?? '').length > 5);
  assert.match(page.url(), /\/imports$/);
});

test('the upload names the unit it is for, chosen in today\'s tree (An Giang, which Kiên Giang joined)', async () => {
  const page = await h.newPage();
  await page.goto(h.url('/imports'));
  await page.getByRole('button', { name: 'Nhập cho đơn vị' }).click();
  await page.locator('.unit-picker-panel').getByRole('button', { name: 'An Giang', exact: true }).click();
  await page.locator('.unit-picker-button', { hasText: 'An Giang' }).waitFor();
  await page.locator('#import-file').setInputFiles(SEED_001);
  const upload = page.waitForRequest((r) => /\/api\/imports\?unitId=\d+$/.test(r.url()) && r.method() === 'POST');
  await page.getByRole('button', { name: 'Tải lên và đọc' }).click();
  const unitId = Number(new URL((await upload).url()).searchParams.get('unitId'));
  await page.waitForURL(/\/imports\/\d+$/);
  await page.getByRole('heading', { name: 'Rà soát văn bản nhập' }).waitFor();
  const importId = Number(/\/imports\/(\d+)$/.exec(page.url())![1]);
  const db = h.server.database.db;
  const stored = await db.selectFrom('plan_document').select('unit_id').where('id', '=', importId).executeTakeFirstOrThrow();
  assert.equal(stored.unit_id, unitId, 'the upload belongs to the chosen unit');
  const unit = await db.selectFrom('admin_unit').select(['name', 'level']).where('id', '=', unitId).executeTakeFirstOrThrow();
  assert.deepEqual([unit.name, unit.level], ['An Giang', 'province']);
  assert.deepEqual(page.errors, []);
});
