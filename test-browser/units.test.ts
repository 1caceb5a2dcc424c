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

test('the administrative tree by date: 63 provinces with Kiên Giang in 2021, 34 without it in 2026', async () => {
  const page = await h.newPage();
  await page.goto(h.url('/units?at=2021-06-01'));
  await page.getByRole('heading', { level: 1, name: 'Đơn vị hành chính' }).waitFor();
  const tree = page.getByRole('tree', { name: 'Cây đơn vị hành chính' });
  await tree.waitFor();
  assert.equal(await page.locator('.tree-date').textContent(), '01/06/2021');
  const provinces2021 = tree.locator(':scope > li');
  assert.equal(await provinces2021.count(), 63);
  await tree.getByRole('link', { name: /Kiên Giang/ }).waitFor();
  // merges are shown in the tree on request
  await tree.getByRole('button', { name: 'Xem sáp nhập của Kiên Giang' }).click();
  const kg = tree.locator('li', { has: page.getByRole('link', { name: /Kiên Giang/ }) }).first();
  await kg.locator('.succession', { hasText: 'An Giang' }).waitFor();
  assert.match((await kg.locator('.succession').textContent()) ?? '', /kế thừa bởi An Giang \(01\/07\/2025\)/);

  // open Thanh Hóa: its districts of 2021 load on demand (Hoằng Hóa, named by seed 000)
  await tree.getByRole('button', { name: /Mở .*Thanh Hóa/ }).click();
  await tree.getByRole('link', { name: /Hoằng Hóa/ }).waitFor();
  await h.screenshot(page, 'units-2021');

  // the date field is typed the Vietnamese way (dd/mm/yyyy, whatever the browser's locale); a
  // date that does not exist is marked and changes nothing
  const dateField = page.getByLabel('Tại ngày');
  assert.equal(await dateField.inputValue(), '01/06/2021');
  await dateField.fill('31/02/2026');
  await page.locator('#tree-at[aria-invalid="true"]').waitFor();
  assert.equal(await page.locator('.tree-date').textContent(), '01/06/2021');
  // 2026 shows the 34 provinces of the reform
  await dateField.fill('15/01/2026');
  await page.locator('.tree-date', { hasText: '15/01/2026' }).waitFor();
  assert.equal(await page.locator('#tree-at[aria-invalid]').count(), 0);
  assert.match(page.url(), /at=2026-01-15/);
  await page.locator('.unit-count', { hasText: '34' }).waitFor();
  assert.equal(await tree.locator(':scope > li').count(), 34);
  assert.equal(await tree.getByRole('link', { name: /Kiên Giang/ }).count(), 0);
  await tree.getByRole('link', { name: /An Giang/ }).waitFor();
  await tree.getByRole('button', { name: 'Xem sáp nhập của An Giang' }).click();
  await tree.locator('.succession', { hasText: 'hình thành từ' }).first().waitFor();
  assert.match((await tree.locator('.succession', { hasText: 'hình thành từ' }).first().textContent()) ?? '', /Kiên Giang/);
  await h.screenshot(page, 'units-2026');
  assert.deepEqual(page.errors, []);
});

test('a merged unit shows its successor, and the successor its predecessors', async () => {
  const page = await h.newPage();
  await page.goto(h.url('/units?at=2021-06-01'));
  await page.getByRole('tree').getByRole('link', { name: /Kiên Giang/ }).click();
  await page.getByRole('heading', { level: 1, name: /Kiên Giang/ }).waitFor();
  const successors = page.locator('.unit-successors');
  await successors.waitFor();
  assert.match((await successors.textContent()) ?? '', /An Giang/);
  assert.match((await successors.textContent()) ?? '', /01\/07\/2025/);
  await successors.getByRole('link', { name: /An Giang/ }).click();
  const predecessors = page.locator('.unit-predecessors');
  await predecessors.waitFor();
  assert.match((await predecessors.textContent()) ?? '', /Kiên Giang/);
  await page.getByRole('button', { name: 'EN' }).click();
  await page.getByText('Formed from').waitFor();
  assert.deepEqual(page.errors, []);
});

