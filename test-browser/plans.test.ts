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

async function apiJson(path: string, init: { method?: string; body?: unknown } = {}): Promise<{ status: number; json: any }> {
  const page = await h.newPage();
  const res = await page.request.fetch(h.url(path), {
    method: init.method ?? 'GET',
    data: init.body,
    headers: { 'x-csrf-token': (await page.context().cookies()).find((c) => c.name === 'vitreem_csrf')?.value ?? '' },
  });
  const json = await res.json().catch(() => null);
  await page.context().close();
  return { status: res.status(), json };
}

test('the plan list shows the national programme; its page shows 24 indicators and formatted targets', async () => {
  const page = await h.newPage();
  await page.goto(h.url('/'));
  await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Kế hoạch' }).click();
  await page.getByRole('heading', { level: 1, name: 'Kế hoạch' }).waitFor();
  const row = page.locator('tr', { hasText: '23/QĐ-TTg' });
  await row.waitFor();
  await h.screenshot(page, 'plans-list');

  // search filter (kept in the address)
  await page.getByLabel('Tìm kiếm').fill('không-có-kế-hoạch-nào-như-thế');
  await page.getByRole('button', { name: 'Tìm', exact: true }).click();
  await page.getByText('Không có kế hoạch nào phù hợp.').waitFor();
  assert.match(page.url(), /q=/);
  await page.getByRole('button', { name: 'Xóa bộ lọc' }).click();
  await row.waitFor();

  await row.getByRole('link').first().click();
  await page.waitForURL(/\/plans\/\d+$/);
  await page.locator('.plan-title').waitFor();
  assert.match((await page.locator('.plan-title').textContent()) ?? '', /Chương trình hành động quốc gia vì trẻ em/);
  assert.match((await page.locator('.indicator-count').textContent()) ?? '', /24 chỉ tiêu/);
  const row3 = page.locator('tr', { hasText: 'Tỷ suất tử vong trẻ sơ sinh' }).first();
  assert.match((await row3.textContent()) ?? '', /< 9,5‰/);
  const injuries = page.locator('tr', { hasText: /tai nạn thương tích/ }).first();
  assert.match((await injuries.textContent()) ?? '', /550\/100\.000/);
  await h.screenshot(page, 'plan-national');

  await page.getByRole('button', { name: 'EN' }).click();
  await page.locator('.indicator-count', { hasText: '24 indicators' }).waitFor();
  assert.deepEqual(page.errors, []);
});

test('a draft plan: budget totals with a mismatch, plan check, header edit and a 409 conflict', async () => {
  const list = await apiJson('/api/plans?q=23/QĐ-TTg');
  const national = list.json.items.find((p: { number: string }) => p.number === '23/QĐ-TTg');
  assert.ok(national, 'the national programme is seeded');
  const created = await apiJson('/api/plans', {
    method: 'POST',
    body: {
      number: '999/KH-THU',
      title: 'Kế hoạch thử nghiệm giao diện',
      level: 'province',
      issuerName: 'UBND tỉnh Thử',
      issueDate: '2021-05-18',
      periodFrom: 2021,
      periodTo: 2030,
      parentPlanId: national.id,
      objectives: [{ key: '1', title: 'Về sức khỏe' }],
      indicators: [{ number: '3', objective: '1', catalogue: '3', text: 'Giảm tỷ suất tử vong', targets: [{ measure: '3a', year: 2025, comparator: '<', value: 10 }] }],
      reviews: [{ kind: 'midterm', year: 2025 }],
      budget: {
        statedTotal: 1000,
        lines: [
          { activityNo: '1', activity: 'Truyền thông', year: 2021, source: 'local', amount: 100 },
          { activityNo: '1', activity: 'Truyền thông', year: 2022, source: 'local', amount: 150 },
          { activityNo: '2', activity: 'Tập huấn', year: 2021, source: 'mobilised', amount: 18670 },
        ],
      },
    },
  });
  assert.equal(created.status, 201, JSON.stringify(created.json));
  const id = created.json.id;

  const page = await h.newPage();
  await page.goto(h.url(`/plans/${id}`));
  await page.locator('.plan-title', { hasText: 'Kế hoạch thử nghiệm giao diện' }).waitFor();
  // budget: row totals, column totals, grand total against the stated one
  const budget = page.locator('.budget-table');
  assert.equal(await budget.locator('tbody tr', { hasText: 'Truyền thông' }).locator('.budget-row-total').textContent(), '250');
  assert.equal(await budget.locator('.budget-total').textContent(), '18.920');
  assert.ok(await budget.locator('.budget-total').evaluate((el) => el.classList.contains('mismatch')));
  assert.match((await page.locator('.budget-mismatch').textContent()) ?? '', /1\.000.*18\.920.*17\.920/);
  // the check against the national programme: 3a 2025 < 10‰ is laxer than < 9,5‰
  const check = page.locator('.plan-check');
  await check.locator('tr', { hasText: 'Thấp hơn cấp trên' }).first().waitFor();
  assert.match((await check.locator('tr', { hasText: 'Thấp hơn cấp trên' }).first().textContent()) ?? '', /< 9,5‰.*< 10‰/);
  // the chart library is fetched only when asked for
  const chartRequests: string[] = [];
  page.on('request', (r) => /echarts/.test(r.url()) && chartRequests.push(r.url()));
  assert.equal(chartRequests.length, 0);
  await page.getByRole('button', { name: 'Xem biểu đồ kinh phí theo năm' }).click();
  await page.locator('.chart canvas').waitFor();
  assert.equal(chartRequests.length, 1, 'ECharts loaded on demand, once');
  await h.screenshot(page, 'plan-draft');

  // edit the header and a target
  await page.getByRole('link', { name: 'Sửa bản nháp' }).click();
  await page.getByRole('heading', { name: 'Sửa bản nháp kế hoạch' }).waitFor();
  await page.getByLabel('Tên kế hoạch').fill('Kế hoạch thử nghiệm (đã sửa)');
  const target = page.getByRole('group', { name: /Chỉ tiêu 3 3a 2025/ });
  await target.getByLabel('Giá trị', { exact: true }).fill('9,5');
  assert.match((await target.locator('.target-preview').textContent()) ?? '', /< 9,5‰/);

  // meanwhile someone else saves: ours must be refused with a clear conflict
  const current = await apiJson(`/api/plans/${id}`);
  const { id: _i, version, ...rest } = current.json;
  void _i;
  const other = await apiJson(`/api/plans/${id}`, { method: 'PUT', body: { ...toInput(rest), version, signer: 'Người khác' } });
  assert.equal(other.status, 200, JSON.stringify(other.json));
  await page.getByRole('button', { name: 'Lưu thay đổi' }).click();
  await page.locator('.conflict').waitFor();
  assert.match((await page.locator('.conflict').textContent()) ?? '', /Xung đột phiên bản/);
  await page.getByRole('button', { name: /Tải bản mới nhất/ }).click();
  await page.locator('.conflict').waitFor({ state: 'detached' });
  await page.getByLabel('Tên kế hoạch').fill('Kế hoạch thử nghiệm (đã sửa)');
  await page.getByRole('button', { name: 'Lưu thay đổi' }).click();
  await page.waitForURL(new RegExp(`/plans/${id}$`));
  await page.locator('.plan-title', { hasText: 'Kế hoạch thử nghiệm (đã sửa)' }).waitFor();
  assert.match((await page.locator('.budget-table').textContent()) ?? '', /18\.920/, 'the budget survived the edit');

  // issue it: no more editing
  page.once('dialog', (d) => void d.accept());
  await page.getByRole('button', { name: 'Ban hành' }).click();
  await page.locator('.plan-header .badge', { hasText: 'Đã ban hành' }).waitFor();
  assert.equal(await page.getByRole('link', { name: 'Sửa bản nháp' }).count(), 0);
  await page.goto(h.url(`/plans/${id}/edit`));
  await page.getByText('Chỉ sửa được kế hoạch ở trạng thái bản nháp.').waitFor();
  assert.deepEqual(page.errors, []);
});

