/**
 * The web app shows only what the user may do. On the demo (every role's demo user), every link a
 * page shows is followed: none may lead to "Bạn không có quyền…" (the page refused, or an API call
 * it makes answered 403), and no download link may answer 401/403. The child-friendly commune page
 * shows the review queue to a province officer and not to the assessor (it did).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, type Harness, type TestPage } from './helpers.ts';
import { loadDemo, type DemoSummary } from '../src/storage/demo/index.ts';

let h: Harness;
let demo: DemoSummary;
const userIds = new Map<string, number>();
before(async () => {
  h = await startHarness();
  demo = await loadDemo(h.server.database.db);
  for (const u of await h.server.database.db.selectFrom('app_user').select(['id', 'username']).where('username', 'like', 'demo.%').execute()) userIds.set(u.username, u.id);
});
after(async () => {
  await h?.close();
});

const REFUSED = /Bạn không có quyền/;

async function settle(page: TestPage): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.locator('main .loading').first().waitFor({ state: 'detached', timeout: 15_000 }).catch(() => undefined);
}

/** internal links shown in the main area: app pages and API downloads */
async function linksOn(page: TestPage): Promise<string[]> {
  const hrefs = await page.locator('main a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
  return [...new Set(hrefs.filter((href) => href.startsWith('/') && !href.startsWith('//')))];
}

/** one representative per shape: /plans/12 and /plans/13 are one page to check */
const shape = (href: string) => href.split('?')[0].replace(/\/\d+(?=\/|$)/g, '/:id');

test('every link each demo role is shown leads somewhere it may go', async () => {
  const province = demo.province.id;
  const starts = ['/', '/plans', '/units', `/units/${province}`, `/units/${province}?at=2024-12-31`, `/cff?unitId=${province}&year=2025`, '/reports', '/reports/inbox', `/overview?unitId=${province}&year=2025`, '/documents', '/children', '/cases/mine', '/cases/supervise', '/admin/users'];
  const findings: string[] = [];
  let followed = 0;
  for (const username of ['demo.assessor', 'demo.viewer', 'demo.leader', 'demo.reporter', 'demo.caseworker', 'demo.supervisor', 'demo.officer']) {
    const page = await h.newPage({ userId: userIds.get(username)! });
    const seen = new Set<string>();
    const queue: string[] = [];
    for (const start of starts) {
      await page.goto(h.url(start));
      await settle(page);
      // a start page the role may not open is fine (it is not in its navigation); its links are not shown then
      if (REFUSED.test((await page.locator('main').textContent()) ?? '')) continue;
      for (const href of await linksOn(page)) {
        const key = shape(href);
        if (seen.has(key)) continue;
        seen.add(key);
        queue.push(href);
      }
    }
    for (const href of queue.slice(0, 30)) {
      followed++;
      if (href.startsWith('/api/')) {
        const r = await page.request.get(h.url(href));
        if (r.status() === 401 || r.status() === 403) findings.push(`${username}: ${href} → ${r.status()}`);
        continue;
      }
      await page.goto(h.url(href));
      await settle(page);
      const text = (await page.locator('main').textContent()) ?? '';
      if (REFUSED.test(text)) findings.push(`${username}: ${href} → ${text.match(/Bạn không có quyền[^.]*\./)?.[0]}`);
    }
    assert.deepEqual(page.errors, [], username);
  }
  assert.ok(followed > 40, `links followed: ${followed}`);
  assert.deepEqual(findings, []);
});

test('the child-friendly commune page offers the review queue to the province officer, not to the assessor', async () => {
  const url = h.url(`/cff?unitId=${demo.province.id}&year=2025`);
  const assessor = await h.newPage({ userId: userIds.get('demo.assessor')! });
  await assessor.goto(url);
  await assessor.getByRole('heading', { level: 1, name: /phù hợp với trẻ em/ }).waitFor();
  await settle(assessor);
  await assessor.getByRole('table').first().waitFor();
  assert.equal(await assessor.getByRole('link', { name: /Hồ sơ chờ thẩm định/ }).count(), 0);
  assert.equal(await assessor.getByText('Hồ sơ chờ thẩm định').count(), 0, 'not even as text');
  await h.screenshot(assessor, 'cff-assessor');

  const officer = await h.newPage({ userId: userIds.get('demo.officer')! });
  await officer.goto(url);
  await officer.getByRole('link', { name: /Hồ sơ chờ thẩm định/ }).click();
  await officer.getByRole('heading', { level: 1, name: /chờ thẩm định/i }).waitFor();
  await settle(officer);
  assert.doesNotMatch((await officer.locator('main').textContent()) ?? '', REFUSED);
  // the viewer (dashboard.read, no cff.assess) sees the communes but no "Mở" link to a file it may not open
  const viewer = await h.newPage({ userId: userIds.get('demo.viewer')! });
  await viewer.goto(url);
  await settle(viewer);
  await viewer.getByRole('table').first().waitFor();
  assert.equal(await viewer.getByRole('link', { name: 'Mở' }).count(), 0);
  assert.deepEqual([...assessor.errors, ...officer.errors, ...viewer.errors], []);
});

test('a case worker sees its commune without a plans section it may not read; units outside a grant are not links', async () => {
  const page = await h.newPage({ userId: userIds.get('demo.caseworker')! });
  await page.goto(h.url(`/units/${demo.register.communeId}`));
  await page.getByRole('heading', { level: 1 }).filter({ hasText: demo.register.communeName.replace(/^(xã|phường|thị trấn) /, '') }).waitFor();
  await settle(page);
  assert.equal(await page.getByRole('heading', { name: 'Kế hoạch do đơn vị ban hành' }).count(), 0);
  assert.doesNotMatch((await page.locator('main').textContent()) ?? '', REFUSED);
  // the breadcrumb names the province, but the case worker of a commune may not open it
  const breadcrumb = page.locator('.breadcrumb');
  assert.match((await breadcrumb.textContent()) ?? '', /Thanh Hóa/);
  assert.equal(await breadcrumb.getByRole('link', { name: /Thanh Hóa/ }).count(), 0);

  const officer = await h.newPage({ userId: userIds.get('demo.officer')! });
  await officer.goto(h.url(`/units/${demo.province.id}`));
  await officer.getByRole('heading', { name: 'Kế hoạch do đơn vị ban hành' }).waitFor();
  // in the national tree the officer's province is a link, another province is text
  await officer.goto(h.url('/units'));
  const tree = officer.getByRole('tree', { name: 'Cây đơn vị hành chính' });
  await tree.getByRole('link', { name: /Thanh Hóa/ }).waitFor();
  assert.equal(await tree.getByRole('link', { name: /Nghệ An/ }).count(), 0);
  assert.equal(await tree.getByText(/Nghệ An/).count(), 1);
  // and typing the address of another province's page shows the refusal without asking the API
  await officer.goto(h.url(`/units/${(await h.server.database.db.selectFrom('admin_unit').select('id').where('code', '=', '40').where('level', '=', 'province').executeTakeFirstOrThrow()).id}`));
  await officer.getByText('Bạn không có quyền xem trang này.').waitFor();
});
