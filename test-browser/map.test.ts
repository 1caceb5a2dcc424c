/**
 * The dashboard's map: a ministry leader opens an indicator at the national level and sees the provinces
 * on their administrative centres, coloured by status (the demo province with data, the others "no data");
 * a dot opens its province (mouse and keyboard); it fits a 390 px phone; the same figures stay in the table.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, type Harness } from './helpers.ts';
import { loadDemo } from '../src/storage/demo/index.ts';
import { asSystem, createUser } from '../src/storage/users.ts';

let h: Harness;
let leaderId: number;
let nation: number;
let thanhHoa: number;
before(async () => {
  h = await startHarness();
  const db = h.server.database.db;
  await loadDemo(db);
  nation = (await db.selectFrom('admin_unit').select('id').where('level', '=', 'nation').executeTakeFirstOrThrow()).id;
  thanhHoa = (await db.selectFrom('admin_unit').select('id').where('level', '=', 'province').where('code', '=', '38').executeTakeFirstOrThrow()).id;
  leaderId = await asSystem(db, 'test', (trx) => createUser(trx, { username: 'ministry.leader', password: 'ministry-leader-password-1', displayName: 'Lãnh đạo Bộ', grants: [{ role: 'leader', unitId: nation }] }));
});
after(async () => {
  await h?.close();
});

/** a measure the demo province reported in 2024 */
async function reportedMeasure(page: Awaited<ReturnType<Harness['newPage']>>): Promise<{ measureId: number; code: string }> {
  const dash = (await (await page.request.get(h.url(`/api/dashboard/units/${thanhHoa}?year=2024`))).json()) as { measures: { measureId: number; code: string; value: number | null }[] };
  const m = dash.measures.find((x) => x.value !== null && x.code !== '1');
  assert.ok(m, 'the demo province has a reported figure for 2024');
  return m;
}

test('at the national level an indicator shows the 63 provinces of 2024 on the map; the demo province has a status; a dot opens it', async () => {
  const page = await h.newPage({ userId: leaderId });
  const { measureId, code } = await reportedMeasure(page);
  await page.goto(h.url(`/dashboard?unit=${nation}&year=2024&measure=${measureId}`));
  const map = page.locator('#unit-map');
  await map.waitFor();
  assert.match((await map.locator('figcaption').innerText()), new RegExp(`Bản đồ ${code} theo tỉnh, thành phố \\(2024\\)`));
  assert.equal(await map.locator('.map-place').count(), 63, 'the 63 provinces of 2024');
  const dot = map.locator('.map-place[data-code="38"]');
  const dotClass = await dot.locator('circle').getAttribute('class');
  assert.doesNotMatch(dotClass ?? '', /map-status-no_data/, 'Thanh Hóa reported: it has a status');
  assert.match((await dot.getAttribute('aria-label')) ?? '', /^Thanh Hóa: /);
  assert.match((await map.locator('.map-place[data-code="02"]').locator('circle').getAttribute('class')) ?? '', /map-status-no_data/, 'Hà Giang sent nothing in the demo');
  assert.match(await map.innerText(), /Quần đảo Hoàng Sa[\s\S]*Quần đảo Trường Sa/);
  // the same figures are in the table below (the map is never the only way)
  assert.equal(await page.locator('#child-units tbody tr').count(), 63);
  await dot.hover();
  assert.match(await map.locator('.map-pointed').innerText(), /Thanh Hóa/);
  await dot.click();
  await page.waitForURL((u) => u.searchParams.get('unit') === String(thanhHoa));
  await h.screenshot(page, 'map-after-click');
  assert.deepEqual(page.errors, []);
});

test('2026: the 34 provinces; the keyboard opens a province; on a 390 px phone the map fits the screen', async () => {
  const page = await h.newPage({ userId: leaderId, viewport: { width: 390, height: 844 } });
  const { measureId } = await reportedMeasure(page);
  await page.goto(h.url(`/dashboard?unit=${nation}&year=2026&measure=${measureId}`));
  const map = page.locator('#unit-map');
  await map.waitFor();
  assert.equal(await map.locator('.map-place').count(), 34, 'the 34 provinces from 01/07/2025');
  const box = (await map.locator('svg.map-svg').boundingBox())!;
  assert.ok(box.x >= 0 && box.x + box.width <= 390 + 1, `the map fits the phone (${box.x}–${box.x + box.width})`);
  await h.screenshot(page, 'map-phone-2026');
  await map.locator('.map-place[data-code="38"]').focus();
  await page.keyboard.press('Enter');
  await page.waitForURL((u) => u.searchParams.get('unit') === String(thanhHoa));
  assert.deepEqual(page.errors, []);
});

test('below the province (communes have no place on the map) the map is not drawn, the table is', async () => {
  const page = await h.newPage({ userId: leaderId });
  const { measureId } = await reportedMeasure(page);
  await page.goto(h.url(`/dashboard?unit=${thanhHoa}&year=2024&measure=${measureId}`));
  await page.locator('#child-units').waitFor();
  assert.equal(await page.locator('#unit-map').count(), 0);
  assert.deepEqual(page.errors, []);
});