test('a plan title with markup is shown as text, never run', async () => {
  const hostile = '<img src=x onerror=alert(1)>';
  const created = await apiJson('/api/plans', { method: 'POST', body: { title: hostile, number: '<b>1</b>/KH', issuerName: '<script>alert(2)</script>' } });
  assert.equal(created.status, 201, JSON.stringify(created.json));
  const page = await h.newPage();
  let alerted = false;
  page.on('dialog', async (d) => {
    alerted = true;
    await d.dismiss();
  });
  await page.goto(h.url(`/plans/${created.json.id}`));
  await page.locator('.plan-title').waitFor();
  assert.equal(await page.locator('.plan-title').textContent(), hostile);
  assert.equal(await page.locator('main img').count(), 0);
  assert.equal(await page.locator('main b').count(), 0);
  await page.goto(h.url(`/plans?q=${encodeURIComponent('onerror')}`));
  await page.getByRole('link', { name: hostile }).waitFor();
  assert.equal(await page.locator('main img').count(), 0);
  assert.equal(alerted, false);
  assert.match(await page.title(), /vitreem/);
});

/** PlanDocument → input (what PUT takes) */
function toInput(doc: any): any {
  const omit = (o: any, keys: string[]) => Object.fromEntries(Object.entries(o).filter(([k]) => !keys.includes(k)));
  return {
    ...omit(doc, ['status', 'createdAt', 'updatedAt', 'issuerUnit', 'parentPlan', 'childPlans', 'issueYear']),
    objectives: doc.objectives.map((o: any) => ({ key: o.key, title: o.title })),
    indicators: doc.indicators.map((i: any) => ({
      number: i.number, objective: i.objective, text: i.text, catalogue: i.catalogue, definition: i.definition,
      targets: i.targets.map((t: any) => omit(t, ['id', 'measureId'])),
      baselines: i.baselines.map((b: any) => omit(b, ['id', 'measureId'])),
    })),
    agencies: doc.agencies.map((a: any) => ({ name: a.name, sector: a.sector, shortName: a.shortName })),
    tasks: doc.tasks.map((t: any) => omit(t, ['id'])),
    assignments: doc.assignments.map((a: any) => omit(a, ['agencyId'])),
    reporting: doc.reporting.map((r: any) => omit(r, ['id', 'reporterAgencyId'])),
    budget: doc.budget ? { currencyUnit: doc.budget.currencyUnit, statedTotal: doc.budget.statedTotal, lines: doc.budget.lines.map((l: any) => omit(l, ['id'])) } : null,
  };
}
