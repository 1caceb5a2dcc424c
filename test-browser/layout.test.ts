/**
 * Issue #19, points 6 and 8 — wide content fits, on the demo, in Chromium:
 * - at 1366×768 (an office laptop) and at 390×844 (a phone), no page any demo role reaches scrolls sideways
 *   (document.documentElement.scrollWidth ≤ window.innerWidth + 1), the import review of a real plan included;
 * - the budget tables (the execution of a year, the whole period, the plan page's table) show their totals inside
 *   the visible part of their box, without scrolling the table;
 * - on a phone, the lists (DataTable) and the budget of a year are cards.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, type Harness, type TestPage } from './helpers.ts';
import { loadDemo, type DemoSummary } from '../src/storage/demo/index.ts';

const SEED_001 = '/work/shared/seeds/001_3e73f236a6fd4bf4.txt';
const ROLES = ['demo.admin', 'demo.officer', 'demo.reporter', 'demo.leader', 'demo.viewer', 'demo.caseworker', 'demo.supervisor', 'demo.assessor'];
const LAPTOP = { width: 1366, height: 768 };
const PHONE = { width: 390, height: 844 };

let h: Harness;
let demo: DemoSummary;
let importId = 0;
const userIds = new Map<string, number>();
before(async () => {
  h = await startHarness();
  demo = await loadDemo(h.server.database.db);
  for (const u of await h.server.database.db.selectFrom('app_user').select(['id', 'username']).where('username', 'like', 'demo.%').execute()) userIds.set(u.username, u.id);
  // a real plan document to review: seed 001 (Kiên Giang), uploaded by the demo officer
  const page = await asUser('demo.officer');
  await page.goto(h.url('/imports'));
  await page.locator('#import-file').setInputFiles(SEED_001);
  await page.getByRole('button', { name: 'Tải lên và đọc' }).click();
  await page.waitForURL(/\/imports\/\d+$/);
  importId = Number(new URL(page.url()).pathname.split('/').pop());
  await page.context().close();
});
after(async () => {
  await h?.close();
});

const asUser = (username: string, viewport = LAPTOP) => h.newPage({ userId: userIds.get(username)!, viewport });
async function settle(page: TestPage): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.locator('main .loading').first().waitFor({ state: 'detached', timeout: 15_000 }).catch(() => undefined);
}
/** how far the page scrolls sideways, and the first elements that stick out of the window */
async function overflow(page: TestPage): Promise<{ scrollWidth: number; innerWidth: number; culprits: string[] }> {
  return page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    culprits: [...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.parentElement?.closest('.table-wrap'))
      .slice(0, 3)
      .map((e) => `${e.tagName.toLowerCase()}.${String(e.className).trim().replace(/\s+/g, '.')} → ${Math.round(e.getBoundingClientRect().right)} px`),
  }));
}

/**
 * every page the demo roles reach, from the menu's pages and their links: each page once, as the first role that
 * reaches it (the home page and the report pages as every role: what they show depends on the role)
 */