test('cities under central authority are "thành phố", never "tỉnh": the tree, the unit picker, the unit page', async () => {
  const page = await h.newPage();
  await page.goto(h.url('/units?at=2026-01-15'));
  const tree = page.getByRole('tree', { name: 'Cây đơn vị hành chính' });
  const row = (name: string) => tree.locator(':scope > li', { has: page.getByRole('link', { name, exact: true }) }).locator('.unit-row').first();
  await row('thành phố Hà Nội').waitFor();
  const haNoi = (await row('thành phố Hà Nội').textContent()) ?? '';
  assert.match(haNoi, /· Thành phố/);
  assert.doesNotMatch(haNoi, /Tỉnh/);
  assert.match((await row('thành phố Hồ Chí Minh').textContent()) ?? '', /· Thành phố/);
  assert.match((await row('tỉnh Thanh Hóa').textContent()) ?? '', /· Tỉnh/);
  // the picker on the dashboard says the same
  await page.goto(h.url('/dashboard'));
  await page.locator('.unit-picker-button').first().click();
  const picker = page.locator('.unit-tree[role="tree"]').first();
  const pickedRow = picker.locator('.unit-row', { has: page.getByRole('button', { name: 'Hà Nội', exact: true }) }).first();
  await pickedRow.waitFor();
  assert.match((await pickedRow.textContent()) ?? '', /Thành phố/);
  assert.doesNotMatch((await pickedRow.textContent()) ?? '', /Tỉnh/);
  // the unit page: level and kind
  await page.goto(h.url('/units?at=2026-01-15'));
  await page.getByRole('link', { name: 'thành phố Hà Nội', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'thành phố Hà Nội' }).waitFor();
  assert.match((await page.locator('.dl-grid').first().textContent()) ?? '', /Tỉnh · Thành phố/);
  await page.getByRole('button', { name: 'EN' }).click();
  await page.getByText('Province · City').waitFor();
  assert.deepEqual(page.errors, []);
});

test('the dashboard says when a figure rests on estimated shares, and names the unit in full', async () => {
  const db = h.server.database.db;
  const hoangPhu = await db.selectFrom('admin_unit').select('id').where('level', '=', 'commune').where('code', '=', '15889').where('valid_from', '=', '2025-07-01').executeTakeFirstOrThrow();
  const thanhHoa = await db.selectFrom('admin_unit').select('id').where('level', '=', 'province').where('code', '=', '38').where('valid_to', 'is', null).executeTakeFirstOrThrow();
  const page = await h.newPage();
  // Hoằng Kim went whole to Hoằng Phú: no estimate, no note
  await page.goto(h.url(`/dashboard?unitId=${hoangPhu.id}&year=2025`));
  await page.getByRole('heading', { level: 1, name: 'Theo dõi chỉ tiêu: xã Hoằng Phú' }).waitFor();
  await page.locator('table.dashboard-table').waitFor();
  assert.equal(await page.getByTestId('estimated-shares').count(), 0);
  // a split with an estimated (equal) share in its past: the note is there, in both languages
  await db.updateTable('unit_succession').set({ kind: 'split', share: 0.5, share_estimated: true }).where('successor_id', '=', hoangPhu.id).execute();
  try {
    await page.reload();
    const note = page.getByTestId('estimated-shares');
    await note.waitFor();
    assert.match((await note.textContent()) ?? '', /dựa trên tỷ lệ ước tính \(chia đều\) của các xã cũ được chia tách/);
    await page.getByRole('button', { name: 'EN' }).click();
    await page.getByText('rest on estimated (equal) shares').waitFor();
    await h.screenshot(page, 'dashboard-estimated-shares');
    // the province's heading: tỉnh Thanh Hóa
    await page.goto(h.url(`/dashboard?unitId=${thanhHoa.id}&year=2025`));
    await page.getByRole('heading', { level: 1, name: 'Indicator dashboard: tỉnh Thanh Hóa' }).waitFor();
  } finally {
    await db.updateTable('unit_succession').set({ kind: 'merge', share: null, share_estimated: false }).where('successor_id', '=', hoangPhu.id).execute();
  }
  assert.deepEqual(page.errors, []);
});
