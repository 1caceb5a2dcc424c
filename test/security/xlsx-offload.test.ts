/**
 * A large but allowed workbook no longer holds the server: exceljs reads it in a worker thread
 * (src/input/xlsx.ts) while other requests keep answering; a workbook past the row limit is a
 * bilingual 413 and nothing is stored. Read on the main thread (before), exceljs stopped the event loop
 * for up to ≈ 2 s on a 60.000-row unit list.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { createTestContext, type TestContext, type TestResponse } from '../helpers/context.ts';
import { createPeople, createUnits, type People, type Units } from '../register/fixtures.ts';
import { childrenWorkbook } from '../helpers/workbooks.ts';

let ctx: TestContext;
let u: Units;
let p: People;

before(async () => {
  ctx = await createTestContext({
    // the control: the same workbook read the way the server did before (exceljs on the event loop)
    routes: (app) => {
      app.post('/t/xlsx-on-the-event-loop', { config: { access: 'public' }, bodyLimit: 30 * 1024 * 1024 }, async (request) => {
        const wb = new ExcelJS.Workbook();
        await wb.xlsx.load(Buffer.from((request.body as { contentBase64: string }).contentBase64, 'base64') as never);
        return { rows: wb.worksheets[0]?.actualRowCount ?? 0 };
      });
    },
  });
  u = await createUnits(ctx);
  p = await createPeople(ctx, u);
});
after(async () => {
  await ctx.close();
});

const b64 = async (n: number, options?: { sex?: boolean }) => (await childrenWorkbook(n, options)).toString('base64');

/** Runs `work` while an anonymous client polls GET /api/health and a signed-in one GET /api/session. */
async function whileOthersAsk(work: () => Promise<TestResponse>): Promise<{ response: TestResponse; tookMs: number; worstMs: number; answered: number }> {
  let stop = false;
  let worstMs = 0;
  let answered = 0;
  const poll = async (ask: () => Promise<TestResponse>) => {
    // each answer is timed from when its request was due, so a stopped event loop (which also delays the
    // timer that sends the next request) counts in full
    let due = performance.now();
    while (!stop) {
      const r = await ask();
      worstMs = Math.max(worstMs, performance.now() - due);
      assert.equal(r.statusCode, 200, r.body);
      answered++;
      due = performance.now() + 25;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };
  const pollers = [poll(() => ctx.request({ url: '/api/health', anonymous: true })), poll(() => p.viewer.request({ url: '/api/session' }))];
  const started = performance.now();
  const response = await work();
  const tookMs = performance.now() - started;
  stop = true;
  await Promise.all(pollers);
  return { response, tookMs, worstMs, answered };
}

const childCount = async () => Number((await ctx.database.db.selectFrom('child').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);

test('while a 60.000-row workbook is read (a unit list, under the import cap of 100.000), /api/health and /api/session keep answering: far sooner than when exceljs ran on the event loop', async () => {
  const workbook = await childrenWorkbook(60_000);
  const real = await whileOthersAsk(() => ctx.request({ method: 'POST', url: '/api/units/import?validFrom=2025-07-01&format=xlsx', payload: workbook, headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } }));
  const control = await whileOthersAsk(() => ctx.request({ method: 'POST', url: '/api/t/xlsx-on-the-event-loop', payload: { contentBase64: workbook.toString('base64') }, anonymous: true }));
  console.log(`xlsx.offload-http: units import answered ${real.response.statusCode} after ${real.tookMs.toFixed(0)} ms, bystanders' worst ${real.worstMs.toFixed(0)} ms over ${real.answered} requests; read on the event loop: ${control.tookMs.toFixed(0)} ms, worst ${control.worstMs.toFixed(0)} ms over ${control.answered}`);
  // the whole sheet was read: no header of a unit list in it
  assert.equal(real.response.statusCode, 400, real.response.body.slice(0, 300));
  assert.match(real.response.body, /Không tìm thấy dòng tiêu đề/);
  assert.equal(control.response.json.rows, 60_001);
  assert.ok(real.answered >= 4, `the bystanders were answered ${real.answered} times`);
  // answers per second while the work runs: with exceljs on the event loop the bystanders wait out most of the
  // parse; offloaded they keep being answered (one scheduling hiccup of a shared 2-core machine can make a single
  // wait long either way, so the rate is compared, not the worst wait)
  const rate = (x: { answered: number; tookMs: number }) => (x.answered * 1000) / x.tookMs;
  assert.ok(rate(real) > 2 * rate(control), `bystanders answered ${rate(real).toFixed(1)}/s while the worker read (with exceljs on the event loop: ${rate(control).toFixed(1)}/s)`);
  assert.ok(real.worstMs < Math.max(2000, control.tookMs), `a bystander waited ${real.worstMs.toFixed(0)} ms`);
});

test('while a 19.000-row children workbook is read, the bystanders keep answering; the refusal names the missing column', async () => {
  const workbook = await b64(19_000, { sex: false });
  const r = await whileOthersAsk(() => p.workerA.request({ method: 'POST', url: '/api/children/import', payload: { unitId: u.communeA, filename: 'danh-sach.xlsx', contentBase64: workbook } }));
  console.log(`xlsx.offload-http: children import answered ${r.response.statusCode} after ${r.tookMs.toFixed(0)} ms; bystanders' worst ${r.worstMs.toFixed(0)} ms over ${r.answered} requests`);
  assert.equal(r.response.statusCode, 400, r.response.body.slice(0, 300));
  assert.match(JSON.stringify(r.response.json), /Thiếu cột bắt buộc \\"gioi tinh\\"/);
  assert.ok(r.worstMs < 1000, `a bystander waited ${r.worstMs.toFixed(0)} ms`);
  assert.equal(await childCount(), 0);
});

test('a children workbook of 20.001 rows (over the 20.000 lines of the import) is a 413 xlsx_too_many_rows, nothing stored', async () => {
  const r = await p.workerA.request({ method: 'POST', url: '/api/children/import', payload: { unitId: u.communeA, filename: 'danh-sach.xlsx', contentBase64: await b64(20_000) } });
  assert.equal(r.statusCode, 413, r.body.slice(0, 300));
  assert.equal(r.json.error.code, 'xlsx_too_many_rows');
  assert.match(r.json.error.message, /quá nhiều dòng \(tối đa 20\.000 dòng/);
  assert.match(r.json.error.messageEn, /at most 20000 rows/);
  assert.deepEqual(r.json.error.path, ['contentBase64']);
  assert.equal(await childCount(), 0);
});

test('a small workbook still imports through the worker (the register keeps its diacritics and row numbers)', async () => {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Danh sách');
  ws.addRow(['Họ và tên', 'Ngày sinh', 'Giới tính', 'Dân tộc']);
  ws.addRow(['Lò Thị Mỷ', '09/03/2015', 'Nữ', 'Thái']);
  ws.addRow([]);
  ws.addRow(['Quàng Văn Ấn', '31/02/2016', 'Nam', 'Thái']);
  const contentBase64 = Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
  const bad = await p.workerA.request({ method: 'POST', url: '/api/children/import', payload: { unitId: u.communeA, filename: 'danh-sach.xlsx', contentBase64 } });
  assert.equal(bad.statusCode, 400, bad.body);
  // the impossible date is on line 4 of the sheet (line 3 is blank)
  assert.match(JSON.stringify(bad.json), /"row":4/);
  ws.getCell('B4').value = '28/02/2016';
  const good = await p.workerA.request({ method: 'POST', url: '/api/children/import', payload: { unitId: u.communeA, filename: 'danh-sach.xlsx', contentBase64: Buffer.from(await wb.xlsx.writeBuffer()).toString('base64') } });
  assert.ok(good.statusCode < 300, good.body);
  assert.equal(await childCount(), 2);
});