async function walk(viewport: { width: number; height: number }): Promise<{ pages: number; findings: string[] }> {
  const starts = ['/', '/plans', '/units', `/units/${demo.province.id}`, '/reports', '/reports/inbox', '/dashboard', '/overview', '/cff', '/cff/queue', '/documents', '/children', '/cases/mine', '/cases/supervise', '/register/counts', '/imports', `/imports/${importId}`, '/account', '/admin/users', '/admin/audit', '/admin/tokens', '/notifications', `/plans/${demo.budget.planId}`, `/plans/${demo.budget.planId}/budget`, `/plans/${demo.budget.planId}/budget?view=all`];
  const shape = (href: string) => href.split('?')[0].replace(/\/\d+(?=\/|$)/g, '/:id') + (href.includes('view=all') ? '?all' : '');
  const everyRole = new Set(['/', '/reports', '/reports/:id']);
  const measured = new Set<string>();
  const findings: string[] = [];
  let pages = 0;
  for (const username of ROLES) {
    const page = await asUser(username, viewport);
    const seen = new Set<string>();
    const queue = [...starts];
    while (queue.length) {
      const path = queue.shift()!;
      const s = shape(path);
      if (seen.has(s) || (measured.has(s) && !everyRole.has(s))) continue;
      seen.add(s);
      await page.goto(h.url(path));
      await settle(page);
      if (/Bạn không có quyền|Không tìm thấy trang/.test(await page.locator('main').innerText())) continue;
      measured.add(s);
      pages++;
      const o = await overflow(page);
      if (o.scrollWidth > o.innerWidth + 1) findings.push(`${viewport.width} px ${username} ${path}: ${o.scrollWidth} px wide (${o.culprits.join('; ')})`);
      for (const href of await page.locator('main a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''))) {
        if (href.startsWith('/') && !href.startsWith('//') && !href.startsWith('/api/') && !seen.has(shape(href))) queue.push(href);
      }
    }
    assert.deepEqual(page.errors, [], username);
    await page.context().close();
  }
  return { pages, findings };
}

test('6: at 1366 px no page of any demo role scrolls sideways — the import review of a real plan included', async (t) => {
  const { pages, findings } = await walk(LAPTOP);
  t.diagnostic(`pages walked: ${pages}`);
  assert.ok(pages > 35, `pages walked: ${pages}`);
  assert.deepEqual(findings, []);
});

test('8: on a 390 px phone no page of any demo role scrolls sideways', async (t) => {
  const { pages, findings } = await walk(PHONE);
  t.diagnostic(`pages walked: ${pages}`);
  assert.ok(pages > 35, `pages walked: ${pages}`);
  assert.deepEqual(findings, []);
});

/** the cells' boxes all inside the window and inside the visible part of their scrolling box */
async function visibleInBox(page: TestPage, selector: string): Promise<string[]> {
  return page.locator(selector).evaluateAll((cells) =>
    cells.flatMap((cell) => {
      const r = cell.getBoundingClientRect();
      const wrap = cell.closest('.table-wrap');
      const box = wrap ? wrap.getBoundingClientRect() : { left: 0, right: window.innerWidth };
      const inside = r.width > 0 && r.left >= Math.max(0, box.left) - 1 && r.right <= Math.min(window.innerWidth, box.right) + 1;
      return inside ? [] : [`"${(cell.textContent ?? '').trim()}" at ${Math.round(r.left)}–${Math.round(r.right)} px, box ${Math.round(box.left)}–${Math.round(box.right)} px`];
    }),
  );
}

test('6, 8: the budget tables show their totals in view, at 1366 px and on a phone', async () => {
  const planId = demo.budget.planId;
  for (const viewport of [LAPTOP, PHONE]) {
    const page = await asUser('demo.officer', viewport);
    // the execution of a year: the totals of every activity and of the year, planned, spent and rate
    await page.goto(h.url(`/plans/${planId}/budget?year=2025`));
    const table = page.locator('table.budget-execution-table');
    await table.waitFor();
    const totals = table.locator('tfoot td.budget-total');
    assert.equal(await totals.count(), 3);
    assert.match((await totals.allInnerTexts()).join(' '), /^[\d.]+(,\d+)? [\d.]+(,\d+)? [\d,]+%$/, 'planned, spent, rate in Vietnamese format');
    assert.deepEqual(await visibleInBox(page, 'table.budget-execution-table td.budget-total, table.budget-execution-table td.budget-row-total'), [], `${viewport.width} px: year totals in view`);
    // no sideways scrolling inside the table's box either: the table fits
    const fits = await page.locator('table.budget-execution-table').evaluate((t) => t.closest('.table-wrap')!.scrollWidth <= t.closest('.table-wrap')!.clientWidth + 1);
    assert.ok(fits, `${viewport.width} px: the year's table fits its box`);
    // long activity names wrap in their cell
    const name = await table.locator('tbody tr').first().locator('td.budget-activity').boundingBox();
    assert.ok(name && name.width < viewport.width);
    if (viewport === PHONE) {
      // a card per activity: its name, then each figure on a line under its label
      const card = table.locator('tbody tr').first();
      assert.equal(await card.evaluate((tr) => getComputedStyle(tr).display), 'block');
      const total = card.locator('td[data-label="Tổng dự toán"]');
      assert.equal(await total.evaluate((td) => getComputedStyle(td).display), 'flex', 'the figure on the line of its label');
      assert.match(await total.innerText(), /^[\d.]+$/);
    }
    await h.screenshot(page, `layout-budget-year-${viewport.width}`);

    // the whole period: the totals come right after the activity, so they are in view without scrolling
    await page.goto(h.url(`/plans/${planId}/budget?view=all`));
    await page.locator('table.budget-period-table').waitFor();
    assert.deepEqual(await visibleInBox(page, 'table.budget-period-table td.budget-total, table.budget-period-table td.budget-row-total'), [], `${viewport.width} px: period totals in view`);
    await h.screenshot(page, `layout-budget-period-${viewport.width}`);

    // the plan page's budget table (activities × years × sources): the total column beside the activity
    await page.goto(h.url(`/plans/${planId}`));
    await page.locator('table.budget-table').waitFor();
    await page.locator('table.budget-table').scrollIntoViewIfNeeded();
    assert.deepEqual(await visibleInBox(page, 'table.budget-table td.budget-total, table.budget-table td.budget-row-total'), [], `${viewport.width} px: plan budget totals in view`);
    assert.equal(await page.locator('table.budget-table td.budget-total').innerText(), '26.250');
    // the activity names stay in view while the years scroll by
    await page.locator('table.budget-table').evaluate((t) => t.closest('.table-wrap')!.scrollBy(2000, 0));
    assert.deepEqual(await visibleInBox(page, 'table.budget-table tbody th.sticky-col'), [], `${viewport.width} px: activity names stay while the years scroll`);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  }
});

test('6: the import review fits 1366 px — the document and the extracted items side by side, long text wrapped', async () => {
  const page = await asUser('demo.officer');
  await page.goto(h.url(`/imports/${importId}`));
  await page.getByRole('heading', { name: 'Rà soát văn bản nhập' }).waitFor();
  await settle(page);
  const o = await overflow(page);
  assert.ok(o.scrollWidth <= o.innerWidth + 1, `${o.scrollWidth} px: ${o.culprits.join('; ')}`);
  const text = await page.locator('.doc-text').boundingBox();
  const items = await page.locator('.import-items').boundingBox();
  assert.ok(text && items && text.x + text.width <= items.x + 1 && items.x + items.width <= 1366, 'two columns inside the window');
  // the save panel (issuer unit, parent plan) stays inside its column
  const save = await page.getByRole('button', { name: 'Lưu bản nháp' }).boundingBox();
  assert.ok(save && save.x + save.width <= items.x + items.width + 1);
  await h.screenshot(page, 'layout-import-review-1366');
  assert.deepEqual(page.errors, []);
});

test('8: on a phone the lists are cards, each value under its column’s name', async () => {
  const page = await asUser('demo.admin', PHONE);
  await page.goto(h.url('/admin/users'));
  const row = page.locator('table.data-table tbody tr').first();
  await row.waitFor();
  assert.equal(await row.evaluate((tr) => getComputedStyle(tr).display), 'block');
  const cells = await row.locator('td[data-label]').evaluateAll((tds) => tds.map((td) => td.getAttribute('data-label')));
  assert.ok(cells.length >= 2 && cells.every((l) => l && l.length > 0), JSON.stringify(cells));
  await h.screenshot(page, 'layout-users-390');
  assert.deepEqual(page.errors, []);
});
